// The AWS CLI (v1 from python3, v2 from Debian's awscli) and boto3 against the spawned emulator,
// unchanged: only the endpoint and the test credentials are set.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { AWS_CLIS, runAwsCli } from "../../support/aws-cli.js";
import { useEmulator } from "../../support/emulator.js";

const run = promisify(execFile);
const emu = useEmulator();

const aws = (bin: string, ...args: string[]) => runAwsCli(emu, bin, args);

for (const cli of AWS_CLIS) {
  describe(cli.name, { skip: cli.present ? false : `${cli.bin} is not installed (.ci/run installs Debian's awscli)` }, () => {
    it("sts get-caller-identity answers the root ARN", async () => {
      const out = await aws(cli.bin, "sts", "get-caller-identity");
      assert.equal(out.code, 0, out.stderr);
      const identity = JSON.parse(out.stdout);
      assert.equal(identity.Arn, "arn:aws:iam::000000000000:root");
      assert.equal(identity.Account, "000000000000");
    });

    it("iam create-user / get-user / list-users round-trip", async () => {
      const name = `cli-${cli.bin.length}`;
      const created = await aws(cli.bin, "iam", "create-user", "--user-name", name, "--path", "/cli/");
      assert.equal(created.code, 0, created.stderr);
      assert.equal(JSON.parse(created.stdout).User.Arn, `arn:aws:iam::000000000000:user/cli/${name}`);
      const listed = await aws(cli.bin, "iam", "list-users", "--path-prefix", "/cli/");
      assert.ok(JSON.parse(listed.stdout).Users.some((u: { UserName: string }) => u.UserName === name));
    });

    it("errors reach the CLI with AWS's code and message", async () => {
      const out = await aws(cli.bin, "iam", "get-user", "--user-name", "nobody");
      assert.notEqual(out.code, 0);
      assert.match(out.stderr, /NoSuchEntity/);
      assert.match(out.stderr, /The user with name nobody cannot be found\./);
    });
  });
}

describe("boto3", () => {
  it("STS and IAM calls work unchanged, errors arrive as ClientError with AWS's code", async () => {
    const script = `
import boto3, json, os, botocore
kw = dict(endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
sts = boto3.client("sts", **kw)
iam = boto3.client("iam", **kw)
out = {"arn": sts.get_caller_identity()["Arn"]}
user = iam.create_user(UserName="boto", Tags=[{"Key": "k", "Value": "v"}])["User"]
out["userArn"] = user["Arn"]
key = iam.create_access_key(UserName="boto")["AccessKey"]
me = boto3.client("sts", endpoint_url=kw["endpoint_url"], region_name="us-east-1",
                  aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]).get_caller_identity()
out["asUser"] = me["Arn"]
try:
    iam.delete_user(UserName="boto")
except botocore.exceptions.ClientError as e:
    out["error"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"]]
print(json.dumps(out))
`;
    const { stdout } = await run("python3", ["-c", script], { env: { ...process.env, ...emu.env } });
    const out = JSON.parse(stdout);
    assert.equal(out.arn, "arn:aws:iam::000000000000:root");
    assert.equal(out.userArn, "arn:aws:iam::000000000000:user/boto");
    assert.equal(out.asUser, "arn:aws:iam::000000000000:user/boto");
    assert.deepEqual(out.error, ["DeleteConflict", 409, "Cannot delete entity, must delete access keys first."]);
  });
});
