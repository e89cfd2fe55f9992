// The trust-policy half of AssumeRole: principals, conditions, explicit denies, other accounts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AuthzPrincipal } from "../../../../src/policy/index.js";
import type { RoleRecord } from "../../../../src/services/iam/records.js";
import { explainTrust } from "../../../../src/services/sts/trust.js";

const role = (statements: object[], account = "000000000000"): RoleRecord => ({
  RoleName: "r", RoleId: "AROAAAAAAAAAAAAAAAAAA", Arn: `arn:aws:iam::${account}:role/r`, Path: "/", CreateDate: "2026-01-01T00:00:00Z",
  MaxSessionDuration: 3600, AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
});
const alice: AuthzPrincipal = { arn: "arn:aws:iam::000000000000:user/alice", accountId: "000000000000", type: "user" };
const decision = (r: RoleRecord, context: Record<string, string> = {}, principal = alice, actions = ["sts:AssumeRole"]) =>
  explainTrust({ role: r, principal, actions, context }).map((e) => e.decision);

describe("trust evaluation", () => {
  it("allows the principal it names, its account's root, or everyone; refuses others", () => {
    assert.deepEqual(decision(role([{ Effect: "Allow", Principal: { AWS: alice.arn }, Action: "sts:AssumeRole" }])), ["allowed"]);
    assert.deepEqual(decision(role([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }])), ["allowed"]);
    assert.deepEqual(decision(role([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }])), ["allowed"]);
    assert.deepEqual(decision(role([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:user/bob" }, Action: "sts:AssumeRole" }])), ["implicitDeny"]);
    assert.deepEqual(decision(role([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }])), ["implicitDeny"]);
  });

  it("evaluates conditions and explicit denies", () => {
    const r = role([
      { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "x" } } },
      { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:RoleSessionName": "blocked" } } },
    ]);
    assert.deepEqual(decision(r, { "sts:ExternalId": "x" }), ["allowed"]);
    assert.deepEqual(decision(r, { "sts:ExternalId": "y" }), ["implicitDeny"]);
    assert.deepEqual(decision(r, { "sts:ExternalId": "x", "sts:RoleSessionName": "blocked" }), ["explicitDeny"]);
  });

  it("a role in another account trusts callers it names", () => {
    const r = role([{ Effect: "Allow", Principal: { AWS: "000000000000" }, Action: "sts:AssumeRole" }], "111122223333");
    assert.deepEqual(decision(r), ["allowed"]);
    assert.deepEqual(decision(role([{ Effect: "Allow", Principal: { AWS: "444455556666" }, Action: "sts:AssumeRole" }], "111122223333")), ["implicitDeny"]);
  });

  it("each extra action (sts:TagSession) must be allowed too", () => {
    const r = role([{ Effect: "Allow", Principal: { AWS: alice.arn }, Action: "sts:AssumeRole" }]);
    assert.deepEqual(decision(r, {}, alice, ["sts:AssumeRole", "sts:TagSession"]), ["allowed", "implicitDeny"]);
  });

  it("federated principals (OIDC, SAML providers) match by provider ARN", () => {
    const provider = "arn:aws:iam::000000000000:oidc-provider/127.0.0.1:9000";
    const r = role([{ Effect: "Allow", Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "127.0.0.1:9000:sub": "u1" } } }]);
    const fed: AuthzPrincipal = { arn: provider, accountId: "000000000000", type: "anonymous" };
    assert.deepEqual(decision(r, { "127.0.0.1:9000:sub": "u1" }, fed, ["sts:AssumeRoleWithWebIdentity"]), ["allowed"]);
    assert.deepEqual(decision(r, { "127.0.0.1:9000:sub": "u2" }, fed, ["sts:AssumeRoleWithWebIdentity"]), ["implicitDeny"]);
  });
});
