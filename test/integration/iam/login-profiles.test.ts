// Login profiles (console passwords) and ChangePassword through SDK v3 against the spawned CLI, with the
// account password policy applied to every new password.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateUserCommand, DeleteUserCommand, CreateAccessKeyCommand,
  CreateLoginProfileCommand, GetLoginProfileCommand, UpdateLoginProfileCommand, DeleteLoginProfileCommand,
  ChangePasswordCommand, UpdateAccountPasswordPolicyCommand, DeleteAccountPasswordPolicyCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);


const userClients = new Map<string, IAMClient>();

/** A client signing as `userName` with a key made for it (one per user, as a user may hold only two). */
async function asUser(userName: string): Promise<IAMClient> {
  const known = userClients.get(userName);
  if (known) return known;
  const { AccessKey } = await iam().send(new CreateAccessKeyCommand({ UserName: userName }));
  const client = new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
  userClients.set(userName, client);
  return client;
}

describe("login profiles", () => {
  it("CreateLoginProfile answers UserName, CreateDate and PasswordResetRequired", async () => {
    await iam().send(new CreateUserCommand({ UserName: "alice" }));
    const out = await iam().send(new CreateLoginProfileCommand({ UserName: "alice", Password: "Correct-Horse-1", PasswordResetRequired: true }));
    assert.equal(out.LoginProfile!.UserName, "alice");
    assert.equal(out.LoginProfile!.PasswordResetRequired, true);
    assert.ok(Math.abs(out.LoginProfile!.CreateDate!.getTime() - Date.now()) < 60_000);
    const got = await iam().send(new GetLoginProfileCommand({ UserName: "ALICE" }));
    assert.equal(got.LoginProfile!.UserName, "alice");
    assert.equal(got.LoginProfile!.PasswordResetRequired, true);
  });

  it("a second profile is EntityAlreadyExists 409; a missing user is NoSuchEntity 404", async () => {
    await assert.rejects(iam().send(new CreateLoginProfileCommand({ UserName: "alice", Password: "Correct-Horse-2" })),
      rejectsWith("EntityAlreadyExists", 409, "Login Profile for user alice already exists."));
    await assert.rejects(iam().send(new CreateLoginProfileCommand({ UserName: "ghost", Password: "Correct-Horse-2" })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
  });

  it("GetLoginProfile for a user without one is NoSuchEntity 404", async () => {
    await iam().send(new CreateUserCommand({ UserName: "bob" }));
    await assert.rejects(iam().send(new GetLoginProfileCommand({ UserName: "bob" })),
      rejectsWith("NoSuchEntity", 404, "Login Profile for User bob cannot be found."));
    await assert.rejects(iam().send(new UpdateLoginProfileCommand({ UserName: "bob", PasswordResetRequired: true })),
      rejectsWith("NoSuchEntity", 404, "Login Profile for User bob cannot be found."));
    await assert.rejects(iam().send(new DeleteLoginProfileCommand({ UserName: "bob" })),
      rejectsWith("NoSuchEntity", 404, "Login Profile for User bob cannot be found."));
  });

  it("without a custom policy AWS's default applies: 8 characters, three of four kinds; nothing is created", async () => {
    await assert.rejects(iam().send(new CreateLoginProfileCommand({ UserName: "bob", Password: "Ab1!" })),
      rejectsWith("PasswordPolicyViolation", 400, "Password should have a minimum length of 8"));
    await assert.rejects(iam().send(new CreateLoginProfileCommand({ UserName: "bob", Password: "abcdefgh" })),
      rejectsWith("PasswordPolicyViolation", 400,
        "Password should meet 2 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one number, Password should have at least one symbol"));
    await assert.rejects(iam().send(new GetLoginProfileCommand({ UserName: "bob" })), rejectsWith("NoSuchEntity", 404));
    await iam().send(new CreateLoginProfileCommand({ UserName: "bob", Password: "abcdefG1" }));
    assert.equal((await iam().send(new GetLoginProfileCommand({ UserName: "bob" }))).LoginProfile!.PasswordResetRequired, false);
  });

  it("the account policy is enforced on create and update; a refused update keeps the old password", async () => {
    await iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, PasswordReusePrevention: 2 }));
    await iam().send(new CreateUserCommand({ UserName: "carol" }));
    for (const Password of ["Short-1", "LongEnoughButNoDigit!", "longenough12345"]) {
      await assert.rejects(iam().send(new CreateLoginProfileCommand({ UserName: "carol", Password })),
        rejectsWith("PasswordPolicyViolation", 400, "Password does not conform to the account password policy."), Password);
    }
    await iam().send(new CreateLoginProfileCommand({ UserName: "carol", Password: "first-password-1" }));
    await assert.rejects(iam().send(new UpdateLoginProfileCommand({ UserName: "carol", Password: "weak" })),
      rejectsWith("PasswordPolicyViolation", 400, "Password does not conform to the account password policy."));
    const carol = await asUser("carol");
    await carol.send(new ChangePasswordCommand({ OldPassword: "first-password-1", NewPassword: "second-password-2" }));
  });

  it("ChangePassword checks the old password, refuses reuse within PasswordReusePrevention and clears the reset flag", async () => {
    await iam().send(new UpdateLoginProfileCommand({ UserName: "carol", PasswordResetRequired: true }));
    const carol = await asUser("carol");
    await assert.rejects(carol.send(new ChangePasswordCommand({ OldPassword: "first-password-1", NewPassword: "third-password-3" })),
      rejectsWith("AccessDenied", 403, "The old password is incorrect."), "the old password was already changed");
    await assert.rejects(carol.send(new ChangePasswordCommand({ OldPassword: "second-password-2", NewPassword: "first-password-1" })),
      rejectsWith("PasswordPolicyViolation", 400, "Password does not conform to the account password policy."), "reused within 2");
    await carol.send(new ChangePasswordCommand({ OldPassword: "second-password-2", NewPassword: "third-password-3" }));
    assert.equal((await iam().send(new GetLoginProfileCommand({ UserName: "carol" }))).LoginProfile!.PasswordResetRequired, false);
    await carol.send(new ChangePasswordCommand({ OldPassword: "third-password-3", NewPassword: "first-password-1" }));
  });

  it("ChangePassword is for IAM users only: the root user gets InvalidUserType 400", async () => {
    await assert.rejects(iam().send(new ChangePasswordCommand({ OldPassword: "whatever-1!", NewPassword: "whatever-2!" })),
      rejectsWith("InvalidUserType", 400, "Only IAM Users can change their own password."));
  });

  it("UpdateLoginProfile sets a new password administratively", async () => {
    await iam().send(new DeleteAccountPasswordPolicyCommand({}));
    await iam().send(new UpdateLoginProfileCommand({ UserName: "carol", Password: "Admin-Set-9" }));
    const carol = await asUser("carol");
    await assert.rejects(carol.send(new ChangePasswordCommand({ OldPassword: "first-password-1", NewPassword: "Another-1" })), rejectsWith("AccessDenied", 403));
    await carol.send(new ChangePasswordCommand({ OldPassword: "Admin-Set-9", NewPassword: "Another-1" }));
  });

  it("a user with a login profile cannot be deleted until the profile is", async () => {
    await assert.rejects(iam().send(new DeleteUserCommand({ UserName: "bob" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must delete login profile first."));
    await iam().send(new DeleteLoginProfileCommand({ UserName: "bob" }));
    await iam().send(new DeleteUserCommand({ UserName: "bob" }));
  });
});
