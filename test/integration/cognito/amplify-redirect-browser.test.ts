// AWS Amplify v6's signInWithRedirect, bundled with esbuild into an app page that Chromium runs, against the
// spawned CLI: the app's own code is unchanged. Amplify builds https://<oauth.domain>/oauth2/… itself, so the
// test's network layer (page.route) maps that host to the emulator's base URL for the domain — the one-line
// rule of docs/cognito.md — and answers the app's own origin with the bundled page. (Playwright answers CORS
// for what it fulfils, so the transport's CORS headers are not what this test checks.)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { useEmulator } from "../../support/emulator.js";
import { addUser, oauthPool, verifyToken, type OAuthPool } from "./oauth-fixtures.js";
import { PASSWORD } from "./cognito-fixtures.js";

const emu = useEmulator();
const APP = "http://localhost:3000/";
const DOMAIN_HOST = "amp-app.auth.us-east-1.amazoncognito.com";
let browser: Browser;
let bundle = "";
let app: OAuthPool;

const APP_SOURCE = `
import { Amplify } from "aws-amplify";
import { fetchAuthSession, getCurrentUser, signInWithRedirect } from "aws-amplify/auth";
import "aws-amplify/auth/enable-oauth-listener";
const config = JSON.parse(document.getElementById("config").textContent);
Amplify.configure({ Auth: { Cognito: { userPoolId: config.poolId, userPoolClientId: config.clientId, userPoolEndpoint: config.endpoint,
  loginWith: { oauth: { domain: config.domain, scopes: ["openid", "email", "aws.cognito.signin.user.admin"], redirectSignIn: [config.app], redirectSignOut: [config.app], responseType: "code" } } } } });
window.app = {
  signIn: () => signInWithRedirect(),
  session: async () => { const { tokens } = await fetchAuthSession(); return tokens ? { id: tokens.idToken?.toString(), access: tokens.accessToken.toString() } : null; },
  user: () => getCurrentUser(),
};
`;

describe("AWS Amplify v6 signInWithRedirect in Chromium", () => {
  before(async () => {
    const out = await build({ stdin: { contents: APP_SOURCE, resolveDir: process.cwd(), loader: "js" }, bundle: true, format: "iife", platform: "browser", write: false, logLevel: "silent",
      define: { "process.env.NODE_ENV": '"production"' } });
    bundle = out.outputFiles[0]!.text;
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
    app = await oauthPool(emu, "amp-app", {}, { CallbackURLs: [APP], LogoutURLs: [APP] });
    await addUser(emu, app.poolId, "grace", { email: "grace@example.com" });
  });
  after(async () => { await browser?.close(); });

  it("redirects to the managed login, comes back with a code and holds the pool's tokens", async () => {
    const context = await browser.newContext();
    try {
      const config = JSON.stringify({ poolId: app.poolId, clientId: app.clientId, endpoint: emu.endpoint, domain: DOMAIN_HOST, app: APP });
      const page = `<!doctype html><meta charset="utf-8"><title>app</title><script type="application/json" id="config">${config}</script><script>${bundle.replace(/<\/script/g, "<\\/script")}</script><p>app</p>`;
      await context.route(`${APP}**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: page }));
      // The network between the browser and "Cognito": the domain's host is the emulator's base URL for it.
      await context.route(`https://${DOMAIN_HOST}/**`, async (route) => {
        const url = route.request().url().replace(`https://${DOMAIN_HOST}`, app.base);
        const response = await route.fetch({ url, maxRedirects: 0 });
        await route.fulfill({ response });
      });
      const tab = await context.newPage();
      await tab.goto(APP);
      await tab.evaluate(() => (globalThis as unknown as { app: { signIn(): Promise<void> } }).app.signIn());
      await tab.waitForURL((u) => u.href.startsWith(`${app.base}/login`));
      await tab.getByLabel("Username").fill("grace");
      await tab.getByLabel("Password").fill(PASSWORD);
      await tab.getByRole("button", { name: "Sign in" }).click();
      await tab.waitForURL((u) => u.href.startsWith(APP));
      const tokens = await tab.waitForFunction(async () => (globalThis as unknown as { app: { session(): Promise<unknown> } }).app.session(), undefined, { timeout: 10_000 })
        .then((h) => h.jsonValue() as Promise<{ id: string; access: string }>);
      const id = await verifyToken(app.issuer, tokens.id, "id", app.clientId);
      assert.equal(id["cognito:username"], "grace");
      const user = await tab.evaluate(() => (globalThis as unknown as { app: { user(): Promise<{ username: string }> } }).app.user());
      assert.equal(user.username, "grace");
    } finally {
      await context.close();
    }
  });
});
