// Simulating the edited document: the same result as the engine's explain for the same inputs, the quick-input
// form, principals from ARNs, the document in the right layer, and beside a principal's policies.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compilePolicy, explain, principalContext } from "../../../src/policy/index.js";
import {
  authzRequestOf, formatSimulationInput, parseSimulationInput, policySetFor, principalFromArn, simulate, PolicyParseError,
} from "../../../src/editor-core/simulation.js";

const identityPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Sid: "ReadReports", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"] },
    { Sid: "OfficeOnly", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
    { Sid: "OwnHome", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::home/${aws:username}/*" },
  ],
}, null, 2);

const alice = "arn:aws:iam::123456789012:user/alice";

describe("simulate", () => {
  it("equals the engine's explain for the same request and policy set", () => {
    const cases = [
      { action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv", context: { "aws:SourceIp": "10.1.2.3" } },
      { action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv", context: { "aws:SourceIp": "192.0.2.1" } },
      { action: "s3:GetObject", resource: "arn:aws:s3:::other/x" },
      { action: "s3:PutObject", resource: "arn:aws:s3:::home/alice/notes.txt", context: { "aws:SourceIp": "10.0.0.1" } },
      { action: "s3:PutObject", resource: "arn:aws:s3:::home/bob/notes.txt", context: { "aws:SourceIp": "10.0.0.1" } },
    ];
    for (const c of cases) {
      const { explanation } = simulate(identityPolicy, "identity", { principal: alice, ...c });
      const doc = compilePolicy(identityPolicy, { kind: "identity", name: "this document" });
      const principal = { arn: alice, accountId: "123456789012", type: "user" as const };
      // S3 ARNs name no account, so the request has no resourceAccount: the principal's account owns it.
      const expected = explain({ principal, action: c.action, resource: c.resource, context: { ...principalContext(principal), ...(c.context ?? {}) } }, { identity: [doc] });
      assert.deepEqual(explanation, expected, `${c.action} ${c.resource}`);
    }
  });

  it("decides as documented: allowed by ReadReports, explicit deny off-network, implicit deny elsewhere, variables substituted", () => {
    const run = (action: string, resource: string, ip?: string) =>
      simulate(identityPolicy, "identity", { principal: alice, action, resource, ...(ip ? { context: { "aws:SourceIp": ip } } : {}) }).explanation;
    const ok = run("s3:GetObject", "arn:aws:s3:::reports/q1.csv", "10.1.2.3");
    assert.equal(ok.decision, "allowed");
    assert.equal(ok.decidingStatement?.sid, "ReadReports");
    assert.equal(ok.summary, 'Allowed by an identity-based policy (statement "ReadReports" of this document).');
    const off = run("s3:GetObject", "arn:aws:s3:::reports/q1.csv", "192.0.2.1");
    assert.equal(off.decision, "explicitDeny");
    assert.equal(off.decidingStatement?.sid, "OfficeOnly");
    const missing = run("s3:GetObject", "arn:aws:s3:::reports/q1.csv");
    assert.deepEqual(missing.missingContextKeys, ["aws:SourceIp"]);
    assert.equal(run("s3:PutObject", "arn:aws:s3:::home/alice/a", "10.0.0.1").decision, "allowed");
    assert.equal(run("s3:PutObject", "arn:aws:s3:::home/bob/a", "10.0.0.1").decision, "implicitDeny");
  });

  it("puts a trust policy in the resource layer", () => {
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: alice }, Action: "sts:AssumeRole" }] });
    const { explanation } = simulate(trust, "trust", { principal: alice, action: "sts:AssumeRole", resource: "arn:aws:iam::123456789012:role/app" });
    assert.equal(explanation.decision, "allowed");
    assert.equal(explanation.decidingLayer, "resource");
    const other = simulate(trust, "trust", { principal: "arn:aws:iam::123456789012:user/bob", action: "sts:AssumeRole", resource: "arn:aws:iam::123456789012:role/app" });
    assert.equal(other.explanation.decision, "implicitDeny");
  });

  it("beside a principal's policies: the boundary limits, and an edited copy replaces its original", () => {
    const allowAll = compilePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', { kind: "identity", name: "admin", arn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    const boundary = compilePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}', { kind: "boundary", name: "s3-only" });
    const around = { principalArn: alice, identity: [allowAll], boundary };
    const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}';
    const asNew = simulate(doc, "identity", { action: "iam:ListUsers" }, { around });
    assert.equal(asNew.explanation.decision, "implicitDeny");
    assert.equal(asNew.explanation.decidingLayer, "boundary");
    assert.equal(asNew.request.principal.arn, alice);
    // The document opened from the tree as AdministratorAccess: the edit replaces it.
    const edited = simulate('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}', "identity",
      { action: "s3:PutObject", resource: "arn:aws:s3:::b/k" }, { around, source: { kind: "identity", name: "admin", arn: "arn:aws:iam::aws:policy/AdministratorAccess" } });
    assert.equal(edited.explanation.decision, "implicitDeny");
    assert.equal(policySetFor(compilePolicy(doc, { kind: "identity", name: "x" }), "identity", around).identity.length, 2);
  });

  it("throws the engine's PolicyParseError for a document that does not compile", () => {
    assert.throws(() => simulate('{"Statement": [ {"Effect": "Allow" ', "identity", { action: "s3:GetObject" }), PolicyParseError);
  });
});

describe("simulation requests", () => {
  it("parses the quick-input form", () => {
    assert.deepEqual(parseSimulationInput("s3:GetObject arn:aws:s3:::b/k aws:SourceIp=10.0.0.1 aws:TagKeys=a,b principal=arn:aws:iam::123456789012:user/bob"), {
      action: "s3:GetObject", resource: "arn:aws:s3:::b/k", principal: "arn:aws:iam::123456789012:user/bob",
      context: { "aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a", "b"] },
    });
    assert.deepEqual(parseSimulationInput("  iam:ListUsers "), { action: "iam:ListUsers" });
    assert.deepEqual(parseSimulationInput("GetObject"), { error: '"GetObject" is not an action: write service:Action, e.g. s3:GetObject.' });
    assert.deepEqual(parseSimulationInput("s3:GetObject a b"), { error: '"b": give one resource, then key=value context entries.' });
  });

  it("formats a request back for the history", () => {
    const input = "s3:GetObject arn:aws:s3:::b/k aws:TagKeys=a,b principal=arn:aws:iam::123456789012:user/bob";
    assert.equal(formatSimulationInput(parseSimulationInput(input) as never), input);
  });

  it("reads principals from ARNs: users, roles as sessions, sessions, root, account ids", () => {
    assert.deepEqual(principalFromArn(alice), { arn: alice, accountId: "123456789012", type: "user" });
    assert.deepEqual(principalFromArn("arn:aws:iam::123456789012:role/ops/app"), {
      arn: "arn:aws:sts::123456789012:assumed-role/app/simulation", accountId: "123456789012", type: "assumed-role", roleArn: "arn:aws:iam::123456789012:role/ops/app",
    });
    assert.deepEqual(principalFromArn("arn:aws:sts::123456789012:assumed-role/app/s1"), {
      arn: "arn:aws:sts::123456789012:assumed-role/app/s1", accountId: "123456789012", type: "assumed-role", roleArn: "arn:aws:iam::123456789012:role/app",
    });
    assert.deepEqual(principalFromArn("123456789012"), { arn: "arn:aws:iam::123456789012:root", accountId: "123456789012", type: "root" });
    assert.throws(() => principalFromArn("alice"), /"alice" is not a principal ARN/);
  });

  it("adds the principal's own keys, which the request's context can override", () => {
    const req = authzRequestOf({ principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: { "AWS:username": "mallory", n: 3 } });
    assert.deepEqual(req.context, { "aws:PrincipalArn": alice, "aws:PrincipalAccount": "123456789012", "aws:PrincipalType": "User", "AWS:username": "mallory", n: "3" });
    assert.equal(authzRequestOf({ action: "iam:GetUser", resource: "arn:aws:iam::111122223333:user/x" }).resourceAccount, "111122223333");
  });
});

describe("simulate agrees with IAM SimulateCustomPolicy", () => {
  it("same decision, matched statements (with positions) and missing context keys", async () => {
    const { SimulateCustomPolicy } = await import("../../../src/services/iam/simulate.js");
    const requests = [
      { action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv", ip: "10.1.2.3" },
      { action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv", ip: "192.0.2.1" },
      { action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv" },
      { action: "s3:PutObject", resource: "arn:aws:s3:::home/alice/a", ip: "10.0.0.1" },
      { action: "s3:PutObject", resource: "arn:aws:s3:::home/bob/a", ip: "10.0.0.1" },
      { action: "iam:ListUsers", resource: "*", ip: "10.0.0.1" },
    ];
    for (const r of requests) {
      const out = SimulateCustomPolicy({
        input: { PolicyInputList: [identityPolicy], ActionNames: [r.action], ResourceArns: [r.resource], CallerArn: alice,
          ContextEntries: r.ip ? [{ ContextKeyName: "aws:SourceIp", ContextKeyValues: [r.ip], ContextKeyType: "ip" }] : [] },
        store: { accountId: "123456789012" },
      } as never) as { EvaluationResults: { EvalDecision: string; MatchedStatements: { StartPosition: { Line: number; Column: number }; EndPosition: { Line: number; Column: number } }[]; ResourceSpecificResults: { MissingContextValues: string[] }[] }[] };
      const [iam] = out.EvaluationResults;
      const e = simulate(identityPolicy, "identity", { principal: alice, action: r.action, resource: r.resource, ...(r.ip ? { context: { "aws:SourceIp": r.ip } } : {}) }).explanation;
      const label = `${r.action} ${r.resource} ${r.ip ?? "(no ip)"}`;
      assert.equal(iam!.EvalDecision, e.decision, label);
      // With ResourceArns, IAM reports missing keys per resource; on an explicit deny it lists only the denies.
      assert.deepEqual(iam!.ResourceSpecificResults[0]!.MissingContextValues, e.missingContextKeys, label);
      const effect = e.decision === "explicitDeny" ? "Deny" : "Allow";
      const deciding = e.matchedStatements.filter((m) => m.effect === effect);
      assert.deepEqual(iam!.MatchedStatements.map((m) => [m.StartPosition, m.EndPosition]),
        deciding.map((m) => [{ Line: m.range!.start.line + 1, Column: m.range!.start.character + 1 }, { Line: m.range!.end.line + 1, Column: m.range!.end.character + 1 }]), label);
    }
  });
});
