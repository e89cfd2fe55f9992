// The AWS CLI (v1 `aws`, v2 /usr/bin/aws) and boto3 assume a role against the spawned emulator, and a
// second client (the SDK; for boto3 another boto3 client) uses the returned credentials.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { AWS_CLIS, awsCliJson } from "../../support/aws-cli.js";
import { useEmulator } from "../../support/emulator.js";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { ACCOUNT, createRole, stsFor, trustPolicy } from "./fixtures.js";

const run = promisify(execFile);
const emu = useEmulator({ args: ["--mode", "authenticate"] });
const ROLE = `arn:aws:iam::${ACCOUNT}:role/cli-role`;

// Each CLI start costs seconds of Python: the three clients run side by side.
describe("CLI and boto3", { concurrency: true }, () => {
  before(async () => {
    await createRole(emu, "cli-role", trustPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` }));
  });

  for (const cli of AWS_CLIS) {
    it(`${cli.name}: sts assume-role, then the SDK uses the session`, { skip: cli.present ? false : `${cli.bin} is not installed` }, async () => {
      const session = `cli-${cli.bin.length}`;
      const out = await awsCliJson(emu, cli.bin, ["sts", "assume-role", "--role-arn", ROLE, "--role-session-name", session, "--duration-seconds", "900"]) as {
        Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
        AssumedRoleUser: { Arn: string };
      };
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/cli-role/${session}`);
      assert.match(out.Credentials.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      const me = await stsFor(emu, { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey,
        sessionToken: out.Credentials.SessionToken }).send(new GetCallerIdentityCommand({}));
      assert.deepEqual({ Arn: me.Arn, Account: me.Account }, { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/cli-role/${session}`, Account: ACCOUNT });
    });
  }

  it("boto3: assume_role, then a second client with the session; errors as ClientError", async () => {
    const script = `
import boto3, json, os, botocore
kw = dict(endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")
sts = boto3.client("sts", aws_access_key_id="test", aws_secret_access_key="test", **kw)
c = sts.assume_role(RoleArn="${ROLE}", RoleSessionName="boto")["Credentials"]
second = boto3.client("sts", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"], **kw)
out = {"arn": second.get_caller_identity()["Arn"], "info": sts.get_access_key_info(AccessKeyId=c["AccessKeyId"])["Account"]}
try:
    sts.assume_role(RoleArn="arn:aws:iam::${ACCOUNT}:role/missing", RoleSessionName="boto")
except botocore.exceptions.ClientError as e:
    out["error"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps(out))
`;
    const { stdout } = await run("python3", ["-c", script], { env: { ...process.env, ...emu.env } });
    assert.deepEqual(JSON.parse(stdout), { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/cli-role/boto`, info: ACCOUNT, error: ["AccessDenied", 403] });
  });
});
