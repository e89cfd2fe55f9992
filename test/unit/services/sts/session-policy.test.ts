// Session policies and tags: AWS's MalformedPolicyDocument wording and the packed-size budget.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { AwsError } from "../../../../src/protocol/errors.js";
import { checkSessionPolicy, packedPolicySize } from "../../../../src/services/sts/session-policy.js";

const policy = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

describe("session policies", () => {
  it("a valid policy is kept and its packed size reported as a percentage", () => {
    const p = policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" });
    const out = checkSessionPolicy({ Policy: p });
    assert.equal(out.policy, p);
    assert.ok(out.packedPolicySize! >= 1 && out.packedPolicySize! <= 20, String(out.packedPolicySize));
  });

  it("nothing passed, no packed size", () => {
    assert.deepEqual(checkSessionPolicy({}), {});
  });

  it("whitespace does not count", () => {
    const tight = policy({ Effect: "Allow", Action: "s3:*", Resource: "*" });
    const loose = JSON.stringify(JSON.parse(tight), null, 8);
    assert.equal(packedPolicySize(loose, undefined, []), packedPolicySize(tight, undefined, []));
  });

  it("malformed documents answer MalformedPolicyDocument with AWS's message", () => {
    const bad = (text: string, message: string) => assert.throws(() => checkSessionPolicy({ Policy: text }),
      (e: unknown) => e instanceof AwsError && e.code === "MalformedPolicyDocument" && e.status === 400 && e.message === message);
    bad("{", "Syntax errors in policy.");
    bad(policy({ Effect: "Allow", Action: "s3:GetObject" }), "Policy statement must contain resources.");
    bad(policy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }), "Policy document should not specify a principal.");
  });

  it("policy ARNs must be IAM policy ARNs", () => {
    assert.deepEqual(checkSessionPolicy({ PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }] }).policyArns, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    assert.throws(() => checkSessionPolicy({ PolicyArns: [{ arn: "arn:aws:s3:::bucket" }] }), (e: unknown) => e instanceof AwsError && e.code === "ValidationError");
  });

  it("incompressible tags over the budget answer PackedPolicyTooLarge with the percentage", () => {
    const Tags = Array.from({ length: 20 }, (_, i) => ({ Key: `k${i}`, Value: createHash("sha512").update(String(i)).digest("base64").slice(0, 80) }));
    const size = packedPolicySize(undefined, undefined, Tags);
    assert.ok(size > 100, String(size));
    assert.throws(() => checkSessionPolicy({ Tags }), (e: unknown) => e instanceof AwsError && e.code === "PackedPolicyTooLarge" &&
      e.message === `Packed policy consumes ${size}% of allotted space, please use smaller policy.`);
  });
});
