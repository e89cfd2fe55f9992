// Device tracking as the client libraries use it: a sign-in on a pool with DeviceConfiguration returns
// NewDeviceMetadata, the library confirms the device with an SRP verifier of its own, the user remembers it,
// and the next sign-in on it is DEVICE_SRP_AUTH + DEVICE_PASSWORD_VERIFIER instead of an SMS code.
// amazon-cognito-identity-js and Amplify v6, and the device APIs with their Admin versions. A pre token
// generation trigger (a local handler file) names the sign-in step in the ID token: a device sign-in is
// TokenGeneration_AuthenticateDevice.
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AdminCreateUserCommand, AdminForgetDeviceCommand, AdminGetDeviceCommand, AdminListDevicesCommand, AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand, AdminUpdateDeviceStatusCommand, ConfirmDeviceCommand, GetDeviceCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from "amazon-cognito-identity-js";
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchDevices, forgetDevice, rememberDevice, signIn, signOut } from "aws-amplify/auth";
import { join } from "node:path";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, cognito, makePool, PASSWORD, sentCodes } from "./cognito-fixtures.js";

const tokenSource = join(__dirname, "..", "..", "fixtures", "triggers", "token-source.mjs");
const emu = useEmulator({ args: ["--no-persist", "--lambda-handlers", `token-source=${tokenSource}#handler`] });
let poolId = "";
let clientId = "";

let ready: Promise<void> | undefined;
beforeEach(() => (ready ??= (async () => {
  ({ poolId, clientId } = await makePool(emu, { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    LambdaConfig: { PreTokenGeneration: "arn:aws:lambda:us-east-1:000000000000:function:token-source" } }));
  await cognito(emu).send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL",
    SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/sns", ExternalId: "x" } } }));
  for (const name of ["dev-dana", "dev-amp"]) {
    await cognito(emu).send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: "SUPPRESS", UserAttributes: [{ Name: "phone_number", Value: "+15555550142" }] }));
    await cognito(emu).send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: PASSWORD, Permanent: true }));
    await cognito(emu).send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
  }
})()));

async function smsCode(username: string): Promise<string> {
  return (await sentCodes(emu, poolId, username)).find((c) => c.purpose === "AUTHENTICATION")!.code;
}

type Outcome = { kind: "success"; session: CognitoUserSession; confirmationNecessary: boolean } | { kind: "mfa" } | { kind: "failure"; err: Error };

