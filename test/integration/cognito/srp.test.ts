// SRP sign-in as apps do it: amazon-cognito-identity-js, unchanged, pointed at the emulator through its
// `endpoint` option: USER_SRP_AUTH + PASSWORD_VERIFIER, the new-password step, and TOTP MFA (set up and used).
import { describe, it, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, AssociateSoftwareTokenCommand, InitiateAuthCommand, SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand, VerifySoftwareTokenCommand, RespondToAuthChallengeCommand, AdminGetUserCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from "amazon-cognito-identity-js";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { totpCode } from "../../../src/services/totp.js";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, cognito, makePool, PASSWORD } from "./cognito-fixtures.js";

const emu = useEmulator();
let poolId = "";
let clientId = "";

let ready: Promise<void> | undefined;
beforeEach(() => {
  ready ??= (async () => {
    ({ poolId, clientId } = await makePool(emu, { UsernameConfiguration: { CaseSensitive: false } }));
    for (const name of ["alice", "mallory"]) {
      await cognito(emu).send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: "SUPPRESS" }));
      await cognito(emu).send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: PASSWORD, Permanent: true }));
    }
  })();
  return ready;
});

function appUser(username: string, pool = poolId, client = clientId): CognitoUser {
  const userPool = new CognitoUserPool({ UserPoolId: pool, ClientId: client, endpoint: `${emu.endpoint}/` });
  return new CognitoUser({ Username: username, Pool: userPool });
}

type Outcome = { kind: "success"; session: CognitoUserSession } | { kind: "failure"; err: { code?: string; name?: string; message: string } }
  | { kind: "newPassword"; attributes: Record<string, string> } | { kind: "totp" } | { kind: "mfaSetup" };

function signIn(user: CognitoUser, password: string): Promise<Outcome> {
  return new Promise((resolve) => user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
    onSuccess: (session) => resolve({ kind: "success", session }),
    onFailure: (err) => resolve({ kind: "failure", err }),
    newPasswordRequired: (attributes) => resolve({ kind: "newPassword", attributes }),
    totpRequired: () => resolve({ kind: "totp" }),
    mfaSetup: () => resolve({ kind: "mfaSetup" }),
  }));
}

function callbacks(resolve: (o: Outcome) => void) {
  return {
    onSuccess: (session: CognitoUserSession) => resolve({ kind: "success", session }),
    onFailure: (err: { code?: string; message: string }) => resolve({ kind: "failure", err }),
    totpRequired: () => resolve({ kind: "totp" }),
    mfaSetup: () => resolve({ kind: "mfaSetup" }),
  };
}

describe("amazon-cognito-identity-js SRP sign-in", () => {
  it("signs in with USER_SRP_AUTH; the tokens verify against the pool's JWKS", async () => {
    const outcome = await signIn(appUser("alice"), PASSWORD);
    assert.equal(outcome.kind, "success", JSON.stringify(outcome));
    const session = (outcome as { session: CognitoUserSession }).session;
    assert.equal(session.isValid(), true);
    assert.equal(session.getIdToken().payload["cognito:username"], "alice");
    assert.equal(session.getAccessToken().payload.client_id, clientId);
    const jwks = createRemoteJWKSet(new URL(`${emu.endpoint}/${poolId}/.well-known/jwks.json`));
    const verified = await jwtVerify(session.getIdToken().getJwtToken(), jwks, { issuer: `${emu.endpoint}/${poolId}`, audience: clientId });
    assert.equal(verified.payload.token_use, "id");
  });

  it("usernames of a case-insensitive pool match in any case", async () => {
    const outcome = await signIn(appUser("ALICE"), PASSWORD);
    assert.equal(outcome.kind, "success", JSON.stringify(outcome));
  });

  it("a wrong password is NotAuthorizedException with AWS's message", async () => {
    const outcome = await signIn(appUser("alice"), "Wrong-Password-1");
    assert.equal(outcome.kind, "failure");
    const { err } = outcome as { err: { code?: string; message: string } };
    assert.equal(err.code, "NotAuthorizedException");
    assert.equal(err.message, "Incorrect username or password.");
  });

  it("an unknown user is UserNotFoundException", async () => {
    const outcome = await signIn(appUser("nobody"), PASSWORD);
    assert.equal((outcome as { err: { code?: string } }).err.code, "UserNotFoundException");
  });

  it("the session refreshes with the refresh token", async () => {
    const user = appUser("alice");
    const outcome = await signIn(user, PASSWORD);
    const session = (outcome as { session: CognitoUserSession }).session;
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (err: Error | null, s: CognitoUserSession) => (err ? reject(err) : resolve(s))));
    assert.equal(refreshed.getAccessToken().payload.origin_jti, session.getAccessToken().payload.origin_jti);
  });

  it("answers NEW_PASSWORD_REQUIRED with completeNewPasswordChallenge", async () => {
    await cognito(emu).send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "newbie", TemporaryPassword: "Temporary-1", MessageAction: "SUPPRESS",
      UserAttributes: [{ Name: "email", Value: "newbie@example.com" }] }));
    const user = appUser("newbie");
    const first = await signIn(user, "Temporary-1");
    assert.equal(first.kind, "newPassword", JSON.stringify(first));
    assert.deepEqual((first as { attributes: Record<string, string> }).attributes, { email: "newbie@example.com" });
    const done = await new Promise<Outcome>((resolve) => user.completeNewPasswordChallenge("Permanent-22", { name: "Newbie" }, callbacks(resolve)));
    assert.equal(done.kind, "success", JSON.stringify(done));
    assert.equal((await signIn(appUser("newbie"), "Permanent-22")).kind, "success");
  });
});

