// The AWS CLI (v1 `aws`, v2 /usr/bin/aws) and boto3 through the identity pool chain against the spawned CLI in
// enforce mode: a user pool sign-in, get-id, get-credentials-for-identity, and the credentials used — the
// role's session for GetCallerIdentity; for boto3 an IAM call the role allows and one it denies in AWS's words.
// (docs/cognito.md's walkthrough runs as printed in test/integration/core/doc-examples.test.ts.)
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { AWS_CLIS, awsCliJson } from "../../support/aws-cli.js";
import { useEmulator } from "../../support/emulator.js";
import { PASSWORD } from "../cognito/cognito-fixtures.js";
import { ACCOUNT, cognitoTrust, createIdentityPool, createRole, identity, signedInUser, type SignedInUser } from "./fixtures.js";

const run = promisify(execFile);
const emu = useEmulator({ args: ["--mode", "enforce"] });
const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/cli-app-user/CognitoIdentityCredentials`;

// Each CLI start costs a second or more of Python: the clients run side by side.
describe("identity pools with the AWS CLI and boto3", { concurrency: true }, () => {
  let user: SignedInUser;
  let poolId = "";
  before(async () => {
    user = await signedInUser(emu, "cli-user");
    poolId = await createIdentityPool(emu, { CognitoIdentityProviders: [{ ProviderName: user.providerName, ClientId: user.clientId }] });
    await identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: {
      authenticated: await createRole(emu, "cli-app-user", cognitoTrust(poolId, "authenticated"),
        { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }] }),
    } }));
  });

  for (const cli of AWS_CLIS) {
    it(`${cli.name}: get-id, get-credentials-for-identity, and the credentials are the role's session`, { skip: cli.present ? false : `${cli.bin} is not installed` }, async () => {
      const logins = `${user.providerName}=${user.idToken}`;
      const { IdentityId } = await awsCliJson(emu, cli.bin, ["cognito-identity", "get-id", "--identity-pool-id", poolId, "--logins", logins]);
      assert.match(IdentityId, /^us-east-1:[0-9a-f-]{36}$/);
      const { Credentials: c } = await awsCliJson(emu, cli.bin, ["cognito-identity", "get-credentials-for-identity", "--identity-id", IdentityId, "--logins", logins]);
      const me = await awsCliJson(emu, cli.bin, ["sts", "get-caller-identity"],
        { AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretKey, AWS_SESSION_TOKEN: c.SessionToken });
      assert.equal(me.Arn, SESSION_ARN);
    });
  }

  it("boto3: sign in, the same chain; the role's policy allows iam:ListRoles and denies iam:CreateUser in AWS's words", async () => {
    const program = `
import boto3, json, os, botocore
kw = dict(endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")
token = boto3.client("cognito-idp", **kw).initiate_auth(ClientId=os.environ["CLIENT_ID"], AuthFlow="USER_PASSWORD_AUTH",
    AuthParameters={"USERNAME": "cli-user", "PASSWORD": os.environ["PASSWORD"]})["AuthenticationResult"]["IdToken"]
logins = {os.environ["PROVIDER"]: token}
ci = boto3.client("cognito-identity", **kw)
identity = ci.get_id(IdentityPoolId=os.environ["POOL_ID"], Logins=logins)["IdentityId"]
c = ci.get_credentials_for_identity(IdentityId=identity, Logins=logins)["Credentials"]
iam = boto3.client("iam", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretKey"], aws_session_token=c["SessionToken"], **kw)
out = {"identity": identity, "roles": sorted(r["RoleName"] for r in iam.list_roles()["Roles"])}
try:
    iam.create_user(UserName="mallory")
except botocore.exceptions.ClientError as e:
    out["error"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"]]
print(json.dumps(out))
`;
    const { stdout } = await run("python3", ["-c", program], {
      env: { ...process.env, ...emu.env, CLIENT_ID: user.clientId, PASSWORD, PROVIDER: user.providerName, POOL_ID: poolId },
    });
    const out = JSON.parse(stdout) as { identity: string; roles: string[]; error: [string, number, string] };
    assert.match(out.identity, /^us-east-1:[0-9a-f-]{36}$/);
    assert.deepEqual(out.roles, ["cli-app-user"]);
    assert.deepEqual(out.error, ["AccessDenied", 403,
      `User: ${SESSION_ARN} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT}:user/mallory ` +
      "because no identity-based policy allows the iam:CreateUser action"]);
  });
});
