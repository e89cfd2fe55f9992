// The encoded authorization message: what enforce-mode denials carry and DecodeAuthorizationMessage reads.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compilePolicy, explain } from "../../../../src/policy/index.js";
import { decodeAuthorizationMessage, encodeAuthorizationMessage } from "../../../../src/services/sts/authorization-message.js";

describe("authorization messages", () => {
  const allow = compilePolicy({ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: "iam:Get*", Resource: "*" }] },
    { kind: "identity", name: "reader", arn: "arn:aws:iam::000000000000:policy/reader" });
  const req = (action: string) => ({ principal: { arn: "arn:aws:iam::000000000000:user/u", accountId: "000000000000", type: "user" as const },
    action, resource: "arn:aws:iam::000000000000:user/x", context: { "aws:CurrentTime": new Date("2026-01-02T03:04:05Z"), "aws:TagKeys": ["a", "b"] } });

  it("round-trips a denial with AWS's document shape and the engine's explanation", () => {
    const encoded = encodeAuthorizationMessage(explain(req("iam:DeleteUser"), { identity: [allow] }));
    assert.match(encoded, /^[A-Za-z0-9_-]+$/);
    const doc = decodeAuthorizationMessage(encoded)!;
    assert.equal(doc.allowed, false);
    assert.equal(doc.explicitDeny, false);
    assert.deepEqual(doc.matchedStatements, { items: [] });
    assert.deepEqual(doc.failures.items, [{ layer: "identity", reason: doc.explanation.summary }]);
    assert.equal(doc.explanation.decision, "implicitDeny");
    assert.deepEqual(doc.context.conditions.items, [
      { key: "aws:CurrentTime", values: { items: [{ value: "2026-01-02T03:04:05.000Z" }] } },
      { key: "aws:TagKeys", values: { items: [{ value: "a" }, { value: "b" }] } },
    ]);
  });

  it("lists the allowing statement of an allowed request", () => {
    const doc = decodeAuthorizationMessage(encodeAuthorizationMessage(explain(req("iam:GetUser"), { identity: [allow] })))!;
    assert.equal(doc.allowed, true);
    assert.deepEqual(doc.matchedStatements.items, [{ statementId: "Read", effect: "ALLOW", source: "arn:aws:iam::000000000000:policy/reader", layer: "identity", statementIndex: 0 }]);
  });

  it("anything else does not decode", () => {
    assert.equal(decodeAuthorizationMessage("not a message"), undefined);
    assert.equal(decodeAuthorizationMessage("AAAA"), undefined);
    assert.equal(decodeAuthorizationMessage(Buffer.from("{}").toString("base64url")), undefined);
  });
});
