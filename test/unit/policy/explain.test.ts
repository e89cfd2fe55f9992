// Explanations: per-statement verdicts, the deciding statement and layer, missing context keys, AWS's
// AccessDenied wording (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html),
// and the context keys a policy reads (GetContextKeysFor*Policy).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { accessDeniedMessage, compilePolicy, contextKeysOf, denialReason, explain, principalContext, type Layer, type PolicySet } from "../../../src/policy/index.js";
import { A, allow, allowAll, deny, policy, request, session, user } from "./case-table.js";

const text = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "ReadOwn", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/\${aws:username}/*" },
    { "Sid": "Office", "Effect": "Deny", "Action": "*", "Resource": "*",
      "Condition": { "NotIpAddress": { "aws:SourceIp": "10.0.0.0/8" }, "Bool": { "aws:ViaAWSService": "false" } } },
    { "Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": { "StringEquals": { "aws:PrincipalTag/team": "red" } } }
  ]
}`;
const p = compilePolicy(text, { kind: "identity", name: "arn:aws:iam::111122223333:policy/Dev", arn: "arn:aws:iam::111122223333:policy/Dev", versionId: "v1" });

describe("explain: the trace", () => {
  it("records each statement's verdict and the deciding statement with its source range", () => {
    const e = explain(request({ resource: "arn:aws:s3:::bucket/alice/x", context: { "aws:username": "alice", "aws:SourceIp": "10.1.1.1", "aws:ViaAWSService": false } }), { identity: [p] });
    assert.equal(e.decision, "allowed");
    assert.equal(e.decidingLayer, "identity");
    assert.deepEqual(e.decidingStatement, { source: p.source, layer: "identity", statementIndex: 0, sid: "ReadOwn", effect: "Allow",
      range: { start: { line: 3, character: 4 }, end: { line: 3, character: 122 } } });
    const [s0, s1, s2] = e.policies[0]!.statements;
    assert.deepEqual([s0!.actionMatched, s0!.resourceMatched, s0!.matched], [true, true, true]);
    assert.deepEqual([s1!.actionMatched, s1!.resourceMatched, s1!.matched], [true, true, false]);
    assert.deepEqual(s1!.conditions, [
      { operator: "NotIpAddress", key: "aws:SourceIp", values: ["10.0.0.0/8"], contextValues: ["10.1.1.1"], missing: false, result: false },
      { operator: "Bool", key: "aws:ViaAWSService", values: ["false"], contextValues: ["false"], missing: false, result: true },
    ]);
    assert.deepEqual([s2!.actionMatched, s2!.conditionsEvaluated, s2!.matched], [false, false, false]);
    assert.deepEqual(e.matchedStatements.map((m) => m.sid), ["ReadOwn"]);
    assert.equal(e.summary, 'Allowed by an identity-based policy (statement "ReadOwn" of arn:aws:iam::111122223333:policy/Dev).');
  });

  it("names the Deny that decided", () => {
    const e = explain(request({ resource: "arn:aws:s3:::bucket/alice/x", context: { "aws:username": "alice", "aws:SourceIp": "192.0.2.1", "aws:ViaAWSService": false } }), { identity: [p] });
    assert.equal(e.decision, "explicitDeny");
    assert.equal(e.decidingStatement?.sid, "Office");
    assert.deepEqual(e.matchedStatements.map((m) => m.sid), ["Office", "ReadOwn"]);
    assert.equal(e.summary, 'Denied with an explicit deny in an identity-based policy (statement "Office" of arn:aws:iam::111122223333:policy/Dev).');
  });

  it("names the allow that granted: a resource policy's statement naming the user, not an earlier one naming only its account", () => {
    const resource = policy("resource", [
      allow("sqs:SendMessage", "*", { Sid: "Account", Principal: { AWS: `arn:aws:iam::${A}:root` } }),
      allow("sqs:SendMessage", "*", { Sid: "Alice", Principal: { AWS: `arn:aws:iam::${A}:user/alice` } }),
    ]);
    const e = explain(request({ principal: user(), action: "sqs:SendMessage", resource: `arn:aws:sqs:us-east-1:${A}:q` }), { identity: [], resource: [resource] });
    assert.equal(e.decision, "allowed");
    assert.equal(e.decidingLayer, "resource");
    assert.equal(e.decidingStatement?.sid, "Alice");
    assert.deepEqual(e.matchedStatements.map((m) => m.sid), ["Account", "Alice"]);
  });

  it("lists the context keys that were missing, once each", () => {
    const e = explain(request({ action: "ec2:RunInstances" }), { identity: [p, p] });
    assert.deepEqual(e.missingContextKeys, ["aws:SourceIp", "aws:ViaAWSService", "aws:PrincipalTag/team"]);
    assert.deepEqual(e.policies[0]!.statements[2]!.conditions[0], { operator: "StringEquals", key: "aws:PrincipalTag/team", values: ["red"], contextValues: undefined, missing: true, result: false });
  });

  it("shows substituted variables and unresolved ones as null", () => {
    const q = policy("identity", [allow("s3:*", "*", { Condition: { StringEquals: { "aws:ResourceTag/owner": ["${aws:username}", "admin"] } } })]);
    assert.deepEqual(explain(request({ context: { "aws:username": "alice" } }), { identity: [q] }).policies[0]!.statements[0]!.conditions[0]!.values, ["alice", "admin"]);
    assert.deepEqual(explain(request(), { identity: [q] }).policies[0]!.statements[0]!.conditions[0]!.values, [null, "admin"]);
  });

  it("layers: every configured layer with its outcome, root skips identity", () => {
    const set: PolicySet = { identity: [policy("identity", [allowAll])], boundary: [policy("boundary", [allow("s3:*")])], scps: [policy("scp", [allowAll])] };
    assert.deepEqual(explain(request(), set).layers, [{ layer: "scp", outcome: "allow" }, { layer: "identity", outcome: "allow" }, { layer: "boundary", outcome: "allow" }]);
    assert.deepEqual(explain(request({ principal: { arn: `arn:aws:iam::${A}:root`, accountId: A, type: "root" } }), set).layers,
      [{ layer: "scp", outcome: "allow" }, { layer: "identity", outcome: "skipped" }, { layer: "boundary", outcome: "skipped" }]);
  });

  it("principal verdicts in resource policies", () => {
    const rp = policy("resource", [{ ...allow("s3:*"), Principal: { AWS: `arn:aws:iam::${A}:user/bob` } }]);
    const e = explain(request(), { identity: [], resource: [rp] });
    assert.equal(e.policies[0]!.statements[0]!.principalMatched, false);
    assert.equal(e.policies[0]!.statements[0]!.matched, false);
  });
});

describe("denialReason and accessDeniedMessage — AWS's AccessDenied wording", () => {
  const cases: [string, PolicySet, string, Layer][] = [
    ["no identity policy", { identity: [] }, "because no identity-based policy allows the s3:GetObject action", "identity"],
    ["identity deny", { identity: [policy("identity", [deny("s3:*")])] }, "with an explicit deny in an identity-based policy", "identity"],
    ["resource deny", { identity: [policy("identity", [allowAll])], resource: [policy("resource", [{ ...deny("s3:*"), Principal: "*" }])] }, "with an explicit deny in a resource-based policy", "resource"],
    ["boundary implicit", { identity: [policy("identity", [allowAll])], boundary: [policy("boundary", [allow("ec2:*")])] }, "because no permissions boundary allows the s3:GetObject action", "boundary"],
    ["boundary deny", { identity: [policy("identity", [allowAll])], boundary: [policy("boundary", [allowAll, deny("s3:*")])] }, "with an explicit deny in a permissions boundary", "boundary"],
    ["session implicit", { identity: [policy("identity", [allowAll])], session: [policy("session", [allow("ec2:*")])] }, "because no session policy allows the s3:GetObject action", "session"],
    ["session deny", { identity: [policy("identity", [allowAll])], session: [policy("session", [deny("s3:*")])] }, "with an explicit deny in a session policy", "session"],
    ["SCP implicit", { identity: [policy("identity", [allowAll])], scps: [policy("scp", [allow("ec2:*")])] }, "because no service control policy allows the s3:GetObject action", "scp"],
    ["SCP deny", { identity: [policy("identity", [allowAll])], scps: [policy("scp", [allowAll, deny("s3:*")])] }, "with an explicit deny in a service control policy", "scp"],
    ["RCP deny", { identity: [policy("identity", [allowAll])], rcps: [policy("rcp", [{ ...allowAll, Principal: "*" }, { ...deny("s3:*"), Principal: "*" }])] }, "with an explicit deny in a resource control policy", "rcp"],
    ["cross-account without resource policy", { identity: [policy("identity", [allowAll])] }, "because no resource-based policy allows the s3:GetObject action", "resource"],
  ];
  for (const [name, set, reason, layer] of cases) {
    it(name, () => {
      const req = request(name.startsWith("cross") ? { resourceAccount: "444455556666" } : {});
      const e = explain(req, set);
      assert.equal(e.decidingLayer, layer);
      assert.equal(denialReason(e), reason);
    });
  }
  it("the whole message", () => {
    const e = explain(request({ principal: user("MaryMajor", "777788889999"), action: "codecommit:ListRepositories", resource: "*" }), { identity: [] });
    assert.equal(accessDeniedMessage(e), "User: arn:aws:iam::777788889999:user/MaryMajor is not authorized to perform: codecommit:ListRepositories on resource: * because no identity-based policy allows the codecommit:ListRepositories action");
  });
  it("for a role session", () => {
    const e = explain(request({ principal: session("Dev", "s1"), action: "iam:ListUsers", resource: `arn:aws:iam::${A}:user/` }), { identity: [policy("identity", [deny("iam:*")])] });
    assert.equal(accessDeniedMessage(e), `User: arn:aws:sts::${A}:assumed-role/Dev/s1 is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${A}:user/ with an explicit deny in an identity-based policy`);
  });
  it("allowed requests have no reason", () => {
    assert.equal(denialReason(explain(request(), { identity: [policy("identity", [allowAll])] })), "");
  });
});

describe("contextKeysOf — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForCustomPolicy.html", () => {
  it("condition keys and variables, once each, in order of appearance", () => {
    const q = policy("identity", [
      allow("s3:*", "arn:aws:s3:::b/${aws:username}/*", { Condition: { StringEquals: { "aws:PrincipalTag/team": "${aws:PrincipalTag/team}", "s3:prefix": "x" } } }),
      allow("ec2:*", "*", { Condition: { IpAddress: { "AWS:SOURCEIP": "10.0.0.0/8" }, Bool: { "aws:SecureTransport": "true" } } }),
    ]);
    assert.deepEqual(contextKeysOf([q, p]), ["aws:username", "aws:PrincipalTag/team", "s3:prefix", "AWS:SOURCEIP", "aws:SecureTransport", "aws:ViaAWSService"]);
  });
  it("variables in 2008-10-17 policies are text, not keys", () => {
    assert.deepEqual(contextKeysOf([policy("identity", [allow("s3:*", "arn:aws:s3:::b/${aws:username}")], "2008-10-17")]), []);
  });
});

describe("principalContext — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html", () => {
  it("derives the principal keys per principal type", () => {
    assert.deepEqual(principalContext(user("team/alice" as string)), { "aws:PrincipalArn": `arn:aws:iam::${A}:user/team/alice`, "aws:PrincipalAccount": A, "aws:PrincipalType": "User", "aws:username": "alice" });
    assert.deepEqual(principalContext(session("Dev", "s1")), { "aws:PrincipalArn": `arn:aws:iam::${A}:role/Dev`, "aws:PrincipalAccount": A, "aws:PrincipalType": "AssumedRole" });
    assert.deepEqual(principalContext({ arn: `arn:aws:iam::${A}:root`, accountId: A, type: "root" }), { "aws:PrincipalArn": `arn:aws:iam::${A}:root`, "aws:PrincipalAccount": A, "aws:PrincipalType": "Account" });
    assert.deepEqual(principalContext({ arn: "*", accountId: "", type: "anonymous" }), { "aws:PrincipalType": "Anonymous" });
  });
});
