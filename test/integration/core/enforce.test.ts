// Mode `enforce`: every request is authorized by the policy engine, denials in AWS's words.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, CreateUserCommand, CreateAccessKeyCommand, ListUsersCommand, PutUserPolicyCommand, DeleteUserPolicyCommand,
  GetUserCommand, CreatePolicyCommand, PutUserPermissionsBoundaryCommand, CreateGroupCommand, AddUserToGroupCommand,
  PutGroupPolicyCommand, ListRolesCommand, IAMServiceException, CreateRoleCommand, PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { STSClient, GetCallerIdentityCommand, DecodeAuthorizationMessageCommand, AssumeRoleCommand } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });
const admin = () => new IAMClient(emu.clientConfig);
let asAlice: IAMClient;
const ALICE = "arn:aws:iam::000000000000:user/alice";

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

function denied(action: string, reason: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof IAMServiceException, String(e));
    assert.equal((e as unknown as { Code: string }).Code, "AccessDenied");
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.match(e.message, new RegExp(`^User: ${ALICE} is not authorized to perform: ${action} on resource: `));
    assert.match(e.message, reason);
    return true;
  };
}

describe("enforce mode", () => {
  before(async () => {
    await admin().send(new CreateUserCommand({ UserName: "alice", Tags: [{ Key: "team", Value: "blue" }] }));
    const { AccessKey } = await admin().send(new CreateAccessKeyCommand({ UserName: "alice" }));
    asAlice = new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
  });

  it("root is never limited by identity policies", async () => {
    const out = await admin().send(new ListUsersCommand({}));
    assert.ok(out.Users!.some((u) => u.UserName === "alice"));
  });

  it("a user without policies is denied, in AWS's words", async () => {
    await assert.rejects(asAlice.send(new ListUsersCommand({})),
      denied("iam:ListUsers", /because no identity-based policy allows the iam:ListUsers action$/));
  });

  it("sts:GetCallerIdentity needs no permission, as in AWS", async () => {
    const sts = new STSClient({ ...emu.clientConfig, credentials: await asAlice.config.credentials() });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, ALICE);
  });

  it("an inline policy allows; an explicit deny then wins", async () => {
    await admin().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "list", PolicyDocument: policy({ Effect: "Allow", Action: "iam:List*", Resource: "*" }) }));
    assert.ok((await asAlice.send(new ListUsersCommand({}))).Users!.length >= 1);
    await admin().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "deny", PolicyDocument: policy({ Effect: "Deny", Action: "iam:ListUsers", Resource: "*" }) }));
    await assert.rejects(asAlice.send(new ListUsersCommand({})),
      denied("iam:ListUsers", /with an explicit deny in an identity-based policy/));
    await admin().send(new DeleteUserPolicyCommand({ UserName: "alice", PolicyName: "deny" }));
  });

  it("resources are matched: alice may read herself but not others", async () => {
    await admin().send(new CreateUserCommand({ UserName: "bob" }));
    await admin().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "self", PolicyDocument: policy({ Effect: "Allow", Action: "iam:GetUser", Resource: "arn:aws:iam::*:user/${aws:username}" }) }));
    assert.equal((await asAlice.send(new GetUserCommand({}))).User!.UserName, "alice");
    await assert.rejects(asAlice.send(new GetUserCommand({ UserName: "bob" })), denied("iam:GetUser", /arn:aws:iam::000000000000:user\/bob because no identity-based policy allows/));
  });

  it("conditions see the request: aws:SourceIp and aws:PrincipalTag", async () => {
    await admin().send(new DeleteUserPolicyCommand({ UserName: "alice", PolicyName: "list" }));
    await admin().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "roles", PolicyDocument: policy(
      { Effect: "Allow", Action: "iam:ListRoles", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }) }));
    await assert.rejects(asAlice.send(new ListRolesCommand({})), denied("iam:ListRoles", /no identity-based policy allows/));
    await admin().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "roles", PolicyDocument: policy(
      { Effect: "Allow", Action: "iam:ListRoles", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "127.0.0.0/8" }, StringEquals: { "aws:PrincipalTag/team": "blue" } } }) }));
    assert.ok(Array.isArray((await asAlice.send(new ListRolesCommand({}))).Roles));
    await admin().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "list", PolicyDocument: policy({ Effect: "Allow", Action: "iam:List*", Resource: "*" }) }));
  });

  it("group policies apply to members", async () => {
    await admin().send(new CreateGroupCommand({ GroupName: "creators" }));
    await admin().send(new AddUserToGroupCommand({ GroupName: "creators", UserName: "alice" }));
    await admin().send(new PutGroupPolicyCommand({ GroupName: "creators", PolicyName: "create", PolicyDocument: policy({ Effect: "Allow", Action: "iam:CreateUser", Resource: "*" }) }));
    const out = await asAlice.send(new CreateUserCommand({ UserName: "made-by-alice" }));
    assert.equal(out.User!.UserName, "made-by-alice");
  });

  it("a permissions boundary limits what policies allow", async () => {
    const { Policy } = await admin().send(new CreatePolicyCommand({ PolicyName: "boundary", PolicyDocument: policy({ Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" }) }));
    await admin().send(new PutUserPermissionsBoundaryCommand({ UserName: "alice", PermissionsBoundary: Policy!.Arn! }));
    await assert.rejects(asAlice.send(new CreateUserCommand({ UserName: "blocked-by-boundary" })),
      denied("iam:CreateUser", /because no permissions boundary allows the iam:CreateUser action/));
    assert.ok((await asAlice.send(new ListUsersCommand({}))).Users!.length >= 1);
  });

  it("a role session has the role's permissions, limited by its session policy", async () => {
    await admin().send(new CreateRoleCommand({ RoleName: "lister", AssumeRolePolicyDocument: policy({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRole" }) }));
    await admin().send(new PutRolePolicyCommand({ RoleName: "lister", PolicyName: "list", PolicyDocument: policy({ Effect: "Allow", Action: "iam:List*", Resource: "*" }) }));
    const sts = new STSClient({ ...emu.clientConfig, credentials: await asAlice.config.credentials() });
    const session = await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::000000000000:role/lister", RoleSessionName: "limited",
      Policy: policy({ Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }) }));
    const c = session.Credentials!;
    const asSession = new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
    assert.ok(Array.isArray((await asSession.send(new ListRolesCommand({}))).Roles));
    await assert.rejects(asSession.send(new ListUsersCommand({})), (e: unknown) => {
      assert.ok(e instanceof IAMServiceException);
      assert.equal(e.$metadata.httpStatusCode, 403);
      assert.match(e.message, /^User: arn:aws:sts::000000000000:assumed-role\/lister\/limited is not authorized to perform: iam:ListUsers on resource: .* because no session policy allows the iam:ListUsers action$/);
      return true;
    });
  });

  it("decisions are served at /_emulator/decisions with their explanation", async () => {
    const res = await fetch(`${emu.endpoint}/_emulator/decisions?limit=50`);
    const { mode, decisions } = await res.json() as { mode: string; decisions: { id: number; principal: string; action: string; decision: string; summary: string }[] };
    assert.equal(mode, "enforce");
    const denial = decisions.find((d) => d.action === "iam:CreateUser" && d.decision !== "allowed");
    assert.ok(denial, JSON.stringify(decisions.slice(0, 5)));
    assert.equal(denial.principal, ALICE);
    const full = await (await fetch(`${emu.endpoint}/_emulator/decisions?id=${denial.id}`)).json() as { explanation: { decidingLayer: string; policies: unknown[] } };
    assert.equal(full.explanation.decidingLayer, "boundary");
    assert.ok(full.explanation.policies.length >= 2);
  });

  it("a denial's encoded authorization message decodes with sts:DecodeAuthorizationMessage", async () => {
    const { decisions } = await (await fetch(`${emu.endpoint}/_emulator/decisions?limit=50`)).json() as { decisions: { action: string; decision: string; encodedMessage?: string }[] };
    const denial = decisions.find((d) => d.action === "iam:CreateUser" && d.decision !== "allowed")!;
    assert.match(denial.encodedMessage!, /^[A-Za-z0-9_-]+$/);
    const sts = new STSClient(emu.clientConfig);
    const { DecodedMessage } = await sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: denial.encodedMessage! }));
    const decoded = JSON.parse(DecodedMessage!) as { allowed: boolean; context: { action: string; principal: { arn?: string } } };
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.context.action, "iam:CreateUser");
  });
});
