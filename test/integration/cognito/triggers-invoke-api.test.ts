// Cognito triggers through the Lambda Invoke API: the emulator (--lambda-endpoint) calls a stub Invoke API
// server that records every event and answers per function. Each trigger source's event is compared whole
// with the shape the Cognito Developer Guide documents; each response field is seen to take effect; failures
// answer as Cognito answers them. Every call is SigV4-signed as the SDK signs.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AdminConfirmSignUpCommand, AdminCreateUserCommand, AdminResetUserPasswordCommand, AdminGetUserCommand, AdminInitiateAuthCommand, AdminAddUserToGroupCommand, AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand, ConfirmSignUpCommand, CreateGroupCommand, ForgotPasswordCommand, InitiateAuthCommand, RespondToAuthChallengeCommand,
  SignUpCommand, CognitoIdentityProviderServiceException, GetUserAttributeVerificationCodeCommand, ResendConfirmationCodeCommand, UpdateUserAttributesCommand,
  type LambdaConfigType,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { functionArn as arn, LambdaStub, returnEvent as keep } from "../../support/lambda-stub.js";
import { awsRejects, claims, cognito, makePool, PASSWORD, sentCodes, type SentCode } from "./cognito-fixtures.js";

const stub = new LambdaStub();
// The stub listens before the emulator starts: its address is the emulator's --lambda-endpoint.
const emu = useEmulator(async () => ({ args: ["--no-persist", "--lambda-endpoint", await stub.start(), "--lambda-timeout", "1"] }));
after(() => stub.stop());

async function codeOf(poolId: string, username: string, purpose: string): Promise<SentCode> {
  return (await sentCodes(emu, poolId, username)).find((c) => c.purpose === purpose)!;
}

async function poolWith(lambda: LambdaConfigType, pool: Record<string, unknown> = {}) {
  return makePool(emu, { LambdaConfig: lambda, AutoVerifiedAttributes: ["email"], ...pool });
}

async function user(poolId: string, name: string, attributes: { Name: string; Value: string }[] = []) {
  await cognito(emu).send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: "SUPPRESS", UserAttributes: attributes }));
  await cognito(emu).send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: PASSWORD, Permanent: true }));
}

