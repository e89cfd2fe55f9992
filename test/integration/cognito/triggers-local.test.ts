// Cognito triggers from local handler files, with no Lambda emulator: the seed file maps function names to
// files (TypeScript and JavaScript, ESM and CommonJS) and sets the pool's LambdaConfig. A pre token generation
// trigger adds claims and scopes, a user migration brings a legacy user over, a post confirmation trigger calls
// the emulator back with the SDK, and a custom challenge signs in through amazon-cognito-identity-js and
// Amplify v6. The handlers' console output lands in the emulator's log.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminGetUserCommand, DescribeUserPoolCommand, ConfirmSignUpCommand, InitiateAuthCommand,
  RespondToAuthChallengeCommand, SignUpCommand, UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, signIn, signOut } from "aws-amplify/auth";
import { useEmulator } from "../../support/emulator.js";
import { functionArn as arn } from "../../support/lambda-stub.js";
import { awsRejects, claims, cognito, PASSWORD, sentCodes } from "./cognito-fixtures.js";

const TRIGGERS = join(__dirname, "..", "..", "fixtures", "triggers");
const POOL = "us-east-1_LocalTrig1";
const CLIENT = "localtriggersclient0000001";
const dir = mkdtempSync(join(tmpdir(), "aie-seed-"));
const seedFile = join(dir, "seed.json");
writeFileSync(seedFile, JSON.stringify({
  lambda: {
    handlers: {
      "pre-token": join(TRIGGERS, "pre-token.ts#handler"),
      "migrate": join(TRIGGERS, "user-migration.mjs"),
      "define-auth": join(TRIGGERS, "custom-auth.cjs#define"),
      "create-auth": join(TRIGGERS, "custom-auth.cjs#create"),
      "verify-auth": join(TRIGGERS, "custom-auth.cjs#verify"),
      "post-confirmation": join(TRIGGERS, "post-confirmation.mjs"),
    },
  },
  cognito: {
    user_pools: [{
      name: "local-triggers", id: POOL, auto_verified_attributes: ["email"],
      custom_attributes: [{ name: "tenant" }],
      lambda_config: {
        PreTokenGenerationConfig: { LambdaArn: "pre-token", LambdaVersion: "V2_0" }, UserMigration: "migrate", PostConfirmation: "post-confirmation",
        DefineAuthChallenge: "define-auth", CreateAuthChallenge: "create-auth", VerifyAuthChallengeResponse: "verify-auth",
      },
      clients: [{ name: "web", id: CLIENT, explicit_auth_flows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
      groups: [{ name: "staff" }, { name: "members" }],
      users: [{ username: "alice", password: PASSWORD, attributes: { email: "alice@example.com", family_name: "Liddell", "custom:tenant": "acme" }, groups: ["staff"] }],
    }],
  },
}));

// Info level: the handlers' console output is logged at info, as the emulator's own default level shows it.
const emu = useEmulator({ args: ["--seed", seedFile, "--log-level", "info"] });
after(() => rmSync(dir, { recursive: true, force: true }));

function appUser(username: string): CognitoUser {
  return new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: POOL, ClientId: CLIENT, endpoint: `${emu.endpoint}/` }) });
}


