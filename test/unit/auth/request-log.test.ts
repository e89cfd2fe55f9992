// The request recorder: filed per identity (sessions under their role), bounded per identity and in
// identities, one journal write per event-loop turn, and rebuilt from the store's tables after a restart.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { identityOf, RequestLog, type NewRequestRecord } from "../../../src/auth/request-log.js";
import { silentLogger } from "../../../src/log.js";
import { Store, type Change, type Persistence } from "../../../src/store/store.js";

function recordingDisk(): Persistence & { writes: Change[][] } {
  const writes: Change[][] = [];
  return {
    writes, description: "test", close: () => Promise.resolve(),
    append: (c, apply) => { writes.push([...c]); apply(); return Promise.resolve(); },
    appendReset: (apply) => { apply(); return Promise.resolve(); },
  };
}

let minute = 0;
function request(principal: string, action: string, resources: string[] = [], decision: NewRequestRecord["decision"] = "allowed"): NewRequestRecord {
  minute++;
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), source: "emulator", principal, principalType: principal.includes("assumed-role") ? "assumed-role" : "user",
    accountId: "123456789012", service: action.split(":")[0]!, operation: action.split(":")[1]!, action, resources, region: "us-east-1", context: { "aws:SourceIp": "127.0.0.1" }, decision,
  };
}

const ALICE = "arn:aws:iam::123456789012:user/alice";
const ROLE = "arn:aws:iam::123456789012:role/app";

describe("identityOf", () => {
  it("files sessions under their role and drops paths", () => {
    assert.equal(identityOf("arn:aws:sts::123456789012:assumed-role/app/session-1"), ROLE);
    assert.equal(identityOf("arn:aws:iam::123456789012:role/team/app"), ROLE);
    assert.equal(identityOf("arn:aws:iam::123456789012:user/dev/alice"), ALICE);
    assert.equal(identityOf("arn:aws:iam::123456789012:root"), "arn:aws:iam::123456789012:root");
    assert.equal(identityOf("arn:aws:sts::123456789012:federated-user/bob"), "arn:aws:sts::123456789012:federated-user/bob");
  });
});