describe("sign-up triggers through the Invoke API", () => {
  it("pre sign-up: the event as documented; autoConfirmUser and autoVerifyEmail take effect", async () => {
    stub.on(arn("pre-sign-up"), (e) => ({ payload: { ...e, response: { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false } } }));
    const { poolId, clientId } = await poolWith({ PreSignUp: arn("pre-sign-up") });
    const out = await cognito(emu).send(new SignUpCommand({
      ClientId: clientId, Username: "ann", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "ann@example.com" }],
      ValidationData: [{ Name: "invite", Value: "XYZ" }], ClientMetadata: { campaign: "spring" },
    }));
    assert.deepEqual(stub.lastEvent("pre-sign-up"), {
      version: "1", triggerSource: "PreSignUp_SignUp", region: "us-east-1", userPoolId: poolId, userName: "ann",
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId },
      request: { userAttributes: { email: "ann@example.com" }, validationData: { invite: "XYZ" }, clientMetadata: { campaign: "spring" } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    assert.equal(out.UserConfirmed, true);
    assert.equal(out.CodeDeliveryDetails, undefined, "a confirmed user gets no code");
    const made = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ann" }));
    assert.equal(made.UserStatus, "CONFIRMED");
    assert.equal(made.UserAttributes!.find((a) => a.Name === "email_verified")!.Value, "true");
    assert.equal(stub.callsOf("pre-sign-up").every((c) => c.signatureValid && c.headers["x-amz-invocation-type"] === "RequestResponse"), true);
  });

  it("pre sign-up refusing: UserLambdaValidationException with the function's message; no user made", async () => {
    stub.on(arn("refuse-sign-up"), () => ({ functionError: { errorType: "Error", errorMessage: "Sign-up restricted to example.com" } }));
    const { poolId, clientId } = await poolWith({ PreSignUp: arn("refuse-sign-up") });
    await assert.rejects(cognito(emu).send(new SignUpCommand({ ClientId: clientId, Username: "eve", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "eve@evil.test" }] })),
      awsRejects("UserLambdaValidationException", "PreSignUp failed with error Sign-up restricted to example.com."));
    await assert.rejects(cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "eve" })), awsRejects("UserNotFoundException"));
  });

  it("AdminCreateUser: PreSignUp_AdminCreateUser (no client), its auto-confirm ignored; the invitation through CustomMessage_AdminCreateUser", async () => {
    stub.on(arn("admin-pre"), (e) => ({ payload: { ...e, response: { autoConfirmUser: true, autoVerifyEmail: false, autoVerifyPhone: false } } }));
    stub.on(arn("admin-message"), (e) => ({ payload: { ...e, response: { smsMessage: null, emailMessage: `Hi ${e.request.usernameParameter}, use ${e.request.codeParameter}`, emailSubject: "Welcome" } } }));
    const { poolId } = await poolWith({ PreSignUp: arn("admin-pre"), CustomMessage: arn("admin-message") }, { EmailConfiguration: { EmailSendingAccount: "DEVELOPER", SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com" } });
    await cognito(emu).send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "dora", TemporaryPassword: "Temp-Passw0rd!", DesiredDeliveryMediums: ["EMAIL"],
      UserAttributes: [{ Name: "email", Value: "dora@example.com" }], ClientMetadata: { by: "admin" } }));
    assert.deepEqual(stub.lastEvent("admin-pre"), {
      version: "1", triggerSource: "PreSignUp_AdminCreateUser", region: "us-east-1", userPoolId: poolId, userName: "dora",
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "CLIENT_ID_NOT_APPLICABLE" },
      request: { userAttributes: { email: "dora@example.com" }, validationData: null, clientMetadata: { by: "admin" } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    assert.equal((await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "dora" }))).UserStatus, "FORCE_CHANGE_PASSWORD");
    const message = stub.lastEvent("admin-message");
    assert.equal(message.triggerSource, "CustomMessage_AdminCreateUser");
    assert.deepEqual(message.request, {
      userAttributes: { sub: message.request.userAttributes.sub, email: "dora@example.com", "cognito:user_status": "FORCE_CHANGE_PASSWORD" },
      codeParameter: "{####}", linkParameter: "{##Click Here##}", usernameParameter: "{username}", clientMetadata: { by: "admin" },
    });
    assert.deepEqual(message.response, { smsMessage: null, emailMessage: null, emailSubject: null });
    const invitation = await codeOf(poolId, "dora", "INVITATION");
    assert.deepEqual([invitation.code, invitation.message, invitation.subject], ["Temp-Passw0rd!", "Hi dora, use Temp-Passw0rd!", "Welcome"]);
  });

  it("custom message: the sign-up code arrives in the function's words; email text needs an SES pool", async () => {
    stub.on(arn("sms-words"), (e) => ({ payload: { ...e, response: { smsMessage: `Code ${e.request.codeParameter} for ${e.triggerSource}`, emailMessage: null, emailSubject: null } } }));
    const { poolId, clientId } = await poolWith({ CustomMessage: arn("sms-words") }, { AutoVerifiedAttributes: ["phone_number"] });
    await cognito(emu).send(new SignUpCommand({ ClientId: clientId, Username: "finn", Password: PASSWORD, UserAttributes: [{ Name: "phone_number", Value: "+15555550100" }] }));
    const code = await codeOf(poolId, "finn", "SIGN_UP");
    assert.equal(code.message, `Code ${code.code} for CustomMessage_SignUp`);

    stub.on(arn("email-words"), (e) => ({ payload: { ...e, response: { smsMessage: null, emailMessage: `Code ${e.request.codeParameter}`, emailSubject: "Hi" } } }));
    const other = await poolWith({ CustomMessage: arn("email-words") });
    await assert.rejects(cognito(emu).send(new SignUpCommand({ ClientId: other.clientId, Username: "gil", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "gil@example.com" }] })),
      awsRejects("InvalidLambdaResponseException", "Invalid lambda response: emailMessage and emailSubject are allowed only when the user pool's EmailSendingAccount is DEVELOPER."));
  });

  it("custom message at every source a code goes out: the event of each, and its words at the codes endpoint", async () => {
    stub.on(arn("words"), (e) => ({ payload: { ...e, response: { smsMessage: null, emailMessage: `${e.triggerSource}: ${e.request.codeParameter}`, emailSubject: e.triggerSource } } }));
    const { poolId, clientId } = await poolWith({ CustomMessage: arn("words") },
      { EmailConfiguration: { EmailSendingAccount: "DEVELOPER", SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com" } });
    const c = cognito(emu);
    const seen = async (source: string, purpose: string, request: { clientId: string; clientMetadata?: Record<string, string>; email: string; verified?: string; status: string }) => {
      const event = stub.lastEvent("words");
      assert.deepEqual(event, {
        version: "1", triggerSource: source, region: "us-east-1", userPoolId: poolId, userName: "vic",
        callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: request.clientId },
        request: {
          userAttributes: { sub: event.request.userAttributes.sub, email: request.email, ...(request.verified && { email_verified: request.verified }), "cognito:user_status": request.status },
          codeParameter: "{####}", linkParameter: "{##Click Here##}", usernameParameter: null, ...(request.clientMetadata && { clientMetadata: request.clientMetadata }),
        },
        response: { smsMessage: null, emailMessage: null, emailSubject: null },
      });
      const sent = await codeOf(poolId, "vic", purpose);
      assert.deepEqual([sent.message, sent.subject], [`${source}: ${sent.code}`, source]);
      return sent.code;
    };
    await c.send(new SignUpCommand({ ClientId: clientId, Username: "vic", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "vic@example.com" }] }));
    await seen("CustomMessage_SignUp", "SIGN_UP", { clientId, email: "vic@example.com", status: "UNCONFIRMED" });
    await c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "vic", ClientMetadata: { try: "2" } }));
    const code = await seen("CustomMessage_ResendCode", "SIGN_UP", { clientId, clientMetadata: { try: "2" }, email: "vic@example.com", status: "UNCONFIRMED" });
    await c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "vic", ConfirmationCode: code }));
    await c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "vic", ClientMetadata: { from: "app" } }));
    await seen("CustomMessage_ForgotPassword", "FORGOT_PASSWORD", { clientId, clientMetadata: { from: "app" }, email: "vic@example.com", verified: "true", status: "CONFIRMED" });
    await c.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "vic" }));
    await seen("CustomMessage_ForgotPassword", "FORGOT_PASSWORD", { clientId: "CLIENT_ID_NOT_APPLICABLE", email: "vic@example.com", verified: "true", status: "RESET_REQUIRED" });
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "vic", Password: PASSWORD, Permanent: true }));

    const { AuthenticationResult } = await c.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "vic", PASSWORD } }));
    const AccessToken = AuthenticationResult!.AccessToken!;
    await c.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: "email", Value: "vic@new.example" }], ClientMetadata: { why: "moved" } }));
    await seen("CustomMessage_UpdateUserAttribute", "VERIFY_ATTRIBUTE", { clientId, clientMetadata: { why: "moved" }, email: "vic@new.example", verified: "false", status: "CONFIRMED" });
    await c.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" }));
    await seen("CustomMessage_VerifyUserAttribute", "VERIFY_ATTRIBUTE", { clientId, email: "vic@new.example", verified: "false", status: "CONFIRMED" });
    assert.equal(stub.callsOf("words").length, 6);
  });

  it("post confirmation: the event; when it fails the caller gets the error and the user stays confirmed", async () => {
    stub.on(arn("post-confirm"), () => ({ functionError: { errorType: "Error", errorMessage: "database is down" } }));
    const { poolId, clientId } = await poolWith({ PostConfirmation: arn("post-confirm") });
    await cognito(emu).send(new SignUpCommand({ ClientId: clientId, Username: "hal", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "hal@example.com" }] }));
    const { code } = await codeOf(poolId, "hal", "SIGN_UP");
    await assert.rejects(cognito(emu).send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "hal", ConfirmationCode: code, ClientMetadata: { from: "email-link" } })),
      awsRejects("UserLambdaValidationException", "PostConfirmation failed with error database is down."));
    const event = stub.lastEvent("post-confirm");
    assert.deepEqual(event, {
      version: "1", triggerSource: "PostConfirmation_ConfirmSignUp", region: "us-east-1", userPoolId: poolId, userName: "hal",
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId },
      request: { userAttributes: { sub: event.request.userAttributes.sub, email: "hal@example.com", email_verified: "true", "cognito:user_status": "CONFIRMED" }, clientMetadata: { from: "email-link" } },
      response: {},
    });
    assert.equal((await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "hal" }))).UserStatus, "CONFIRMED");
  });

  it("forgot password: PostConfirmation_ConfirmForgotPassword after the reset; AdminConfirmSignUp raises PostConfirmation_ConfirmSignUp", async () => {
    stub.on(arn("confirmations"), keep);
    const { poolId, clientId } = await poolWith({ PostConfirmation: arn("confirmations") });
    await user(poolId, "ida", [{ Name: "email", Value: "ida@example.com" }, { Name: "email_verified", Value: "true" }]);
    await cognito(emu).send(new ForgotPasswordCommand({ ClientId: clientId, Username: "ida" }));
    const { code } = await codeOf(poolId, "ida", "FORGOT_PASSWORD");
    await cognito(emu).send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "ida", ConfirmationCode: code, Password: "Another-Passw0rd!" }));
    assert.equal(stub.lastEvent("confirmations").triggerSource, "PostConfirmation_ConfirmForgotPassword");
    await cognito(emu).send(new SignUpCommand({ ClientId: clientId, Username: "jo", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "jo@example.com" }] }));
    await cognito(emu).send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "jo" }));
    const event = stub.lastEvent("confirmations");
    assert.equal(event.triggerSource, "PostConfirmation_ConfirmSignUp");
    assert.equal(event.callerContext.clientId, "CLIENT_ID_NOT_APPLICABLE");
  });
});

