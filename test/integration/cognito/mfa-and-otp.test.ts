// SMS and email MFA, and the passwordless first factors of USER_AUTH (EMAIL_OTP, SMS_OTP): codes that no
// phone or inbox receives are read at GET /_emulator/cognito/codes, with the message the user would get.
// Through the SDK and Amplify v6.
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminInitiateAuthCommand, AdminSetUserPasswordCommand, AdminSetUserMFAPreferenceCommand, GetUserPoolMfaConfigCommand, InitiateAuthCommand,
  RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand, UpdateUserPoolCommand, CognitoIdentityProviderServiceException,
  AssociateSoftwareTokenCommand, SetUserMFAPreferenceCommand, VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, signIn, signOut } from "aws-amplify/auth";
import { totpCode } from "../../../src/services/totp.js";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, claims, cognito, makePool, PASSWORD } from "./cognito-fixtures.js";

const emu = useEmulator({ args: ["--no-persist"] });
const SES = { EmailSendingAccount: "DEVELOPER" as const, SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com" };
let poolId = "";
let clientId = "";

async function latestCode(username: string): Promise<{ code: string; message: string; subject?: string; deliveryMedium: string; destination: string }> {
  const res = await fetch(`${emu.endpoint}/_emulator/cognito/codes?poolId=${poolId}&username=${username}`);
  const { codes } = await res.json() as { codes: { purpose: string; code: string; message: string; subject?: string; deliveryMedium: string; destination: string }[] };
  return codes.find((c) => c.purpose === "AUTHENTICATION")!;
}

async function makeUser(name: string, attributes: Record<string, string>): Promise<void> {
  const c = cognito(emu);
  await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: "SUPPRESS", UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })) }));
  await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: PASSWORD, Permanent: true }));
}

const passwordSignIn = (username: string) =>
  cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));

// One pool and its users for the file, made by the first test (hooks run before the emulator's own).
let ready: Promise<void> | undefined;
beforeEach(() => (ready ??= setup()));

async function setup(): Promise<void> {
  ({ poolId, clientId } = await makePool(emu, { EmailConfiguration: SES, Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP", "SMS_OTP"] } } },
    { ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"] }));
  await cognito(emu).send(new SetUserPoolMfaConfigCommand({
    UserPoolId: poolId, MfaConfiguration: "OPTIONAL",
    SoftwareTokenMfaConfiguration: { Enabled: true },
    SmsMfaConfiguration: { SmsAuthenticationMessage: "Your code is {####}", SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/sns", ExternalId: "x" } },
    EmailMfaConfiguration: { Message: "Sign-in code: {####}", Subject: "Your sign-in code" },
  }));
  await makeUser("sms-sue", { phone_number: "+15555550123", phone_number_verified: "true" });
  await makeUser("mail-max", { email: "max@example.com", email_verified: "true" });
  await makeUser("both-bo", { email: "bo@example.com", email_verified: "true", phone_number: "+15555550199" });
  await makeUser("plain-pia", {});
  await cognito(emu).send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: "sms-sue", SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
  await cognito(emu).send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: "mail-max", EmailMfaSettings: { Enabled: true } }));
  await cognito(emu).send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: "both-bo", EmailMfaSettings: { Enabled: true }, SMSMfaSettings: { Enabled: true } }));
}