function appUser(name: string): CognitoUser {
  return new CognitoUser({ Username: name, Pool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${emu.endpoint}/` }) });
}

function callbacks(resolve: (o: Outcome) => void) {
  return {
    onSuccess: (session: CognitoUserSession, confirmationNecessary?: boolean) => resolve({ kind: "success", session, confirmationNecessary: confirmationNecessary === true }),
    onFailure: (err: Error) => resolve({ kind: "failure", err }),
    mfaRequired: () => resolve({ kind: "mfa" }),
  };
}

const done = <T>(call: (cb: { onSuccess: (v: T) => void; onFailure: (e: Error) => void }) => void) =>
  new Promise<T>((resolve, reject) => call({ onSuccess: resolve, onFailure: reject }));

describe("amazon-cognito-identity-js with remembered devices", () => {
  it("first sign-in: SMS code, then the library confirms the device; remembered, the next sign-in skips the code; forgotten, it is gone", async () => {
    const user = appUser("dev-dana");
    const first = await new Promise<Outcome>((resolve) => user.authenticateUser(new AuthenticationDetails({ Username: "dev-dana", Password: PASSWORD }), callbacks(resolve)));
    assert.equal(first.kind, "mfa");
    const code = await smsCode("dev-dana");
    const signedIn = await new Promise<Outcome>((resolve) => user.sendMFACode(code, callbacks(resolve)));
    assert.equal(signedIn.kind, "success");
    assert.equal((signedIn as { confirmationNecessary: boolean }).confirmationNecessary, true, "the pool asks the user before remembering");
    assert.equal((signedIn as { session: CognitoUserSession }).session.getIdToken().payload.token_source, "TokenGeneration_Authentication");
    const listed = await done<{ Devices: { DeviceKey: string; DeviceAttributes: { Name: string; Value: string }[] }[] }>((cb) => user.listDevices(10, null, cb));
    assert.equal(listed.Devices.length, 1);
    const device = listed.Devices[0]!;
    assert.match(device.DeviceKey, /^us-east-1_[0-9a-f-]{36}$/);
    const attribute = (name: string) => device.DeviceAttributes.find((a) => a.Name === name)?.Value;
    assert.equal(attribute("dev:device_remembered_status"), "not_remembered");
    assert.equal(attribute("device_status"), "valid");
    await done((cb) => user.setDeviceStatusRemembered(cb));

    // A new sign-in on the remembered device: device SRP stands in for the SMS code.
    const again = appUser("dev-dana");
    const second = await new Promise<Outcome>((resolve) => again.authenticateUser(new AuthenticationDetails({ Username: "dev-dana", Password: PASSWORD }), callbacks(resolve)));
    assert.equal(second.kind, "success", "no MFA on a remembered device");
    assert.equal((second as { session: CognitoUserSession }).session.getIdToken().payload.token_source, "TokenGeneration_AuthenticateDevice");
    const fetched = await cognito(emu).send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: "dev-dana", DeviceKey: device.DeviceKey }));
    assert.equal(fetched.Device!.DeviceAttributes!.find((a) => a.Name === "dev:device_remembered_status")!.Value, "remembered");

    await done((cb) => again.forgetDevice(cb));
    assert.deepEqual((await cognito(emu).send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "dev-dana" }))).Devices, []);
  });
});

describe("the device APIs", () => {
  it("Admin* list, get, update and forget; unknown devices and device keys no sign-in issued are refused", async () => {
    const signIn = await cognito(emu).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "dev-amp", PASSWORD } }));
    assert.equal(signIn.ChallengeName, "SMS_MFA");
    const tokens = await cognito(emu).send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SMS_MFA", Session: signIn.Session,
      ChallengeResponses: { USERNAME: "dev-amp", SMS_MFA_CODE: await smsCode("dev-amp") } }));
    const metadata = tokens.AuthenticationResult!.NewDeviceMetadata!;
    assert.match(metadata.DeviceKey!, /^us-east-1_[0-9a-f-]{36}$/);
    assert.match(metadata.DeviceGroupKey!, /^-[\w-]{9}$/);
    const accessToken = tokens.AuthenticationResult!.AccessToken!;
    await assert.rejects(cognito(emu).send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey: "us-east-1_00000000-0000-0000-0000-000000000000",
      DeviceSecretVerifierConfig: { PasswordVerifier: "AQ==", Salt: "AQ==" } })), awsRejects("ResourceNotFoundException", "Device does not exist."));
    const confirmed = await cognito(emu).send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey: metadata.DeviceKey, DeviceName: "test-rig",
      DeviceSecretVerifierConfig: { PasswordVerifier: Buffer.from("0a1b2c", "hex").toString("base64"), Salt: Buffer.from("0f0e", "hex").toString("base64") } }));
    assert.equal(confirmed.UserConfirmationNecessary, true);
    const list = await cognito(emu).send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "dev-amp" }));
    assert.deepEqual(list.Devices!.map((d) => d.DeviceKey), [metadata.DeviceKey]);
    assert.deepEqual(list.Devices![0]!.DeviceAttributes!.map((a) => [a.Name, a.Value]), [
      ["device_status", "valid"], ["device_name", "test-rig"], ["last_ip_used", "127.0.0.1"], ["dev:device_remembered_status", "not_remembered"],
    ]);
    await cognito(emu).send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: "dev-amp", DeviceKey: metadata.DeviceKey, DeviceRememberedStatus: "remembered" }));
    const got = await cognito(emu).send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey: metadata.DeviceKey }));
    assert.equal(got.Device!.DeviceAttributes!.find((a) => a.Name === "dev:device_remembered_status")!.Value, "remembered");
    await cognito(emu).send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: "dev-amp", DeviceKey: metadata.DeviceKey }));
    await assert.rejects(cognito(emu).send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey: metadata.DeviceKey })), awsRejects("ResourceNotFoundException", "Device does not exist."));
  });
});

describe("Amplify v6 with remembered devices", () => {
  it("confirms the device after sign-in; rememberDevice, fetchDevices, device SRP on the next sign-in, forgetDevice", async () => {
    // Amplify names the device from navigator.userAgent, which Node 20 lacks (a browser has it): without one it
    // skips ConfirmDevice silently.
    if (!("navigator" in globalThis)) Object.defineProperty(globalThis, "navigator", { value: { userAgent: "node-integration-test" }, configurable: true });
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: emu.endpoint } } });
    try {
      const first = await signIn({ username: "dev-amp", password: PASSWORD });
      assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.deepEqual(await confirmSignIn({ challengeResponse: await smsCode("dev-amp") }), { isSignedIn: true, nextStep: { signInStep: "DONE" } });
      await rememberDevice();
      const devices = await fetchDevices();
      assert.equal(devices.length, 1);
      assert.equal(devices[0]!.attributes["dev:device_remembered_status"], "remembered");
      await signOut();
      // The remembered device: Amplify answers DEVICE_SRP_AUTH by itself, and no SMS code is asked for.
      assert.deepEqual(await signIn({ username: "dev-amp", password: PASSWORD }), { isSignedIn: true, nextStep: { signInStep: "DONE" } });
      await forgetDevice();
      assert.deepEqual(await fetchDevices(), []);
    } finally {
      await signOut().catch(() => undefined);
    }
  });
});
