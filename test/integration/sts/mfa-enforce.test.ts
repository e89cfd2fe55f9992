// MFA in enforce mode: a trust policy that requires aws:MultiFactorAuthPresent sees the MFA of AssumeRole's
// SerialNumber/TokenCode and of a GetSessionToken session, which itself needs no permission (as in AWS).
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { CreateVirtualMFADeviceCommand, EnableMFADeviceCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { totpCode } from "../../../src/services/totp.js";
import { useEmulator } from "../../support/emulator.js";
import { ACCOUNT, createRole, createUserWithKey, iamFor, keysOf, rejectsWith, setClock, stsFor, trustPolicy } from "./fixtures.js";

const emu = useEmulator({ args: ["--mode", "enforce", "--no-persist"] });

describe("MFA in enforce mode", () => {
  after(() => setClock(emu, 0));

  it("AssumeRole with and without an MFA code; a GetSessionToken session carries its MFA", async () => {
    const bob = await createUserWithKey(emu, "bob");
    const iam = iamFor(emu);
    const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "bob-mfa" }))).VirtualMFADevice!;
    const seed = Buffer.from(device.Base32StringSeed!).toString("ascii");
    const t = Date.now();
    await iam.send(new EnableMFADeviceCommand({ UserName: "bob", SerialNumber: device.SerialNumber,
      AuthenticationCode1: totpCode(seed, new Date(t)), AuthenticationCode2: totpCode(seed, new Date(t + 30_000)) }));
    const role = await createRole(emu, "needs-mfa", trustPolicy({ AWS: bob.arn }, "sts:AssumeRole", { Bool: { "aws:MultiFactorAuthPresent": "true" } }));

    // Each code is accepted once, so every MFA use moves the emulator's clock on by a minute.
    await setClock(emu, 60);
    const sts = stsFor(emu, bob.keys, 60_000);
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "no-mfa" })),
      rejectsWith("AccessDenied", 403, `User: ${bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${role.Arn}`));
    const withCode = await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "with-mfa",
      SerialNumber: device.SerialNumber, TokenCode: totpCode(seed, new Date(t + 60_000)) }));
    assert.equal(withCode.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/needs-mfa/with-mfa`);

    await setClock(emu, 120);
    const session = await stsFor(emu, bob.keys, 120_000).send(new GetSessionTokenCommand({
      SerialNumber: device.SerialNumber, TokenCode: totpCode(seed, new Date(t + 120_000)) }));
    const viaSession = await stsFor(emu, keysOf(session.Credentials!), 120_000).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "via-session" }));
    assert.equal(viaSession.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/needs-mfa/via-session`);

    // aws:MultiFactorAuthAge is measured on the emulator's clock, not the host's: ten minutes on, a trust policy
    // that wants an MFA younger than five minutes refuses the same session
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthage).
    const fresh = await createRole(emu, "fresh-mfa", trustPolicy({ AWS: bob.arn }, "sts:AssumeRole", { NumericLessThan: { "aws:MultiFactorAuthAge": "300" } }));
    const sessionKeys = keysOf(session.Credentials!);
    await stsFor(emu, sessionKeys, 120_000).send(new AssumeRoleCommand({ RoleArn: fresh.Arn, RoleSessionName: "young" }));
    await setClock(emu, 720);
    await assert.rejects(stsFor(emu, sessionKeys, 720_000).send(new AssumeRoleCommand({ RoleArn: fresh.Arn, RoleSessionName: "old" })),
      rejectsWith("AccessDenied", 403, new RegExp(`is not authorized to perform: sts:AssumeRole on resource: ${fresh.Arn}`)));
  });
});
