import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { findFreePort } from "../../../src/extension/free-port.js";

describe("findFreePort", () => {
  it("returns a port that can be listened on at once", async () => {
    const port = await findFreePort("127.0.0.1");
    assert.ok(port > 0 && port < 65536, String(port));
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it("rejects for an address this machine does not have", async () => {
    await assert.rejects(findFreePort("192.0.2.1"), { code: "EADDRNOTAVAIL" });
  });
});
