// Password sign-in, tokens and their life: USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, NEW_PASSWORD_REQUIRED,
// SECRET_HASH, refresh, revocation, sign-out and expiry; tokens verified by jose and aws-jwt-verify
// against the pool's served JWKS.
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { promisify } from "node:util";
import {
  AdminCreateUserCommand, AdminDisableUserCommand, AdminEnableUserCommand, AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand, AdminUserGlobalSignOutCommand, GetTokensFromRefreshTokenCommand, AdminAddUserToGroupCommand, CreateGroupCommand, GetUserCommand,
  GlobalSignOutCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, RevokeTokenCommand, SignUpCommand, AdminResetUserPasswordCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { JwtRsaVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, claims, cognito, makePool, PASSWORD, setClock } from "./cognito-fixtures.js";

const emu = useEmulator();
let poolId = "";
let clientId = "";

async function user(name: string, attributes: { Name: string; Value: string }[] = []): Promise<void> {
  const c = cognito(emu);
  await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: "SUPPRESS", UserAttributes: attributes }));
  await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: PASSWORD, Permanent: true }));
}

async function signIn(name: string, password = PASSWORD) {
  const out = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: name, PASSWORD: password } }));
  return out.AuthenticationResult!;
}

// One pool and user for the file, made by the first test that needs them (hooks run before the emulator's).
let ready: Promise<void> | undefined;
function setup(): Promise<void> {
  ready ??= (async () => {
    ({ poolId, clientId } = await makePool(emu));
    await user("alice", [{ Name: "email", Value: "alice@example.com" }, { Name: "email_verified", Value: "true" }]);
  })();
  return ready;
}

beforeEach(() => setup());

