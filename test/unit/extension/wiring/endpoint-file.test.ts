import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { endpointRecordOf, isProcessAlive, parseEndpointRecord } from "../../../../src/extension/wiring/endpoint-file.js";

const running = {
  pid: 4242, endpoint: "http://127.0.0.1:4566", host: "127.0.0.1", port: 4566, mode: "none" as const, dataDir: "/tmp/state",
  accountId: "000000000000", region: "us-east-1", accessKeyId: "test", secretAccessKey: "test", version: "0.1.0", adminToken: "admin-token-0123456789",
};

describe("endpoint file", () => {
  it("round-trips what a second window needs to attach", () => {
    const record = endpointRecordOf(running);
    assert.deepEqual(parseEndpointRecord(JSON.stringify(record)), {
      pid: 4242, endpoint: "http://127.0.0.1:4566", accessKeyId: "test", secretAccessKey: "test", region: "us-east-1",
      accountId: "000000000000", mode: "none", dataDir: "/tmp/state", version: "0.1.0", adminToken: "admin-token-0123456789",
    });
  });

  it("rejects torn or foreign files", () => {
    assert.equal(parseEndpointRecord('{"pid": 1, "endpoint": "http://127.0.0.1:4566"'), undefined);
    assert.equal(parseEndpointRecord(JSON.stringify({ ...endpointRecordOf(running), endpoint: "file:///etc/passwd" })), undefined);
    assert.equal(parseEndpointRecord(JSON.stringify({ ...endpointRecordOf(running), pid: "4242" })), undefined);
    // Written by an extension from before admin tokens: it could not act on the emulator it names.
    const { adminToken: _token, ...withoutToken } = endpointRecordOf(running);
    assert.equal(parseEndpointRecord(JSON.stringify(withoutToken)), undefined);
  });

  it("tells a live process from a gone one", () => {
    assert.equal(isProcessAlive(process.pid), true);
    assert.equal(isProcessAlive(2 ** 22 + 12345), false);
  });
});
