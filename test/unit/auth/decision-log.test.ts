// The enforce-mode decision log: a ring of the newest decisions, listed newest first, each found by its id.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DecisionLog } from "../../../src/auth/decision-log.js";

const record = (n: number) => ({ time: `t${n}`, requestId: `r${n}`, principal: "arn:aws:iam::000000000000:user/u", action: "iam:GetUser",
  resource: "*", decision: "allowed" as const, summary: `s${n}` });

describe("DecisionLog", () => {
  it("keeps the newest `capacity` records, ids counting on, listed newest first", () => {
    const log = new DecisionLog(3);
    for (let n = 1; n <= 5; n++) assert.equal(log.push(record(n)).id, n);
    assert.deepEqual(log.list().map((r) => [r.id, r.summary]), [[5, "s5"], [4, "s4"], [3, "s3"]]);
    assert.equal(log.get(2), undefined);
    assert.equal(log.get(3)?.requestId, "r3");
    assert.equal(log.get(6), undefined);
    assert.equal(log.get(3.5), undefined);
  });

  it("lists only records newer than `after`, at most `limit`", () => {
    const log = new DecisionLog(10);
    for (let n = 1; n <= 6; n++) log.push(record(n));
    assert.deepEqual(log.list(2).map((r) => r.id), [6, 5]);
    assert.deepEqual(log.list(100, 4).map((r) => r.id), [6, 5]);
    assert.deepEqual(log.list(100, 6), []);
  });

  it("clear empties it; ids go on from where they were", () => {
    const log = new DecisionLog(3);
    for (let n = 1; n <= 4; n++) log.push(record(n));
    log.clear();
    assert.deepEqual(log.list(), []);
    assert.equal(log.get(4), undefined);
    assert.equal(log.push(record(5)).id, 5);
    assert.deepEqual(log.list().map((r) => r.id), [5]);
  });

  it("finds a request's latest decision while the ring is not yet full, and after it wrapped and was cleared", () => {
    const log = new DecisionLog(4);
    log.push(record(1));
    log.push({ ...record(2), requestId: "r1", summary: "retried" });
    assert.equal(log.forRequest("r1")?.summary, "retried");
    assert.equal(log.forRequest("nobody"), undefined);
    for (let n = 3; n <= 7; n++) log.push(record(n));
    assert.equal(log.forRequest("r1"), undefined);
    assert.equal(log.forRequest("r6")?.id, 6);
    log.clear();
    assert.equal(log.forRequest("r6"), undefined);
  });
});
