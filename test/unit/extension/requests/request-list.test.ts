// The Requests view's rows, its principal filter, and the rate limit on denial notifications.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { RequestEvent } from "../../../../src/admin-api/request-events.js";
import { DenialThrottle, RequestList, REQUESTS_KEPT, requestRow, shortPrincipal } from "../../../../src/extension/requests/request-list.js";

let seq = 0;
const alice = "arn:aws:iam::000000000000:user/team/alice";
const event = (over: Partial<RequestEvent> = {}): RequestEvent => ({
  seq: ++seq, time: "2026-12-06T12:03:04.000Z", source: "emulator", requestId: `r${seq}`, service: "iam", operation: "ListUsers", action: "iam:ListUsers",
  principal: alice, principalType: "user", accountId: "000000000000", identity: "arn:aws:iam::000000000000:user/alice",
  resources: [], region: "us-east-1", context: { "aws:SourceIp": "127.0.0.1" }, decision: "allowed", ...over,
});

describe("request rows", () => {
  it("read as the action, who, the decision and the time", () => {
    const allowed = requestRow(event({ decisionId: 3 }));
    assert.deepEqual([allowed.label, allowed.description, allowed.icon, allowed.contextValue], ["iam:ListUsers", "alice · allowed · 12:03:04", "pass", "request.ok"]);
    assert.match(allowed.tooltip, /Click for the explanation\./);
    const denied = requestRow(event({ action: "iam:GetUser", resources: ["arn:aws:iam::000000000000:user/bob"], decision: "implicitDeny", decisionId: 9 }));
    assert.deepEqual([denied.label, denied.description, denied.icon, denied.iconColor, denied.contextValue],
      ["iam:GetUser", "alice · denied · 12:03:04", "error", "testing.iconFailed", "request.denied"]);
    assert.match(denied.tooltip, /Resource: `arn:aws:iam::000000000000:user\/bob`/);
    assert.equal(requestRow(event({ decision: "explicitDeny", decisionId: 10 })).description, "alice · explicitly denied · 12:03:04");
    // Modes none and authenticate decide nothing: the row says so and offers the simulator.
    const unchecked = requestRow(event({ principal: "arn:aws:sts::000000000000:assumed-role/app/vscode" }));
    assert.deepEqual([unchecked.description, unchecked.icon], ["app/vscode · not checked · 12:03:04", "circle-outline"]);
    assert.match(unchecked.tooltip, /click to simulate it as this principal/);
  });

  it("name principals briefly", () => {
    assert.equal(shortPrincipal("arn:aws:iam::000000000000:root"), "root");
    assert.equal(shortPrincipal("arn:aws:iam::000000000000:role/apps/app-role"), "app-role");
    assert.equal(shortPrincipal(undefined), "unknown caller");
  });
});

describe("request list", () => {
  it("keeps the newest first, each once, bounded, and filters by principal", () => {
    const list = new RequestList();
    const a = event({ operation: "CreateUser", action: "iam:CreateUser" });
    list.add(a);
    list.add(event({ principal: "arn:aws:iam::000000000000:user/bob", identity: "arn:aws:iam::000000000000:user/bob", decision: "implicitDeny" }));
    list.add(a);
    assert.deepEqual(list.rows().map((r) => r.label), ["iam:ListUsers", "iam:CreateUser"]);
    assert.deepEqual(list.principals(), [
      { arn: "arn:aws:iam::000000000000:user/bob", requests: 1, denied: 1 },
      { arn: "arn:aws:iam::000000000000:user/alice", requests: 1, denied: 0 },
    ]);
    list.filter = "arn:aws:iam::000000000000:user/alice";
    assert.deepEqual(list.rows().map((r) => r.label), ["iam:CreateUser"]);
    for (let i = 0; i < REQUESTS_KEPT + 10; i++) list.add(event());
    list.filter = undefined;
    assert.equal(list.rows().length, REQUESTS_KEPT);
  });
});

describe("denial notifications", () => {
  it("show the first at once, hold the rest of the interval back, and say how many", () => {
    let now = 0;
    const throttle = new DenialThrottle(() => 10_000, () => now);
    assert.deepEqual(throttle.offer(), { show: true, heldBack: 0 });
    now = 4_000;
    assert.deepEqual(throttle.offer(), { show: false });
    assert.deepEqual(throttle.offer(), { show: false });
    now = 10_000;
    assert.deepEqual(throttle.offer(), { show: true, heldBack: 2 });
    const every = new DenialThrottle(() => 0, () => now);
    assert.deepEqual([every.offer(), every.offer()], [{ show: true, heldBack: 0 }, { show: true, heldBack: 0 }]);
  });
});
