// Self-service: SignUp and its code, ResendConfirmationCode, ForgotPassword, ChangePassword, attribute
// verification, DeleteUser; pools that sign in by email. Codes are read from the emulator's log.
import { describe, it, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import {
  AdminGetUserCommand, ChangePasswordCommand, ConfirmForgotPasswordCommand, ConfirmSignUpCommand, DeleteUserCommand, ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand, GetUserCommand, InitiateAuthCommand, ResendConfirmationCodeCommand, SignUpCommand,
  UpdateUserAttributesCommand, VerifyUserAttributeCommand, AdminCreateUserCommand, DeleteUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, cognito, loggedCode, makePool, PASSWORD, setClock } from "./cognito-fixtures.js";

const emu = useEmulator({ args: ["--log-level", "info"] });
let poolId = "";
let clientId = "";

let ready: Promise<void> | undefined;
beforeEach(() => {
  ready ??= (async () => { ({ poolId, clientId } = await makePool(emu, { AutoVerifiedAttributes: ["email"] })); })();
  return ready;
});

const signIn = (username: string, password = PASSWORD, client = clientId) =>
  cognito(emu).send(new InitiateAuthCommand({ ClientId: client, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password } }));

describe("SignUp and confirmation", () => {
  it("SignUp answers UserSub and where the code went; the user is UNCONFIRMED", async () => {
    const out = await cognito(emu).send(new SignUpCommand({ ClientId: clientId, Username: "alice", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "alice@example.com" }] }));
    assert.equal(out.UserConfirmed, false);
    assert.match(out.UserSub!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: "a***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
    assert.equal((await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }))).UserStatus, "UNCONFIRMED");
  });

  it("SignUp refuses a taken username and a weak password with AWS's messages", async () => {
    await assert.rejects(cognito(emu).send(new SignUpCommand({ ClientId: clientId, Username: "alice", Password: PASSWORD })), awsRejects("UsernameExistsException", "User already exists"));
    await assert.rejects(cognito(emu).send(new SignUpCommand({ ClientId: clientId, Username: "bob", Password: "Short-1" })),
      awsRejects("InvalidPasswordException", "Password did not conform with policy: Password not long enough"));
    await assert.rejects(cognito(emu).send(new SignUpCommand({ ClientId: clientId, Username: "bob", Password: "no-numbers-Here" })),
      awsRejects("InvalidPasswordException", "Password did not conform with policy: Password must have numeric characters"));
  });

  it("ConfirmSignUp: a wrong code, then the logged code confirms and verifies the email", async () => {
    const c = cognito(emu);
    const code = await loggedCode(emu, poolId, "SIGN_UP", "alice");
    await assert.rejects(c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: code === "000000" ? "111111" : "000000" })),
      awsRejects("CodeMismatchException", "Invalid verification code provided, please try again."));
    await c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: code }));
    const user = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
    assert.equal(user.UserStatus, "CONFIRMED");
    assert.equal(user.UserAttributes!.find((a) => a.Name === "email_verified")!.Value, "true");
    assert.ok((await signIn("alice")).AuthenticationResult!.AccessToken);
    await assert.rejects(c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: code })),
      awsRejects("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"));
  });

  it("ResendConfirmationCode sends a new code; an expired code is ExpiredCodeException", async () => {
    const c = cognito(emu);
    await c.send(new SignUpCommand({ ClientId: clientId, Username: "carl", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "carl@example.com" }] }));
    const resent = await c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "carl" }));
    assert.equal(resent.CodeDeliveryDetails!.Destination, "c***@e***");
    const code = await loggedCode(emu, poolId, "SIGN_UP", "carl");
    await setClock(emu, 86_401);
    try {
      await assert.rejects(c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "carl", ConfirmationCode: code })),
        awsRejects("ExpiredCodeException", "Invalid code provided, please request a code again."));
    } finally {
      await setClock(emu, 0);
    }
    await assert.rejects(c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "alice" })), awsRejects("InvalidParameterException", "User is already confirmed."));
  });

  it("a client with a secret needs SecretHash on SignUp", async () => {
    const secret = await makePool(emu, {}, { GenerateSecret: true });
    await assert.rejects(cognito(emu).send(new SignUpCommand({ ClientId: secret.clientId, Username: "dan", Password: PASSWORD })),
      awsRejects("NotAuthorizedException", `Unable to verify secret hash for client ${secret.clientId}`));
    const SecretHash = createHmac("sha256", secret.clientSecret!).update(`dan${secret.clientId}`).digest("base64");
    assert.equal((await cognito(emu).send(new SignUpCommand({ ClientId: secret.clientId, Username: "dan", Password: PASSWORD, SecretHash }))).UserConfirmed, false);
  });

  it("AllowAdminCreateUserOnly refuses SignUp", async () => {
    const closed = await makePool(emu, { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
    await assert.rejects(cognito(emu).send(new SignUpCommand({ ClientId: closed.clientId, Username: "eve", Password: PASSWORD })),
      awsRejects("NotAuthorizedException", "SignUp is not permitted for this user pool"));
  });
});

