// Passkeys with a real browser as the WebAuthn client: Chromium (playwright-core) with a virtual platform
// authenticator (the DevTools protocol's WebAuthn domain) on a page at http://localhost:PORT. One page turns
// Cognito's options into a ceremony with PublicKeyCredential.parseCreationOptionsFromJSON /
// parseRequestOptionsFromJSON and hands back credential.toJSON(), exactly what an app sends; another runs AWS
// Amplify v6's own passkey functions (associateWebAuthnCredential, signIn with WEB_AUTHN), bundled with esbuild.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CompleteWebAuthnRegistrationCommand, InitiateAuthCommand, ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { claims, cognito, makePool, PASSWORD } from "./cognito-fixtures.js";

const emu = useEmulator();
// The app's side of the two ceremonies, as a web app writes it.
const PAGE = `<!doctype html><meta charset="utf-8"><title>app</title><script>
window.createPasskey = async (json) => (await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) })).toJSON();
window.getPasskey = async (json) => (await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(json)) })).toJSON();
</script>`;
type Ceremonies = { createPasskey(json: unknown): Promise<{ id: string }>; getPasskey(json: string): Promise<unknown> };

// An app using Amplify's passkey functions; the test drives it through window.app.
const AMPLIFY_APP = `
import { Amplify } from "aws-amplify";
import { associateWebAuthnCredential, fetchAuthSession, listWebAuthnCredentials, signIn, signOut } from "aws-amplify/auth";
window.app = {
  configure: (c) => Amplify.configure({ Auth: { Cognito: { userPoolId: c.poolId, userPoolClientId: c.clientId, userPoolEndpoint: c.endpoint } } }),
  signInWithPassword: (username, password) => signIn({ username, password, options: { authFlowType: "USER_PASSWORD_AUTH" } }),
  signInWithPasskey: (username) => signIn({ username, options: { authFlowType: "USER_AUTH", preferredChallenge: "WEB_AUTHN" } }),
  associate: () => associateWebAuthnCredential(),
  list: async () => (await listWebAuthnCredentials()).credentials.map((c) => c.credentialId),
  idToken: async () => (await fetchAuthSession()).tokens?.idToken?.toString(),
  signOut: () => signOut(),
};
`;
type AmplifyApp = {
  configure(c: object): void; signInWithPassword(u: string, p: string): Promise<{ isSignedIn: boolean }>; signInWithPasskey(u: string): Promise<{ isSignedIn: boolean; nextStep: { signInStep: string } }>;
  associate(): Promise<void>; list(): Promise<string[]>; idToken(): Promise<string | undefined>; signOut(): Promise<void>;
};
let amplifyPage = "";

let pageServer: Server;
let browser: Browser;
let page: Page;

describe("passkeys in Chromium (virtual authenticator)", () => {
  before(async () => {
    const bundle = (await build({ stdin: { contents: AMPLIFY_APP, resolveDir: process.cwd(), loader: "js" }, bundle: true, format: "iife", platform: "browser", write: false,
      logLevel: "silent", define: { "process.env.NODE_ENV": '"production"' } })).outputFiles[0]!.text;
    amplifyPage = `<!doctype html><meta charset="utf-8"><title>amplify app</title><script>${bundle.replace(/<\/script/g, "<\\/script")}</script>`;
    pageServer = createServer((req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end(req.url === "/amplify" ? amplifyPage : PAGE); });
    await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const context = await browser.newContext();
    page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable", { enableUI: false });
    await cdp.send("WebAuthn.addVirtualAuthenticator", { options: {
      protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    } });
  });

  it("AWS Amplify v6: associateWebAuthnCredential registers one, signIn with WEB_AUTHN signs in with it", async () => {
    const c = cognito(emu);
    const p = await makePool(emu, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } } },
      { ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: "localhost" } }));
    await c.send(new AdminCreateUserCommand({ UserPoolId: p.poolId, Username: "amy", MessageAction: "SUPPRESS" }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: p.poolId, Username: "amy", Password: PASSWORD, Permanent: true }));
    await page.goto(`http://localhost:${(pageServer.address() as AddressInfo).port}/amplify`);
    type Win = { app: AmplifyApp };
    await page.evaluate((config) => (globalThis as unknown as Win).app.configure(config), { poolId: p.poolId, clientId: p.clientId, endpoint: emu.endpoint });
    const withPassword = await page.evaluate(([u, pw]) => (globalThis as unknown as Win).app.signInWithPassword(u!, pw!), ["amy", PASSWORD]);
    assert.equal(withPassword.isSignedIn, true);
    await page.evaluate(() => (globalThis as unknown as Win).app.associate());
    const ids = await page.evaluate(() => (globalThis as unknown as Win).app.list());
    assert.equal(ids.length, 1);
    await page.evaluate(() => (globalThis as unknown as Win).app.signOut());

    const withPasskey = await page.evaluate((u) => (globalThis as unknown as Win).app.signInWithPasskey(u), "amy");
    assert.deepEqual([withPasskey.isSignedIn, withPasskey.nextStep.signInStep], [true, "DONE"]);
    const idToken = await page.evaluate(() => (globalThis as unknown as Win).app.idToken());
    assert.equal(claims(idToken!)["cognito:username"], "amy");
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => pageServer?.close(() => resolve()));
  });

  it("registers a passkey from Cognito's options and signs in with it, twice", async () => {
    const c = cognito(emu);
    const p = await makePool(emu, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } } },
      { ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: "localhost", UserVerification: "required" } }));
    await c.send(new AdminCreateUserCommand({ UserPoolId: p.poolId, Username: "rosa", MessageAction: "SUPPRESS" }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: p.poolId, Username: "rosa", Password: PASSWORD, Permanent: true }));
    const first = await c.send(new InitiateAuthCommand({ ClientId: p.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "rosa", PASSWORD } }));
    const accessToken = first.AuthenticationResult!.AccessToken!;

    await page.goto(`http://localhost:${(pageServer.address() as AddressInfo).port}/`);
    const { CredentialCreationOptions } = await c.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    const created = await page.evaluate((json) => (globalThis as unknown as Ceremonies).createPasskey(json), CredentialCreationOptions as unknown);
    await c.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: created as never }));
    const [listed] = (await c.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }))).Credentials!;
    assert.equal(listed!.CredentialId, created.id);
    assert.equal(listed!.RelyingPartyId, "localhost");
    assert.equal(listed!.AuthenticatorAttachment, "platform");
    assert.ok(listed!.AuthenticatorTransports!.includes("internal"), JSON.stringify(listed));

    for (let round = 0; round < 2; round++) {
      const start = await c.send(new InitiateAuthCommand({ ClientId: p.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "rosa", PREFERRED_CHALLENGE: "WEB_AUTHN" } }));
      assert.equal(start.ChallengeName, "WEB_AUTHN");
      const asserted = await page.evaluate((json) => (globalThis as unknown as Ceremonies).getPasskey(json), start.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
      const done = await c.send(new RespondToAuthChallengeCommand({ ClientId: p.clientId, ChallengeName: "WEB_AUTHN", Session: start.Session,
        ChallengeResponses: { USERNAME: "rosa", CREDENTIAL: JSON.stringify(asserted) } }));
      assert.equal(claims(done.AuthenticationResult!.IdToken!)["cognito:username"], "rosa", `round ${round}`);
    }
  });
});