describe("USER_PASSWORD_AUTH and the tokens it returns", () => {
  // API_CreateGroup, Precedence: "If two groups with the same Precedence have the same role ARN, that role is used in
  // the cognito:preferred_role claim ... If the two groups have different role ARNs, the cognito:preferred_role
  // claim isn't set in users' tokens." cognito:roles lists every group's role.
  it("cognito:preferred_role is the top group's role, and absent when the top groups tie with different roles", async () => {
    const c = cognito(emu);
    await user("tied");
    const role = (n: string) => `arn:aws:iam::000000000000:role/${n}`;
    for (const [GroupName, Precedence, r] of [["red", 5, "Red"], ["blue", 5, "Blue"], ["low", 9, "Low"]] as const) {
      await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName, Precedence, RoleArn: role(r) }));
      await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "tied", GroupName }));
    }
    const tied = claims((await signIn("tied")).IdToken!);
    assert.equal(tied["cognito:preferred_role"], undefined);
    assert.deepEqual([...(tied["cognito:roles"] as string[])].sort(), [role("Blue"), role("Low"), role("Red")]);
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "same-red", Precedence: 5, RoleArn: role("Red") }));
    await user("same");
    for (const GroupName of ["red", "same-red", "low"]) await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "same", GroupName }));
    assert.equal(claims((await signIn("same")).IdToken!)["cognito:preferred_role"], role("Red"));
  });

  it("returns id, access and refresh tokens with AWS's claims", async () => {
    const c = cognito(emu);
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "admins", Precedence: 1, RoleArn: "arn:aws:iam::000000000000:role/Admin" }));
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "alice", GroupName: "admins" }));
    const result = await signIn("alice");
    assert.equal(result.TokenType, "Bearer");
    assert.equal(result.ExpiresIn, 3600);
    assert.equal(result.RefreshToken!.split(".").length, 5);
    const id = claims(result.IdToken!);
    const access = claims(result.AccessToken!);
    const iss = `${emu.endpoint}/${poolId}`;
    assert.equal(id.iss, iss);
    assert.equal(id.aud, clientId);
    assert.equal(id.token_use, "id");
    assert.equal(id["cognito:username"], "alice");
    assert.equal(id.email, "alice@example.com");
    assert.equal(id.email_verified, true);
    assert.deepEqual(id["cognito:groups"], ["admins"]);
    assert.equal(id["cognito:preferred_role"], "arn:aws:iam::000000000000:role/Admin");
    assert.match(id.sub as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal((id.exp as number) - (id.iat as number), 3600);
    assert.equal(access.token_use, "access");
    assert.equal(access.client_id, clientId);
    assert.equal(access.username, "alice");
    assert.equal(access.scope, "aws.cognito.signin.user.admin");
    assert.equal(access.sub, id.sub);
    assert.equal(access.origin_jti, id.origin_jti);
    assert.equal(access.auth_time, id.auth_time);
    assert.notEqual(access.jti, id.jti);
    assert.deepEqual(access["cognito:groups"], ["admins"]);
    assert.equal(access.aud, undefined);
  });

  it("jose verifies both tokens against the served JWKS and the pool's issuer", async () => {
    const result = await signIn("alice");
    const jwks = createRemoteJWKSet(new URL(`${emu.endpoint}/${poolId}/.well-known/jwks.json`));
    const id = await jwtVerify(result.IdToken!, jwks, { issuer: `${emu.endpoint}/${poolId}`, audience: clientId, algorithms: ["RS256"] });
    assert.equal(id.payload.token_use, "id");
    assert.equal(id.protectedHeader.alg, "RS256");
    const access = await jwtVerify(result.AccessToken!, jwks, { issuer: `${emu.endpoint}/${poolId}` });
    assert.equal(access.payload.client_id, clientId);
  });

  it("aws-jwt-verify verifies them (JwtRsaVerifier with the emulator's issuer and jwksUri)", async () => {
    const result = await signIn("alice");
    const issuer = `${emu.endpoint}/${poolId}`;
    // aws-jwt-verify's own fetcher speaks only https; the emulator serves http, so fetch the same URI with fetch().
    const jwksCache = new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });
    const idVerifier = JwtRsaVerifier.create({ issuer, audience: clientId, jwksUri: `${issuer}/.well-known/jwks.json` }, { jwksCache });
    const id = await idVerifier.verify(result.IdToken!);
    assert.equal(id["cognito:username"], "alice");
    const accessVerifier = JwtRsaVerifier.create({
      issuer, audience: null, jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => { if (payload.client_id !== clientId || payload.token_use !== "access") throw new Error("not our access token"); },
    }, { jwksCache });
    assert.equal((await accessVerifier.verify(result.AccessToken!)).username, "alice");
  });

  it("each pool has its own key: another pool's JWKS does not verify the token", async () => {
    const other = await makePool(emu);
    const result = await signIn("alice");
    const keys = (await (await fetch(`${emu.endpoint}/${other.poolId}/.well-known/jwks.json`)).json()) as { keys: { kid: string; alg: string; use: string; kty: string }[] };
    const mine = (await (await fetch(`${emu.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    assert.equal(keys.keys.length, 1);
    assert.deepEqual([keys.keys[0]!.alg, keys.keys[0]!.use, keys.keys[0]!.kty], ["RS256", "sig", "RSA"]);
    assert.notEqual(keys.keys[0]!.kid, mine.keys[0]!.kid);
    const jwks = createRemoteJWKSet(new URL(`${emu.endpoint}/${other.poolId}/.well-known/jwks.json`));
    await assert.rejects(jwtVerify(result.IdToken!, jwks), { code: "ERR_JWKS_NO_MATCHING_KEY" });
  });

  it("serves the OpenID configuration with the issuer and jwks_uri", async () => {
    const res = await fetch(`${emu.endpoint}/${poolId}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as Record<string, unknown>;
    assert.equal(doc.issuer, `${emu.endpoint}/${poolId}`);
    assert.equal(doc.jwks_uri, `${emu.endpoint}/${poolId}/.well-known/jwks.json`);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ["RS256"]);
  });

  it("GetUser with the access token; the id token is refused", async () => {
    const c = cognito(emu);
    const result = await signIn("alice");
    const me = await c.send(new GetUserCommand({ AccessToken: result.AccessToken }));
    assert.equal(me.Username, "alice");
    assert.equal(me.UserAttributes!.find((a) => a.Name === "email")!.Value, "alice@example.com");
    await assert.rejects(c.send(new GetUserCommand({ AccessToken: result.IdToken })), awsRejects("NotAuthorizedException", "Invalid Access Token"));
  });
});

