// A real browser (playwright-core driving Debian's Chromium) against the CLI in mode none, where any request
// that gets through acts as the root: a web app on http://localhost:APP signs in with Cognito (SRP through
// amazon-cognito-identity-js) and calls STS (SDK v3) across origins; a page on a foreign origin
// (evil.test, mapped to 127.0.0.1) tries forms, text/plain, no-cors and image requests against every
// endpoint and changes nothing; a DNS-rebinding navigation is refused.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import type { AppConfig } from "./browser-pages/app.js";

const emu = useEmulator({ args: ["--no-persist"] });
const PAGES = join(__dirname, "browser-pages");
const PASSWORD = "Browser-Passw0rd!";

let appServer: Server;
let appPort = 0;
let browser: BrowserContext;
let userDataDir = "";
let app: AppConfig;

/** Serves the app (index.html + its bundle) and the hostile page, whatever name the browser used. */
async function startPages(): Promise<void> {
  const bundle = (await build({
    entryPoints: [join(PAGES, "app.ts")], bundle: true, platform: "browser", format: "iife", write: false, logLevel: "warning",
    define: { global: "globalThis" },
  })).outputFiles[0]!.text;
  const evil = readFileSync(join(PAGES, "evil.html"), "utf8");
  appServer = createServer((req, res) => {
    const [type, body] = req.url === "/app.js" ? ["text/javascript", bundle]
      : req.url === "/evil.html" ? ["text/html", evil]
      : ["text/html", '<!doctype html><meta charset="utf-8"><title>app</title><script src="/app.js"></script>'];
    res.writeHead(200, { "content-type": type });
    res.end(body);
  });
  await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
  appPort = (appServer.address() as AddressInfo).port;
}

const emulatorPort = () => Number(new URL(emu.endpoint).port);

async function newPage(): Promise<Page> {
  const page = await browser.newPage();
  page.on("pageerror", (err) => { throw err; });
  return page;
}

describe("in a real browser", () => {
  before(async () => {
    await startPages();
    userDataDir = mkdtempSync(join(tmpdir(), "aie-chromium-"));
    // Headless, in a fresh profile.
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--host-resolver-rules=MAP evil.test 127.0.0.1"],
    });
    // The app's pool, client and user, and a role its users' ID tokens can assume, made through the SDK.
    const endpoint = `http://localhost:${emulatorPort()}`;
    const cognito = new CognitoIdentityProviderClient(emu.clientConfig);
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: "browser-app" }));
    const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "spa", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: UserPool!.Id!, Username: "dana", MessageAction: "SUPPRESS" }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool!.Id!, Username: "dana", Password: PASSWORD, Permanent: true }));
    const issuer = `${endpoint}/${UserPool!.Id}`;
    const iam = new IAMClient(emu.clientConfig);
    const { OpenIDConnectProviderArn } = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [UserPool!.Id! && UserPoolClient!.ClientId!] }));
    const { Role } = await iam.send(new CreateRoleCommand({
      RoleName: "browser-app",
      AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: OpenIDConnectProviderArn }, Action: "sts:AssumeRoleWithWebIdentity" }] }),
    }));
    await iam.send(new CreateUserCommand({ UserName: "existing" }));
    app = { endpoint, poolId: UserPool!.Id!, clientId: UserPoolClient!.ClientId!, username: "dana", password: PASSWORD, roleArn: Role!.Arn! };
  });

  after(async () => {
    await browser?.close();
    appServer?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("an app on http://localhost signs in with Cognito and calls STS across origins, errors included", async () => {
    const page = await newPage();
    await page.goto(`http://localhost:${appPort}/`);
    const result = await page.evaluate((config) => (globalThis as unknown as { runApp(c: AppConfig): Promise<unknown> }).runApp(config), app) as {
      issuer: string; username: string; arn: string; wrongPassword: { code: string; message: string }; refused: { name: string; status: number; requestId: string };
    };
    assert.equal(result.issuer, `${app.endpoint}/${app.poolId}`);
    assert.equal(result.username, "dana");
    assert.equal(result.arn, "arn:aws:sts::000000000000:assumed-role/browser-app/browser-app");
    assert.deepEqual(result.wrongPassword, { code: "NotAuthorizedException", message: "Incorrect username or password." });
    // The SDK read the error's code and request id from an answer to another origin.
    assert.equal(result.refused.name, "ValidationError");
    assert.equal(result.refused.status, 400);
    assert.match(result.refused.requestId, /^[0-9a-f-]{36}$/);
    await page.close();
  });

  it("a page on a foreign origin changes nothing and reads nothing, whatever it tries", async () => {
    const cognito = new CognitoIdentityProviderClient(emu.clientConfig);
    const iam = new IAMClient(emu.clientConfig);
    const poolsBefore = (await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!.map((p) => p.Id).sort();
    const page = await newPage();
    // What the emulator answered the requests the page made (the page itself may read none of it; Chromium
    // reports no answer for the images, whose bodies its opaque-response blocking drops).
    const answers: string[] = [];
    page.on("response", (r) => { if (new URL(r.url()).port === String(emulatorPort())) answers.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
    await page.goto(`http://evil.test:${appPort}/evil.html`);
    await page.evaluate((poolId) => { (globalThis as unknown as { poolId: string }).poolId = poolId; }, app.poolId);
    const report = await page.evaluate((bases) => (globalThis as unknown as { attack(b: string[]): Promise<unknown> }).attack(bases),
      [`http://127.0.0.1:${emulatorPort()}`, `http://localhost:${emulatorPort()}`, `http://evil.test:${emulatorPort()}`]) as { attempts: number; reads: string[] };
    assert.equal(report.attempts, 45);
    // Every cross-origin read failed in the browser: no CORS for a foreign origin.
    for (const read of report.reads) assert.match(read, /: TypeError$/, read);
    // Each request that reached the emulator was refused with 403: forms, no-cors fetches and reads alike.
    assert.ok(answers.length >= 30, `${answers.length} answers seen`);
    for (const answer of answers) assert.match(answer, /^403 /, answer);
    await page.close();

    const users = (await iam.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName);
    assert.deepEqual(users, ["existing"], "no user was created, and the state was not reset");
    const clock = await (await emu.admin("clock")).json() as { offsetSeconds: number };
    assert.equal(clock.offsetSeconds, 0, "the clock did not move");
    assert.deepEqual((await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!.map((p) => p.Id).sort(), poolsBefore);
    // Each attempt was refused by the guard, and said so in the log, naming the setting that would allow it.
    const log = emu.process.stderr();
    assert.match(log, /refused POST \/_emulator\/call: Origin http:\/\/evil\.test:\d+ may not call the emulator: .* the origins you allow with --allow-origin \(AWS_IDENTITY_EMULATOR_ALLOW_ORIGINS, VS Code setting awsIdentityEmulator\.allowedOrigins\)/);
    // The image sent without a Referer (referrerPolicy no-referrer) still says it comes from another site.
    assert.match(log, /refused GET \/: A page whose origin is hidden \(no Origin or Referer\) may not call the emulator/);
  });

  it("a DNS-rebinding request (a foreign name resolving to 127.0.0.1) is refused", async () => {
    const page = await newPage();
    const answer = await page.goto(`http://evil.test:${emulatorPort()}/_emulator/resources`);
    assert.equal(answer!.status(), 403);
    assert.match(await answer!.text(), /Host evil\.test:\d+ is not a name of this emulator, so the request is refused: .* the names you allow with --allow-host \(AWS_IDENTITY_EMULATOR_ALLOW_HOSTS, VS Code setting awsIdentityEmulator\.allowedHosts\)/);
    await page.close();
  });
});
