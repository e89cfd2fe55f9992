import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decisionMarkdown } from "../../../../src/extension/tree/decision-document.js";

describe("decision document", () => {
  it("states the verdict, the request and the explanation", () => {
    const text = decisionMarkdown({
      id: 3, time: "2026-11-29T09:20:00.000Z", principal: "arn:aws:iam::000000000000:user/bob", action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
      decision: "explicitDeny", summary: "Denied by statement DenyAll of policy guard.", explanation: { decision: "explicitDeny" },
    });
    assert.equal(text.split("\n")[0], "# Denied (explicit deny): s3:GetObject");
    assert.ok(text.includes("- Principal: `arn:aws:iam::000000000000:user/bob`"));
    assert.ok(text.includes('```json\n{\n  "decision": "explicitDeny"\n}\n```'));
  });

  it("says why an allow has no explanation", () => {
    const text = decisionMarkdown({ id: 1, time: "t", principal: "p", action: "a", resource: "r", decision: "allowed", summary: "ok" });
    assert.ok(text.startsWith("# Allowed: a"));
    assert.ok(text.includes("keeps the full explanation for denials"));
  });
});
