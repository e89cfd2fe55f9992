// Service-specific credentials through SDK v3 against the spawned CLI: CodeCommit and Keyspaces user names and
// passwords, Bedrock API keys with an expiry, the per-service quota, Reset, status, listing across users and
// DeleteUser's check.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateUserCommand, DeleteUserCommand, CreateServiceSpecificCredentialCommand,
  ListServiceSpecificCredentialsCommand, ResetServiceSpecificCredentialCommand, UpdateServiceSpecificCredentialCommand,
  DeleteServiceSpecificCredentialCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);


async function listed(UserName: string) {
  return (await iam().send(new ListServiceSpecificCredentialsCommand({ UserName }))).ServiceSpecificCredentials!;
}

let gitId = "";
let gitPassword = "";

describe("CreateServiceSpecificCredential", () => {
  it("CodeCommit: an ACCA id, `<user>-at-<account>` and a 44-character password, Active", async () => {
    await iam().send(new CreateUserCommand({ UserName: "coder" }));
    const account = emu.process.ready.accountId;
    const { ServiceSpecificCredential: c } = await iam().send(new CreateServiceSpecificCredentialCommand({ UserName: "coder", ServiceName: "codecommit.amazonaws.com" }));
    assert.match(c!.ServiceSpecificCredentialId!, /^ACCA[A-Z2-7]{17}$/);
    assert.equal(c!.ServiceName, "codecommit.amazonaws.com");
    assert.equal(c!.ServiceUserName, `coder-at-${account}`);
    assert.equal(c!.ServicePassword!.length, 44);
    assert.equal(c!.ServiceCredentialSecret, undefined);
    assert.equal(c!.UserName, "coder");
    assert.equal(c!.Status, "Active");
    assert.ok(Math.abs(c!.CreateDate!.getTime() - Date.now()) < 60_000);
    gitId = c!.ServiceSpecificCredentialId!;
    gitPassword = c!.ServicePassword!;
    const keyspaces = await iam().send(new CreateServiceSpecificCredentialCommand({ UserName: "coder", ServiceName: "cassandra.amazonaws.com" }));
    assert.equal(keyspaces.ServiceSpecificCredential!.ServiceUserName, `coder-at-${account}`);
    assert.notEqual(keyspaces.ServiceSpecificCredential!.ServicePassword, gitPassword);
  });

  it("Bedrock API keys: an alias, an ABSK secret and the expiry CredentialAgeDays asks for", async () => {
    const { ServiceSpecificCredential: c } = await iam().send(new CreateServiceSpecificCredentialCommand({ UserName: "coder", ServiceName: "bedrock.amazonaws.com", CredentialAgeDays: 30 }));
    assert.match(c!.ServiceCredentialAlias!, new RegExp(`^BedrockAPIKey-[0-9a-f]{4}-at-${emu.process.ready.accountId}$`));
    assert.match(c!.ServiceCredentialSecret!, /^ABSK[A-Za-z0-9+/=]+$/);
    assert.equal(c!.ServicePassword, undefined);
    assert.equal(c!.ServiceUserName, undefined);
    assert.equal(c!.ExpirationDate!.getTime() - c!.CreateDate!.getTime(), 30 * 86_400_000);
  });

  it("another service is NotSupportedService 404; CredentialAgeDays outside Bedrock InvalidInput; a missing user 404; nothing created", async () => {
    const before = await listed("coder");
    await assert.rejects(iam().send(new CreateServiceSpecificCredentialCommand({ UserName: "coder", ServiceName: "s3.amazonaws.com" })),
      rejectsWith("NotSupportedService", 404, "No such service s3.amazonaws.com is supported for Service-Specific Credentials"));
    await assert.rejects(iam().send(new CreateServiceSpecificCredentialCommand({ UserName: "coder", ServiceName: "codecommit.amazonaws.com", CredentialAgeDays: 5 })),
      rejectsWith("InvalidInput", 400));
    await assert.rejects(iam().send(new CreateServiceSpecificCredentialCommand({ UserName: "ghost", ServiceName: "codecommit.amazonaws.com" })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
    assert.deepEqual(await listed("coder"), before);
  });

  it("two per user per service: the third is LimitExceeded 409", async () => {
    await iam().send(new CreateServiceSpecificCredentialCommand({ UserName: "coder", ServiceName: "codecommit.amazonaws.com" }));
    await assert.rejects(iam().send(new CreateServiceSpecificCredentialCommand({ UserName: "coder", ServiceName: "codecommit.amazonaws.com" })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2"));
    assert.equal((await listed("coder")).filter((c) => c.ServiceName === "codecommit.amazonaws.com").length, 2);
  });
});

describe("List, Reset, Update, Delete", () => {
  it("ListServiceSpecificCredentials shows metadata, never the password; filters by service; AllUsers spans users", async () => {
    const all = await listed("coder");
    assert.equal(all.length, 4);
    assert.ok(all.every((c) => !("ServicePassword" in c) && !("ServiceCredentialSecret" in c)));
    const git = await iam().send(new ListServiceSpecificCredentialsCommand({ UserName: "coder", ServiceName: "codecommit.amazonaws.com" }));
    assert.equal(git.ServiceSpecificCredentials!.length, 2);
    assert.ok(git.ServiceSpecificCredentials!.some((c) => c.ServiceSpecificCredentialId === gitId && c.ServiceUserName === `coder-at-${emu.process.ready.accountId}`));
    await assert.rejects(iam().send(new ListServiceSpecificCredentialsCommand({ UserName: "coder", ServiceName: "ec2.amazonaws.com" })),
      rejectsWith("NotSupportedService", 404, "No such service ec2.amazonaws.com is supported for Service-Specific Credentials"));
    await iam().send(new CreateUserCommand({ UserName: "reader" }));
    await iam().send(new CreateServiceSpecificCredentialCommand({ UserName: "reader", ServiceName: "cassandra.amazonaws.com" }));
    const everyone = await iam().send(new ListServiceSpecificCredentialsCommand({ AllUsers: true }));
    assert.deepEqual(everyone.ServiceSpecificCredentials!.map((c) => c.UserName).sort(), ["coder", "coder", "coder", "coder", "reader"]);
    const page = await iam().send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 3 }));
    assert.equal(page.IsTruncated, true);
    const rest = await iam().send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 3, Marker: page.Marker }));
    assert.equal(rest.ServiceSpecificCredentials!.length, 2);
    assert.equal(rest.IsTruncated, false);
  });

  it("Reset issues a new password for the same credential; Update sets Inactive; unknown ids are NoSuchEntity 404", async () => {
    const { ServiceSpecificCredential: reset } = await iam().send(new ResetServiceSpecificCredentialCommand({ UserName: "coder", ServiceSpecificCredentialId: gitId }));
    assert.equal(reset!.ServiceSpecificCredentialId, gitId);
    assert.equal(reset!.ServicePassword!.length, 44);
    assert.notEqual(reset!.ServicePassword, gitPassword);
    await iam().send(new UpdateServiceSpecificCredentialCommand({ UserName: "coder", ServiceSpecificCredentialId: gitId, Status: "Inactive" }));
    assert.equal((await listed("coder")).find((c) => c.ServiceSpecificCredentialId === gitId)!.Status, "Inactive");
    for (const send of [
      () => iam().send(new ResetServiceSpecificCredentialCommand({ UserName: "reader", ServiceSpecificCredentialId: gitId })),
      () => iam().send(new UpdateServiceSpecificCredentialCommand({ UserName: "reader", ServiceSpecificCredentialId: gitId, Status: "Active" })),
      () => iam().send(new DeleteServiceSpecificCredentialCommand({ UserName: "reader", ServiceSpecificCredentialId: gitId })),
    ]) {
      await assert.rejects(send(), rejectsWith("NoSuchEntity", 404, `The Service Specific Credential with id ${gitId} cannot be found.`));
    }
    assert.equal((await listed("coder")).find((c) => c.ServiceSpecificCredentialId === gitId)!.Status, "Inactive");
  });

  it("DeleteUser refuses while credentials remain; DeleteServiceSpecificCredential removes them", async () => {
    await assert.rejects(iam().send(new DeleteUserCommand({ UserName: "reader" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must delete service specific credentials first."));
    for (const c of await listed("reader")) {
      await iam().send(new DeleteServiceSpecificCredentialCommand({ UserName: "reader", ServiceSpecificCredentialId: c.ServiceSpecificCredentialId }));
    }
    await iam().send(new DeleteUserCommand({ UserName: "reader" }));
    assert.equal((await iam().send(new ListServiceSpecificCredentialsCommand({ AllUsers: true }))).ServiceSpecificCredentials!.length, 4);
  });
});