describe("sign-in triggers through the Invoke API", () => {
  it("pre and post authentication: the events; a pre authentication refusal stops the sign-in", async () => {
    stub.on(arn("pre-auth"), (e) => e.request.validationData?.block === "yes"
      ? { functionError: { errorType: "Error", errorMessage: "Sign-in blocked" } } : { payload: e });
    stub.on(arn("post-auth"), keep);
    const { poolId, clientId } = await poolWith({ PreAuthentication: arn("pre-auth"), PostAuthentication: arn("post-auth") });
    await user(poolId, "kim", [{ Name: "email", Value: "kim@example.com" }]);
    const out = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "kim", PASSWORD }, ClientMetadata: { device: "kiosk" } }));
    assert.ok(out.AuthenticationResult?.IdToken);
    const pre = stub.lastEvent("pre-auth");
    const attributes = { sub: pre.request.userAttributes.sub, email: "kim@example.com", "cognito:user_status": "CONFIRMED" };
    assert.deepEqual(pre, {
      version: "1", triggerSource: "PreAuthentication_Authentication", region: "us-east-1", userPoolId: poolId, userName: "kim",
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId }, request: { userAttributes: attributes, validationData: { device: "kiosk" } }, response: {},
    });
    assert.deepEqual(stub.lastEvent("post-auth"), {
      version: "1", triggerSource: "PostAuthentication_Authentication", region: "us-east-1", userPoolId: poolId, userName: "kim",
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId }, request: { userAttributes: attributes }, response: {},
    });
    await assert.rejects(cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "kim", PASSWORD }, ClientMetadata: { block: "yes" } })),
      awsRejects("UserLambdaValidationException", "PreAuthentication failed with error Sign-in blocked."));
    // Refreshing tokens is not a new sign-in: neither trigger runs.
    const before = stub.calls.length;
    await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: out.AuthenticationResult!.RefreshToken! } }));
    assert.equal(stub.calls.length, before);
  });

  it("pre token generation V1: the event; ID token claims and groups overridden; refresh and new-password sources", async () => {
    stub.on(arn("pre-token-v1"), (e) => ({ payload: { ...e, response: { claimsOverrideDetails: {
      claimsToAddOrOverride: { department: "sales", email: "alias@example.com" }, claimsToSuppress: ["phone_number"],
      groupOverrideDetails: { groupsToOverride: ["sales"], iamRolesToOverride: ["arn:aws:iam::000000000000:role/Sales"], preferredRole: "arn:aws:iam::000000000000:role/Sales" },
    } } } }));
    const { poolId, clientId } = await poolWith({ PreTokenGeneration: arn("pre-token-v1") });
    await user(poolId, "lee", [{ Name: "email", Value: "lee@example.com" }, { Name: "phone_number", Value: "+15555550101" }]);
    await cognito(emu).send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "staff", RoleArn: "arn:aws:iam::000000000000:role/Staff", Precedence: 1 }));
    await cognito(emu).send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "lee", GroupName: "staff" }));
    const out = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "lee", PASSWORD } }));
    const event = stub.lastEvent("pre-token-v1");
    assert.deepEqual(event, {
      version: "1", triggerSource: "TokenGeneration_Authentication", region: "us-east-1", userPoolId: poolId, userName: "lee",
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId },
      request: {
        userAttributes: { sub: event.request.userAttributes.sub, email: "lee@example.com", phone_number: "+15555550101", "cognito:user_status": "CONFIRMED" },
        groupConfiguration: { groupsToOverride: ["staff"], iamRolesToOverride: ["arn:aws:iam::000000000000:role/Staff"], preferredRole: "arn:aws:iam::000000000000:role/Staff" },
      },
      response: { claimsOverrideDetails: null },
    });
    const id = claims(out.AuthenticationResult!.IdToken!);
    const access = claims(out.AuthenticationResult!.AccessToken!);
    assert.equal(id.department, "sales");
    assert.equal(id.email, "alias@example.com");
    assert.equal(id.phone_number, undefined);
    assert.deepEqual(id["cognito:groups"], ["sales"]);
    assert.deepEqual(id["cognito:roles"], ["arn:aws:iam::000000000000:role/Sales"]);
    assert.equal(id["cognito:preferred_role"], "arn:aws:iam::000000000000:role/Sales");
    assert.equal(access.department, undefined, "a version 1 event shapes the ID token only");
    assert.deepEqual(access["cognito:groups"], ["sales"], "…and the groups in both");
    await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: out.AuthenticationResult!.RefreshToken! } }));
    assert.equal(stub.lastEvent("pre-token-v1").triggerSource, "TokenGeneration_RefreshTokens");
    await cognito(emu).send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "max", TemporaryPassword: "Temp-Passw0rd!", MessageAction: "SUPPRESS" }));
    const challenge = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "max", PASSWORD: "Temp-Passw0rd!" } }));
    await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: challenge.Session,
      ChallengeResponses: { USERNAME: "max", NEW_PASSWORD: PASSWORD }, ClientMetadata: { step: "new-password" } }));
    assert.equal(stub.lastEvent("pre-token-v1").triggerSource, "TokenGeneration_NewPasswordChallenge");
    assert.deepEqual(stub.lastEvent("pre-token-v1").request.clientMetadata, { step: "new-password" });
  });

  it("pre token generation V2: scopes in the event; access token claims and scopes; claims Cognito owns are refused", async () => {
    stub.on(arn("pre-token-v2"), (e) => ({ payload: { ...e, response: { claimsAndScopeOverrideDetails: {
      accessTokenGeneration: { claimsToAddOrOverride: { roles: ["reader", "writer"] }, scopesToAdd: ["orders/read"], scopesToSuppress: ["aws.cognito.signin.user.admin"] },
    } } } }));
    const { poolId, clientId } = await poolWith({ PreTokenGenerationConfig: { LambdaArn: arn("pre-token-v2"), LambdaVersion: "V2_0" } });
    await user(poolId, "nia");
    const out = await cognito(emu).send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "nia", PASSWORD } }));
    const event = stub.lastEvent("pre-token-v2");
    assert.equal(event.version, "2");
    assert.deepEqual(event.request.scopes, ["aws.cognito.signin.user.admin"]);
    assert.deepEqual(event.request.groupConfiguration, { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null });
    assert.deepEqual(event.response, { claimsAndScopeOverrideDetails: null });
    const access = claims(out.AuthenticationResult!.AccessToken!);
    assert.deepEqual(access.roles, ["reader", "writer"]);
    assert.equal(access.scope, "orders/read");

    stub.on(arn("pre-token-bad"), (e) => ({ payload: { ...e, response: { claimsOverrideDetails: { claimsToAddOrOverride: { sub: "someone-else" } } } } }));
    const bad = await poolWith({ PreTokenGeneration: arn("pre-token-bad") });
    await user(bad.poolId, "oz");
    await assert.rejects(cognito(emu).send(new InitiateAuthCommand({ ClientId: bad.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "oz", PASSWORD } })),
      awsRejects("InvalidLambdaResponseException", "Invalid lambda response: claimsToAddOrOverride names sub, a claim Cognito sets; it cannot be added, overridden or suppressed."));
  });

  it("user migration: UserMigration_Authentication with the password; UserMigration_ForgotPassword without; finalUserStatus and attributes honoured", async () => {
    stub.on(arn("migrate"), (e) => ({ payload: { ...e, response: {
      userAttributes: { email: `${e.userName}@old.example`, email_verified: "true", "custom:plan": "pro" }, finalUserStatus: "CONFIRMED", messageAction: "SUPPRESS",
      desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null,
    } } }));
    const { poolId, clientId } = await poolWith({ UserMigration: arn("migrate") }, { Schema: [{ Name: "plan", AttributeDataType: "String", Mutable: true }] });
    const out = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "pat", PASSWORD }, ClientMetadata: { source: "app" } }));
    assert.deepEqual(stub.lastEvent("migrate"), {
      version: "1", triggerSource: "UserMigration_Authentication", region: "us-east-1", userPoolId: poolId, userName: "pat",
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId },
      request: { password: PASSWORD, validationData: { source: "app" } },
      response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
    });
    assert.equal(claims(out.AuthenticationResult!.IdToken!)["custom:plan"], "pro");

    await cognito(emu).send(new ForgotPasswordCommand({ ClientId: clientId, Username: "quinn", ClientMetadata: { reason: "forgot" } }));
    const event = stub.lastEvent("migrate");
    assert.equal(event.triggerSource, "UserMigration_ForgotPassword");
    assert.deepEqual(event.request, { clientMetadata: { reason: "forgot" } });
    assert.equal((await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "quinn" }))).UserStatus, "RESET_REQUIRED");
    assert.match((await codeOf(poolId, "quinn", "FORGOT_PASSWORD")).code, /^\d{6}$/);
  });

  it("custom authentication: define, create and verify events, session by session", async () => {
    stub.on(arn("define"), (e) => {
      const s = e.request.session;
      const done = s.length > 0 && s.at(-1).challengeName === "CUSTOM_CHALLENGE" && s.at(-1).challengeResult;
      return { payload: { ...e, response: done ? { issueTokens: true, failAuthentication: false } : { challengeName: "CUSTOM_CHALLENGE", issueTokens: false, failAuthentication: false } } };
    });
    stub.on(arn("create"), (e) => ({ payload: { ...e, response: { publicChallengeParameters: { question: "2+2" }, privateChallengeParameters: { answer: "4" }, challengeMetadata: "MATH" } } }));
    stub.on(arn("verify"), (e) => ({ payload: { ...e, response: { answerCorrect: e.request.challengeAnswer === e.request.privateChallengeParameters.answer } } }));
    const { poolId, clientId } = await makePool(emu, { LambdaConfig: { DefineAuthChallenge: arn("define"), CreateAuthChallenge: arn("create"), VerifyAuthChallengeResponse: arn("verify") } },
      { ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    await user(poolId, "ray");
    const start = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: "ray" } }));
    assert.equal(start.ChallengeName, "CUSTOM_CHALLENGE");
    assert.deepEqual(start.ChallengeParameters, { question: "2+2", USERNAME: "ray" });
    const define = stub.callsOf("define")[0]!.event;
    assert.deepEqual(define.request.session, []);
    assert.deepEqual(define.response, { challengeName: null, issueTokens: null, failAuthentication: null });
    const create = stub.lastEvent("create");
    assert.deepEqual(create.request, { userAttributes: { sub: create.request.userAttributes.sub, "cognito:user_status": "CONFIRMED" }, challengeName: "CUSTOM_CHALLENGE", session: [] });
    assert.deepEqual(create.response, { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null });

    const wrong = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "CUSTOM_CHALLENGE", Session: start.Session,
      ChallengeResponses: { USERNAME: "ray", ANSWER: "5" }, ClientMetadata: { attempt: "1" } }));
    const verify = stub.lastEvent("verify");
    assert.deepEqual(verify.request, {
      userAttributes: { sub: create.request.userAttributes.sub, "cognito:user_status": "CONFIRMED" }, privateChallengeParameters: { answer: "4" }, challengeAnswer: "5", clientMetadata: { attempt: "1" },
    });
    assert.deepEqual(verify.response, { answerCorrect: null });
    assert.deepEqual(stub.lastEvent("define").request.session, [{ challengeName: "CUSTOM_CHALLENGE", challengeResult: false, challengeMetadata: "MATH" }]);
    const right = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "CUSTOM_CHALLENGE", Session: wrong.Session, ChallengeResponses: { USERNAME: "ray", ANSWER: "4" } }));
    assert.ok(right.AuthenticationResult?.AccessToken);
    assert.deepEqual(stub.lastEvent("define").request.session, [
      { challengeName: "CUSTOM_CHALLENGE", challengeResult: false, challengeMetadata: "MATH" },
      { challengeName: "CUSTOM_CHALLENGE", challengeResult: true, challengeMetadata: "MATH" },
    ]);
  });
});

