// POST /_emulator/role-credentials: a real session of a role for code run as it ("Open Terminal as" a role in
// VS Code), as a service hands one to a function; enforce mode then decides by the role's own policies.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateRoleCommand, IAMClient, ListRolesCommand, ListUsersCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });

async function roleCredentials(body: unknown): Promise<{ status: number; json: any }> {
  const res = await emu.admin("role-credentials", { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe("POST /_emulator/role-credentials", () => {
  it("issues a session of the role whose requests enforce mode decides by the role's policies", async () => {
    const iam = new IAMClient(emu.clientConfig);
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: "app-role", Path: "/apps/", AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "app-role", PolicyName: "list-roles", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }] }) }));
    const out = await roleCredentials({ roleArn: Role!.Arn, sessionName: "alice-laptop" });
    assert.equal(out.status, 200);
    assert.match(out.json.Credentials.AccessKeyId, /^ASIA/);
    assert.equal(out.json.AssumedRoleUser.Arn, "arn:aws:sts::000000000000:assumed-role/app-role/alice-laptop");
    const credentials = { accessKeyId: out.json.Credentials.AccessKeyId, secretAccessKey: out.json.Credentials.SecretAccessKey, sessionToken: out.json.Credentials.SessionToken };
    const who = await new STSClient({ ...emu.clientConfig, credentials }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, "arn:aws:sts::000000000000:assumed-role/app-role/alice-laptop");
    const asRole = new IAMClient({ ...emu.clientConfig, credentials });
    assert.ok((await asRole.send(new ListRolesCommand({}))).Roles!.some((r) => r.RoleName === "app-role"));
    await assert.rejects(asRole.send(new ListUsersCommand({})), (e: Error) => e.name === "AccessDenied" &&
      /assumed-role\/app-role\/alice-laptop is not authorized to perform: iam:ListUsers/.test(e.message));
  });

  it("defaults the session name, and refuses a missing role or a malformed request", async () => {
    const out = await roleCredentials({ roleArn: "arn:aws:iam::000000000000:role/apps/app-role" });
    assert.equal(out.json.AssumedRoleUser.Arn, "arn:aws:sts::000000000000:assumed-role/app-role/vscode");
    // In enforce mode a role's keys are the operator's to hand out: without the admin token, none.
    const anonymous = await fetch(`${emu.endpoint}/_emulator/role-credentials`, { method: "POST", body: JSON.stringify({ roleArn: "arn:aws:iam::000000000000:role/apps/app-role" }) });
    assert.deepEqual([anonymous.status, ((await anonymous.json()) as { error: { code: string } }).error.code], [403, "AccessDenied"]);
    const missing = await roleCredentials({ roleArn: "arn:aws:iam::000000000000:role/ghost" });
    assert.deepEqual([missing.status, missing.json.error.code], [404, "NoSuchEntity"]);
    const bad = await roleCredentials({ roleArn: "alice" });
    assert.deepEqual([bad.status, bad.json.error.code], [400, "ValidationError"]);
    const notJson = await emu.admin("role-credentials", { method: "POST", body: "{nope" });
    assert.equal(notJson.status, 400);
  });
});
