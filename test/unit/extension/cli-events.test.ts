import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LineSplitter, parseCliEvent } from "../../../src/extension/cli-events.js";

const readyLine = '{"event":"ready","endpoint":"http://127.0.0.1:4566","host":"127.0.0.1","port":4566,"pid":123,"mode":"none","dataDir":"/abs/dir","accountId":"000000000000","region":"us-east-1","accessKeyId":"test","secretAccessKey":"test","version":"0.1.0","adminToken":"admin-token-0123456789"}';

describe("parseCliEvent", () => {
  it("reads the ready line", () => {
    assert.deepEqual(parseCliEvent(readyLine), {
      event: "ready", endpoint: "http://127.0.0.1:4566", host: "127.0.0.1", port: 4566, pid: 123, mode: "none",
      dataDir: "/abs/dir", accountId: "000000000000", region: "us-east-1", accessKeyId: "test",
      secretAccessKey: "test", version: "0.1.0", adminToken: "admin-token-0123456789",
    });
  });

  it("keeps a null dataDir (memory only)", () => {
    assert.equal(parseCliEvent(readyLine.replace('"/abs/dir"', "null"))?.event, "ready");
    const ready = parseCliEvent(readyLine.replace('"/abs/dir"', "null"));
    assert.equal(ready?.event === "ready" && ready.dataDir, null);
  });

  it("reads the port-in-use error with its port", () => {
    assert.deepEqual(parseCliEvent('{"event":"error","code":"EADDRINUSE","port":4566,"message":"Port 4566 is in use by another process."}'), {
      event: "error", code: "EADDRINUSE", port: 4566, message: "Port 4566 is in use by another process.",
    });
  });

  it("reads another fatal error without a port", () => {
    assert.deepEqual(parseCliEvent('{"event":"error","code":"BAD_SEED","message":"bad seed"}'), { event: "error", code: "BAD_SEED", message: "bad seed" });
  });

  it("ignores log text, broken JSON, unknown events and ready lines missing fields", () => {
    assert.equal(parseCliEvent("INFO listening on 4566"), undefined);
    assert.equal(parseCliEvent('{"event":"ready",'), undefined);
    assert.equal(parseCliEvent('{"event":"progress","message":"x"}'), undefined);
    assert.equal(parseCliEvent(readyLine.replace('"port":4566', '"port":"4566"')), undefined);
    assert.equal(parseCliEvent(readyLine.replace('"mode":"none"', '"mode":"admin"')), undefined);
    assert.equal(parseCliEvent('{"event":"error","code":"X"}'), undefined);
    assert.equal(parseCliEvent("null"), undefined);
  });
});

describe("LineSplitter", () => {
  it("joins a line split across chunks and holds a partial tail until flush", () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    s.push('{"a":');
    s.push("1}\r\nsecond\nthi");
    assert.deepEqual(lines, ['{"a":1}', "second"]);
    s.push("rd");
    s.flush();
    assert.deepEqual(lines, ['{"a":1}', "second", "third"]);
  });
});
