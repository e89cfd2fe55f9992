// The managed login pages in a real browser (playwright-core driving Debian's Chromium) against the spawned
// CLI, as a person uses them: a wrong password and then the right one, sign-up with the code the pool sent,
// TOTP setup and the TOTP step, and federation through the emulator's own second pool. The app's callback is
// answered by the test (page.route); everything else is the emulator's. Screenshots go to test-artifacts/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { AdminGetUserCommand, CreateIdentityProviderCommand, SetUserPoolMfaConfigCommand, UpdateUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import { totpCode } from "../../../src/services/totp.js";
import { useEmulator } from "../../support/emulator.js";
import { cognito, PASSWORD, sentCodes, setClock } from "./cognito-fixtures.js";
import { addUser, CALLBACK, oauthPool, type OAuthPool } from "./oauth-fixtures.js";

const emu = useEmulator();
const ARTIFACTS = join(__dirname, "..", "..", "..", "test-artifacts", "managed-login");
let browser: Browser;

/** A fresh browser session whose app callback answers "signed in" (the test reads the code from the URL). */
async function session(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 900, height: 720 } });
  await context.route(`${new URL(CALLBACK).origin}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>app</title><p>signed in</p>" }));
  return { context, page: await context.newPage() };
}

const authorize = (app: OAuthPool, extra = "") =>
  `${app.base}/oauth2/authorize?client_id=${app.clientId}&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}&scope=openid+email&state=browser${extra}`;

async function arrivedWithCode(page: Page): Promise<string> {
  await page.waitForURL((url) => url.href.startsWith(CALLBACK));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("state"), "browser");
  return url.searchParams.get("code")!;
}

/** Fills the sign-in form as a person does. */
async function signInAs(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function codeFor(poolId: string, username: string): Promise<string> {
  return (await sentCodes(emu, poolId, username))[0]!.code;
}

async function emulatorNow(): Promise<Date> {
  return new Date(((await (await fetch(`${emu.endpoint}/_emulator/clock`)).json()) as { now: string }).now);
}

describe("Managed login in Chromium", () => {
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Headless, with a fresh profile Playwright makes and removes itself.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });
  after(async () => { await browser?.close(); });

  it("sign in: Cognito's message for a wrong password, then the app gets a code", async () => {
    const app = await oauthPool(emu, "browser-shop");
    await addUser(emu, app.poolId, "alice", { email: "alice@example.com" });
    const { context, page } = await session();
    try {
      await page.goto(authorize(app));
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, "sign-in.png") });
      await signInAs(page, "alice", "Wrong-Horse-9");
      assert.equal(await page.getByRole("alert").textContent(), "Incorrect username or password.");
      assert.equal(await page.getByLabel("Username").inputValue(), "alice");
      await page.screenshot({ path: join(ARTIFACTS, "wrong-password.png") });
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      assert.match(await arrivedWithCode(page), /^[0-9a-f-]{36}$/);
    } finally {
      await context.close();
    }
  });

  it("sign up with the pool's required attributes and confirm with the code it sent", async () => {
    const app = await oauthPool(emu, "browser-signup", {
      Schema: [{ Name: "email", AttributeDataType: "String", Required: true, Mutable: true }], AutoVerifiedAttributes: ["email"],
    });
    const { context, page } = await session();
    try {
      await page.goto(authorize(app));
      await page.getByRole("link", { name: "Sign up" }).click();
      await page.getByLabel("Username").fill("dave");
      await page.getByLabel("Email").fill("dave@example.com");
      await page.getByLabel("Password").fill("short");
      await page.getByRole("button", { name: "Sign up" }).click();
      assert.equal(await page.getByRole("alert").textContent(), "Password did not conform with policy: Password not long enough");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign up" }).click();
      assert.equal(await page.getByRole("status").textContent(), "We have sent a code to d***@e***. Enter it below to confirm your account.");
      await page.getByLabel("Verification code").fill("000000" === await codeFor(app.poolId, "dave") ? "111111" : "000000");
      await page.getByRole("button", { name: "Confirm account" }).click();
      assert.equal(await page.getByRole("alert").textContent(), "Invalid verification code provided, please try again.");
      await page.getByLabel("Verification code").fill(await codeFor(app.poolId, "dave"));
      await page.getByRole("button", { name: "Confirm account" }).click();
      await arrivedWithCode(page);
      const dave = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: "dave" }));
      assert.equal(dave.UserStatus, "CONFIRMED");
      assert.equal(dave.UserAttributes!.find((a) => a.Name === "email_verified")!.Value, "true");
    } finally {
      await context.close();
    }
  });

  it("TOTP: set up at the first sign-in of a pool that requires MFA, then the code step at the next", async () => {
    const app = await oauthPool(emu, "browser-mfa");
    await cognito(emu).send(new SetUserPoolMfaConfigCommand({ UserPoolId: app.poolId, MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await addUser(emu, app.poolId, "erin", { email: "erin@example.com" });
    const first = await session();
    let secret = "";
    try {
      await first.page.goto(authorize(app));
      await signInAs(first.page, "erin");
      await first.page.getByRole("heading", { name: "Set up multi-factor authentication" }).waitFor();
      secret = (await first.page.locator("#totp-secret").textContent())!;
      assert.match(secret, /^[A-Z2-7]{32,}$/);
      assert.ok(await first.page.getByRole("img", { name: "QR code of the secret key" }).isVisible());
      await first.page.screenshot({ path: join(ARTIFACTS, "mfa-setup.png") });
      await first.page.getByLabel("Code from your authenticator app").fill(totpCode(secret, await emulatorNow()));
      await first.page.getByRole("button", { name: "Verify" }).click();
      await arrivedWithCode(first.page);
    } finally {
      await first.context.close();
    }
    // A code signs in once: the next sign-in uses the next time step's code.
    await setClock(emu, 30);
    const second = await session();
    try {
      await second.page.goto(authorize(app));
      await signInAs(second.page, "erin");
      await second.page.getByRole("heading", { name: "Multi-factor authentication" }).waitFor();
      await second.page.getByLabel("Code from your authenticator app").fill(totpCode(secret, await emulatorNow()));
      await second.page.getByRole("button", { name: "Sign in" }).click();
      await arrivedWithCode(second.page);
    } finally {
      await second.context.close();
      await setClock(emu, 0);
    }
  });

  it("federation: the app's login page offers the second pool, whose login page signs the user in", async () => {
    const app = await oauthPool(emu, "browser-fed-app");
    const idp = await oauthPool(emu, "browser-fed-idp", {}, { GenerateSecret: true, CallbackURLs: [`${app.base}/oauth2/idpresponse`] });
    await addUser(emu, idp.poolId, "frank", { email: "frank@corp.example" });
    const c = cognito(emu);
    await c.send(new CreateIdentityProviderCommand({ UserPoolId: app.poolId, ProviderName: "Corp", ProviderType: "OIDC", AttributeMapping: { email: "email" },
      ProviderDetails: { client_id: idp.clientId, client_secret: idp.clientSecret!, authorize_scopes: "openid email", oidc_issuer: idp.issuer, attributes_request_method: "GET" } }));
    await c.send(new UpdateUserPoolClientCommand({ UserPoolId: app.poolId, ClientId: app.clientId, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email"], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ["COGNITO", "Corp"] }));
    const { context, page } = await session();
    try {
      await page.goto(authorize(app));
      await page.getByRole("link", { name: "Corp" }).click();
      await page.waitForURL((url) => url.href.startsWith(`${idp.base}/login`));
      await signInAs(page, "frank");
      await arrivedWithCode(page);
      const frank = await c.send(new AdminGetUserCommand({ UserPoolId: idp.poolId, Username: "frank" }));
      const federated = await c.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: `Corp_${frank.UserAttributes!.find((a) => a.Name === "sub")!.Value}` }));
      assert.equal(federated.UserStatus, "EXTERNAL_PROVIDER");
      assert.equal(federated.UserAttributes!.find((a) => a.Name === "email")!.Value, "frank@corp.example");
    } finally {
      await context.close();
    }
  });
});