describe("TOTP MFA", () => {
  it("a user who set up TOTP (SDK) is asked for a code by amazon-cognito-identity-js", async () => {
    const c = cognito(emu);
    const mfaPool = await makePool(emu, {});
    await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfaPool.poolId, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await c.send(new AdminCreateUserCommand({ UserPoolId: mfaPool.poolId, Username: "tess", MessageAction: "SUPPRESS" }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: mfaPool.poolId, Username: "tess", Password: PASSWORD, Permanent: true }));
    const tokens = (await c.send(new InitiateAuthCommand({ ClientId: mfaPool.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "tess", PASSWORD } }))).AuthenticationResult!;
    const { SecretCode } = await c.send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.AccessToken }));
    assert.match(SecretCode!, /^[A-Z2-7]{52}$/);
    await assert.rejects(c.send(new VerifySoftwareTokenCommand({ AccessToken: tokens.AccessToken, UserCode: "000000" === totpCode(SecretCode!, new Date()) ? "111111" : "000000" })),
      awsRejects("EnableSoftwareTokenMFAException", "Code mismatch"));
    const verified = await c.send(new VerifySoftwareTokenCommand({ AccessToken: tokens.AccessToken, UserCode: totpCode(SecretCode!, new Date()) }));
    assert.equal(verified.Status, "SUCCESS");
    await c.send(new SetUserMFAPreferenceCommand({ AccessToken: tokens.AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const got = await c.send(new AdminGetUserCommand({ UserPoolId: mfaPool.poolId, Username: "tess" }));
    assert.equal(got.PreferredMfaSetting, "SOFTWARE_TOKEN_MFA");
    assert.deepEqual(got.UserMFASettingList, ["SOFTWARE_TOKEN_MFA"]);

    const user = appUser("tess", mfaPool.poolId, mfaPool.clientId);
    assert.equal((await signIn(user, PASSWORD)).kind, "totp");
    const wrong = await new Promise<Outcome>((resolve) => user.sendMFACode("123456" === totpCode(SecretCode!, new Date(Date.now() + 30_000)) ? "654321" : "123456", callbacks(resolve), "SOFTWARE_TOKEN_MFA"));
    assert.equal((wrong as { err: { code?: string } }).err.code, "CodeMismatchException");
    const again = appUser("tess", mfaPool.poolId, mfaPool.clientId);
    assert.equal((await signIn(again, PASSWORD)).kind, "totp");
    // The verification above spent the current step's code; the next step's is within the accepted window.
    const done = await new Promise<Outcome>((resolve) => again.sendMFACode(totpCode(SecretCode!, new Date(Date.now() + 30_000)), callbacks(resolve), "SOFTWARE_TOKEN_MFA"));
    assert.equal(done.kind, "success", JSON.stringify(done));
  });

  it("a pool with MFA ON makes a new user set up TOTP during sign-in (MFA_SETUP)", async () => {
    const c = cognito(emu);
    const onPool = await makePool(emu, {});
    await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: onPool.poolId, MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await c.send(new AdminCreateUserCommand({ UserPoolId: onPool.poolId, Username: "uma", MessageAction: "SUPPRESS" }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: onPool.poolId, Username: "uma", Password: PASSWORD, Permanent: true }));
    const user = appUser("uma", onPool.poolId, onPool.clientId);
    assert.equal((await signIn(user, PASSWORD)).kind, "mfaSetup");
    const secret = await new Promise<string>((resolve, reject) => user.associateSoftwareToken({
      associateSecretCode: (code: string) => resolve(code), onFailure: (err: Error) => reject(err),
    }));
    const done = await new Promise<Outcome>((resolve) => user.verifySoftwareToken(totpCode(secret, new Date()), "phone", callbacks(resolve)));
    assert.equal(done.kind, "success", JSON.stringify(done));
  });

  it("MFA_SETUP through the SDK: AssociateSoftwareToken and VerifySoftwareToken with the Session", async () => {
    const c = cognito(emu);
    const onPool = await makePool(emu, {});
    await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: onPool.poolId, MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await c.send(new AdminCreateUserCommand({ UserPoolId: onPool.poolId, Username: "vic", MessageAction: "SUPPRESS" }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: onPool.poolId, Username: "vic", Password: PASSWORD, Permanent: true }));
    const first = await c.send(new InitiateAuthCommand({ ClientId: onPool.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "vic", PASSWORD } }));
    assert.equal(first.ChallengeName, "MFA_SETUP");
    assert.equal(first.ChallengeParameters!.MFAS_CAN_SETUP, '["SOFTWARE_TOKEN_MFA"]');
    const assoc = await c.send(new AssociateSoftwareTokenCommand({ Session: first.Session }));
    const verify = await c.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: totpCode(assoc.SecretCode!, new Date()) }));
    const done = await c.send(new RespondToAuthChallengeCommand({ ClientId: onPool.clientId, ChallengeName: "MFA_SETUP", Session: verify.Session, ChallengeResponses: { USERNAME: "vic" } }));
    assert.ok(done.AuthenticationResult!.AccessToken);
    const next = await c.send(new InitiateAuthCommand({ ClientId: onPool.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "vic", PASSWORD } }));
    assert.equal(next.ChallengeName, "SOFTWARE_TOKEN_MFA");
    const mfa = await c.send(new RespondToAuthChallengeCommand({ ClientId: onPool.clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: next.Session,
      ChallengeResponses: { USERNAME: "vic", SOFTWARE_TOKEN_MFA_CODE: totpCode(assoc.SecretCode!, new Date(Date.now() + 30_000)) } }));
    assert.ok(mfa.AuthenticationResult!.IdToken);
    // The same code a second time: still inside its time window, but spent. Cognito refuses a reused TOTP code
    // with ExpiredCodeException (RFC 6238 section 5.2: a verifier must not accept the same OTP twice).
    const again = await c.send(new InitiateAuthCommand({ ClientId: onPool.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "vic", PASSWORD } }));
    await assert.rejects(c.send(new RespondToAuthChallengeCommand({ ClientId: onPool.clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: again.Session,
      ChallengeResponses: { USERNAME: "vic", SOFTWARE_TOKEN_MFA_CODE: totpCode(assoc.SecretCode!, new Date(Date.now() + 30_000)) } })),
    awsRejects("ExpiredCodeException", "Your software token has already been used once."));
    const wrong = await c.send(new InitiateAuthCommand({ ClientId: onPool.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "vic", PASSWORD } }));
    await assert.rejects(c.send(new RespondToAuthChallengeCommand({ ClientId: onPool.clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: wrong.Session,
      ChallengeResponses: { USERNAME: "vic", SOFTWARE_TOKEN_MFA_CODE: "000000" } })), awsRejects("CodeMismatchException", "Invalid code received for user"));
  });
});

