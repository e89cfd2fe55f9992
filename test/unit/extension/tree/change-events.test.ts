import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ChangeEvents, EventStreamParser, retryDelay } from "../../../../src/extension/tree/change-events.js";

describe("EventStreamParser", () => {
  it("assembles events split across chunks and skips comments", () => {
    const seen: Array<[string, string]> = [];
    const parser = new EventStreamParser((event, data) => seen.push([event, data]));
    parser.push(": connected\n\nevent: cha");
    parser.push('nge\ndata: {"tables":["000000000000/iam/users"]}\n');
    assert.deepEqual(seen, []);
    parser.push("\r\ndata: plain\n\n");
    assert.deepEqual(seen, [["change", '{"tables":["000000000000/iam/users"]}'], ["message", "plain"]]);
  });
});

describe("retryDelay", () => {
  it("doubles from 250 ms and stops at 5 s", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map((n) => retryDelay(n)), [250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});

describe("ChangeEvents", () => {
  it("reports changes, and reconnects after the server drops the stream", async () => {
    const streams: ServerResponse[] = [];
    let connections = 0;
    const server = createServer((req, res) => {
      assert.equal(req.url, "/_emulator/events");
      connections++;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": connected\n\n");
      streams.push(res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const changes: string[][] = [];
    let onChangeSeen = () => {};
    let connected = 0;
    let onConnected = () => {};
    const events = new ChangeEvents({
      endpoint, firstRetryMs: 10, maxRetryMs: 20,
      onChange: (tables) => { changes.push([...tables]); onChangeSeen(); },
      onConnected: () => { connected++; onConnected(); },
    });
    try {
      const waitConnected = (n: number) => new Promise<void>((resolve) => {
        if (connected >= n) return resolve();
        onConnected = () => { if (connected >= n) resolve(); };
      });
      await waitConnected(1);
      await new Promise((r) => setImmediate(r));
      // Wait for the event itself, not for a guessed delay.
      const seen = new Promise<void>((resolve) => { onChangeSeen = resolve; });
      streams[0]!.write('event: change\ndata: {"tables":["000000000000/iam/roles"]}\n\n');
      await seen;
      assert.deepEqual(changes, [["000000000000/iam/roles"]]);
      streams[0]!.end(); // the emulator restarted
      await waitConnected(2);
      assert.equal(connections, 2);
    } finally {
      events.dispose();
      for (const s of streams) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it("reports the disk's health events, and ignores ones it cannot read", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('event: health\ndata: {"state":"ok"}\n\nevent: health\ndata: not json\n\n');
      res.write('event: health\ndata: {"state":"degraded","code":"ENOSPC","reason":"full"}\n\n');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const healths: unknown[] = [];
    let done!: () => void;
    const seen = new Promise<void>((resolve) => { done = resolve; });
    const events = new ChangeEvents({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      onChange: () => assert.fail("no change was sent"),
      onHealth: (h) => { healths.push(h); if (healths.length === 2) done(); },
    });
    try {
      await seen;
      assert.deepEqual(healths, [{ state: "ok" }, { state: "degraded", code: "ENOSPC", reason: "full" }]);
    } finally {
      events.dispose();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