describe("sign-in errors", () => {
  it("wrong password, unknown user, unconfirmed, disabled", async () => {
    const c = cognito(emu);
    await assert.rejects(signIn("alice", "Wrong-Password-1"), awsRejects("NotAuthorizedException", "Incorrect username or password."));
    await assert.rejects(signIn("nobody"), awsRejects("UserNotFoundException", "User does not exist."));
    await c.send(new SignUpCommand({ ClientId: clientId, Username: "pending", Password: PASSWORD }));
    await assert.rejects(signIn("pending"), awsRejects("UserNotConfirmedException", "User is not confirmed."));
    await assert.rejects(signIn("pending", "Wrong-Password-1"), awsRejects("NotAuthorizedException", "Incorrect username or password."));
    await user("bob");
    await c.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "bob" }));
    await assert.rejects(signIn("bob"), awsRejects("NotAuthorizedException", "User is disabled."));
    await c.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: "bob" }));
    assert.ok((await signIn("bob")).AccessToken);
  });

  it("PreventUserExistenceErrors ENABLED hides unknown users", async () => {
    const hidden = await makePool(emu, {}, { PreventUserExistenceErrors: "ENABLED" });
    await assert.rejects(cognito(emu).send(new InitiateAuthCommand({ ClientId: hidden.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ghost", PASSWORD } })),
      awsRejects("NotAuthorizedException", "Incorrect username or password."));
  });

  it("a flow the client does not allow, the admin flow on InitiateAuth, missing parameters", async () => {
    const c = cognito(emu);
    const srpOnly = await makePool(emu, {}, { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    await assert.rejects(c.send(new InitiateAuthCommand({ ClientId: srpOnly.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "a", PASSWORD } })),
      awsRejects("InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client"));
    await assert.rejects(c.send(new AdminInitiateAuthCommand({ UserPoolId: srpOnly.poolId, ClientId: srpOnly.clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "a", PASSWORD } })),
      awsRejects("InvalidParameterException", "ADMIN_USER_PASSWORD_AUTH flow not enabled for this client"));
    await assert.rejects(c.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "a", PASSWORD } })),
      awsRejects("InvalidParameterException", "Initiate Auth method not supported."));
    await assert.rejects(c.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice" } })),
      awsRejects("InvalidParameterException", "Missing required parameter PASSWORD"));
    await assert.rejects(c.send(new InitiateAuthCommand({ ClientId: "nosuchclient0000000000000a", AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "a", PASSWORD } })),
      awsRejects("ResourceNotFoundException", "User pool client nosuchclient0000000000000a does not exist."));
  });

  it("a client with a secret requires a correct SECRET_HASH", async () => {
    const c = cognito(emu);
    const secret = await makePool(emu, {}, { GenerateSecret: true });
    await c.send(new AdminCreateUserCommand({ UserPoolId: secret.poolId, Username: "carol", MessageAction: "SUPPRESS" }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: secret.poolId, Username: "carol", Password: PASSWORD, Permanent: true }));
    const auth = (hash?: string) => c.send(new InitiateAuthCommand({ ClientId: secret.clientId, AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "carol", PASSWORD, ...(hash && { SECRET_HASH: hash }) } }));
    const message = `Unable to verify secret hash for client ${secret.clientId}`;
    await assert.rejects(auth(), awsRejects("NotAuthorizedException", message));
    await assert.rejects(auth("d3Jvbmc="), awsRejects("NotAuthorizedException", message));
    const hash = createHmac("sha256", secret.clientSecret!).update(`carol${secret.clientId}`).digest("base64");
    const ok = await auth(hash);
    const refreshed = await c.send(new InitiateAuthCommand({ ClientId: secret.clientId, AuthFlow: "REFRESH_TOKEN_AUTH",
      AuthParameters: { REFRESH_TOKEN: ok.AuthenticationResult!.RefreshToken!, SECRET_HASH: hash } }));
    assert.ok(refreshed.AuthenticationResult!.AccessToken);
  });
});

