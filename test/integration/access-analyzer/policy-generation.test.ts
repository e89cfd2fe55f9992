// Least privilege from what an app really did: a scripted run of IAM, STS and Cognito calls in enforce mode,
// then StartPolicyGeneration / GetGeneratedPolicy for the user and for the role it assumed. The generated
// policy passes ValidatePolicy without errors and, simulated with IAM's SimulateCustomPolicy, allows every
// recorded request and none of the neighbouring requests the app never made. The request log behind it is
// read through GET /_emulator/requests and survives a restart.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  AccessAnalyzerClient, StartPolicyGenerationCommand, GetGeneratedPolicyCommand, ListPolicyGenerationsCommand,
  CancelPolicyGenerationCommand, ValidatePolicyCommand,
} from "@aws-sdk/client-accessanalyzer";
import {
  IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand, GetUserCommand, CreateGroupCommand, ListGroupsCommand,
  CreateRoleCommand, PutRolePolicyCommand, GetRoleCommand, DeleteUserCommand, SimulateCustomPolicyCommand,
} from "@aws-sdk/client-iam";
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { CognitoIdentityProviderClient, CreateUserPoolCommand, DescribeUserPoolCommand, ListUserPoolsCommand } from "@aws-sdk/client-cognito-identity-provider";
import { spawnEmulator, useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";
import type { IdentityRequestsAnswer, RequestIdentitiesAnswer } from "../../../src/admin-api/requests.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });
const ACCOUNT = "000000000000";
const USER = `arn:aws:iam::${ACCOUNT}:user/app`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app-role`;
let poolId = "";

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

async function generated(principalArn: string, options: { includeResourcePlaceholders?: boolean; includeServiceLevelTemplate?: boolean } = {}) {
  const aa = new AccessAnalyzerClient(emu.clientConfig);
  const { jobId } = await aa.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn } }));
  const out = await aa.send(new GetGeneratedPolicyCommand({ jobId, ...options }));
  return { jobId: jobId!, out, policies: out.generatedPolicyResult!.generatedPolicies!.map((p) => JSON.parse(p.policy!) as { Statement: { Action: string[]; Resource: string | string[] }[] }) };
}

/** IAM's simulator on the generated policy alone: the decision for each action + resource. */
async function simulate(policyText: string, pairs: [action: string, resource: string][]): Promise<string[]> {
  const iam = new IAMClient(emu.clientConfig);
  const out: string[] = [];
  for (const [action, resource] of pairs) {
    const r = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policyText], ActionNames: [action], ResourceArns: [resource] }));
    out.push(`${action} ${resource} ${r.EvaluationResults![0]!.EvalDecision}`);
  }
  return out;
}

describe("policy generation from the request log", () => {
  before(async () => {
    const root = new IAMClient(emu.clientConfig);
    await root.send(new CreateUserCommand({ UserName: "app" }));
    const { AccessKey } = await root.send(new CreateAccessKeyCommand({ UserName: "app" }));
    await root.send(new PutUserPolicyCommand({ UserName: "app", PolicyName: "broad", PolicyDocument: policy(
      { Effect: "Allow", Action: ["iam:*", "sts:AssumeRole"], Resource: "*" },
      { Effect: "Deny", Action: "iam:DeleteUser", Resource: "*" },
    ) }));
    await root.send(new CreateRoleCommand({ RoleName: "app-role", AssumeRolePolicyDocument: policy({ Effect: "Allow", Principal: { AWS: USER }, Action: "sts:AssumeRole" }) }));
    await root.send(new PutRolePolicyCommand({ RoleName: "app-role", PolicyName: "work", PolicyDocument: policy({ Effect: "Allow", Action: ["cognito-idp:*", "iam:GetRole"], Resource: "*" }) }));

    // The app's run: as the user, then as the role it assumes.
    const credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const iam = new IAMClient({ ...emu.clientConfig, credentials });
    await iam.send(new GetUserCommand({}));
    await iam.send(new CreateGroupCommand({ GroupName: "builders" }));
    await iam.send(new ListGroupsCommand({}));
    await assert.rejects(iam.send(new DeleteUserCommand({ UserName: "someone" })), rejectsWith("AccessDenied", 403));
    const sts = new STSClient({ ...emu.clientConfig, credentials });
    await sts.send(new GetCallerIdentityCommand({}));
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "run-1" }));
    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    await new IAMClient({ ...emu.clientConfig, credentials: session }).send(new GetRoleCommand({ RoleName: "app-role" }));
    const cognito = new CognitoIdentityProviderClient({ ...emu.clientConfig, credentials: session });
    poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: "app-users" }))).UserPool!.Id!;
    await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }));
  });

  it("the user's policy: exactly the actions it called, on the resources it called them on", async () => {
    const { out, policies } = await generated(USER);
    assert.equal(out.jobDetails!.status, "SUCCEEDED");
    assert.equal(out.generatedPolicyResult!.properties!.principalArn, USER);
    assert.equal(out.generatedPolicyResult!.properties!.isComplete, true);
    assert.deepEqual(policies, [{
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["iam:CreateGroup"], Resource: `arn:aws:iam::${ACCOUNT}:group/builders` },
        { Effect: "Allow", Action: ["iam:DeleteUser"], Resource: `arn:aws:iam::${ACCOUNT}:user/someone` },
        { Effect: "Allow", Action: ["iam:GetUser"], Resource: USER },
        { Effect: "Allow", Action: ["iam:ListGroups", "sts:GetCallerIdentity"], Resource: "*" },
        { Effect: "Allow", Action: ["sts:AssumeRole"], Resource: ROLE },
      ],
    }]);
  });

  it("passes ValidatePolicy without errors, allows every recorded request and nothing next to it", async () => {
    const { policies } = await generated(USER);
    const text = JSON.stringify(policies[0]);
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    const findings = (await aa.send(new ValidatePolicyCommand({ policyDocument: text, policyType: "IDENTITY_POLICY" }))).findings!;
    assert.deepEqual(findings.filter((f) => f.findingType === "ERROR" || f.findingType === "SECURITY_WARNING"), []);

    const recorded = (await (await fetch(`${emu.endpoint}/_emulator/requests?identity=${encodeURIComponent(USER)}`)).json()) as IdentityRequestsAnswer;
    const pairs = recorded.access.map((a) => [a.action, a.resource] as [string, string]);
    assert.equal(pairs.length, 6);
    assert.deepEqual(await simulate(text, pairs), pairs.map(([a, r]) => `${a} ${r} allowed`));
    const neighbours: [string, string][] = [
      ["iam:DeleteGroup", `arn:aws:iam::${ACCOUNT}:group/builders`],
      ["iam:CreateGroup", `arn:aws:iam::${ACCOUNT}:group/other`],
      ["iam:GetUser", `arn:aws:iam::${ACCOUNT}:user/someone-else`],
      ["iam:ListUsers", "*"],
      ["sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/admin`],
      ["cognito-idp:ListUserPools", "*"],
    ];
    assert.deepEqual(await simulate(text, neighbours), neighbours.map(([a, r]) => `${a} ${r} implicitDeny`));
  });

  it("the role's policy gathers its sessions' requests, Cognito included", async () => {
    const { policies } = await generated(ROLE);
    const pool = `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${poolId}`;
    assert.deepEqual(policies[0]!.Statement, [
      { Effect: "Allow", Action: ["cognito-idp:CreateUserPool", "cognito-idp:ListUserPools"], Resource: "*" },
      { Effect: "Allow", Action: ["cognito-idp:DescribeUserPool"], Resource: pool },
      { Effect: "Allow", Action: ["iam:GetRole"], Resource: ROLE },
    ]);
    const text = JSON.stringify(policies[0]);
    assert.deepEqual(await simulate(text, [["cognito-idp:DescribeUserPool", pool], ["cognito-idp:DeleteUserPool", pool], ["iam:GetRole", USER.replace("user/app", "role/other")]]),
      [`cognito-idp:DescribeUserPool ${pool} allowed`, `cognito-idp:DeleteUserPool ${pool} implicitDeny`, `iam:GetRole arn:aws:iam::${ACCOUNT}:role/other implicitDeny`]);
  });

  it("with placeholders, resources name AWS's ARN template parts; the service-level template is one more policy", async () => {
    const { policies } = await generated(USER, { includeResourcePlaceholders: true, includeServiceLevelTemplate: true });
    assert.equal(policies.length, 2);
    assert.deepEqual(policies[0]!.Statement.map((s) => s.Resource), [
      `arn:aws:iam::${ACCOUNT}:group/\${GroupNameWithPath}`,
      `arn:aws:iam::${ACCOUNT}:user/\${UserNameWithPath}`,
      "*",
      `arn:aws:iam::${ACCOUNT}:role/\${RoleNameWithPath}`,
    ]);
    assert.deepEqual(policies[1], { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:*", "sts:*"], Resource: "*" }] });
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    for (const p of policies) {
      const findings = (await aa.send(new ValidatePolicyCommand({ policyDocument: JSON.stringify(p), policyType: "IDENTITY_POLICY" }))).findings!;
      assert.deepEqual(findings.filter((f) => f.findingType === "ERROR"), []);
    }
  });

  it("lists jobs newest first; a finished job cannot be canceled; unknown jobs and principals answer precisely", async () => {
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    const { jobId } = await aa.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn: ROLE }, clientToken: "tok-1" }));
    const again = await aa.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn: ROLE }, clientToken: "tok-1" }));
    assert.equal(again.jobId, jobId, "the client token makes Start idempotent");
    const listed = await aa.send(new ListPolicyGenerationsCommand({ principalArn: ROLE }));
    assert.equal(listed.policyGenerations![0]!.jobId, jobId);
    assert.ok(listed.policyGenerations!.every((g) => g.principalArn === ROLE && g.status === "SUCCEEDED" && g.startedOn instanceof Date));
    await assert.rejects(aa.send(new CancelPolicyGenerationCommand({ jobId })),
      rejectsWith("ValidationException", 400, `The policy generation job ${jobId} has already finished with status SUCCEEDED and cannot be canceled.`));
    await assert.rejects(aa.send(new GetGeneratedPolicyCommand({ jobId: "no-such-job" })),
      rejectsWith("ValidationException", 400, "No policy generation job with id no-such-job exists in this account."));
    const ghost = await aa.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn: `arn:aws:iam::${ACCOUNT}:role/ghost` } }));
    const failed = await aa.send(new GetGeneratedPolicyCommand({ jobId: ghost.jobId }));
    assert.equal(failed.jobDetails!.status, "FAILED");
    assert.deepEqual(failed.jobDetails!.jobError, { code: "RESOURCE_NOT_FOUND_ERROR", message: `The principal arn:aws:iam::${ACCOUNT}:role/ghost does not exist.` });
    await assert.rejects(aa.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn: `arn:aws:iam::${ACCOUNT}:group/x` } })),
      rejectsWith("ValidationException", 400, /^1 validation error detected: Value 'arn:aws:iam::000000000000:group\/x' at 'policyGenerationDetails.principalArn' failed to satisfy constraint/));
  });

  it("cloudTrailDetails narrows to a time window and comes back as the job's properties", async () => {
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    const trail = { cloudTrailArn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`, allRegions: true };
    const future = new Date(Date.now() + 3_600_000);
    const { jobId } = await aa.send(new StartPolicyGenerationCommand({
      policyGenerationDetails: { principalArn: USER },
      cloudTrailDetails: { trails: [trail], accessRole: `arn:aws:iam::${ACCOUNT}:role/trail-reader`, startTime: future },
    }));
    const out = await aa.send(new GetGeneratedPolicyCommand({ jobId }));
    assert.deepEqual(out.generatedPolicyResult!.generatedPolicies, []);
    const props = out.generatedPolicyResult!.properties!.cloudTrailProperties!;
    assert.deepEqual(props.trailProperties, [{ cloudTrailArn: trail.cloudTrailArn, allRegions: true }]);
    assert.equal(props.startTime!.toISOString(), future.toISOString());
  });

  it("GET /_emulator/requests lists identities and their requests, denials included; the log survives a restart", async () => {
    const all = (await (await fetch(`${emu.endpoint}/_emulator/requests`)).json()) as RequestIdentitiesAnswer;
    const ids = all.identities.map((i) => i.identity);
    assert.ok(ids.includes(USER) && ids.includes(ROLE), ids.join(", "));
    const user = (await (await fetch(`${emu.endpoint}/_emulator/requests?identity=${encodeURIComponent(USER)}&limit=3`)).json()) as IdentityRequestsAnswer;
    assert.equal(user.requests.length, 3);
    const denied = (await (await fetch(`${emu.endpoint}/_emulator/requests?identity=${encodeURIComponent(USER)}`)).json()) as IdentityRequestsAnswer;
    const del = denied.requests.find((r) => r.action === "iam:DeleteUser")!;
    assert.equal(del.decision, "explicitDeny");
    assert.equal(del.principal, USER);
    assert.deepEqual(del.resources, [`arn:aws:iam::${ACCOUNT}:user/someone`]);
    assert.equal(del.context["aws:PrincipalArn"], USER);
    const role = (await (await fetch(`${emu.endpoint}/_emulator/requests?identity=${encodeURIComponent(ROLE)}`)).json()) as IdentityRequestsAnswer;
    assert.ok(role.requests.every((r) => r.principal === `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/run-1` && r.identity === ROLE));

    await emu.process.stop(); // SIGTERM: the emulator writes the log's last batch before it exits
    const again = await spawnEmulator({ dataDir: emu.process.dataDir, args: ["--mode", "enforce"] });
    try {
      const after = (await (await fetch(`${again.ready.endpoint}/_emulator/requests?identity=${encodeURIComponent(USER)}`)).json()) as IdentityRequestsAnswer;
      assert.deepEqual(after.access.map((a) => `${a.action} ${a.resource}`).sort(), denied.access.map((a) => `${a.action} ${a.resource}`).sort());
      assert.equal(after.requests[0]!.seq, denied.requests[0]!.seq);
    } finally {
      await again.stop();
    }
  });
});