describe("SMS and email MFA", () => {
  it("the pool's MFA configuration reads back; the users' MFA settings too", async () => {
    const config = await cognito(emu).send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    assert.equal(config.MfaConfiguration, "OPTIONAL");
    assert.equal(config.SmsMfaConfiguration!.SmsAuthenticationMessage, "Your code is {####}");
    assert.deepEqual(config.EmailMfaConfiguration, { Message: "Sign-in code: {####}", Subject: "Your sign-in code" });
    const sue = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "sms-sue" }));
    assert.deepEqual([sue.UserMFASettingList, sue.PreferredMfaSetting], [["SMS_MFA"], "SMS_MFA"]);
    const bo = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "both-bo" }));
    assert.deepEqual([bo.UserMFASettingList, bo.PreferredMfaSetting], [["SMS_MFA", "EMAIL_OTP"], undefined]);
  });

  it("SMS_MFA: the code goes to the phone in the pool's words; a wrong code is refused, the right one signs in", async () => {
    const challenge = await passwordSignIn("sms-sue");
    assert.equal(challenge.ChallengeName, "SMS_MFA");
    assert.deepEqual(challenge.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******0123" });
    const sent = await latestCode("sms-sue");
    assert.deepEqual([sent.deliveryMedium, sent.destination, sent.message], ["SMS", "+15555550123", `Your code is ${sent.code}`]);
    const wrong = sent.code === "000000" ? "111111" : "000000";
    await assert.rejects(cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SMS_MFA", Session: challenge.Session,
      ChallengeResponses: { USERNAME: "sms-sue", SMS_MFA_CODE: wrong } })), awsRejects("CodeMismatchException", "Invalid code or auth state for the user."));
    const done = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SMS_MFA", Session: challenge.Session,
      ChallengeResponses: { USERNAME: "sms-sue", SMS_MFA_CODE: sent.code } }));
    assert.equal(claims(done.AuthenticationResult!.IdToken!)["cognito:username"], "sms-sue");
  });

  it("EMAIL_OTP as MFA, with the pool's subject and message", async () => {
    const challenge = await passwordSignIn("mail-max");
    assert.equal(challenge.ChallengeName, "EMAIL_OTP");
    assert.deepEqual(challenge.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: "m***@e***" });
    const sent = await latestCode("mail-max");
    assert.deepEqual([sent.subject, sent.message], ["Your sign-in code", `Sign-in code: ${sent.code}`]);
    const done = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "EMAIL_OTP", Session: challenge.Session,
      ChallengeResponses: { USERNAME: "mail-max", EMAIL_OTP_CODE: sent.code } }));
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it("two factors and no preference: SELECT_MFA_TYPE, then the chosen factor's code", async () => {
    const select = await cognito(emu).send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "both-bo", PASSWORD } }));
    assert.equal(select.ChallengeName, "SELECT_MFA_TYPE");
    assert.deepEqual(select.ChallengeParameters, { MFAS_CAN_CHOOSE: '["SMS_MFA","EMAIL_OTP"]', USER_ID_FOR_SRP: "both-bo" });
    const email = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SELECT_MFA_TYPE", Session: select.Session, ChallengeResponses: { USERNAME: "both-bo", ANSWER: "EMAIL_OTP" } }));
    assert.equal(email.ChallengeName, "EMAIL_OTP");
    const done = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "EMAIL_OTP", Session: email.Session,
      ChallengeResponses: { USERNAME: "both-bo", EMAIL_OTP_CODE: (await latestCode("both-bo")).code } }));
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it("MFA required: a user with no factor sets up email MFA in the sign-in (MFA_SETUP with EMAIL, then EMAIL_OTP)", async () => {
    const { poolId: other, clientId: otherClient } = await makePool(emu, { EmailConfiguration: SES });
    await cognito(emu).send(new SetUserPoolMfaConfigCommand({ UserPoolId: other, MfaConfiguration: "ON", EmailMfaConfiguration: {}, SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const saved = poolId;
    poolId = other;
    try {
      await makeUser("new-nell", {});
      const setup = await cognito(emu).send(new InitiateAuthCommand({ ClientId: otherClient, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "new-nell", PASSWORD } }));
      assert.equal(setup.ChallengeName, "MFA_SETUP");
      assert.equal(setup.ChallengeParameters!.MFAS_CAN_SETUP, '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]');
      const otp = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: otherClient, ChallengeName: "MFA_SETUP", Session: setup.Session, ChallengeResponses: { USERNAME: "new-nell", EMAIL: "nell@example.com" } }));
      assert.equal(otp.ChallengeName, "EMAIL_OTP");
      const sent = await latestCode("new-nell");
      assert.equal(sent.message, `Your authentication code is ${sent.code}. `, "the pool has no email MFA message of its own: Cognito's default");
      await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: otherClient, ChallengeName: "EMAIL_OTP", Session: otp.Session, ChallengeResponses: { USERNAME: "new-nell", EMAIL_OTP_CODE: sent.code } }));
      const nell = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: other, Username: "new-nell" }));
      assert.deepEqual(nell.UserMFASettingList, ["EMAIL_OTP"]);
      assert.equal(nell.UserAttributes!.find((a) => a.Name === "email_verified")!.Value, "true");
    } finally {
      poolId = saved;
    }
  });

  it("a software token verified with an access token is on only once SetUserMFAPreference says so", async () => {
    const signedIn = await cognito(emu).send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "plain-pia", PASSWORD } }));
    const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
    const associated = await cognito(emu).send(new AssociateSoftwareTokenCommand({ AccessToken }));
    assert.equal(associated.Session, undefined, "no challenge session for a signed-in user");
    await cognito(emu).send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(associated.SecretCode!, new Date()) }));
    assert.equal((await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "plain-pia" }))).UserMFASettingList, undefined);
    await cognito(emu).send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true } }));
    assert.deepEqual((await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "plain-pia" }))).UserMFASettingList, ["SOFTWARE_TOKEN_MFA"]);
  });

  it("email MFA needs a pool that sends through SES", async () => {
    const { poolId: plain } = await makePool(emu);
    await assert.rejects(cognito(emu).send(new SetUserPoolMfaConfigCommand({ UserPoolId: plain, MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: {} })),
      awsRejects("InvalidParameterException", "Email MFA requires the user pool to send email with Amazon SES: set EmailConfiguration.EmailSendingAccount to DEVELOPER."));
  });
});

