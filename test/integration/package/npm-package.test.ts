// The npm package exactly as a user gets it: packed, installed into a new project, and used from an ES
// module, a CommonJS module and TypeScript. Each script runs in its own process and must exit by itself:
// stop() leaves no handle open.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations.
import { packAndInstall } from "../../../scripts/packed-package.mjs";

let project: { dir: string; files: string[]; remove(): void };
before(() => { project = packAndInstall({ link: ["@aws-sdk/client-iam", "@aws-sdk/client-sts", "@aws-sdk/client-cognito-identity-provider", "typescript", "@types/node"] }); });
after(() => project?.remove());

/** Runs a script in the project; it must exit 0 on its own (a handle left open would hold it past the bound). */
function run(file: string, text: string): Record<string, any> {
  writeFileSync(join(project.dir, file), text);
  const out = spawnSync(process.execPath, [file], { cwd: project.dir, encoding: "utf8", timeout: 60_000 });
  assert.equal(out.signal, null, `${file} was still running after 60 s: a handle kept it alive\n${out.stderr}`);
  assert.equal(out.status, 0, `${file} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split("\n").at(-1)!);
}

describe("the packed package", () => {
  it("holds the CLI and the API, not the extension", () => {
    for (const file of ["dist/cli.js", "dist/emulator.js", "dist/lambda-worker.js", "dist/index.js", "dist/index.mjs", "dist/index.d.ts", "dist/index.d.mts", "dist/types/api/types.d.ts", "dist/models/iam.json", "package.json", "README.md"]) {
      assert.ok(project.files.includes(file), `${file} is packed`);
    }
    for (const file of project.files) assert.doesNotMatch(file, /extension|\.map$|\.vsix$|^src\/|^test\//, `${file} is not packed`);
    const bin = spawnSync(join(project.dir, "node_modules", ".bin", "aws-identity-emulator"), ["--version"], { encoding: "utf8" });
    assert.match(bin.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it("ES module: parallel accounts, export → reset → import, the clock, stop()", () => {
    const result = run("esm.mjs", `
import { startEmulator } from "aws-identity-emulator";
import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { createServer } from "node:net";

const emulator = await startEmulator({ mode: "authenticate" });
const out = { endpoint: emulator.endpoint, env: emulator.env };

// Two accounts at once, the same user name in each.
const [a, b] = await Promise.all([emulator.newAccount(), emulator.newAccount()]);
const made = await Promise.all([a, b].map((acct) => new IAMClient(acct.clientConfig).send(new CreateUserCommand({ UserName: "alice" }))));
out.arns = made.map((m) => m.User.Arn);
out.accounts = [a.accountId, b.accountId];
out.listed = await Promise.all([a, b].map(async (acct) => (await new IAMClient(acct.clientConfig).send(new ListUsersCommand({}))).Users.length));

// Export → reset → import, byte-identical on the second export.
await new IAMClient(emulator.clientConfig).send(new CreateUserCommand({ UserName: "root-user", Tags: [{ Key: "k", Value: "v" }] }));
const first = JSON.stringify(await emulator.exportState());
await emulator.reset();
out.afterReset = (await new IAMClient(emulator.clientConfig).send(new ListUsersCommand({}))).Users.length;
await emulator.importState(JSON.parse(first));
out.identical = JSON.stringify(await emulator.exportState()) === first;
out.restored = (await new IAMClient(emulator.clientConfig).send(new GetUserCommand({ UserName: "root-user" }))).User.Tags;

// The clock expires a session.
const sts = new STSClient(emulator.clientConfig);
const { Credentials: c } = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
const session = new STSClient({ ...emulator.clientConfig, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
out.before = (await session.send(new GetCallerIdentityCommand({}))).Arn;
out.advanced = (await emulator.clock.advance(901)).getTime() - Date.now();
out.expired = await session.send(new GetCallerIdentityCommand({})).then(() => "accepted", (e) => e.name);

// stop() frees the port: it can be listened on again at once.
await emulator.stop();
const port = Number(new URL(emulator.endpoint).port);
out.portFree = await new Promise((resolve) => { const s = createServer().once("error", () => resolve(false)).listen(port, "127.0.0.1", () => s.close(() => resolve(true))); });
console.log(JSON.stringify(out));
`);
    assert.match(result.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(result.env, { AWS_ENDPOINT_URL: result.endpoint, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "us-east-1" });
    assert.notEqual(result.accounts[0], result.accounts[1]);
    assert.deepEqual(result.arns, result.accounts.map((id: string) => `arn:aws:iam::${id}:user/alice`));
    assert.deepEqual(result.listed, [1, 1]);
    assert.equal(result.afterReset, 0);
    assert.equal(result.identical, true, "the second export is byte-identical");
    assert.deepEqual(result.restored, [{ Key: "k", Value: "v" }]);
    assert.equal(result.before, "arn:aws:iam::000000000000:root");
    assert.ok(result.advanced > 890_000 && result.advanced < 920_000, `clock moved ${result.advanced} ms`);
    assert.equal(result.expired, "ExpiredToken");
    assert.equal(result.portFree, true);
  });

  it("a Cognito trigger from a handler file runs in the packed worker (lambdaHandlers)", () => {
    writeFileSync(join(project.dir, "auto-confirm.cjs"), `exports.handler = async (event) => ({ ...event, response: { ...event.response, autoConfirmUser: true } });\n`);
    const result = run("trigger.mjs", `
import { startEmulator } from "aws-identity-emulator";
import { CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
const emulator = await startEmulator({ lambdaHandlers: { "auto-confirm": "./auto-confirm.cjs" } });
const idp = new CognitoIdentityProviderClient(emulator.clientConfig);
const pool = (await idp.send(new CreateUserPoolCommand({ PoolName: "p", LambdaConfig: { PreSignUp: "arn:aws:lambda:us-east-1:000000000000:function:auto-confirm" } }))).UserPool;
const client = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: "web" }))).UserPoolClient;
const out = await idp.send(new SignUpCommand({ ClientId: client.ClientId, Username: "ann", Password: "Passw0rd!Passw0rd" }));
await emulator.stop();
console.log(JSON.stringify({ confirmed: out.UserConfirmed }));
`);
    assert.deepEqual(result, { confirmed: true });
  });

  it("CommonJS: require() gives the same API, with a seed document and the CLI's options", () => {
    const result = run("cjs.cjs", `
const { startEmulator, connectEmulator } = require("aws-identity-emulator");
(async () => {
  const out = { exports: Object.keys(require("aws-identity-emulator")).sort() };
  try { require("aws-identity-emulator/dist/extension.js"); out.extension = "loaded"; } catch (e) { out.extension = e.code; }
  try { await startEmulator({ mode: "strict" }); } catch (e) { out.badMode = e.message; }
  try { await startEmulator({ colour: "blue" }); } catch (e) { out.unknown = e.message.split(".")[0]; }
  const emulator = await startEmulator({ accountId: "123456789012", region: "eu-west-1", allowOutbound: ["https://idp.example.com"],
    seed: { iam: { users: [{ name: "seeded" }] } } });
  const remote = await connectEmulator(emulator.endpoint);
  out.remote = { accountId: remote.accountId, region: remote.region };
  out.account = (await remote.newAccount()).accountId;
  out.seed = (await remote.exportSeed()).seed;
  out.clock = (await remote.clock.setOffset(3600)).getTime() - Date.now();
  await emulator.stop();
  console.log(JSON.stringify(out));
})();
`);
    assert.deepEqual(result.exports, ["connectEmulator", "startEmulator"]);
    assert.equal(result.extension, "ERR_PACKAGE_PATH_NOT_EXPORTED");
    assert.equal(result.badMode, '--mode must be one of none, authenticate, enforce; got "strict".');
    assert.equal(result.unknown, 'Unknown option "colour"');
    assert.deepEqual(result.remote, { accountId: "123456789012", region: "eu-west-1" });
    assert.match(result.account, /^\d{12}$/);
    assert.deepEqual(result.seed, { iam: { users: [{ name: "seeded" }] } });
    assert.ok(result.clock > 3_590_000 && result.clock < 3_610_000);
  });

  it("TypeScript: the declarations type the API for import and require, and catch a wrong option", () => {
    writeFileSync(join(project.dir, "typed.mts"), `
import { startEmulator, connectEmulator, type Emulator, type StateFile, type Account, type EmulatorOptions } from "aws-identity-emulator";
const options: EmulatorOptions = { mode: "enforce", port: 0, dataDir: null, allowOutbound: ["https://x.example"], stateSecrets: "omit", log: (line: string) => void line };
const emulator: Emulator = await startEmulator(options);
const account: Account = await emulator.newAccount();
const id: string = account.clientConfig.credentials.accessKeyId;
const state: StateFile = await emulator.exportState({ accountId: account.accountId, secrets: false });
const version: number = state.version;
// Mode enforce: another process uses the admin endpoints with the emulator's token.
const moved: Date = await (await connectEmulator(emulator.endpoint, { adminToken: emulator.adminToken })).clock.advance(60);
// @ts-expect-error: mode is one of none | authenticate | enforce
await startEmulator({ mode: "strict" });
// @ts-expect-error: not an option
await startEmulator({ colour: "blue" });
void id; void version; void moved;
`);
    writeFileSync(join(project.dir, "typed.cts"), `
import emulatorPackage = require("aws-identity-emulator");
async function main(): Promise<void> {
  const emulator: emulatorPackage.Emulator = await emulatorPackage.startEmulator({ seed: { iam: { users: [{ name: "x" }] } } });
  await emulator.reset(emulator.accountId);
  await emulator.stop();
}
void main;
`);
    writeFileSync(join(project.dir, "wrong.mts"), `import { startEmulator } from "aws-identity-emulator";\nawait startEmulator({ port: "4566" });\n`);
    // One compiler run for the three: the two typed files compile clean, the wrong one fails where it is wrong.
    const out = spawnSync(process.execPath, [join(project.dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--strict", "--module", "nodenext",
      "--moduleResolution", "nodenext", "--target", "es2022", "--types", "node", "typed.mts", "typed.cts", "wrong.mts"], { cwd: project.dir, encoding: "utf8" });
    assert.equal(out.status, 2, out.stdout + out.stderr);
    assert.equal(out.stdout, "wrong.mts(2,23): error TS2322: Type 'string' is not assignable to type 'number'.\n");
  });
});