describe("USER_AUTH (choice-based sign-in)", () => {
  it("offers PASSWORD and PASSWORD_SRP, and signs in with PREFERRED_CHALLENGE PASSWORD", async () => {
    const c = cognito(emu);
    const choice = await makePool(emu, {}, { ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    await c.send(new AdminCreateUserCommand({ UserPoolId: choice.poolId, Username: "wes", MessageAction: "SUPPRESS" }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: choice.poolId, Username: "wes", Password: PASSWORD, Permanent: true }));
    const offered = await c.send(new InitiateAuthCommand({ ClientId: choice.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "wes" } }));
    assert.equal(offered.ChallengeName, "SELECT_CHALLENGE");
    assert.deepEqual(offered.AvailableChallenges, ["PASSWORD", "PASSWORD_SRP"]);
    const chosen = await c.send(new RespondToAuthChallengeCommand({ ClientId: choice.clientId, ChallengeName: "SELECT_CHALLENGE", Session: offered.Session,
      ChallengeResponses: { USERNAME: "wes", ANSWER: "PASSWORD", PASSWORD } }));
    assert.ok(chosen.AuthenticationResult!.AccessToken);
    const direct = await c.send(new InitiateAuthCommand({ ClientId: choice.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "wes", PREFERRED_CHALLENGE: "PASSWORD", PASSWORD } }));
    assert.ok(direct.AuthenticationResult!.IdToken);
  });
});
