// Policy evaluation speed: a 20-statement identity policy with wildcards, NotAction/NotResource, policy
// variables and conditions, plus a permissions boundary, against 100,000 varied requests; fast path
// (evaluate) and explain path. Run: node --import tsx bench/policy.bench.ts
import type { AuthzRequest, PolicySet } from "../src/policy/index.js";
import { bundled } from "./lib/bundled.js";
import { Report } from "./lib/report.js";

const { compilePolicy, evaluate, explain, validatePolicy } = bundled<typeof import("../src/policy/index.js")>("src/policy/index.ts");

const ACCOUNT = "123456789012";
const policy = compilePolicy({
  Version: "2012-10-17",
  Statement: [
    { Sid: "ReadOwnUser", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` },
    { Sid: "ListAll", Effect: "Allow", Action: "iam:List*", Resource: "*" },
    { Sid: "ManageKeys", Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:UpdateAccessKey"], Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` },
    { Sid: "S3Team", Effect: "Allow", Action: "s3:*Object", Resource: "arn:aws:s3:::team-*/${aws:PrincipalTag/team}/*" },
    { Sid: "S3List", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::team-*", Condition: { StringLike: { "s3:prefix": ["${aws:PrincipalTag/team}/*", "shared/*"] } } },
    { Sid: "Ec2Describe", Effect: "Allow", Action: "ec2:Describe*", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] } } },
    { Sid: "Ec2Tagged", Effect: "Allow", Action: ["ec2:StartInstances", "ec2:StopInstances"], Resource: "arn:aws:ec2:*:*:instance/*", Condition: { StringEquals: { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" } } },
    { Sid: "OfficeOnly", Effect: "Deny", Action: "*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24", "2001:db8::/32"] }, Bool: { "aws:ViaAWSService": "false" } } },
    { Sid: "NoMfaNoIam", Effect: "Deny", NotAction: ["iam:Get*", "iam:List*", "sts:GetSessionToken"], Resource: "arn:aws:iam::*:*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } },
    { Sid: "Dynamo", Effect: "Allow", Action: "dynamodb:*Item", Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/app-*`, Condition: { "ForAllValues:StringEquals": { "dynamodb:Attributes": ["id", "name", "email", "team"] } } },
    { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:/app/*:*` },
    { Sid: "Lambda", Effect: "Allow", Action: "lambda:Invoke?unction", Resource: `arn:aws:lambda:*:${ACCOUNT}:function:app-*` },
    { Sid: "PassRole", Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/app-*`, Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } },
    { Sid: "KmsViaS3", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*", Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } } },
    { Sid: "TimeBox", Effect: "Allow", Action: "sqs:*", Resource: `arn:aws:sqs:*:${ACCOUNT}:app-*`, Condition: { DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" }, DateGreaterThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } },
    { Sid: "Sns", Effect: "Allow", Action: "sns:Publish", NotResource: `arn:aws:sns:*:${ACCOUNT}:admin-*` },
    { Sid: "TagsOnCreate", Effect: "Allow", Action: "ec2:RunInstances", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team", "cost-center"] }, NumericLessThanEquals: { "ec2:VolumeSize": "100" } } },
    { Sid: "Secrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:*:${ACCOUNT}:secret:app/\${aws:PrincipalTag/team}/*` },
    { Sid: "DenyBoundaryChange", Effect: "Deny", Action: ["iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary"], Resource: "*" },
    { Sid: "CloudWatch", Effect: "Allow", Action: ["cloudwatch:PutMetricData", "cloudwatch:Get*"], Resource: "*", Condition: { StringEqualsIgnoreCase: { "cloudwatch:namespace": "App/Metrics" } } },
  ],
}, { kind: "identity", name: "bench-policy" });

const boundary = compilePolicy({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", NotAction: ["organizations:*", "account:*"], Resource: "*" }],
}, { kind: "boundary", name: "bench-boundary" });

const set: PolicySet = { identity: [policy], boundary: [boundary] };

// Deterministic variety: actions that hit, miss and deny; resources across services; differing contexts.
let seed = 42;
const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const users = ["alice", "bob", "carol", "dave", "erin"];
const teams = ["red", "blue", "green"];
const actions = ["iam:GetUser", "iam:ListUsers", "iam:CreateAccessKey", "iam:DeleteUser", "s3:GetObject", "s3:PutObject", "s3:ListBucket",
  "ec2:DescribeInstances", "ec2:StartInstances", "ec2:RunInstances", "dynamodb:GetItem", "dynamodb:PutItem", "logs:PutLogEvents",
  "lambda:InvokeFunction", "iam:PassRole", "kms:Decrypt", "sqs:SendMessage", "sns:Publish", "secretsmanager:GetSecretValue",
  "cloudwatch:PutMetricData", "organizations:ListAccounts", "iam:PutUserPermissionsBoundary"];
function resourceFor(action: string, user: string, team: string): string {
  const svc = action.split(":")[0];
  switch (svc) {
    case "iam": return action === "iam:PassRole" ? `arn:aws:iam::${ACCOUNT}:role/app-${team}` : action === "iam:ListUsers" ? "*" : `arn:aws:iam::${ACCOUNT}:user/${rnd(3) ? user : "other"}`;
    case "s3": return action === "s3:ListBucket" ? `arn:aws:s3:::team-${team}` : `arn:aws:s3:::team-${team}/${rnd(2) ? team : "x"}/file${rnd(100)}.txt`;
    case "ec2": return action === "ec2:DescribeInstances" ? "*" : `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-${rnd(1e6)}`;
    case "dynamodb": return `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/app-${team}`;
    case "logs": return `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/app/${team}:log-stream:s${rnd(9)}`;
    case "lambda": return `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:app-${team}`;
    case "sqs": return `arn:aws:sqs:eu-west-1:${ACCOUNT}:app-${team}`;
    case "sns": return `arn:aws:sns:eu-west-1:${ACCOUNT}:${rnd(2) ? "admin" : "app"}-${team}`;
    case "secretsmanager": return `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app/${team}/db-AbCdEf`;
    default: return "*";
  }
}
const requests: AuthzRequest[] = [];
for (let i = 0; i < 100_000; i++) {
  const user = users[rnd(users.length)]!, team = teams[rnd(teams.length)]!, action = actions[rnd(actions.length)]!;
  requests.push({
    principal: { arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, accountId: ACCOUNT, type: "user" },
    action,
    resource: resourceFor(action, user, team),
    context: {
      "aws:username": user,
      "aws:PrincipalTag/team": team,
      "aws:SourceIp": rnd(10) ? `10.${rnd(256)}.${rnd(256)}.${rnd(256)}` : `203.0.113.${rnd(256)}`,
      "aws:ViaAWSService": false,
      "aws:MultiFactorAuthPresent": rnd(4) !== 0,
      "aws:RequestedRegion": rnd(2) ? "eu-west-1" : "ap-south-1",
      "aws:CurrentTime": new Date(Date.UTC(2026, rnd(12), 1 + rnd(28))),
      "aws:ResourceTag/team": teams[rnd(teams.length)]!,
      "iam:PassedToService": rnd(2) ? "lambda.amazonaws.com" : "ec2.amazonaws.com",
      "aws:TagKeys": rnd(2) ? ["team"] : ["owner"],
      "ec2:VolumeSize": rnd(200),
      "s3:prefix": rnd(2) ? `${team}/docs` : "private/",
      "dynamodb:Attributes": rnd(2) ? ["id", "name"] : ["id", "ssn"],
    },
  });
}

function run(label: string, fn: (r: AuthzRequest) => unknown, rounds: number): number {
  for (let i = 0; i < 20_000; i++) fn(requests[i]!); // warm up the JIT
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let k = 0; k < rounds; k++) for (let i = 0; i < requests.length; i++) fn(requests[i]!);
  const cpu = process.cpuUsage(c0);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  // CPU time, not wall time: the figure is per core-second even on a busy machine.
  const secs = (cpu.user + cpu.system) / 1e6;
  const perSec = (rounds * requests.length) / secs;
  console.log(`${label.padEnd(12)} ${Math.round(perSec).toLocaleString("en-US").padStart(12)} evaluations/s per core  (${rounds * requests.length} in ${secs.toFixed(2)} s CPU, ${wall.toFixed(2)} s wall)`);
  return perSec;
}

const tally = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
for (const r of requests) tally[evaluate(r, set)]++;
console.log(`policy: ${policy.statements.length} statements + boundary; requests: ${requests.length.toLocaleString("en-US")} (allowed ${tally.allowed}, explicitDeny ${tally.explicitDeny}, implicitDeny ${tally.implicitDeny})`);
const fast = run("fast path", (r) => evaluate(r, set), 10);
const slow = run("explain path", (r) => explain(r, set), 1);
console.log(`target 500,000/s on the fast path: ${fast >= 500_000 ? "met" : "NOT met"}; explain costs ${(fast / slow).toFixed(1)}x the fast path`);
const report = new Report("policy");
report.add({ id: "policy", what: "policy engine: 20-statement policy with wildcards, conditions and a boundary, 100,000 varied requests",
  ours: `${Math.round(fast).toLocaleString("en-US")} evaluations/s per core; ${Math.round(slow).toLocaleString("en-US")}/s with a full explanation`,
  target: "≥ 500,000/s", met: fast >= 500_000 });
report.save();

// Validation as the editor runs it on every keystroke (the JSON Schema was compiled with the policies above).
const sized = (n: number) => JSON.stringify({ Version: "2012-10-17", Statement: Array.from({ length: n }, (_, i) => ({
  Sid: `S${i}`, Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::bucket-${i}/*`,
  Condition: { StringEquals: { "aws:PrincipalTag/team": "red" } } })) }, null, 2);
let t = 0;
for (const [label, n] of [["1 KB", 4], ["10 KB", 36], ["100 KB", 360]] as const) {
  const text = sized(n);
  const rounds = 20;
  t = performance.now();
  for (let i = 0; i < rounds; i++) validatePolicy(text, "resource", { maxSize: Infinity });
  console.log(`validatePolicy ${label.padEnd(6)} (${(text.length / 1024).toFixed(1)} KB): ${((performance.now() - t) / rounds).toFixed(2)} ms`);
}
