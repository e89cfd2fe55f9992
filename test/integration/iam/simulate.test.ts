// The policy simulator APIs, answered by the same engine enforce mode uses.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand, GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand, CreateUserCommand, PutUserPolicyCommand, CreateGroupCommand, AddUserToGroupCommand,
  PutGroupPolicyCommand, IAMServiceException, PutUserPermissionsBoundaryCommand, CreatePolicyCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator({ args: ["--no-persist"] });
const iam = () => new IAMClient({ ...emu.clientConfig, maxAttempts: 1 });
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement }, null, 2);

const READ_BUCKET = doc(
  { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" },
  { Sid: "NoSecrets", Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::reports/secret/*" },
  { Sid: "FromOffice", Effect: "Allow", Action: "s3:PutObject", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } },
);

describe("SimulateCustomPolicy", () => {
  it("allowed, explicitDeny and implicitDeny per action and resource, with the deciding statements", async () => {
    const out = await iam().send(new SimulateCustomPolicyCommand({
      PolicyInputList: [READ_BUCKET], ActionNames: ["s3:GetObject", "s3:DeleteObject"],
      ResourceArns: ["arn:aws:s3:::reports/q1.csv", "arn:aws:s3:::reports/secret/pay.csv"],
    }));
    const byKey = new Map(out.EvaluationResults!.map((r) => [`${r.EvalActionName} ${r.EvalResourceName}`, r]));
    assert.equal(out.EvaluationResults!.length, 4);
    const allowed = byKey.get("s3:GetObject arn:aws:s3:::reports/q1.csv")!;
    assert.equal(allowed.EvalDecision, "allowed");
    assert.equal(allowed.MatchedStatements![0]!.SourcePolicyId, "PolicyInputList.1");
    assert.deepEqual(allowed.MatchedStatements![0]!.StartPosition, { Line: 4, Column: 5 });
    assert.equal(byKey.get("s3:GetObject arn:aws:s3:::reports/secret/pay.csv")!.EvalDecision, "explicitDeny");
    assert.equal(byKey.get("s3:DeleteObject arn:aws:s3:::reports/q1.csv")!.EvalDecision, "implicitDeny");
    assert.equal(out.IsTruncated, false);
  });

  it("conditions read ContextEntries; a missing key is reported in MissingContextValues", async () => {
    const run = (ip?: string) => iam().send(new SimulateCustomPolicyCommand({
      PolicyInputList: [READ_BUCKET], ActionNames: ["s3:PutObject"],
      ContextEntries: ip ? [{ ContextKeyName: "aws:SourceIp", ContextKeyValues: [ip], ContextKeyType: "ip" }] : undefined,
    }));
    assert.equal((await run("203.0.113.9")).EvaluationResults![0]!.EvalDecision, "allowed");
    assert.equal((await run("198.51.100.1")).EvaluationResults![0]!.EvalDecision, "implicitDeny");
    const missing = (await run()).EvaluationResults![0]!;
    assert.equal(missing.EvalDecision, "implicitDeny");
    assert.deepEqual(missing.MissingContextValues, ["aws:SourceIp"]);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html: "if any statement denies that
  // operation, then the explicit deny overrides any allow. In addition, the deny statement is the only entry
  // included in the result."
  it("on explicitDeny MatchedStatements lists only the deny; on allowed, the allows; input policies are 'IAM Policy'", async () => {
    const both = doc(
      { Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*" },
      { Sid: "Reports", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" },
      { Sid: "NoSecrets", Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/secret/*" },
    );
    const out = await iam().send(new SimulateCustomPolicyCommand({
      PolicyInputList: [READ_BUCKET, both], ActionNames: ["s3:GetObject"],
      ResourceArns: ["arn:aws:s3:::reports/secret/pay.csv", "arn:aws:s3:::reports/q1.csv"],
    }));
    const [denied, allowed] = out.EvaluationResults!;
    assert.equal(denied!.EvalDecision, "explicitDeny");
    assert.deepEqual(denied!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType, m.StartPosition!.Line]),
      [["PolicyInputList.1", "IAM Policy", 10], ["PolicyInputList.2", "IAM Policy", 16]]);
    assert.equal(allowed!.EvalDecision, "allowed");
    assert.deepEqual(allowed!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.StartPosition!.Line]),
      [["PolicyInputList.1", 4], ["PolicyInputList.2", 4], ["PolicyInputList.2", 10]]);
  });

  it("one result per action and resource, in request order, each with its ResourceSpecificResults", async () => {
    const out = await iam().send(new SimulateCustomPolicyCommand({
      PolicyInputList: [READ_BUCKET], ActionNames: ["s3:PutObject", "s3:GetObject"],
      ResourceArns: ["arn:aws:s3:::reports/b.csv", "arn:aws:s3:::reports/a.csv"],
    }));
    assert.deepEqual(out.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalResourceName]), [
      ["s3:PutObject", "arn:aws:s3:::reports/b.csv"], ["s3:PutObject", "arn:aws:s3:::reports/a.csv"],
      ["s3:GetObject", "arn:aws:s3:::reports/b.csv"], ["s3:GetObject", "arn:aws:s3:::reports/a.csv"],
    ]);
    const put = out.EvaluationResults![0]!;
    // With a list of resources, missing context values are reported under ResourceSpecificResults instead.
    assert.deepEqual(put.MissingContextValues, []);
    assert.deepEqual(put.ResourceSpecificResults, [{ EvalResourceName: "arn:aws:s3:::reports/b.csv", EvalResourceDecision: "implicitDeny",
      MatchedStatements: [], MissingContextValues: ["aws:SourceIp"] }]);
    // Same account with a resource ARN: EvalDecisionDetails is present but empty.
    assert.deepEqual(put.EvalDecisionDetails, {});
    const star = await iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: [READ_BUCKET], ActionNames: ["s3:PutObject"] }));
    assert.equal(star.EvaluationResults![0]!.EvalResourceName, "*");
    assert.equal(star.EvaluationResults![0]!.ResourceSpecificResults, undefined);
    assert.equal(star.EvaluationResults![0]!.EvalDecisionDetails, undefined);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html: without CallerArn no caller is
  // simulated; keys the policies need and the request lacks are listed in MissingContextValues.
  it("without CallerArn no caller is invented: aws:username is missing, not 'SimulatedUser'", async () => {
    const own = doc({ Effect: "Allow", Action: "iam:GetUser", Resource: "arn:aws:iam::000000000000:user/${aws:username}" });
    const bare = (await iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: [own], ActionNames: ["iam:GetUser"] }))).EvaluationResults![0]!;
    assert.equal(bare.EvalDecision, "implicitDeny");
    assert.deepEqual(bare.MissingContextValues, ["aws:username"]);
    const asAlice = (await iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: [own], ActionNames: ["iam:GetUser"],
      ResourceArns: ["arn:aws:iam::000000000000:user/alice"], CallerArn: "arn:aws:iam::000000000000:user/alice" }))).EvaluationResults![0]!;
    assert.equal(asAlice.EvalDecision, "allowed");
    await assert.rejects(iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: [own], ActionNames: ["iam:GetUser"],
      ResourcePolicy: doc({ Effect: "Allow", Principal: "*", Action: "iam:GetUser", Resource: "*" }) })),
    (e: IAMServiceException) => e.name === "InvalidInputException" && e.$metadata.httpStatusCode === 400 && /CallerArn is required/.test(e.message));
  });

  it("a permissions boundary is reported in PermissionsBoundaryDecisionDetail", async () => {
    const out = await iam().send(new SimulateCustomPolicyCommand({
      PolicyInputList: [READ_BUCKET], PermissionsBoundaryPolicyInputList: [doc({ Effect: "Allow", Action: "s3:List*", Resource: "*" })],
      ActionNames: ["s3:GetObject"], ResourceArns: ["arn:aws:s3:::reports/q1.csv"],
    }));
    const r = out.EvaluationResults![0]!;
    assert.equal(r.EvalDecision, "implicitDeny");
    assert.deepEqual(r.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
  });

  it("pages with MaxItems and Marker", async () => {
    const first = await iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: [READ_BUCKET], ActionNames: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], MaxItems: 2 }));
    assert.equal(first.EvaluationResults!.length, 2);
    assert.equal(first.IsTruncated, true);
    const second = await iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: [READ_BUCKET], ActionNames: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(second.EvaluationResults!.map((r) => r.EvalActionName), ["s3:ListBucket"]);
    assert.equal(second.IsTruncated, false);
  });

  it("a malformed policy → MalformedPolicyDocument 400", async () => {
    await assert.rejects(iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Statement": [{"Effect": "Maybe"}]}'], ActionNames: ["s3:GetObject"] })),
      (e: unknown) => e instanceof IAMServiceException && (e as unknown as { Code: string }).Code === "MalformedPolicyDocument" && e.$metadata.httpStatusCode === 400);
  });
});

describe("SimulatePrincipalPolicy and context keys", () => {
  it("combines a user's own and its groups' policies", async () => {
    await iam().send(new CreateUserCommand({ UserName: "sim" }));
    await iam().send(new PutUserPolicyCommand({ UserName: "sim", PolicyName: "own", PolicyDocument: doc({ Effect: "Allow", Action: "iam:GetUser", Resource: "*" }) }));
    await iam().send(new CreateGroupCommand({ GroupName: "sim-group" }));
    await iam().send(new AddUserToGroupCommand({ GroupName: "sim-group", UserName: "sim" }));
    await iam().send(new PutGroupPolicyCommand({ GroupName: "sim-group", PolicyName: "grp", PolicyDocument: doc({ Effect: "Allow", Action: "iam:ListUsers", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } }) }));
    const out = await iam().send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: "arn:aws:iam::000000000000:user/sim", ActionNames: ["iam:GetUser", "iam:ListUsers", "iam:DeleteUser"],
      ContextEntries: [{ ContextKeyName: "aws:RequestedRegion", ContextKeyValues: ["eu-west-1"], ContextKeyType: "string" }],
    }));
    assert.deepEqual(out.EvaluationResults!.map((r) => r.EvalDecision), ["allowed", "allowed", "implicitDeny"]);
    assert.match(out.EvaluationResults![1]!.MatchedStatements![0]!.SourcePolicyId!, /grp/);
    const keys = await iam().send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: "arn:aws:iam::000000000000:user/sim" }));
    assert.deepEqual(keys.ContextKeyNames, ["aws:RequestedRegion"]);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html: a boundary given in
  // PermissionsBoundaryPolicyInputList "replaces the permissions boundary that is attached to the entity".
  it("PermissionsBoundaryPolicyInputList replaces the entity's attached boundary", async () => {
    await iam().send(new CreateUserCommand({ UserName: "bounded" }));
    await iam().send(new PutUserPolicyCommand({ UserName: "bounded", PolicyName: "all", PolicyDocument: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }));
    const onlyIam = await iam().send(new CreatePolicyCommand({ PolicyName: "only-iam", PolicyDocument: doc({ Effect: "Allow", Action: "iam:*", Resource: "*" }) }));
    await iam().send(new PutUserPermissionsBoundaryCommand({ UserName: "bounded", PermissionsBoundary: onlyIam.Policy!.Arn }));
    const run = (boundary?: string) => iam().send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: "arn:aws:iam::000000000000:user/bounded", ActionNames: ["iam:GetUser", "s3:ListBucket"],
      PermissionsBoundaryPolicyInputList: boundary ? [boundary] : undefined,
    }));
    assert.deepEqual((await run()).EvaluationResults!.map((r) => r.EvalDecision), ["allowed", "implicitDeny"]);
    const replaced = await run(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }));
    assert.deepEqual(replaced.EvaluationResults!.map((r) => r.EvalDecision), ["implicitDeny", "allowed"]);
    assert.deepEqual(replaced.EvaluationResults!.map((r) => r.PermissionsBoundaryDecisionDetail), [{ AllowedByPermissionsBoundary: false }, { AllowedByPermissionsBoundary: true }]);
  });

  it("a missing principal → NoSuchEntity", async () => {
    await assert.rejects(iam().send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: "arn:aws:iam::000000000000:user/ghost", ActionNames: ["iam:GetUser"] })),
      (e: unknown) => e instanceof IAMServiceException && e.$metadata.httpStatusCode === 404);
  });

  it("GetContextKeysForCustomPolicy lists the condition keys", async () => {
    const out = await iam().send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [READ_BUCKET] }));
    assert.deepEqual(out.ContextKeyNames, ["aws:SourceIp"]);
  });
});