describe("USER_AUTH with one-time codes", () => {
  it("EMAIL_OTP as the preferred first factor signs in with the emailed code alone", async () => {
    const challenge = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "mail-max", PREFERRED_CHALLENGE: "EMAIL_OTP" } }));
    assert.equal(challenge.ChallengeName, "EMAIL_OTP");
    const done = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "EMAIL_OTP", Session: challenge.Session,
      ChallengeResponses: { USERNAME: "mail-max", EMAIL_OTP_CODE: (await latestCode("mail-max")).code } }));
    assert.equal(claims(done.AuthenticationResult!.AccessToken!).username, "mail-max", "no MFA after a one-time code");
  });

  it("without a preference, SELECT_CHALLENGE lists what this user can use; SMS_OTP signs in with the texted code", async () => {
    const select = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "sms-sue" } }));
    assert.equal(select.ChallengeName, "SELECT_CHALLENGE");
    assert.deepEqual(select.AvailableChallenges, ["PASSWORD", "PASSWORD_SRP", "SMS_OTP"]);
    const sms = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SELECT_CHALLENGE", Session: select.Session, ChallengeResponses: { USERNAME: "sms-sue", ANSWER: "SMS_OTP" } }));
    assert.deepEqual(sms.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******0123" });
    const done = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SMS_OTP", Session: sms.Session,
      ChallengeResponses: { USERNAME: "sms-sue", SMS_OTP_CODE: (await latestCode("sms-sue")).code } }));
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it("a factor the pool does not allow, or the user cannot use (WEB_AUTHN without a passkey), is not offered", async () => {
    await cognito(emu).send(new UpdateUserPoolCommand({ UserPoolId: poolId, EmailConfiguration: SES, MfaConfiguration: "OPTIONAL", Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] } } }));
    const select = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "mail-max", PREFERRED_CHALLENGE: "EMAIL_OTP" } }));
    assert.deepEqual([select.ChallengeName, select.AvailableChallenges], ["SELECT_CHALLENGE", ["PASSWORD", "PASSWORD_SRP"]]);
    const passkey = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "mail-max", PREFERRED_CHALLENGE: "WEB_AUTHN" } }));
    assert.deepEqual([passkey.ChallengeName, passkey.AvailableChallenges], ["SELECT_CHALLENGE", ["PASSWORD", "PASSWORD_SRP"]]);
    await cognito(emu).send(new UpdateUserPoolCommand({ UserPoolId: poolId, EmailConfiguration: SES, MfaConfiguration: "OPTIONAL", Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP", "SMS_OTP"] } } }));
  });
});

describe("Amplify v6", () => {
  it("SMS MFA (CONFIRM_SIGN_IN_WITH_SMS_CODE) and a USER_AUTH email code (CONFIRM_SIGN_IN_WITH_EMAIL_CODE)", async () => {
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: emu.endpoint } } });
    try {
      const sms = await signIn({ username: "sms-sue", password: PASSWORD });
      assert.deepEqual(sms.nextStep, { signInStep: "CONFIRM_SIGN_IN_WITH_SMS_CODE", codeDeliveryDetails: { deliveryMedium: "SMS", destination: "+*******0123" } });
      assert.deepEqual(await confirmSignIn({ challengeResponse: (await latestCode("sms-sue")).code }), { isSignedIn: true, nextStep: { signInStep: "DONE" } });
      await signOut();
      const email = await signIn({ username: "mail-max", options: { authFlowType: "USER_AUTH", preferredChallenge: "EMAIL_OTP" } });
      assert.deepEqual(email.nextStep, { signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "m***@e***" } });
      assert.deepEqual(await confirmSignIn({ challengeResponse: (await latestCode("mail-max")).code }), { isSignedIn: true, nextStep: { signInStep: "DONE" } });
      assert.equal((await fetchAuthSession()).tokens!.idToken!.payload.email, "max@example.com");
    } finally {
      await signOut().catch(() => undefined);
    }
  });
});