describe("triggers run from local handler files", () => {
  it("the seed set the pool's triggers, as ARNs in its region and account", async () => {
    const { UserPool } = await cognito(emu).send(new DescribeUserPoolCommand({ UserPoolId: POOL }));
    assert.equal(UserPool!.LambdaConfig!.UserMigration, arn("migrate"));
    assert.deepEqual(UserPool!.LambdaConfig!.PreTokenGenerationConfig, { LambdaArn: arn("pre-token"), LambdaVersion: "V2_0" });
    assert.equal(UserPool!.LambdaConfig!.PreTokenGeneration, arn("pre-token"));
  });

  it("a TypeScript pre token generation trigger adds claims, a scope and a group, and hides a claim", async () => {
    const out = await cognito(emu).send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD } }));
    const id = claims(out.AuthenticationResult!.IdToken!);
    const access = claims(out.AuthenticationResult!.AccessToken!);
    assert.equal(id.tenant, "acme");
    assert.deepEqual(id.plan, { tier: "gold", seats: 5 }, "V2 claims keep their JSON types");
    assert.equal(id.family_name, undefined);
    assert.equal(id.email, "alice@example.com");
    assert.deepEqual(id["cognito:groups"], ["staff", "token-readers"]);
    assert.equal(access.tenant, "acme");
    assert.equal(access.scope, "aws.cognito.signin.user.admin orders/read");
    assert.deepEqual(access["cognito:groups"], ["staff", "token-readers"]);
    await emu.process.waitForLog(/lambda pre-token: [0-9a-f-]{36}\tINFO\tpre-token TokenGeneration_Authentication for tenant acme/);
  });

  it("a user migration trigger brings a legacy user over at sign-in, with the password they typed", async () => {
    await assert.rejects(cognito(emu).send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "legacy-ann", PASSWORD: "wrong" } })),
      awsRejects("UserLambdaValidationException", "UserMigration failed with error Bad password."));
    const out = await cognito(emu).send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "legacy-ann", PASSWORD: "Legacy-Passw0rd!" } }));
    assert.equal(claims(out.AuthenticationResult!.IdToken!).email, "ann@legacy.example");
    const user = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: POOL, Username: "legacy-ann" }));
    assert.equal(user.UserStatus, "CONFIRMED");
    assert.equal(user.UserAttributes!.find((a) => a.Name === "email_verified")!.Value, "true");
    // Migrated once: the next sign-in is the pool's own (SRP works now too).
    const again = await new Promise<string>((resolve, reject) => appUser("legacy-ann").authenticateUser(
      new AuthenticationDetails({ Username: "legacy-ann", Password: "Legacy-Passw0rd!" }),
      { onSuccess: (s) => resolve(s.getIdToken().payload.email as string), onFailure: reject }));
    assert.equal(again, "ann@legacy.example");
  });

  it("a post confirmation trigger calls the emulator back with the SDK: the new user is in its group, with its tenant", async () => {
    await cognito(emu).send(new SignUpCommand({ ClientId: CLIENT, Username: "bob", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "bob@example.com" }] }));
    const codes = await sentCodes(emu, POOL, "bob");
    assert.equal(codes[0]!.message, `Your verification code is ${codes[0]!.code}. `);
    await cognito(emu).send(new ConfirmSignUpCommand({ ClientId: CLIENT, Username: "bob", ConfirmationCode: codes[0]!.code }));
    const out = await cognito(emu).send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "bob", PASSWORD } }));
    const id = claims(out.AuthenticationResult!.IdToken!);
    assert.deepEqual(id["cognito:groups"], ["members", "token-readers"]);
    assert.equal(id["custom:tenant"], "signed-up", "the trigger changed the confirmed user itself");
    await emu.process.waitForLog(/lambda post-confirmation: [0-9a-f-]{36}\tINFO\tadded bob to members/);
  });

  it("a custom challenge: amazon-cognito-identity-js answers it after SRP; two wrong answers fail", async () => {
    const user = appUser("alice");
    user.setAuthenticationFlowType("CUSTOM_AUTH");
    const challenge = await new Promise<Record<string, string>>((resolve, reject) => user.authenticateUser(
      new AuthenticationDetails({ Username: "alice", Password: PASSWORD }), { onSuccess: () => reject(new Error("no challenge")), onFailure: reject, customChallenge: resolve }));
    assert.deepEqual(challenge, { hint: "your username, backwards", round: "2", USERNAME: "alice" }, "SRP_A and PASSWORD_VERIFIER came first");
    const session = await new Promise<{ id: Record<string, unknown> }>((resolve, reject) => user.sendCustomChallengeAnswer("ecila", {
      onSuccess: (s) => resolve({ id: s.getIdToken().payload }), onFailure: reject, customChallenge: () => reject(new Error("asked again")) }));
    assert.equal(session.id["cognito:username"], "alice");

    // Straight to the custom challenge (no password), through the SDK: wrong twice and out.
    const c = cognito(emu);
    const start = await c.send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: "alice" } }));
    assert.equal(start.ChallengeName, "CUSTOM_CHALLENGE");
    assert.equal(start.ChallengeParameters!.round, "0");
    const second = await c.send(new RespondToAuthChallengeCommand({ ClientId: CLIENT, ChallengeName: "CUSTOM_CHALLENGE", Session: start.Session, ChallengeResponses: { USERNAME: "alice", ANSWER: "alice" } }));
    assert.equal(second.ChallengeName, "CUSTOM_CHALLENGE");
    assert.equal(second.ChallengeParameters!.round, "1");
    await assert.rejects(c.send(new RespondToAuthChallengeCommand({ ClientId: CLIENT, ChallengeName: "CUSTOM_CHALLENGE", Session: second.Session, ChallengeResponses: { USERNAME: "alice", ANSWER: "nope" } })),
      awsRejects("NotAuthorizedException", "Incorrect username or password."));
  });

  it("a custom challenge through Amplify v6 (CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP)", async () => {
    Amplify.configure({ Auth: { Cognito: { userPoolId: POOL, userPoolClientId: CLIENT, userPoolEndpoint: emu.endpoint } } });
    try {
      const first = await signIn({ username: "alice", options: { authFlowType: "CUSTOM_WITHOUT_SRP" } });
      assert.deepEqual(first.nextStep, { signInStep: "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE", additionalInfo: { hint: "your username, backwards", round: "0", USERNAME: "alice" } });
      assert.deepEqual(await confirmSignIn({ challengeResponse: "ecila" }), { isSignedIn: true, nextStep: { signInStep: "DONE" } });
      assert.equal((await fetchAuthSession()).tokens!.idToken!.payload.tenant, "acme");
      await signOut();
      const withSrp = await signIn({ username: "alice", password: PASSWORD, options: { authFlowType: "CUSTOM_WITH_SRP" } });
      assert.equal(withSrp.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
      assert.deepEqual(await confirmSignIn({ challengeResponse: "ecila" }), { isSignedIn: true, nextStep: { signInStep: "DONE" } });
    } finally {
      await signOut().catch(() => undefined);
    }
  });

  it("a trigger no handler or endpoint serves is an error naming the function and how to connect it", async () => {
    await cognito(emu).send(new UpdateUserPoolCommand({ UserPoolId: POOL, LambdaConfig: { PreAuthentication: arn("nowhere") } }));
    await assert.rejects(cognito(emu).send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD } })),
      awsRejects("UnexpectedLambdaException", `PreAuthentication invocation failed due to error No way to run ${arn("nowhere")}: map it to a handler file with ` +
        "--lambda-handlers nowhere=./path/to/handler.js#handler (or the awsIdentityEmulator.lambda.handlers setting, or the seed file's \"lambda\" section), " +
        "or point --lambda-endpoint (AWS_ENDPOINT_URL_LAMBDA) at a Lambda emulator such as sam local start-lambda."));
  });
});