describe("passwords", () => {
  it("ForgotPassword + ConfirmForgotPassword set a new password", async () => {
    const c = cognito(emu);
    const sent = await c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "alice" }));
    assert.deepEqual(sent.CodeDeliveryDetails, { Destination: "a***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
    const code = await loggedCode(emu, poolId, "FORGOT_PASSWORD", "alice");
    await assert.rejects(c.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: code, Password: "weak" })),
      awsRejects("InvalidPasswordException", "Password did not conform with policy: Password not long enough"));
    await c.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: code, Password: "Brand-New-Pass-1" }));
    await assert.rejects(signIn("alice"), awsRejects("NotAuthorizedException", "Incorrect username or password."));
    assert.ok((await signIn("alice", "Brand-New-Pass-1")).AuthenticationResult);
  });

  it("ForgotPassword needs a verified email or phone", async () => {
    const c = cognito(emu);
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "nomail", MessageAction: "SUPPRESS" }));
    await assert.rejects(c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "nomail" })),
      awsRejects("InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number"));
    await assert.rejects(c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "ghost" })), awsRejects("UserNotFoundException", "User does not exist."));
  });

  it("ChangePassword checks the previous password and the policy", async () => {
    const c = cognito(emu);
    const token = (await signIn("alice", "Brand-New-Pass-1")).AuthenticationResult!.AccessToken!;
    await assert.rejects(c.send(new ChangePasswordCommand({ AccessToken: token, PreviousPassword: "Wrong-Pass-11", ProposedPassword: PASSWORD })),
      awsRejects("NotAuthorizedException", "Incorrect username or password."));
    await assert.rejects(c.send(new ChangePasswordCommand({ AccessToken: token, PreviousPassword: "Brand-New-Pass-1", ProposedPassword: "NOLOWERCASE-1" })),
      awsRejects("InvalidPasswordException", "Password did not conform with policy: Password must have lowercase characters"));
    await c.send(new ChangePasswordCommand({ AccessToken: token, PreviousPassword: "Brand-New-Pass-1", ProposedPassword: PASSWORD }));
    assert.ok((await signIn("alice")).AuthenticationResult);
  });
});

describe("the signed-in user's attributes and account", () => {
  it("UpdateUserAttributes: a new email is unverified and gets a code; VerifyUserAttribute verifies it", async () => {
    const c = cognito(emu);
    const token = (await signIn("alice")).AuthenticationResult!.AccessToken!;
    const out = await c.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "email", Value: "alice@new.example" }, { Name: "name", Value: "Alice" }] }));
    assert.deepEqual(out.CodeDeliveryDetailsList, [{ Destination: "a***@n***", DeliveryMedium: "EMAIL", AttributeName: "email" }]);
    const attrs = async () => Object.fromEntries((await c.send(new GetUserCommand({ AccessToken: token }))).UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal((await attrs()).email_verified, "false");
    const code = await loggedCode(emu, poolId, "VERIFY_ATTRIBUTE", "alice");
    await assert.rejects(c.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: code === "000000" ? "111111" : "000000" })),
      awsRejects("CodeMismatchException", "Invalid verification code provided, please try again."));
    await c.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: code }));
    assert.equal((await attrs()).email_verified, "true");
    assert.equal((await attrs()).name, "Alice");
    const again = await c.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "email" }));
    assert.equal(again.CodeDeliveryDetails!.AttributeName, "email");
    await c.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["name"] }));
    assert.equal((await attrs()).name, undefined);
  });

  it("DeleteUser deletes the caller; its token no longer works", async () => {
    const c = cognito(emu);
    await c.send(new SignUpCommand({ ClientId: clientId, Username: "leaver", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "leaver@example.com" }] }));
    await c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "leaver", ConfirmationCode: await loggedCode(emu, poolId, "SIGN_UP", "leaver") }));
    const token = (await signIn("leaver")).AuthenticationResult!.AccessToken!;
    await c.send(new DeleteUserCommand({ AccessToken: token }));
    await assert.rejects(c.send(new GetUserCommand({ AccessToken: token })), awsRejects("NotAuthorizedException"));
    await assert.rejects(signIn("leaver"), awsRejects("UserNotFoundException", "User does not exist."));
  });
});

describe("a pool whose users sign in with their email", () => {
  it("usernames are subs, sign-in and lookups take the email, and emails are unique", async () => {
    const c = cognito(emu);
    const byEmail = await makePool(emu, { UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"] });
    const out = await c.send(new SignUpCommand({ ClientId: byEmail.clientId, Username: "Zoe@Example.com", Password: PASSWORD }));
    const user = await c.send(new AdminGetUserCommand({ UserPoolId: byEmail.poolId, Username: "zoe@example.com" }));
    assert.equal(user.Username, out.UserSub);
    assert.equal(user.UserAttributes!.find((a) => a.Name === "email")!.Value, "Zoe@Example.com");
    await assert.rejects(c.send(new SignUpCommand({ ClientId: byEmail.clientId, Username: "zoe@example.com", Password: PASSWORD })),
      awsRejects("UsernameExistsException", "An account with the given email already exists."));
    await assert.rejects(c.send(new SignUpCommand({ ClientId: byEmail.clientId, Username: "not-an-email", Password: PASSWORD })),
      awsRejects("InvalidParameterException", "Username should be an email."));
    const code = await loggedCode(emu, byEmail.poolId, "SIGN_UP", out.UserSub!);
    await c.send(new ConfirmSignUpCommand({ ClientId: byEmail.clientId, Username: "Zoe@Example.com", ConfirmationCode: code }));
    const tokens = (await signIn("zoe@example.com", PASSWORD, byEmail.clientId)).AuthenticationResult!;
    assert.equal((await c.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username, out.UserSub);
  });
});