describe("ADMIN_USER_PASSWORD_AUTH and NEW_PASSWORD_REQUIRED", () => {
  it("a new user answers NEW_PASSWORD_REQUIRED, then signs in with the new password", async () => {
    const c = cognito(emu);
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "dave", TemporaryPassword: "Temporary-1", MessageAction: "SUPPRESS",
      UserAttributes: [{ Name: "email", Value: "dave@example.com" }] }));
    const first = await c.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "dave", PASSWORD: "Temporary-1" } }));
    assert.equal(first.ChallengeName, "NEW_PASSWORD_REQUIRED");
    assert.equal(first.ChallengeParameters!.USER_ID_FOR_SRP, "dave");
    assert.deepEqual(JSON.parse(first.ChallengeParameters!.userAttributes!), { email: "dave@example.com" });
    assert.ok(first.Session!.length >= 20);
    await assert.rejects(c.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: first.Session,
      ChallengeResponses: { USERNAME: "dave", NEW_PASSWORD: "short" } })), awsRejects("InvalidPasswordException", "Password did not conform with policy: Password not long enough"));
    const done = await c.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: first.Session,
      ChallengeResponses: { USERNAME: "dave", NEW_PASSWORD: "Permanent-22", "userAttributes.name": "Dave" } }));
    assert.ok(done.AuthenticationResult!.IdToken);
    assert.equal(claims(done.AuthenticationResult!.IdToken!).name, "Dave");
    assert.ok((await signIn("dave", "Permanent-22")).AccessToken);
  });

  it("a tampered or expired session is refused", async () => {
    const c = cognito(emu);
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "erin", TemporaryPassword: "Temporary-1", MessageAction: "SUPPRESS" }));
    const first = await c.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "erin", PASSWORD: "Temporary-1" } }));
    const respond = (Session: string) => c.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session,
      ChallengeResponses: { USERNAME: "erin", NEW_PASSWORD: "Permanent-22" } }));
    await assert.rejects(respond(first.Session!.slice(0, -6) + "AAAAAA"), awsRejects("NotAuthorizedException", "Invalid session for the user, session is expired."));
    await setClock(emu, 181);
    try {
      await assert.rejects(respond(first.Session!), awsRejects("NotAuthorizedException", "Invalid session for the user, session is expired."));
    } finally {
      await setClock(emu, 0);
    }
  });

  it("a temporary password past its validity must be reset by an administrator", async () => {
    const c = cognito(emu);
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "frank", TemporaryPassword: "Temporary-1", MessageAction: "SUPPRESS" }));
    await setClock(emu, 8 * 86400);
    try {
      await assert.rejects(signIn("frank", "Temporary-1"), awsRejects("NotAuthorizedException", "Temporary password has expired and must be reset by an administrator."));
    } finally {
      await setClock(emu, 0);
    }
  });

  it("RESET_REQUIRED after AdminResetUserPassword: PasswordResetRequiredException", async () => {
    const c = cognito(emu);
    await user("gina", [{ Name: "email", Value: "gina@example.com" }, { Name: "email_verified", Value: "true" }]);
    await c.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "gina" }));
    await assert.rejects(signIn("gina"), awsRejects("PasswordResetRequiredException", "Password reset required for the user"));
  });
});

