// GET /_emulator/resources: the snapshot the extension's tree loads in one request, after resources were
// made through the real SDKs, as an app or a test would make them.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AddUserToGroupCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand,
  CreateInstanceProfileCommand, CreateLoginProfileCommand, CreateOpenIDConnectProviderCommand, CreatePolicyCommand,
  CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPermissionsBoundaryCommand,
  AddRoleToInstanceProfileCommand, UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateGroupCommand as CreatePoolGroupCommand,
  CreateUserPoolClientCommand, CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator();

const lambdaTrust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const s3Read = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });

async function resources(query = ""): Promise<any> {
  const res = await fetch(`${emu.endpoint}/_emulator/resources${query}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/json");
  return res.json();
}

describe("GET /_emulator/resources", () => {
  let keyId = "";
  let secondKey = "";
  let policyArn = "";
  let poolId = "";
  let clientId = "";

  before(async () => {
    const iam = new IAMClient(emu.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: "alice", Tags: [{ Key: "team", Value: "payments" }] }));
    await iam.send(new CreateUserCommand({ UserName: "bob", Path: "/ops/" }));
    keyId = (await iam.send(new CreateAccessKeyCommand({ UserName: "alice" }))).AccessKey!.AccessKeyId!;
    secondKey = (await iam.send(new CreateAccessKeyCommand({ UserName: "alice" }))).AccessKey!.AccessKeyId!;
    await iam.send(new UpdateAccessKeyCommand({ UserName: "alice", AccessKeyId: secondKey, Status: "Inactive" }));
    await iam.send(new CreateLoginProfileCommand({ UserName: "alice", Password: "Passw0rd!Passw0rd" }));
    await iam.send(new CreateGroupCommand({ GroupName: "admins" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "admins", UserName: "alice" }));
    policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: "app-s3", PolicyDocument: s3Read("s3:GetObject") }))).Policy!.Arn!;
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: s3Read("s3:*"), SetAsDefault: true }));
    await iam.send(new AttachUserPolicyCommand({ UserName: "alice", PolicyArn: policyArn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: "alice", PermissionsBoundary: policyArn }));
    await iam.send(new CreateRoleCommand({ RoleName: "app", AssumeRolePolicyDocument: lambdaTrust, Description: "the app" }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "app", PolicyArn: policyArn }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "app", PolicyName: "logs", PolicyDocument: s3Read("logs:*") }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "app-profile" }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "app-profile", RoleName: "app" }));
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: "https://token.actions.githubusercontent.com", ClientIDList: ["sts.amazonaws.com"], ThumbprintList: ["a".repeat(40)] }));

    const cognito = new CognitoIdentityProviderClient(emu.clientConfig);
    poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: "customers" }))).UserPool!.Id!;
    clientId = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", GenerateSecret: true, ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient!.ClientId!;
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "carol", MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: "carol@example.com" }] }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "carol", Password: "Passw0rd!", Permanent: true }));
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "dave", MessageAction: "SUPPRESS", TemporaryPassword: "Passw0rd!" }));
    await cognito.send(new CreatePoolGroupCommand({ UserPoolId: poolId, GroupName: "vip", Precedence: 1 }));
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "carol", GroupName: "vip" }));
  });

  it("names the account, region and mode", async () => {
    const s = await resources();
    assert.deepEqual([s.accountId, s.region, s.mode], ["000000000000", "us-east-1", "none"]);
  });

  it("lists users sorted by name with keys and their status, groups, policies, boundary and tags", async () => {
    const s = await resources();
    assert.deepEqual(s.users.map((u: any) => [u.name, u.arn]), [
      ["alice", "arn:aws:iam::000000000000:user/alice"], ["bob", "arn:aws:iam::000000000000:user/ops/bob"],
    ]);
    const alice = s.users[0];
    assert.match(alice.id, /^AIDA[A-Z0-9]{17}$/);
    assert.match(alice.createDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.deepEqual(alice.accessKeys.map((k: any) => [k.id, k.status]), [[keyId, "Active"], [secondKey, "Inactive"]]);
    assert.equal(alice.consolePassword, true);
    assert.deepEqual(alice.groups, ["admins"]);
    assert.deepEqual(alice.attachedPolicies, [
      { name: "ReadOnlyAccess", arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { name: "app-s3", arn: policyArn },
    ].sort((a, b) => (a.arn < b.arn ? -1 : 1)));
    assert.deepEqual(alice.boundary, { name: "app-s3", arn: policyArn });
    assert.deepEqual(alice.tags, [{ key: "team", value: "payments" }]);
    assert.deepEqual(s.users[1].accessKeys, []);
    assert.equal(s.users[1].consolePassword, false);
  });

  it("lists groups with members and roles with trust policy, policies and instance profiles", async () => {
    const s = await resources();
    assert.deepEqual(s.groups.map((g: any) => [g.name, g.members, g.attachedPolicies]), [["admins", ["alice"], []]]);
    const role = s.roles[0];
    assert.equal(role.name, "app");
    assert.equal(role.description, "the app");
    assert.equal(role.trustPolicy, lambdaTrust);
    assert.equal(role.maxSessionDuration, 3600);
    assert.deepEqual(role.attachedPolicies, [{ name: "app-s3", arn: policyArn }]);
    assert.deepEqual(role.inlinePolicies, ["logs"]);
    assert.deepEqual(role.instanceProfiles, ["app-profile"]);
    assert.equal(role.lastUsed, undefined);
  });

  it("lists customer policies with versions, default marked, and only the AWS-managed ones in use", async () => {
    const s = await resources();
    assert.deepEqual(s.policies.map((p: any) => [p.name, p.awsManaged, p.attachmentCount]), [["ReadOnlyAccess", true, 1], ["app-s3", false, 2]]);
    const appS3 = s.policies[1];
    assert.equal(appS3.defaultVersionId, "v2");
    assert.deepEqual(appS3.versions.map((v: any) => [v.id, v.isDefault]), [["v2", true], ["v1", false]]);
    assert.equal(s.policies[0].defaultVersionId !== undefined, true, "AWS-managed metadata comes from the bundled catalog");
    assert.deepEqual(s.policies[0].versions, []);
  });

  it("lists OIDC providers and Cognito pools with clients, users with status, and groups", async () => {
    const s = await resources();
    assert.deepEqual(s.oidcProviders.map((p: any) => [p.url, p.clientIds]), [["token.actions.githubusercontent.com", ["sts.amazonaws.com"]]]);
    assert.deepEqual(s.samlProviders, []);
    assert.equal(s.userPools.length, 1);
    const pool = s.userPools[0];
    assert.deepEqual([pool.id, pool.name, pool.region, pool.mfa], [poolId, "customers", "us-east-1", "OFF"]);
    assert.deepEqual(pool.clients.map((c: any) => [c.id, c.name, c.hasSecret, c.authFlows]), [[clientId, "web", true, ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]]]);
    assert.deepEqual(pool.users.map((u: any) => [u.username, u.status, u.enabled, u.email, u.groups]).sort(), [
      ["carol", "CONFIRMED", true, "carol@example.com", ["vip"]], ["dave", "FORCE_CHANGE_PASSWORD", true, undefined, []],
    ]);
    assert.deepEqual(pool.groups, [{ name: "vip", precedence: 1, members: 1 }]);
  });

  it("reads another account with ?accountId=, which starts empty", async () => {
    const s = await resources("?accountId=111122223333");
    assert.equal(s.accountId, "111122223333");
    assert.deepEqual([s.users, s.roles, s.policies, s.userPools], [[], [], [], []]);
  });
});