describe("what a client hides, and what is not emulated", () => {
  it("custom authentication of a name that matches nobody on a client that hides users: userNotFound, and never tokens", async () => {
    stub.on(arn("define-lenient"), (e) => ({ payload: { ...e, response: e.request.session.length ? { issueTokens: true } : { challengeName: "CUSTOM_CHALLENGE" } } }));
    stub.on(arn("create-any"), (e) => ({ payload: { ...e, response: { publicChallengeParameters: { q: "?" }, privateChallengeParameters: { a: "!" }, challengeMetadata: null } } }));
    stub.on(arn("verify-any"), (e) => ({ payload: { ...e, response: { answerCorrect: true } } }));
    const { clientId } = await makePool(emu, { LambdaConfig: { DefineAuthChallenge: arn("define-lenient"), CreateAuthChallenge: arn("create-any"), VerifyAuthChallengeResponse: arn("verify-any") } },
      { ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], PreventUserExistenceErrors: "ENABLED" });
    const start = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: "nobody" } }));
    assert.deepEqual(start.ChallengeParameters, { q: "?", USERNAME: "nobody" });
    const define = stub.lastEvent("define-lenient");
    assert.deepEqual([define.userName, define.request.userNotFound, define.request.userAttributes], ["nobody", true, {}]);
    await assert.rejects(cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "CUSTOM_CHALLENGE", Session: start.Session,
      ChallengeResponses: { USERNAME: "nobody", ANSWER: "!" } })), awsRejects("NotAuthorizedException", "Incorrect username or password."));
    assert.equal(stub.lastEvent("verify-any").request.userNotFound, true);
  });

  it("a custom SMS sender trigger answers NotImplemented (501) when a message would go to it", async () => {
    const { clientId } = await poolWith({ CustomSMSSender: { LambdaArn: arn("sms-sender"), LambdaVersion: "V1_0" }, KMSKeyID: "arn:aws:kms:us-east-1:000000000000:key/1" },
      { AutoVerifiedAttributes: ["phone_number"] });
    await assert.rejects(cognito(emu).send(new SignUpCommand({ ClientId: clientId, Username: "una", Password: PASSWORD, UserAttributes: [{ Name: "phone_number", Value: "+15555550177" }] })),
      (e: unknown) => e instanceof CognitoIdentityProviderServiceException && e.name === "NotImplemented" && e.$metadata.httpStatusCode === 501 &&
        e.message.startsWith("The CustomSMSSender Lambda trigger is not implemented by AWS Identity Emulator: Cognito encrypts the code for it with KMS"));
    assert.equal(stub.callsOf("sms-sender").length, 0);
  });
});

