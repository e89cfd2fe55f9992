// The pool as an OAuth 2.0 / OpenID Connect authorization server, driven by openid-client (a certified
// relying party) against the spawned CLI: discovery, authorization code + PKCE through the managed login
// form, refresh, client credentials, userinfo, revocation, the implicit flow, logout, and every failure path
// Cognito answers (unregistered redirect, reused code, wrong verifier, revoked refresh token, unknown client,
// scope not allowed). Every token is verified with aws-jwt-verify.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as oidc from "openid-client";
import { CreateResourceServerCommand, CreateUserPoolClientCommand, GetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, cognito, setClock } from "./cognito-fixtures.js";
import {
  addUser, CALLBACK, CookieJar, follow, formOf, oauthPool, originOf, signInThroughPages, SIGNED_OUT, verifyToken, visit, type OAuthPool,
} from "./oauth-fixtures.js";

const emu = useEmulator();
let app: OAuthPool;
let config: oidc.Configuration;
let origin = "";

async function discover(clientId: string, secret?: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(app.issuer), clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
}

/** A full authorization code + PKCE sign-in of `username` through the managed login form. */
async function codeFlow(username: string, scope = "openid email profile aws.cognito.signin.user.admin", jar = new CookieJar()) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK, scope, state, nonce, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256",
  });
  const callback = await signInThroughPages(jar, url.href, origin, username);
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  return { tokens, callback, verifier, nonce, jar };
}

