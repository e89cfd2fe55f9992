// Triggers on the web sign-in: the managed login pages sign in through the same functions as InitiateAuth,
// so pre and post authentication run there; the code's exchange at /oauth2/token runs pre token generation
// as TokenGeneration_HostedAuth with the OAuth scopes, and the function's claims and scopes are in the
// tokens; a federated user's first sign-in runs PreSignUp_ExternalProvider. Failures: the page shows the
// function's message, the token endpoint and the redirect answer invalid_request with it. The SMS MFA step
// runs on the pages too. client_credentials runs a V3_0 function as TokenGeneration_ClientCredentials.
// Functions are a stub Invoke API that records each event.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AdminGetUserCommand, AdminSetUserMFAPreferenceCommand, CreateIdentityProviderCommand, CreateResourceServerCommand, CreateUserPoolClientCommand,
  SetUserPoolMfaConfigCommand, UpdateUserPoolClientCommand,
  type CreateUserPoolCommandInput, type LambdaConfigType,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { functionArn as arn, LambdaStub, returnEvent as keep } from "../../support/lambda-stub.js";
import { claims, cognito, PASSWORD, sentCodes } from "./cognito-fixtures.js";
import { addUser, CALLBACK, CookieJar, follow, formOf, oauthPool, originOf, signInThroughPages, visit, type OAuthPool } from "./oauth-fixtures.js";

const stub = new LambdaStub();
// The stub listens before the emulator starts: its address is the emulator's --lambda-endpoint.
const emu = useEmulator(async () => ({ args: ["--no-persist", "--lambda-endpoint", await stub.start(), "--lambda-timeout", "2"] }));
after(() => stub.stop());

let domains = 0;
async function poolWith(lambda: LambdaConfigType, pool: Partial<CreateUserPoolCommandInput> = {}): Promise<OAuthPool> {
  return oauthPool(emu, `trig-${++domains}`, { LambdaConfig: lambda, ...pool });
}

const authorizeUrl = (p: OAuthPool, state = "st") =>
  `${p.base}/oauth2/authorize?${new URLSearchParams({ client_id: p.clientId, response_type: "code", redirect_uri: CALLBACK, scope: "openid email", state })}`;