describe("trigger failures through the Invoke API", () => {
  it("a function that does not answer in time, one the endpoint does not know, output that is not JSON, and an answer that is no event", async () => {
    stub.on(arn("slow"), () => ({ hang: true }));
    stub.on(arn("html"), () => ({ status: 200, body: "<html>oops</html>" }));
    stub.on(arn("nothing"), () => ({ payload: null }));
    const cases: [string, string, string][] = [
      ["slow", "UnexpectedLambdaException", "PreAuthentication invocation failed due to error Socket timeout while invoking Lambda function."],
      ["unknown-function", "UnexpectedLambdaException", ""],
      ["html", "InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON"],
      ["nothing", "InvalidLambdaResponseException", "Unrecognizable lambda output"],
    ];
    for (const [name, code, message] of cases) {
      const { poolId, clientId } = await poolWith({ PreAuthentication: arn(name) });
      await user(poolId, "sam");
      await assert.rejects(cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "sam", PASSWORD } })),
        name === "unknown-function"
          ? awsRejects(code, new RegExp(`^PreAuthentication invocation failed due to error http://127\\.0\\.0\\.1:\\d+ could not invoke ${arn(name)}: ResourceNotFoundException: Function not found: unknown-function$`))
          : awsRejects(code, message));
    }
  });
});
