// IAM users and access keys through the real SDK v3 client against the spawned CLI.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, CreateUserCommand, GetUserCommand, ListUsersCommand, DeleteUserCommand, UpdateUserCommand,
  CreateAccessKeyCommand, ListAccessKeysCommand, UpdateAccessKeyCommand, DeleteAccessKeyCommand, IAMServiceException,
} from "@aws-sdk/client-iam";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);


describe("users", () => {
  it("CreateUser returns AWS's fields and formats", async () => {
    const out = await iam().send(new CreateUserCommand({ UserName: "alice", Path: "/team/", Tags: [{ Key: "team", Value: "blue" }] }));
    const user = out.User!;
    assert.equal(user.UserName, "alice");
    assert.equal(user.Path, "/team/");
    assert.equal(user.Arn, "arn:aws:iam::000000000000:user/team/alice");
    assert.match(user.UserId!, /^AIDA[A-Z2-7]{17}$/);
    assert.ok(user.CreateDate instanceof Date && Math.abs(user.CreateDate.getTime() - Date.now()) < 60_000);
    assert.deepEqual(user.Tags, [{ Key: "team", Value: "blue" }]);
  });

  it("names are unique regardless of case: EntityAlreadyExists 409", async () => {
    await assert.rejects(iam().send(new CreateUserCommand({ UserName: "ALICE" })),
      rejectsWith("EntityAlreadyExists", 409, "User with name ALICE already exists."));
  });

  it("GetUser for a missing name answers NoSuchEntity 404", async () => {
    await assert.rejects(iam().send(new GetUserCommand({ UserName: "ghost" })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
  });

  it("GetUser without a name describes the caller (root)", async () => {
    const out = await iam().send(new GetUserCommand({}));
    assert.equal(out.User!.Arn, "arn:aws:iam::000000000000:root");
    assert.equal(out.User!.UserId, "000000000000");
  });

  it("a bad path is refused with ValidationError and nothing is created", async () => {
    await assert.rejects(iam().send(new CreateUserCommand({ UserName: "badpath", Path: "team" })), rejectsWith("ValidationError", 400));
    await assert.rejects(iam().send(new GetUserCommand({ UserName: "badpath" })), rejectsWith("NoSuchEntity", 404));
  });

  it("an invalid name is refused with AWS's validation message", async () => {
    await assert.rejects(iam().send(new CreateUserCommand({ UserName: "bad name!" })), rejectsWith("ValidationError", 400,
      "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"));
  });

  it("ListUsers pages with MaxItems/Marker and filters by PathPrefix", async () => {
    for (const n of ["u1", "u2", "u3", "u4", "u5"]) await iam().send(new CreateUserCommand({ UserName: `page-${n}`, Path: "/paged/" }));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam().send(new ListUsersCommand({ PathPrefix: "/paged/", MaxItems: 2, Marker: marker }));
      pages++;
      seen.push(...out.Users!.map((u) => u.UserName!));
      assert.equal(out.IsTruncated, out.Marker !== undefined);
      marker = out.Marker;
    } while (marker);
    assert.deepEqual(seen, ["page-u1", "page-u2", "page-u3", "page-u4", "page-u5"]);
    assert.equal(pages, 3);
    const all = await iam().send(new ListUsersCommand({}));
    assert.ok(all.Users!.some((u) => u.UserName === "alice"));
    assert.equal(all.Users!.find((u) => u.UserName === "alice")!.Tags, undefined, "ListUsers omits tags, as AWS");
  });

  it("a forged Marker is refused", async () => {
    await assert.rejects(iam().send(new ListUsersCommand({ Marker: "not-a-marker!" })), rejectsWith("ValidationError", 400));
  });

  it("UpdateUser renames and moves; the old name is gone", async () => {
    await iam().send(new CreateUserCommand({ UserName: "bob" }));
    await iam().send(new UpdateUserCommand({ UserName: "bob", NewUserName: "robert", NewPath: "/ops/" }));
    const out = await iam().send(new GetUserCommand({ UserName: "robert" }));
    assert.equal(out.User!.Arn, "arn:aws:iam::000000000000:user/ops/robert");
    await assert.rejects(iam().send(new GetUserCommand({ UserName: "bob" })), rejectsWith("NoSuchEntity", 404));
  });
});

describe("access keys", () => {
  it("CreateAccessKey returns AKIA + 16 and a 40-character secret; the key then authenticates as the user", async () => {
    await iam().send(new CreateUserCommand({ UserName: "keyuser" }));
    const { AccessKey } = await iam().send(new CreateAccessKeyCommand({ UserName: "keyuser" }));
    assert.match(AccessKey!.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(AccessKey!.SecretAccessKey!.length, 40);
    assert.equal(AccessKey!.Status, "Active");
    assert.equal(AccessKey!.UserName, "keyuser");

    const asUser = { ...emu.clientConfig, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } };
    const me = await new STSClient(asUser).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, "arn:aws:iam::000000000000:user/keyuser");
    assert.match(me.UserId!, /^AIDA/);
    const self = await new IAMClient(asUser).send(new GetUserCommand({}));
    assert.equal(self.User!.UserName, "keyuser");
    const listed = await new IAMClient(asUser).send(new ListAccessKeysCommand({}));
    assert.deepEqual(listed.AccessKeyMetadata!.map((k) => k.AccessKeyId), [AccessKey!.AccessKeyId]);
  });

  it("a third key exceeds the quota: LimitExceeded 409", async () => {
    await iam().send(new CreateAccessKeyCommand({ UserName: "keyuser" }));
    await assert.rejects(iam().send(new CreateAccessKeyCommand({ UserName: "keyuser" })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: 2"));
  });

  it("UpdateAccessKey deactivates; ListAccessKeys shows it", async () => {
    const { AccessKeyMetadata } = await iam().send(new ListAccessKeysCommand({ UserName: "keyuser" }));
    assert.equal(AccessKeyMetadata!.length, 2);
    const id = AccessKeyMetadata![0]!.AccessKeyId!;
    await iam().send(new UpdateAccessKeyCommand({ UserName: "keyuser", AccessKeyId: id, Status: "Inactive" }));
    const after = await iam().send(new ListAccessKeysCommand({ UserName: "keyuser" }));
    assert.equal(after.AccessKeyMetadata!.find((k) => k.AccessKeyId === id)!.Status, "Inactive");
    await assert.rejects(iam().send(new UpdateAccessKeyCommand({ UserName: "keyuser", AccessKeyId: id, Status: "Paused" as "Active" })), rejectsWith("ValidationError", 400, /enum value set: \[Active, Inactive, Expired\]|enum value set/));
  });

  it("a user with keys cannot be deleted (DeleteConflict); after DeleteAccessKey it can", async () => {
    await assert.rejects(iam().send(new DeleteUserCommand({ UserName: "keyuser" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must delete access keys first."));
    const { AccessKeyMetadata } = await iam().send(new ListAccessKeysCommand({ UserName: "keyuser" }));
    for (const k of AccessKeyMetadata!) await iam().send(new DeleteAccessKeyCommand({ UserName: "keyuser", AccessKeyId: k.AccessKeyId! }));
    await iam().send(new DeleteUserCommand({ UserName: "keyuser" }));
    await assert.rejects(iam().send(new GetUserCommand({ UserName: "keyuser" })), rejectsWith("NoSuchEntity", 404));
  });

  it("deleting a key that is not the user's → NoSuchEntity", async () => {
    await assert.rejects(iam().send(new DeleteAccessKeyCommand({ UserName: "alice", AccessKeyId: "AKIAAAAAAAAAAAAAAAAA" })),
      rejectsWith("NoSuchEntity", 404, "The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found."));
  });
});

// API_CreateAccessKey: "If you do not specify a user name, IAM determines the user name implicitly based on the
// access key ID signing the request ... you can use this operation to manage Amazon Web Services account root user
// credentials. This is true even if the Amazon Web Services account has no associated users."
describe("the root user's own access keys", () => {
  const ROOT_ACCOUNT = "444455556666";
  const asRoot = () => new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId: ROOT_ACCOUNT, secretAccessKey: "test" } });

  it("CreateAccessKey and ListAccessKeys without UserName, called as root, manage root keys that act as the root", async () => {
    const { AccessKey } = await asRoot().send(new CreateAccessKeyCommand({}));
    assert.match(AccessKey!.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(AccessKey!.UserName, undefined);
    const listed = await asRoot().send(new ListAccessKeysCommand({}));
    assert.deepEqual(listed.AccessKeyMetadata!.map((k) => [k.AccessKeyId, k.Status, k.UserName]), [[AccessKey!.AccessKeyId, "Active", undefined]]);
    const withKey = { ...emu.clientConfig, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } };
    assert.equal((await new STSClient(withKey).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ROOT_ACCOUNT}:root`);
    // The account's IAM users are untouched, and another account sees none of these keys.
    assert.deepEqual((await asRoot().send(new ListUsersCommand({}))).Users, []);
    assert.deepEqual((await iam().send(new ListAccessKeysCommand({}))).AccessKeyMetadata, []);
    await asRoot().send(new UpdateAccessKeyCommand({ AccessKeyId: AccessKey!.AccessKeyId!, Status: "Inactive" }));
    await asRoot().send(new DeleteAccessKeyCommand({ AccessKeyId: AccessKey!.AccessKeyId! }));
    assert.deepEqual((await asRoot().send(new ListAccessKeysCommand({}))).AccessKeyMetadata, []);
  });
});
