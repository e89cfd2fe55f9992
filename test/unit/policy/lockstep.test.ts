// explain() and evaluate() run the same walk; on thousands of generated cases (fixed seed) they must agree,
// and the explanation must be consistent with itself.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compilePolicy, evaluate, explain, type AuthzPrincipal, type AuthzRequest, type CompiledPolicy, type PolicyKind, type PolicySet } from "../../../src/policy/index.js";

function rng(seed: number) {
  let s = seed >>> 0;
  return {
    int(n: number): number { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % n; },
    pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; },
    chance(p: number): boolean { return this.int(1000) < p * 1000; },
  };
}

const A = "111122223333", B = "444455556666";
const ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "iam:GetUser", "iam:CreateUser", "iam:PassRole", "sts:AssumeRole", "ec2:RunInstances", "ec2:DescribeInstances"];
const ACTION_PATTERNS = ["*", "s3:*", "s3:Get*", "s3:*Object", "iam:*", "iam:Get*", "iam:?etUser", "sts:AssumeRole", "ec2:Describe*", "ec2:RunInstances", "S3:GETOBJECT"];
const RESOURCES = ["arn:aws:s3:::bucket/a/x", "arn:aws:s3:::bucket", "arn:aws:s3:::other/alice/y", `arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:role/Dev`, `arn:aws:ec2:eu-west-1:${A}:instance/i-1`, "*"];
const RESOURCE_PATTERNS = ["*", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket*", "arn:aws:s3:::*/${aws:username}/*", `arn:aws:iam::${A}:user/\${aws:username}`, "arn:aws:iam::*:role/*", "arn:aws:ec2:*:*:instance/*", "arn:aws:s3:::b?cket"];
const CONDITIONS: object[] = [
  { StringEquals: { "aws:PrincipalTag/team": "red" } },
  { StringNotEquals: { "aws:PrincipalTag/team": ["blue", "green"] } },
  { StringLike: { "s3:prefix": ["home/${aws:username}/*", "public/*"] } },
  { StringEqualsIgnoreCase: { "aws:username": "ALICE" } },
  { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"] } },
  { NotIpAddress: { "aws:SourceIp": "192.0.2.0/24" } },
  { Bool: { "aws:SecureTransport": "true" } },
  { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
  { NumericLessThan: { "s3:max-keys": "100" } },
  { DateGreaterThan: { "aws:CurrentTime": "2025-01-01T00:00:00Z" } },
  { Null: { "aws:TokenIssueTime": "true" } },
  { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } },
  { "ForAnyValue:StringLike": { "aws:TagKeys": "te*" } },
  { ArnLike: { "aws:SourceArn": "arn:aws:sns:*:111122223333:*" } },
  { StringEqualsIfExists: { "aws:RequestedRegion": "eu-west-1" } },
];
const PRINCIPALS: unknown[] = ["*", { AWS: A }, { AWS: B }, { AWS: `arn:aws:iam::${A}:user/alice` }, { AWS: `arn:aws:iam::${B}:user/bob` },
  { AWS: `arn:aws:iam::${A}:role/Dev` }, { AWS: `arn:aws:sts::${A}:assumed-role/Dev/s1` }, { Service: "lambda.amazonaws.com" }];
const CALLERS: AuthzPrincipal[] = [
  { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: "user" },
  { arn: `arn:aws:iam::${B}:user/bob`, accountId: B, type: "user" },
  { arn: `arn:aws:sts::${A}:assumed-role/Dev/s1`, accountId: A, type: "assumed-role", roleArn: `arn:aws:iam::${A}:role/Dev` },
  { arn: `arn:aws:iam::${A}:root`, accountId: A, type: "root" },
  { arn: `arn:aws:sts::${A}:federated-user/fed`, accountId: A, type: "federated-user" },
  { arn: "lambda.amazonaws.com", accountId: "", type: "service" },
  { arn: "*", accountId: "", type: "anonymous" },
];

function statement(r: ReturnType<typeof rng>, kind: PolicyKind): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: r.chance(0.3) ? "Deny" : "Allow" };
  const actions = Array.from({ length: 1 + r.int(2) }, () => r.pick(ACTION_PATTERNS));
  s[r.chance(0.15) ? "NotAction" : "Action"] = actions.length === 1 ? actions[0] : actions;
  if (kind !== "trust") s[r.chance(0.1) ? "NotResource" : "Resource"] = r.pick(RESOURCE_PATTERNS);
  if (kind === "resource" || kind === "trust" || kind === "rcp") s[kind === "resource" && r.chance(0.1) ? "NotPrincipal" : "Principal"] = kind === "rcp" ? "*" : r.pick(PRINCIPALS);
  if (r.chance(0.5)) s["Condition"] = Object.assign({}, ...Array.from({ length: 1 + r.int(2) }, () => r.pick(CONDITIONS)));
  if (kind === "trust") s["Action"] = "sts:AssumeRole", delete s["NotAction"];
  return s;
}

// Policies are drawn from a compiled pool per kind: varied enough, and compiling stays out of the loop.
function pools(r: ReturnType<typeof rng>): Record<PolicyKind, CompiledPolicy[]> {
  const kinds: PolicyKind[] = ["identity", "boundary", "session", "resource", "trust", "scp", "rcp"];
  return Object.fromEntries(kinds.map((kind) => [kind, Array.from({ length: 150 }, (_, i) => compilePolicy({
    Version: r.chance(0.9) ? "2012-10-17" : "2008-10-17",
    Statement: Array.from({ length: 1 + r.int(4) }, () => statement(r, kind)),
  }, { kind, name: `${kind}-${i}` }))])) as Record<PolicyKind, CompiledPolicy[]>;
}

function generated(seed: number, count: number): { label: string; req: AuthzRequest; set: PolicySet }[] {
  const r = rng(seed);
  const pool = pools(r);
  const policies = (_: unknown, kind: PolicyKind, max: number) => Array.from({ length: r.int(max + 1) }, () => r.pick(pool[kind]));
  const out: { label: string; req: AuthzRequest; set: PolicySet }[] = [];
  for (let i = 0; i < count; i++) {
    const set: PolicySet = { identity: policies(r, "identity", 3) };
    if (r.chance(0.3)) set.boundary = policies(r, "boundary", 2);
    if (r.chance(0.2)) set.session = policies(r, "session", 2);
    if (r.chance(0.4)) set.resource = policies(r, r.chance(0.3) ? "trust" : "resource", 1);
    if (r.chance(0.25)) set.scps = policies(r, "scp", 2);
    if (r.chance(0.1)) set.rcps = policies(r, "rcp", 1);
    const principal = r.pick(CALLERS);
    const context: AuthzRequest["context"] = {};
    if (r.chance(0.7)) context["aws:username"] = r.pick(["alice", "bob"]);
    if (r.chance(0.6)) context[r.pick(["aws:PrincipalTag/team", "AWS:PRINCIPALTAG/TEAM"])] = r.pick(["red", "blue", "green"]);
    if (r.chance(0.6)) context["aws:SourceIp"] = r.pick(["10.1.2.3", "192.0.2.9", "2001:db8::1", "198.51.100.1"]);
    if (r.chance(0.5)) context["aws:SecureTransport"] = r.chance(0.5);
    if (r.chance(0.5)) context["aws:MultiFactorAuthPresent"] = r.chance(0.5);
    if (r.chance(0.4)) context["s3:prefix"] = r.pick(["home/alice/x", "home/bob/x", "public/a", "private"]);
    if (r.chance(0.4)) context["s3:max-keys"] = r.pick([5, "50", 500]);
    if (r.chance(0.5)) context["aws:CurrentTime"] = new Date(Date.UTC(2024 + r.int(3), r.int(12), 1));
    if (r.chance(0.3)) context["aws:TokenIssueTime"] = "2025-06-01T00:00:00Z";
    if (r.chance(0.4)) context["aws:TagKeys"] = r.pick([["team"], ["team", "env"], ["owner"], []]);
    if (r.chance(0.3)) context["aws:SourceArn"] = r.pick(["arn:aws:sns:us-east-1:111122223333:t", "arn:aws:sqs:us-east-1:111122223333:q"]);
    if (r.chance(0.3)) context["aws:RequestedRegion"] = r.pick(["eu-west-1", "us-east-1"]);
    const req: AuthzRequest = { principal, action: r.pick(ACTIONS), resource: r.pick(RESOURCES), context };
    if (r.chance(0.3)) req.resourceAccount = r.pick([A, B]);
    out.push({ label: `case ${i} (seed ${seed})`, req, set });
  }
  return out;
}

describe("explain and evaluate agree (lockstep)", () => {
  const cases = generated(7, 12_000);

  it("on 12,000 generated cases with seed 7", () => {
    const tally = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
    for (const c of cases) {
      const fast = evaluate(c.req, c.set);
      const e = explain(c.req, c.set);
      assert.equal(e.decision, fast, c.label);
      tally[fast]++;
    }
    // The generator must exercise every outcome, or agreement proves little.
    for (const [k, n] of Object.entries(tally)) assert.ok(n > 500, `${k}: only ${n} cases`);
  });

  it("the explanation is consistent with its decision", () => {
    for (const c of cases.slice(0, 3000)) {
      const e = explain(c.req, c.set);
      assert.ok(e.decidingLayer !== undefined, c.label);
      if (e.decision === "explicitDeny") {
        assert.equal(e.decidingStatement?.layer, e.decidingLayer, c.label);
        assert.ok(e.matchedStatements.some((m) => m.layer === e.decidingLayer), c.label);
      }
      if (e.decision === "implicitDeny") assert.equal(e.decidingStatement, undefined, c.label);
      const traced = e.policies.reduce((n, p) => n + p.statements.length, 0);
      const skipped = new Set(e.layers.filter((l) => l.outcome === "skipped").map((l) => l.layer));
      const expected = e.policies.filter((p) => !skipped.has(p.layer))
        .reduce((n, p) => n + c.set[p.layer === "scp" ? "scps" : p.layer === "rcp" ? "rcps" : p.layer]!.find((x) => x.source === p.source)!.statements.length, 0);
      assert.equal(traced, expected, `${c.label}: every statement of every applicable policy has a verdict`);
    }
  });

  it("agrees across more distinct actions than a policy's action memo keeps, in any letter case", () => {
    const set = { identity: [compilePolicy({ Version: "2012-10-17", Statement: [
      { Effect: "Allow", Action: ["s3:Get*", "iam:ListUsers"], Resource: "*" },
      { Effect: "Deny", Action: "s3:GetObject7*", Resource: "*" },
      { Effect: "Allow", NotAction: "s3:*", Resource: "*" },
    ] }, { kind: "identity", name: "many-actions" })] };
    const tally = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
    for (let i = 0; i < 3000; i++) {
      const name = i % 3 === 0 ? `s3:GetObject${i}` : i % 3 === 1 ? `S3:PUTOBJECT${i}` : `sqs:SendMessage${i}`;
      const req: AuthzRequest = { principal: { arn: "arn:aws:iam::111111111111:user/u", accountId: "111111111111", type: "user" }, action: name, resource: "*", context: {} };
      const fast = evaluate(req, set);
      assert.equal(explain(req, set).decision, fast, name);
      tally[fast]++;
    }
    // s3:GetObject72, 75, 78 and 702…798 (36) are denied; the other 964 and the 1,000 sqs actions allowed;
    // S3:PUTOBJECT… (1,000) matches neither s3:Get* nor NotAction s3:*.
    assert.deepEqual(tally, { allowed: 1964, explicitDeny: 36, implicitDeny: 1000 });
  });

  it("evaluating twice gives the same answer (no state leaks between calls)", () => {
    const again = generated(7, 2000);
    for (let i = 0; i < again.length; i++) assert.equal(evaluate(again[i]!.req, again[i]!.set), evaluate(cases[i]!.req, cases[i]!.set));
  });
});
