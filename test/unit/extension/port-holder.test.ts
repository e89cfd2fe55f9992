// Who holds a port: read from /proc on Linux, so "Use another port" can say which process it is.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { listeningInodes, portHolder } from "../../../src/extension/port-holder.js";

const server = createServer();
after(() => new Promise<void>((r) => server.close(() => r())));

describe("port holder", () => {
  it("finds the LISTEN sockets of a port in /proc/net/tcp", () => {
    const text = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:11D6 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 424242 1 0000000000000000 100 0 0 10 0",
      "   1: 0100007F:11D6 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 515151 1 0000000000000000 20 4 30 10 -1",
      "   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 616161 1 0000000000000000 100 0 0 10 0",
    ].join("\n");
    assert.deepEqual(listeningInodes(text, 4566), ["424242"]);
    assert.deepEqual(listeningInodes(text, 1), []);
  });

  it("names this very process as the holder of a port it listens on", { skip: process.platform !== "linux" ? "reads /proc" : false }, async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    const holder = await portHolder(port);
    assert.equal(holder?.pid, process.pid);
    assert.match(holder!.command, /node/);
  });
});