async function exchange(p: OAuthPool, callback: URL): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${p.base}/oauth2/token`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", client_id: p.clientId, code: callback.searchParams.get("code")!, redirect_uri: CALLBACK }),
  });
  return { status: res.status, body: await res.json() as Record<string, string> };
}

/** The login page's answer to a username and password (not followed). */
async function submitLogin(jar: CookieJar, p: OAuthPool, username: string) {
  const page = await follow(jar, authorizeUrl(p), originOf(emu));
  const { action, hidden } = formOf(page.html!);
  return { action, answer: await visit(jar, action, { ...hidden, username, password: PASSWORD }) };
}

const alertOf = (html: string | undefined) => html?.match(/role="alert">([^<]*)/)?.[1];

describe("triggers on the managed login and the OAuth endpoints", () => {
  it("a page sign-in runs pre and post authentication; the code's exchange runs pre token generation (TokenGeneration_HostedAuth) and its answer shapes the tokens", async () => {
    stub.on(arn("ml-pre-auth"), keep).on(arn("ml-post-auth"), keep);
    stub.on(arn("ml-pre-token"), (e) => ({ payload: { ...e, response: { claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: { plan: "gold" } },
      accessTokenGeneration: { claimsToAddOrOverride: { tenant: "acme" }, scopesToAdd: ["orders/read"] },
    } } } }));
    const p = await poolWith({ PreAuthentication: arn("ml-pre-auth"), PostAuthentication: arn("ml-post-auth"), PreTokenGenerationConfig: { LambdaArn: arn("ml-pre-token"), LambdaVersion: "V2_0" } });
    await addUser(emu, p.poolId, "hana", { email: "hana@example.com", email_verified: "true" });
    const before = stub.calls.length;
    const callback = await signInThroughPages(new CookieJar(), authorizeUrl(p), originOf(emu), "hana");
    assert.equal(callback.searchParams.get("state"), "st");
    const preAuth = stub.lastEvent("ml-pre-auth");
    assert.equal(preAuth.triggerSource, "PreAuthentication_Authentication");
    assert.equal(preAuth.userName, "hana");
    assert.equal(preAuth.callerContext.clientId, p.clientId);
    assert.equal(preAuth.request.userAttributes.email, "hana@example.com");
    const postAuth = stub.lastEvent("ml-post-auth");
    assert.equal(postAuth.triggerSource, "PostAuthentication_Authentication");
    assert.equal(postAuth.callerContext.clientId, p.clientId);
    assert.equal(stub.callsOf("ml-pre-token").length, 0, "no tokens yet: only a code");

    const { status, body } = await exchange(p, callback);
    assert.equal(status, 200, JSON.stringify(body));
    const preToken = stub.lastEvent("ml-pre-token");
    assert.equal(preToken.triggerSource, "TokenGeneration_HostedAuth");
    assert.equal(preToken.version, "2");
    assert.deepEqual([...preToken.request.scopes].sort(), ["email", "openid"]);
    assert.deepEqual(preToken.request.groupConfiguration, { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null });
    assert.deepEqual(stub.calls.slice(before).map((c) => c.functionName.split(":").at(-1)), ["ml-pre-auth", "ml-post-auth", "ml-pre-token"]);
    const id = claims(body.id_token!);
    const access = claims(body.access_token!);
    assert.equal(id.plan, "gold");
    assert.equal(access.tenant, "acme");
    assert.deepEqual(String(access.scope).split(" ").sort(), ["email", "openid", "orders/read"]);
  });

  it("post authentication refusing: the login page shows the function's message, and the app gets no code", async () => {
    stub.on(arn("ml-post-refuse"), () => ({ functionError: { errorType: "Error", errorMessage: "Account under review" } }));
    const p = await poolWith({ PostAuthentication: arn("ml-post-refuse") });
    await addUser(emu, p.poolId, "ivan", {});
    const jar = new CookieJar();
    const { answer } = await submitLogin(jar, p, "ivan");
    assert.equal(answer.status, 400);
    assert.equal(alertOf(answer.html), "PostAuthentication failed with error Account under review.");
    // Not signed in at the domain either: the next authorization shows the login page again.
    const again = await follow(jar, authorizeUrl(p), originOf(emu));
    assert.equal(again.status, 200);
    assert.ok(formOf(again.html!).action.includes("/login?"));
  });

  it("pre authentication refusing: the page shows the message; pre token generation refusing: /oauth2/token answers invalid_request with it", async () => {
    stub.on(arn("ml-pre-refuse"), (e) => e.userName === "jo"
      ? { functionError: { errorType: "Error", errorMessage: "Outside office hours" } } : keep(e));
    stub.on(arn("ml-token-refuse"), () => ({ functionError: { errorType: "Error", errorMessage: "No tokens today" } }));
    const p = await poolWith({ PreAuthentication: arn("ml-pre-refuse"), PreTokenGenerationConfig: { LambdaArn: arn("ml-token-refuse"), LambdaVersion: "V2_0" } });
    await addUser(emu, p.poolId, "jo", {});
    await addUser(emu, p.poolId, "kai", {});
    const { answer } = await submitLogin(new CookieJar(), p, "jo");
    assert.equal(answer.status, 400);
    assert.equal(alertOf(answer.html), "PreAuthentication failed with error Outside office hours.");
    const { action, answer: signedIn } = await submitLogin(new CookieJar(), p, "kai");
    assert.equal(signedIn.status, 302);
    const { status, body } = await exchange(p, new URL(signedIn.location!, action));
    assert.equal(status, 400);
    assert.deepEqual(body, { error: "invalid_request", error_description: "PreTokenGeneration failed with error No tokens today." });
  });

  it("SMS MFA on the pages: the code sent by SMS (through the custom message trigger) is asked for, then the app gets its code", async () => {
    stub.on(arn("ml-message"), (e) => ({ payload: { ...e, response: { smsMessage: `Hana's code: ${e.request.codeParameter}`, emailMessage: null, emailSubject: null } } }));
    const p = await poolWith({ CustomMessage: arn("ml-message") });
    await cognito(emu).send(new SetUserPoolMfaConfigCommand({
      UserPoolId: p.poolId, MfaConfiguration: "OPTIONAL",
      SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/sns", ExternalId: "x" } },
    }));
    await addUser(emu, p.poolId, "lin", { phone_number: "+15555550123", phone_number_verified: "true" });
    await cognito(emu).send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: p.poolId, Username: "lin", SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const jar = new CookieJar();
    const { answer } = await submitLogin(jar, p, "lin");
    assert.equal(answer.status, 200);
    assert.match(answer.html!, /Code sent by SMS to \+\*+0123/);
    assert.equal(stub.lastEvent("ml-message").triggerSource, "CustomMessage_Authentication");
    const sent = (await sentCodes(emu, p.poolId, "lin")).find((c) => c.purpose === "AUTHENTICATION")!;
    assert.equal(sent.message, `Hana's code: ${sent.code}`);
    const form = formOf(answer.html!);
    assert.equal(form.hidden.challenge, "SMS_MFA");
    const wrong = await visit(jar, form.action, { ...form.hidden, code: "000000" });
    assert.equal(wrong.status, 400);
    const right = await visit(jar, form.action, { ...form.hidden, code: sent.code });
    assert.equal(right.status, 302, alertOf(right.html));
    assert.ok(right.location!.startsWith(`${CALLBACK}?code=`));
  });

  it("a federated user's first sign-in runs PreSignUp_ExternalProvider with the mapped attributes; its refusal reaches the app", async () => {
    stub.on(arn("ml-pre-sign-up"), (e) => e.request.userAttributes.email?.endsWith("@corp.example")
      ? keep(e) : { functionError: { errorType: "Error", errorMessage: "Only corp.example" } });
    const app = await poolWith({ PreSignUp: arn("ml-pre-sign-up") });
    const idp = await oauthPool(emu, `trig-idp-${++domains}`, {}, { GenerateSecret: true, CallbackURLs: [`${app.base}/oauth2/idpresponse`] });
    await addUser(emu, idp.poolId, "bob", { email: "bob@corp.example", name: "Bob" });
    await addUser(emu, idp.poolId, "mallory", { email: "mallory@elsewhere.example", name: "Mallory" });
    const c = cognito(emu);
    await c.send(new CreateIdentityProviderCommand({
      UserPoolId: app.poolId, ProviderName: "Corp", ProviderType: "OIDC",
      ProviderDetails: { client_id: idp.clientId, client_secret: idp.clientSecret!, authorize_scopes: "openid email profile", oidc_issuer: idp.issuer, attributes_request_method: "GET" },
      AttributeMapping: { email: "email", name: "name" },
    }));
    await c.send(new UpdateUserPoolClientCommand({ UserPoolId: app.poolId, ClientId: app.clientId, ClientName: "app",
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid", "email"], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ["COGNITO", "Corp"] }));
    const viaCorp = (state: string) => `${authorizeUrl(app, state)}&identity_provider=Corp`;

    const callback = await signInThroughPages(new CookieJar(), viaCorp("f1"), originOf(emu), "bob");
    assert.ok(callback.searchParams.get("code"), callback.href);
    const bob = await c.send(new AdminGetUserCommand({ UserPoolId: idp.poolId, Username: "bob" }));
    const bobSub = bob.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
    assert.deepEqual(stub.lastEvent("ml-pre-sign-up"), {
      version: "1", triggerSource: "PreSignUp_ExternalProvider", region: "us-east-1", userPoolId: app.poolId, userName: `Corp_${bobSub}`,
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: app.clientId },
      request: { userAttributes: { email: "bob@corp.example", name: "Bob" }, validationData: null },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    const calls = stub.callsOf("ml-pre-sign-up").length;
    await signInThroughPages(new CookieJar(), viaCorp("f2"), originOf(emu), "bob");
    assert.equal(stub.callsOf("ml-pre-sign-up").length, calls, "only the first sign-in creates the user");

    const refused = await signInThroughPages(new CookieJar(), viaCorp("f3"), originOf(emu), "mallory");
    assert.equal(refused.origin + refused.pathname, CALLBACK);
    assert.equal(refused.searchParams.get("error"), "invalid_request");
    assert.equal(refused.searchParams.get("error_description"), "PreSignUp failed with error Only corp.example.");
    assert.equal(refused.searchParams.get("state"), "f3");
    const mallory = await c.send(new AdminGetUserCommand({ UserPoolId: idp.poolId, Username: "mallory" }));
    const mallorySub = mallory.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
    await assert.rejects(c.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: `Corp_${mallorySub}` })), { name: "UserNotFoundException" });
  });

  /** A client_credentials client of a new pool with `lambda`, and its token request. */
  async function m2mPool(lambda: LambdaConfigType) {
    const p = await poolWith(lambda);
    const c = cognito(emu);
    await c.send(new CreateResourceServerCommand({ UserPoolId: p.poolId, Identifier: "api", Name: "api",
      Scopes: [{ ScopeName: "read", ScopeDescription: "read" }, { ScopeName: "write", ScopeDescription: "write" }] }));
    const m2m = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: p.poolId, ClientName: "m2m", GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["api/read", "api/write"] }))).UserPoolClient!;
    const token = async (form: Record<string, string>) => {
      const res = await fetch(`${p.base}/oauth2/token`, {
        method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${m2m.ClientId}:${m2m.ClientSecret}`).toString("base64")}` },
        body: new URLSearchParams({ grant_type: "client_credentials", ...form }),
      });
      return { status: res.status, body: await res.json() as Record<string, string> };
    };
    return { clientId: m2m.ClientId!, token };
  }

  it("client_credentials runs a V3_0 function as TokenGeneration_ClientCredentials with aws_client_metadata; its access token changes are in the token", async () => {
    stub.on(arn("ml-m2m"), (e) => ({ payload: { ...e, response: { claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: { ignored: "no ID token" } },
      accessTokenGeneration: { claimsToAddOrOverride: { onBehalfOf: e.request.clientMetadata.user, tenant: { id: 7 } }, scopesToAdd: ["api/audit"], scopesToSuppress: ["api/write"] },
    } } } }));
    const m2m = await m2mPool({ PreTokenGenerationConfig: { LambdaArn: arn("ml-m2m"), LambdaVersion: "V3_0" } });
    const { status, body } = await m2m.token({ scope: "api/read api/write", aws_client_metadata: JSON.stringify({ user: "alice" }) });
    assert.equal(status, 200, JSON.stringify(body));
    const event = stub.lastEvent("ml-m2m");
    assert.equal(event.triggerSource, "TokenGeneration_ClientCredentials");
    assert.equal(event.version, "3");
    assert.equal(event.userName, undefined, "a machine has no user name");
    assert.equal(event.callerContext.clientId, m2m.clientId);
    assert.deepEqual(event.request, { userAttributes: {}, groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      scopes: ["api/read", "api/write"], clientMetadata: { user: "alice" } });
    const access = claims(body.access_token!);
    assert.equal(access.sub, m2m.clientId);
    assert.equal(access.onBehalfOf, "alice");
    assert.deepEqual(access.tenant, { id: 7 });
    assert.equal(access.scope, "api/read api/audit");
    assert.equal(access.ignored, undefined);
    assert.equal(body.id_token, undefined);
  });

  it("client_credentials: a V2_0 function is not called; a V3_0 function's failure, a reserved claim and bad metadata are invalid_request", async () => {
    stub.on(arn("ml-m2m-v2"), keep);
    const v2 = await m2mPool({ PreTokenGenerationConfig: { LambdaArn: arn("ml-m2m-v2"), LambdaVersion: "V2_0" } });
    assert.equal((await v2.token({})).status, 200);
    assert.equal(stub.callsOf("ml-m2m-v2").length, 0, "V2_0 shapes user tokens only");
    assert.deepEqual(await v2.token({ aws_client_metadata: "[1]" }), { status: 400, body: { error: "invalid_request", error_description: "aws_client_metadata must be a JSON object of string values." } });

    let answer: "fail" | "sub" = "fail";
    stub.on(arn("ml-m2m-bad"), (e) => answer === "fail" ? { functionError: { errorType: "Error", errorMessage: "Unknown agent" } }
      : { payload: { ...e, response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { sub: "someone-else" } } } } } });
    const bad = await m2mPool({ PreTokenGenerationConfig: { LambdaArn: arn("ml-m2m-bad"), LambdaVersion: "V3_0" } });
    assert.deepEqual(await bad.token({}), { status: 400, body: { error: "invalid_request", error_description: "PreTokenGeneration failed with error Unknown agent." } });
    answer = "sub";
    const reserved = await bad.token({});
    assert.equal(reserved.status, 400);
    assert.equal(reserved.body.error, "invalid_request");
    assert.match(reserved.body.error_description!, /names sub, a claim Cognito sets/);
  });
});