describe("RequestLog", () => {
  it("keeps requests newest first and distinct access with counts; a role's sessions share the role's file", async () => {
    const disk = recordingDisk();
    const store = new Store(disk);
    const log = new RequestLog(store, silentLogger);
    log.record(request(ALICE, "iam:GetUser", [ALICE]));
    log.record(request(ALICE, "iam:GetUser", [ALICE]));
    log.record(request(ALICE, "iam:ListUsers", [], "implicitDeny"));
    log.record(request("arn:aws:sts::123456789012:assumed-role/app/s1", "iam:GetRole", [ROLE]));
    log.record(request("arn:aws:sts::123456789012:assumed-role/App/s2", "iam:GetRole", [ROLE]));
    assert.deepEqual(log.requests(ALICE).map((r) => [r.seq, r.action, r.decision]), [[3, "iam:ListUsers", "implicitDeny"], [2, "iam:GetUser", "allowed"], [1, "iam:GetUser", "allowed"]]);
    assert.deepEqual(log.requests(ALICE, { after: 2 }).map((r) => r.seq), [3]);
    assert.deepEqual(log.access(ALICE).map((a) => [a.action, a.resource, a.count]).sort(), [["iam:GetUser", ALICE, 2], ["iam:ListUsers", "*", 1]]);
    assert.deepEqual(log.access(ROLE).map((a) => [a.action, a.count]), [["iam:GetRole", 2]]);
    assert.deepEqual(log.identities().map((i) => [i.identity, i.requests]), [[ROLE, 2], [ALICE, 3]]);
    assert.equal(disk.writes.length, 0, "nothing written before the batch is due");
    await log.flush();
    assert.equal(disk.writes.length, 1, "one journal write for the batch");
    assert.equal(disk.writes[0]!.length, 5 + 3, "five requests and three distinct action+resource rows");
    assert.deepEqual(log.requests(ALICE).map((r) => r.seq), [3, 2, 1], "read from the store once written");
  });

  it("bounds requests and access per identity, and identities, dropping the oldest", () => {
    const log = new RequestLog(new Store(), silentLogger, { requestsPerIdentity: 2, accessPerIdentity: 2, identities: 2 });
    log.record(request(ALICE, "iam:GetUser", [ALICE]));
    log.record(request(ALICE, "iam:ListUsers"));
    log.record(request(ALICE, "iam:ListRoles"));
    assert.deepEqual(log.requests(ALICE).map((r) => r.action), ["iam:ListRoles", "iam:ListUsers"]);
    assert.deepEqual(log.access(ALICE).map((a) => a.action).sort(), ["iam:ListRoles", "iam:ListUsers"]);
    log.record(request(ALICE, "iam:ListUsers")); // used again: now the most recent
    log.record(request(ALICE, "iam:ListGroups"));
    assert.deepEqual(log.access(ALICE).map((a) => a.action).sort(), ["iam:ListGroups", "iam:ListUsers"]);
    log.record(request("arn:aws:iam::123456789012:user/bob", "iam:GetUser"));
    log.record(request("arn:aws:iam::123456789012:user/carol", "iam:GetUser"));
    assert.deepEqual(log.identities().map((i) => i.identity).sort(), ["arn:aws:iam::123456789012:user/bob", "arn:aws:iam::123456789012:user/carol"]);
    assert.deepEqual(log.requests(ALICE), []);
    assert.deepEqual(log.access(ALICE), []);
  });

  it("a time window keeps the access used within it", () => {
    const log = new RequestLog(new Store(), silentLogger);
    const early = log.record(request(ALICE, "iam:GetUser", [ALICE]));
    const late = log.record(request(ALICE, "iam:ListUsers"));
    assert.deepEqual(log.access(ALICE, { from: new Date(late.time) }).map((a) => a.action), ["iam:ListUsers"]);
    assert.deepEqual(log.access(ALICE, { to: new Date(early.time) }).map((a) => a.action), ["iam:GetUser"]);
  });

  it("a request run again after a transaction conflict (same request id) is filed once", () => {
    const log = new RequestLog(new Store(), silentLogger);
    const once = { ...request(ALICE, "iam:GetUser", [ALICE]), requestId: "req-1" };
    assert.equal(log.record(once).seq, log.record(once).seq);
    assert.equal(log.requests(ALICE).length, 1);
  });

  it("a new log over the same tables (a restart) knows what was recorded and numbers on", async () => {
    const store = new Store();
    const first = new RequestLog(store, silentLogger);
    first.record(request(ALICE, "iam:GetUser", [ALICE]));
    first.record(request(ALICE, "iam:ListUsers"));
    await first.flush();
    const again = new RequestLog(store, silentLogger);
    assert.deepEqual(again.requests(ALICE).map((r) => r.seq), [2, 1]);
    assert.equal(again.record(request(ALICE, "iam:ListRoles")).seq, 3);
    assert.equal(again.identities()[0]!.requests, 3);
  });
});

describe("RequestLog's watchers", () => {
  it("hear each record once as it is filed, and a late one gets the recent ones of every identity, oldest first", () => {
    const log = new RequestLog(new Store(recordingDisk()), silentLogger);
    const heard: string[] = [];
    const off = log.subscribe((r) => heard.push(`${r.seq} ${r.action}`));
    log.record(request(ALICE, "s3:GetObject"));
    const retried = { ...request("arn:aws:sts::123456789012:assumed-role/app/s", "iam:ListRoles"), requestId: "req-1" };
    log.record(retried);
    log.record(retried); // a transaction run again files once
    log.record(request(ALICE, "s3:PutObject"));
    assert.deepEqual(heard, ["1 s3:GetObject", "2 iam:ListRoles", "3 s3:PutObject"]);
    assert.deepEqual(log.recent(10).map((r) => `${r.seq} ${r.identity}`), [`1 ${ALICE}`, `2 ${ROLE}`, `3 ${ALICE}`]);
    assert.deepEqual(log.recent(2).map((r) => r.seq), [2, 3]);
    off();
    log.record(request(ALICE, "s3:ListBucket"));
    assert.equal(heard.length, 3, "unsubscribed");
  });
});