describe("OAuth 2.0 and OpenID Connect with openid-client", () => {
  before(async () => {
    origin = originOf(emu);
    app = await oauthPool(emu, "oidc-app");
    await addUser(emu, app.poolId, "alice", { email: "alice@example.com", email_verified: "true", name: "Alice" });
    config = await discover(app.clientId);
  });

  it("discovery names the domain's endpoints on the emulator's own address", () => {
    const meta = config.serverMetadata();
    assert.equal(meta.issuer, app.issuer);
    assert.equal(meta.authorization_endpoint, `${app.base}/oauth2/authorize`);
    assert.equal(meta.token_endpoint, `${app.base}/oauth2/token`);
    assert.equal(meta.userinfo_endpoint, `${app.base}/oauth2/userInfo`);
    assert.equal(meta.revocation_endpoint, `${app.base}/oauth2/revoke`);
    assert.equal(meta.end_session_endpoint, `${app.base}/logout`);
    assert.equal(meta.jwks_uri, `${app.issuer}/.well-known/jwks.json`);
  });

  it("authorization code + PKCE: ID, access and refresh tokens with Cognito's OAuth claims", async () => {
    const { tokens, nonce } = await codeFlow("alice");
    assert.equal(tokens.token_type, "bearer");
    assert.equal(tokens.expires_in, 3600);
    const id = await verifyToken(app.issuer, tokens.id_token!, "id", app.clientId);
    const access = await verifyToken(app.issuer, tokens.access_token, "access", app.clientId);
    assert.equal(id.nonce, nonce);
    assert.equal(id["cognito:username"], "alice");
    assert.equal(id.email, "alice@example.com");
    assert.equal(id.email_verified, true);
    assert.equal(typeof id.at_hash, "string");
    assert.equal(id.auth_time, access.auth_time);
    assert.equal(access.scope, "openid email profile aws.cognito.signin.user.admin");
    assert.equal(access.version, 2);
    assert.equal(access.username, "alice");
    assert.equal(access.event_id, undefined);
    assert.match(tokens.refresh_token!, /^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("userInfo answers the attributes the scopes allow; the admin scope opens the user API", async () => {
    const { tokens } = await codeFlow("alice");
    const sub = tokens.claims()!.sub;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    assert.deepEqual(info, { sub, email: "alice@example.com", email_verified: "true", name: "Alice", username: "alice" });
    const user = await cognito(emu).send(new GetUserCommand({ AccessToken: tokens.access_token }));
    assert.equal(user.Username, "alice");
    const narrow = await codeFlow("alice", "openid email");
    assert.deepEqual(await oidc.fetchUserInfo(config, narrow.tokens.access_token, sub), { sub, email: "alice@example.com", email_verified: "true", username: "alice" });
    await assert.rejects(cognito(emu).send(new GetUserCommand({ AccessToken: narrow.tokens.access_token })),
      awsRejects("NotAuthorizedException", "Access Token does not have required scopes"));
  });

  it("a second authorization within the hour needs no password (the domain's sign-in cookie)", async () => {
    const first = await codeFlow("alice");
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid", state: "again" });
    const step = await visit(first.jar, url.href);
    assert.equal(step.status, 302);
    const callback = new URL(step.location!);
    assert.equal(`${callback.origin}${callback.pathname}`, CALLBACK);
    assert.equal(callback.searchParams.get("state"), "again");
    assert.match(callback.searchParams.get("code")!, /^[0-9a-f-]{36}$/);
    // prompt=login always shows the page.
    const forced = await visit(first.jar, `${oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid", prompt: "login" }).href}`);
    assert.match(forced.location!, /\/login\?/);
  });

  it("refresh_token: new ID and access tokens of the same session, scopes kept", async () => {
    const { tokens } = await codeFlow("alice", "openid email");
    const before = await verifyToken(app.issuer, tokens.access_token, "access", app.clientId);
    await setClock(emu, 60);
    try {
      const again = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      const access = await verifyToken(app.issuer, again.access_token, "access", app.clientId);
      await verifyToken(app.issuer, again.id_token!, "id", app.clientId);
      assert.equal(access.origin_jti, before.origin_jti);
      assert.equal(access.scope, "openid email");
      assert.equal(again.refresh_token, undefined);
    } finally {
      await setClock(emu, 0);
    }
  });

  it("revocation: a revoked refresh token is refused with invalid_grant, its access tokens too", async () => {
    const { tokens } = await codeFlow("alice");
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (e: unknown) => {
      assert.ok(e instanceof oidc.ResponseBodyError);
      assert.equal(e.error, "invalid_grant");
      assert.equal(e.status, 400);
      return true;
    });
    await assert.rejects(cognito(emu).send(new GetUserCommand({ AccessToken: tokens.access_token })), awsRejects("NotAuthorizedException", "Access Token has been revoked"));
    await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck), (e: unknown) => {
      assert.ok(e instanceof oidc.WWWAuthenticateChallengeError);
      assert.equal(e.status, 401);
      assert.equal(e.cause[0]!.parameters.error, "invalid_token");
      return true;
    });
  });

  it("a code is single-use: the second exchange is invalid_grant", async () => {
    const { callback, verifier } = await codeFlow("alice");
    await assert.rejects(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: callback.searchParams.get("state")! }),
      (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_grant" && e.status === 400);
  });

  it("a wrong PKCE verifier is invalid_grant, a missing one invalid_request", async () => {
    const url = (challenge: string) => oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid", state: "s", code_challenge: challenge, code_challenge_method: "S256" });
    const right = oidc.randomPKCECodeVerifier();
    const cb = await signInThroughPages(new CookieJar(), url(await oidc.calculatePKCECodeChallenge(right)).href, origin, "alice");
    await assert.rejects(oidc.authorizationCodeGrant(config, cb, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: "s" }),
      (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_grant");
    const cb2 = await signInThroughPages(new CookieJar(), url(await oidc.calculatePKCECodeChallenge(right)).href, origin, "alice");
    const res = await fetch(`${app.base}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", client_id: app.clientId, code: cb2.searchParams.get("code")!, redirect_uri: CALLBACK }) });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: "invalid_request", error_description: "code_verifier is required." });
  });

  it("an unregistered redirect_uri ends on the domain's error page, never redirecting to it", async () => {
    const step = await visit(new CookieJar(), `${app.base}/oauth2/authorize?client_id=${app.clientId}&response_type=code&redirect_uri=${encodeURIComponent("https://evil.example/cb")}`);
    assert.equal(step.status, 302);
    assert.equal(step.location, `${app.base}/error?error=redirect_mismatch&client_id=${app.clientId}`);
    const page = await visit(new CookieJar(), step.location!);
    assert.equal(page.status, 400);
    assert.match(page.html!, /redirect_mismatch: the redirect_uri is not one of the client&#39;s CallbackURLs/);
    assert.doesNotMatch(page.html!, /evil\.example/);
  });

  it("an unknown client: the error page at authorize, invalid_client at the token endpoint", async () => {
    const step = await visit(new CookieJar(), `${app.base}/oauth2/authorize?client_id=nosuchclient&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}`);
    assert.match(step.location!, /\/error\?error=invalid_request&error_description=Client\+nosuchclient\+does\+not\+exist/);
    const stranger = await discover("nosuchclient0000000000000a");
    await assert.rejects(oidc.refreshTokenGrant(stranger, "x.y.z.w.v"), (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_client" && e.status === 400);
  });

  it("a scope the client does not allow is sent back as error=invalid_scope with the state", async () => {
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid phone", state: "st8" });
    const step = await visit(new CookieJar(), url.href);
    assert.equal(step.location, `${CALLBACK}?error=invalid_scope&state=st8`);
  });

  it("a response_type the client is not allowed is unauthorized_client; prompt=none without a sign-in is login_required", async () => {
    const codeOnly = await cognito(emu).send(new CreateUserPoolClientCommand({ UserPoolId: app.poolId, ClientName: "code-only",
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ["COGNITO"] }));
    const id = codeOnly.UserPoolClient!.ClientId!;
    const implicit = await visit(new CookieJar(), `${app.base}/oauth2/authorize?client_id=${id}&response_type=token&redirect_uri=${encodeURIComponent(CALLBACK)}&state=a`);
    assert.equal(implicit.location, `${CALLBACK}#error=unauthorized_client&state=a`);
    const none = await visit(new CookieJar(), `${app.base}/oauth2/authorize?client_id=${id}&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}&prompt=none&state=b`);
    assert.equal(none.location, `${CALLBACK}?error=login_required&state=b`);
  });

  it("a wrong password shows Cognito's message on the page and grants nothing", async () => {
    const jar = new CookieJar();
    const page = await follow(jar, oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid" }).href, origin);
    const { action, hidden } = formOf(page.html!);
    const answer = await visit(jar, action, { ...hidden, username: "alice", password: "Wrong-Horse-9" });
    assert.equal(answer.status, 400);
    assert.match(answer.html!, /role="alert">Incorrect username or password\.</);
    // A form without the page's CSRF token is refused.
    const forged = await visit(new CookieJar(), action, { username: "alice", password: "Correct-Horse-9" });
    assert.equal(forged.status, 403);
    assert.equal(forged.location, undefined);
  });

  it("the implicit flow returns tokens in the fragment", async () => {
    const url = `${app.base}/oauth2/authorize?client_id=${app.clientId}&response_type=token&redirect_uri=${encodeURIComponent(CALLBACK)}&scope=openid+email&state=imp&nonce=n1`;
    const callback = await signInThroughPages(new CookieJar(), url, origin, "alice");
    const fragment = new URLSearchParams(callback.hash.slice(1));
    assert.equal(fragment.get("token_type"), "Bearer");
    assert.equal(fragment.get("expires_in"), "3600");
    assert.equal(fragment.get("state"), "imp");
    assert.equal(fragment.get("refresh_token"), null);
    assert.equal((await verifyToken(app.issuer, fragment.get("id_token")!, "id", app.clientId)).nonce, "n1");
    assert.equal((await verifyToken(app.issuer, fragment.get("access_token")!, "access", app.clientId)).scope, "openid email");
  });

  it("logout ends the domain's sign-in and redirects only to a registered sign-out URL", async () => {
    const { jar } = await codeFlow("alice");
    const bad = await visit(jar, `${app.base}/logout?client_id=${app.clientId}&logout_uri=${encodeURIComponent("https://evil.example/")}`);
    assert.equal(bad.location, `${app.base}/error?error=redirect_mismatch&client_id=${app.clientId}`);
    const out = await visit(jar, oidc.buildEndSessionUrl(config, { client_id: app.clientId, logout_uri: SIGNED_OUT }).href);
    assert.equal(out.location, SIGNED_OUT);
    const again = await visit(jar, oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid" }).href);
    assert.match(again.location!, /\/login\?/, "signed out: the login page again");
  });

  it("client_credentials: a confidential client gets an access token for its custom scopes only", async () => {
    await cognito(emu).send(new CreateResourceServerCommand({ UserPoolId: app.poolId, Identifier: "https://api.example.com", Name: "api",
      Scopes: [{ ScopeName: "read", ScopeDescription: "read" }, { ScopeName: "write", ScopeDescription: "write" }] }));
    const m2m = await cognito(emu).send(new CreateUserPoolClientCommand({ UserPoolId: app.poolId, ClientName: "m2m", GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["https://api.example.com/read"] }));
    const { ClientId, ClientSecret } = m2m.UserPoolClient!;
    const machine = await discover(ClientId!, ClientSecret!);
    const tokens = await oidc.clientCredentialsGrant(machine);
    const access = await verifyToken(app.issuer, tokens.access_token, "access", ClientId!);
    assert.equal(access.sub, ClientId);
    assert.equal(access.scope, "https://api.example.com/read");
    assert.equal(tokens.refresh_token, undefined);
    assert.equal(tokens.id_token, undefined);
    await assert.rejects(oidc.clientCredentialsGrant(machine, { scope: "https://api.example.com/write" }),
      (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_scope" && e.status === 400);
    const wrongSecret = await discover(ClientId!, "not-the-secret");
    await assert.rejects(oidc.clientCredentialsGrant(wrongSecret), (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_client");
    await assert.rejects(oidc.clientCredentialsGrant(config), (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === "invalid_client",
      "a public client cannot use client_credentials");
  });

  it("the token endpoint refuses other grant types and other content types", async () => {
    const post = (body: string, type = "application/x-www-form-urlencoded") => fetch(`${app.base}/oauth2/token`, { method: "POST", headers: { "content-type": type }, body });
    let res = await post(`grant_type=password&client_id=${app.clientId}`);
    assert.deepEqual([res.status, await res.json()], [400, { error: "unsupported_grant_type" }]);
    res = await post(JSON.stringify({ grant_type: "authorization_code" }), "application/json");
    assert.deepEqual([res.status, ((await res.json()) as { error: string }).error], [400, "invalid_request"]);
    res = await fetch(`${app.base}/oauth2/token`);
    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "POST");
  });
});
