// docs/cognito.md's identity pool walkthrough, run as written: its seed (--seed, --mode enforce) and its
// shell script for the AWS CLI (v1 `aws`, v2 /usr/bin/aws), so the guide cannot drift from the emulator;
// and boto3 through the same chain to an allowed and a denied IAM call.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { useEmulator } from "../../support/emulator.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "aie-identity-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The first fenced block of a language after a heading of docs/cognito.md. */
function docBlock(heading: string, lang: string): string {
  const doc = readFileSync(join(__dirname, "..", "..", "..", "docs", "cognito.md"), "utf8");
  const from = doc.indexOf(`\n${heading}\n`);
  assert.ok(from >= 0, `docs/cognito.md has no heading ${heading}`);
  const block = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(doc.slice(from));
  assert.ok(block, `no ${lang} block after ${heading}`);
  return block[1]!;
}

const seedFile = join(dir, "seed.json");
writeFileSync(seedFile, docBlock("## Identity pools: from a sign-in to AWS credentials", "json"));
const script = docBlock("### The AWS CLI and SDKs", "sh");
const expectedArn = /^# (arn:aws:sts::\S+)$/m.exec(script)?.[1];

const emu = useEmulator({ args: ["--mode", "enforce", "--seed", seedFile] });

// v2 goes first on PATH under the name the script calls.
const v2Bin = join(dir, "v2");
mkdirSync(v2Bin);
if (existsSync("/usr/bin/aws")) symlinkSync("/usr/bin/aws", join(v2Bin, "aws"));
const CLIS = [
  { name: "AWS CLI v1", path: process.env.PATH!, present: true },
  { name: "AWS CLI v2", path: `${v2Bin}:${process.env.PATH}`, present: existsSync("/usr/bin/aws") },
];

// Each CLI start costs a second or more of Python: the clients run side by side.
describe("the identity pool walkthrough of docs/cognito.md with the AWS CLI and boto3", { concurrency: true }, () => {
  for (const cli of CLIS) {
    it(`${cli.name}: sign in, get-id, get-credentials-for-identity, and the credentials are the role's session`, { skip: cli.present ? false : "/usr/bin/aws is not installed" }, async () => {
      assert.equal(expectedArn, "arn:aws:sts::000000000000:assumed-role/app-user/CognitoIdentityCredentials");
      const { stdout } = await run("bash", ["-euo", "pipefail", "-c", script.replace("E=http://localhost:4566", `E=${emu.endpoint}`)], {
        env: { ...process.env, ...emu.env, PATH: cli.path },
      });
      assert.equal(stdout.trim(), expectedArn);
    });
  }

  it("boto3: the same chain; the role's policy allows iam:ListRoles and denies iam:CreateUser in AWS's words", async () => {
    const program = `
import boto3, json, os, botocore
kw = dict(endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")
idp = boto3.client("cognito-idp", **kw)
token = idp.initiate_auth(ClientId="exampleclientid00000000001", AuthFlow="USER_PASSWORD_AUTH",
    AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]["IdToken"]
logins = {"cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01": token}
ci = boto3.client("cognito-identity", **kw)
identity = ci.get_id(IdentityPoolId="us-east-1:1b2c3d4e-0000-4000-8000-1234567890ab", Logins=logins)["IdentityId"]
c = ci.get_credentials_for_identity(IdentityId=identity, Logins=logins)["Credentials"]
creds = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretKey"], aws_session_token=c["SessionToken"])
iam = boto3.client("iam", **creds, **kw)
out = {"identity": identity, "session": c["AccessKeyId"] != os.environ["AWS_ACCESS_KEY_ID"] and c["SessionToken"] != "",
       "roles": [r["RoleName"] for r in iam.list_roles()["Roles"]]}
try:
    iam.create_user(UserName="mallory")
except botocore.exceptions.ClientError as e:
    out["error"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"]]
print(json.dumps(out))
`;
    const { stdout } = await run("python3", ["-c", program], { env: { ...process.env, ...emu.env } });
    const out = JSON.parse(stdout) as { identity: string; session: boolean; roles: string[]; error: [string, number, string] };
    assert.match(out.identity, /^us-east-1:[0-9a-f-]{36}$/);
    assert.equal(out.session, true);
    assert.deepEqual(out.roles, ["app-user"]);
    assert.deepEqual(out.error, ["AccessDenied", 403,
      "User: arn:aws:sts::000000000000:assumed-role/app-user/CognitoIdentityCredentials is not authorized to perform: iam:CreateUser " +
      "on resource: arn:aws:iam::000000000000:user/mallory because no identity-based policy allows the iam:CreateUser action"]);
  });
});
