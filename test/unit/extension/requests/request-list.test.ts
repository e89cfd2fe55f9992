// The Requests view's rows, its principal filter, and the rate limit on denial notifications.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { RequestEvent } from "../../../../src/admin-api/request-events.js";
import { DenialThrottle, RequestList, REQUESTS_KEPT, requestRow, shortPrincipal } from "../../../../src/extension/requests/request-list.js";

let seq = 0;
const event = (over: Partial<RequestEvent> = {}): RequestEvent => ({
  seq: ++seq, time: "2026-12-06T12:03:04.000Z", requestId: `r${seq}`, service: "iam", operation: "ListUsers",
  principal: "arn:aws:iam::000000000000:user/team/alice", principalType: "user", sourceIp: "127.0.0.1", status: 200, ...over,
});

describe("request rows", () => {
  it("read as the action, who, the outcome and the time", () => {
    const ok = requestRow(event());
    assert.deepEqual([ok.label, ok.description, ok.icon, ok.contextValue], ["iam:ListUsers", "alice · 200 · 12:03:04", "pass", "request.ok"]);
    const denied = requestRow(event({ status: 403, errorCode: "AccessDenied", errorMessage: "User: … is not authorized",
      decision: { id: 9, action: "iam:ListRoles", resource: "*", decision: "implicitDeny", summary: "no identity policy allows it" } }));
    assert.deepEqual([denied.description, denied.icon, denied.iconColor, denied.contextValue], ["alice · denied · 12:03:04", "error", "testing.iconFailed", "request.denied"]);
    assert.match(denied.tooltip, /Decision: `implicitDeny: iam:ListRoles on \*`/);
    assert.match(denied.tooltip, /Click for the explanation\./);
    const failed = requestRow(event({ status: 404, errorCode: "NoSuchEntity", principal: "arn:aws:sts::000000000000:assumed-role/app/vscode" }));
    assert.deepEqual([failed.description, failed.icon], ["app/vscode · NoSuchEntity · 12:03:04", "warning"]);
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
    const a = event({ operation: "CreateUser" });
    list.add(a);
    list.add(event({ principal: "arn:aws:iam::000000000000:user/bob", status: 403, errorCode: "AccessDenied" }));
    list.add(a);
    assert.deepEqual(list.rows().map((r) => r.label), ["iam:ListUsers", "iam:CreateUser"]);
    assert.deepEqual(list.principals(), [
      { arn: "arn:aws:iam::000000000000:user/bob", requests: 1, denied: 1 },
      { arn: "arn:aws:iam::000000000000:user/team/alice", requests: 1, denied: 0 },
    ]);
    list.filter = "arn:aws:iam::000000000000:user/team/alice";
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
