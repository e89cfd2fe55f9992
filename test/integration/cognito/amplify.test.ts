// AWS Amplify v6 (aws-amplify/auth) signing in against the spawned CLI through its custom user-pool endpoint
// setting (Auth.Cognito.userPoolEndpoint): SRP by default, the new-password step of an admin-created user,
// USER_PASSWORD_AUTH, the choice-based USER_AUTH, tokens issued by the emulator, and sign-out revoking them.
// Amplify keeps its tokens in memory under Node (no localStorage) and is a singleton: one pool per file.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, getCurrentUser, signIn, signOut } from "aws-amplify/auth";
import { AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, GetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, cognito, makePool, PASSWORD } from "./cognito-fixtures.js";

const emu = useEmulator();
const TEMPORARY = "Temp-Passw0rd!";
let poolId = "";
let clientId = "";

/** The current session's tokens, with the raw access token for checks through the SDK. */
async function currentTokens() {
  const { tokens } = await fetchAuthSession();
  assert.ok(tokens, "Amplify holds tokens");
  return { id: tokens.idToken!.payload, access: tokens.accessToken.payload, accessToken: tokens.accessToken.toString() };
}

async function assertRevoked(accessToken: string): Promise<void> {
  await assert.rejects(cognito(emu).send(new GetUserCommand({ AccessToken: accessToken })), awsRejects("NotAuthorizedException", "Access Token has been revoked"));
}

describe("AWS Amplify v6 against the emulator's user-pool endpoint", () => {
  before(async () => {
    ({ poolId, clientId } = await makePool(emu, {}, {
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }));
    const c = cognito(emu);
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "alice", TemporaryPassword: TEMPORARY, MessageAction: "SUPPRESS" }));
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "bob", MessageAction: "SUPPRESS" }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "bob", Password: PASSWORD, Permanent: true }));
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: emu.endpoint } } });
  });
  after(() => signOut().catch(() => undefined));

  it("a FORCE_CHANGE_PASSWORD user signs in with SRP, answers the new-password step and signs out", async () => {
    const first = await signIn({ username: "alice", password: TEMPORARY });
    assert.deepEqual(first, { isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED", missingAttributes: [] } });
    const done = await confirmSignIn({ challengeResponse: PASSWORD });
    assert.deepEqual(done, { isSignedIn: true, nextStep: { signInStep: "DONE" } });

    const { id, access, accessToken } = await currentTokens();
    assert.equal(id.iss, `${emu.endpoint}/${poolId}`);
    assert.equal(access.iss, `${emu.endpoint}/${poolId}`);
    assert.equal(id.aud, clientId);
    assert.equal(id.token_use, "id");
    assert.equal(id["cognito:username"], "alice");
    assert.equal(access.client_id, clientId);
    const user = await getCurrentUser();
    assert.equal(user.username, "alice");
    assert.equal(user.userId, id.sub);
    assert.deepEqual(user.signInDetails, { loginId: "alice", authFlowType: "USER_SRP_AUTH" });
    const status = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
    assert.equal(status.UserStatus, "CONFIRMED");

    await signOut(); // RevokeToken on the refresh token: the session's access tokens stop working too
    assert.equal((await fetchAuthSession()).tokens, undefined);
    await assertRevoked(accessToken);
  });

  it("the new password then signs in with Amplify's default flow (USER_SRP_AUTH) in one step", async () => {
    assert.deepEqual(await signIn({ username: "alice", password: PASSWORD }), { isSignedIn: true, nextStep: { signInStep: "DONE" } });
    assert.deepEqual((await getCurrentUser()).signInDetails, { loginId: "alice", authFlowType: "USER_SRP_AUTH" });
    const { accessToken } = await currentTokens();
    await signOut({ global: true }); // GlobalSignOut
    await assertRevoked(accessToken);
  });

  it("USER_PASSWORD_AUTH when the app asks for it", async () => {
    assert.deepEqual(await signIn({ username: "bob", password: PASSWORD, options: { authFlowType: "USER_PASSWORD_AUTH" } }),
      { isSignedIn: true, nextStep: { signInStep: "DONE" } });
    assert.equal((await currentTokens()).id["cognito:username"], "bob");
    await signOut();
  });

  it("USER_AUTH: with a preferred challenge in one step, without one through first-factor selection", async () => {
    assert.deepEqual(await signIn({ username: "bob", password: PASSWORD, options: { authFlowType: "USER_AUTH", preferredChallenge: "PASSWORD_SRP" } }),
      { isSignedIn: true, nextStep: { signInStep: "DONE" } });
    await signOut();

    const choice = await signIn({ username: "bob", options: { authFlowType: "USER_AUTH" } });
    assert.deepEqual(choice, { isSignedIn: false, nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", availableChallenges: ["PASSWORD", "PASSWORD_SRP"] } });
    assert.deepEqual(await confirmSignIn({ challengeResponse: "PASSWORD_SRP" }), { isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_PASSWORD" } });
    assert.deepEqual(await confirmSignIn({ challengeResponse: PASSWORD }), { isSignedIn: true, nextStep: { signInStep: "DONE" } });
    assert.deepEqual((await getCurrentUser()).signInDetails, { loginId: "bob", authFlowType: "USER_AUTH" });
    await signOut();
  });

  it("a wrong password is Cognito's NotAuthorizedException, surfaced by Amplify", async () => {
    await assert.rejects(signIn({ username: "bob", password: "Wrong-Passw0rd!" }), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.equal(e.name, "NotAuthorizedException");
      assert.equal(e.message, "Incorrect username or password.");
      return true;
    });
  });
});
