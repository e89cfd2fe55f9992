import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { actionsOf, statusBarViewOf } from "../../../src/extension/status-bar-view.js";
import type { EmulatorState } from "../../../src/extension/emulator-state.js";

const running: EmulatorState = {
  kind: "running", pid: 42, endpoint: "http://127.0.0.1:4566", host: "127.0.0.1", port: 4566, mode: "enforce",
  dataDir: null, accountId: "000000000000", region: "us-east-1", accessKeyId: "test", secretAccessKey: "test", version: "0.1.0", adminToken: "admin-token-0123456789",
};

describe("status bar view", () => {
  it("names each state in the text", () => {
    assert.equal(statusBarViewOf({ kind: "stopped" }).text, "$(shield) AWS IAM: stopped");
    assert.equal(statusBarViewOf({ kind: "starting", pid: 1 }).text, "$(loading~spin) AWS IAM: starting…");
    assert.equal(statusBarViewOf(running).text, "$(shield) AWS IAM: running on :4566");
    assert.equal(statusBarViewOf({ kind: "stopping", pid: 1 }).text, "$(loading~spin) AWS IAM: stopping…");
    assert.equal(statusBarViewOf({ kind: "failed", reason: "Port 4566 is in use by another process." }).text, "$(error) AWS IAM: failed");
  });

  it("puts the endpoint, mode and persistence in the running tooltip", () => {
    assert.equal(statusBarViewOf(running).tooltip, [
      "AWS Identity Emulator 0.1.0 on http://127.0.0.1:4566",
      "Mode: enforce · Account: 000000000000 · Region: us-east-1",
      "Credentials: test / test",
      "State: in memory (not persisted)",
    ].join("\n"));
  });

  it("warns when an upstream is down, naming it and its services; lists upstreams in the running tooltip", () => {
    const up = { url: "http://127.0.0.1:5000", services: ["*"], state: "up" as const, since: "2026-01-01T00:00:00.000Z" };
    const minio = { url: "http://127.0.0.1:9000", services: ["s3"], state: "down" as const, since: "2026-01-01T00:01:00.000Z", error: "connection refused (127.0.0.1:9000)" };
    const warned = statusBarViewOf(running, undefined, { state: "ok" }, [up, minio]);
    assert.deepEqual([warned.text, warned.warning, warned.error], ["$(warning) AWS IAM: upstream down", true, false]);
    assert.match(warned.tooltip, /^Upstream http:\/\/127\.0\.0\.1:9000 \(s3\) is down since 2026-01-01T00:01:00\.000Z: connection refused \(127\.0\.0\.1:9000\)\.\n/);
    assert.equal(statusBarViewOf({ kind: "stopped" }, undefined, undefined, [minio]).text, "$(shield) AWS IAM: stopped");
    assert.match(statusBarViewOf(running, undefined, { state: "ok" }, [up]).tooltip, /\nUpstream: http:\/\/127\.0\.0\.1:5000 \(every other service\): up$/);
  });

  it("paints only a failure as an error, with its reason in the tooltip", () => {
    const failed = statusBarViewOf({ kind: "failed", reason: "Port 4566 is in use by another process.", fix: "choosePort" });
    assert.equal(failed.error, true);
    assert.equal(failed.tooltip, "Port 4566 is in use by another process. Click for what to do.");
    assert.equal(statusBarViewOf(running).error, false);
  });
});

describe("status bar view of a disk that refuses writes", () => {
  const full = { state: "degraded", code: "ENOSPC", reason: "the disk refused the write to /d/journal-0000000001.log (no space left on device)" } as const;

  it("warns while running on a full or read-only disk, with the reason and what happens next", () => {
    const view = statusBarViewOf(running, undefined, full);
    assert.deepEqual(view, {
      text: "$(warning) AWS IAM: disk full, writes refused",
      tooltip: "AWS Identity Emulator cannot save changes: the disk refused the write to /d/journal-0000000001.log (no space left on " +
        "device).\nReads still work; writes answer ServiceUnavailable and resume by themselves once the disk accepts them (free " +
        "some space, or make the data folder writable).",
      error: false,
      warning: true,
    });
    assert.equal(statusBarViewOf(running, undefined, { ...full, code: "EROFS" }).text, "$(warning) AWS IAM: disk read-only, writes refused");
    assert.equal(statusBarViewOf(running, undefined, { state: "ok" }).text, "$(shield) AWS IAM: running on :4566");
    assert.equal(statusBarViewOf({ kind: "stopped" }, undefined, full).text, "$(shield) AWS IAM: stopped", "only a running emulator's disk");
  });
});

describe("status bar view of a second window", () => {
  it("shows the other window's emulator instead of stopped or failed", () => {
    const other = { endpoint: "http://127.0.0.1:4599", pid: 77 };
    const view = statusBarViewOf({ kind: "failed", reason: "locked", fix: "openLog" }, other);
    assert.equal(view.text, "$(shield) AWS IAM: attached :4599");
    assert.match(view.tooltip, /another window runs on http:\/\/127\.0\.0\.1:4599 \(pid 77\)/);
    assert.equal(view.error, false);
    assert.equal(statusBarViewOf({ kind: "stopped" }, other).text, "$(shield) AWS IAM: attached :4599");
  });

  it("its own running emulator wins over an attachment", () => {
    assert.equal(statusBarViewOf(running, { endpoint: "http://127.0.0.1:4599", pid: 77 }).text, "$(shield) AWS IAM: running on :4566");
  });
});

describe("actions offered on click", () => {
  it("offers only what the state allows", () => {
    assert.deepEqual(actionsOf({ kind: "stopped" }), ["start", "showLog"]);
    assert.deepEqual(actionsOf({ kind: "starting", pid: 1 }), ["stop", "showLog"]);
    assert.deepEqual(actionsOf(running), ["copyEndpoint", "restart", "stop", "showLog"]);
    assert.deepEqual(actionsOf({ kind: "stopping", pid: 1 }), ["showLog"]);
  });

  it("leads with the failure's fix: another port, the settings, repair, restart, else the log", () => {
    assert.deepEqual(actionsOf({ kind: "failed", reason: "r", fix: "choosePort" }), ["useAnotherPort", "start", "showLog"]);
    assert.deepEqual(actionsOf({ kind: "failed", reason: "r", fix: "settings" }), ["openSettings", "start", "showLog"]);
    assert.deepEqual(actionsOf({ kind: "failed", reason: "r", fix: "repair" }), ["repair", "showLog"]);
    assert.deepEqual(actionsOf({ kind: "failed", reason: "r", fix: "restart" }), ["restart", "showLog"]);
    assert.deepEqual(actionsOf({ kind: "failed", reason: "r", fix: "openLog" }), ["showLog", "start"]);
  });
});