describe("refresh, revocation, sign-out, expiry", () => {
  it("REFRESH_TOKEN_AUTH gives new id and access tokens of the same session, no new refresh token", async () => {
    const first = await signIn("alice");
    const out = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } }));
    const again = out.AuthenticationResult!;
    assert.equal(again.RefreshToken, undefined);
    assert.equal(claims(again.AccessToken!).origin_jti, claims(first.AccessToken!).origin_jti);
    assert.notEqual(claims(again.AccessToken!).jti, claims(first.AccessToken!).jti);
    await assert.rejects(cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: "not-a-token" } })),
      awsRejects("NotAuthorizedException", "Invalid Refresh Token"));
  });

  it("GetTokensFromRefreshToken refreshes the same way", async () => {
    const first = await signIn("alice");
    const out = await cognito(emu).send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: first.RefreshToken! }));
    assert.equal(claims(out.AuthenticationResult!.IdToken!).origin_jti, claims(first.IdToken!).origin_jti);
  });

  it("RevokeToken ends the refresh token and the access tokens issued from it, not other sessions", async () => {
    const c = cognito(emu);
    const revoked = await signIn("alice");
    const other = await signIn("alice");
    await c.send(new RevokeTokenCommand({ ClientId: clientId, Token: revoked.RefreshToken }));
    await assert.rejects(c.send(new GetUserCommand({ AccessToken: revoked.AccessToken })), awsRejects("NotAuthorizedException", "Access Token has been revoked"));
    await assert.rejects(c.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: revoked.RefreshToken! } })),
      awsRejects("NotAuthorizedException", "Refresh Token has been revoked"));
    assert.equal((await c.send(new GetUserCommand({ AccessToken: other.AccessToken }))).Username, "alice");
  });

  it("GlobalSignOut and AdminUserGlobalSignOut end every session of the user", async () => {
    const c = cognito(emu);
    const a = await signIn("alice");
    const b = await signIn("alice");
    await c.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken }));
    for (const t of [a, b]) await assert.rejects(c.send(new GetUserCommand({ AccessToken: t.AccessToken })), awsRejects("NotAuthorizedException", "Access Token has been revoked"));
    const d = await signIn("alice");
    await c.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "alice" }));
    await assert.rejects(c.send(new GetUserCommand({ AccessToken: d.AccessToken })), awsRejects("NotAuthorizedException", "Access Token has been revoked"));
  });

  it("an access token expires with the client's validity (emulator clock moved forward)", async () => {
    const result = await signIn("alice");
    await setClock(emu, 3601);
    try {
      await assert.rejects(cognito(emu).send(new GetUserCommand({ AccessToken: result.AccessToken })), awsRejects("NotAuthorizedException", "Access Token has expired"));
      const out = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: result.RefreshToken! } }));
      assert.equal((await cognito(emu).send(new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken }))).Username, "alice");
    } finally {
      await setClock(emu, 0);
    }
  });

  it("a forged token (another key) is refused", async () => {
    const result = await signIn("alice");
    const [h, p] = result.AccessToken!.split(".");
    const forged = `${h}.${p}.${Buffer.from("x".repeat(256)).toString("base64url")}`;
    await assert.rejects(cognito(emu).send(new GetUserCommand({ AccessToken: forged })), awsRejects("NotAuthorizedException", "Invalid Access Token"));
  });
});

describe("boto3", () => {
  it("creates a pool and user, signs in, reads the user, and gets AWS's error as a ClientError", async () => {
    const script = `
import boto3, json, os, botocore
c = boto3.client("cognito-idp", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
pool = c.create_user_pool(PoolName="boto")["UserPool"]["Id"]
app = c.create_user_pool_client(UserPoolId=pool, ClientName="boto", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
c.admin_create_user(UserPoolId=pool, Username="py", MessageAction="SUPPRESS")
c.admin_set_user_password(UserPoolId=pool, Username="py", Password="${PASSWORD}", Permanent=True)
tokens = c.initiate_auth(ClientId=app, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "py", "PASSWORD": "${PASSWORD}"})["AuthenticationResult"]
out = {"user": c.get_user(AccessToken=tokens["AccessToken"])["Username"], "type": tokens["TokenType"]}
try:
    c.initiate_auth(ClientId=app, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "py", "PASSWORD": "nope"})
except botocore.exceptions.ClientError as e:
    out["error"] = [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps(out))
`;
    const { stdout } = await promisify(execFile)("python3", ["-c", script], { env: { ...process.env, ...emu.env } });
    assert.deepEqual(JSON.parse(stdout), { user: "py", type: "Bearer", error: ["NotAuthorizedException", "Incorrect username or password.", 400] });
  });
});
