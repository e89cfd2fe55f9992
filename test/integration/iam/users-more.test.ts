// IAM user tags, permissions boundaries and group listing through the real SDK v3 client.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateUserCommand, GetUserCommand, UpdateUserCommand, ListUsersCommand,
  TagUserCommand, UntagUserCommand, ListUserTagsCommand, PutUserPermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand, ListGroupsForUserCommand, CreateGroupCommand, AddUserToGroupCommand, GetGroupCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);


const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

describe("user tags", () => {
  it("TagUser adds and overwrites, UntagUser removes, ListUserTags and GetUser show them", async () => {
    await iam().send(new CreateUserCommand({ UserName: "tina", Tags: [{ Key: "Environment", Value: "Test" }] }));
    assert.deepEqual((await iam().send(new ListUserTagsCommand({ UserName: "tina" }))).Tags, [{ Key: "Environment", Value: "Test" }]);
    await iam().send(new TagUserCommand({ UserName: "TINA", Tags: [{ Key: "Team", Value: "Platform" }, { Key: "environment", Value: "Prod" }] }));
    const listed = await iam().send(new ListUserTagsCommand({ UserName: "tina" }));
    assert.deepEqual(listed.Tags, [{ Key: "Environment", Value: "Prod" }, { Key: "Team", Value: "Platform" }]);
    assert.equal(listed.IsTruncated, false);
    const { User } = await iam().send(new GetUserCommand({ UserName: "tina" }));
    assert.deepEqual(User!.Tags, [{ Key: "Environment", Value: "Prod" }, { Key: "Team", Value: "Platform" }]);
    await iam().send(new UntagUserCommand({ UserName: "tina", TagKeys: ["team"] }));
    assert.deepEqual((await iam().send(new ListUserTagsCommand({ UserName: "tina" }))).Tags, [{ Key: "Environment", Value: "Prod" }]);
    await iam().send(new UntagUserCommand({ UserName: "tina", TagKeys: ["Environment"] }));
    assert.deepEqual((await iam().send(new ListUserTagsCommand({ UserName: "tina" }))).Tags, []);
    assert.equal((await iam().send(new GetUserCommand({ UserName: "tina" }))).User!.Tags, undefined);
  });

  it("tag operations on a missing user: NoSuchEntity 404", async () => {
    const missing = rejectsWith("NoSuchEntity", 404, "The user with name nonexistent-user cannot be found.");
    await assert.rejects(iam().send(new TagUserCommand({ UserName: "nonexistent-user", Tags: [{ Key: "a", Value: "b" }] })), missing);
    await assert.rejects(iam().send(new UntagUserCommand({ UserName: "nonexistent-user", TagKeys: ["a"] })), missing);
    await assert.rejects(iam().send(new ListUserTagsCommand({ UserName: "nonexistent-user" })), missing);
  });
});

describe("user permissions boundaries", () => {
  it("CreateUser with an AWS-managed boundary returns and keeps it", async () => {
    const { User } = await iam().send(new CreateUserCommand({ UserName: "bounded", PermissionsBoundary: READ_ONLY }));
    assert.deepEqual(User!.PermissionsBoundary, { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: READ_ONLY });
    const got = await iam().send(new GetUserCommand({ UserName: "bounded" }));
    assert.deepEqual(got.User!.PermissionsBoundary, { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: READ_ONLY });
  });

  it("CreateUser with a boundary that is not a policy, or does not exist, creates nothing", async () => {
    await assert.rejects(iam().send(new CreateUserCommand({ UserName: "nob1", PermissionsBoundary: "arn:aws:iam::000000000000:role/not-a-policy" })),
      rejectsWith("InvalidInput", 400, "ARN arn:aws:iam::000000000000:role/not-a-policy is not valid."));
    await assert.rejects(iam().send(new CreateUserCommand({ UserName: "nob2", PermissionsBoundary: "arn:aws:iam::000000000000:policy/nothing-here" })),
      rejectsWith("NoSuchEntity", 404, "Scope ARN: arn:aws:iam::000000000000:policy/nothing-here does not exist or is not attachable."));
    await assert.rejects(iam().send(new CreateUserCommand({ UserName: "nob4", PermissionsBoundary: "arn:aws:iam::aws:policy/NoSuchManagedPolicy" })),
      rejectsWith("NoSuchEntity", 404, "Scope ARN: arn:aws:iam::aws:policy/NoSuchManagedPolicy does not exist or is not attachable."));
    await assert.rejects(iam().send(new CreateUserCommand({ UserName: "nob3", PermissionsBoundary: "short" })),
      rejectsWith("ValidationError", 400, /at 'permissionsBoundary' failed to satisfy constraint: Member must have length greater than or equal to 20/));
    for (const name of ["nob1", "nob2", "nob3", "nob4"]) await assert.rejects(iam().send(new GetUserCommand({ UserName: name })), rejectsWith("NoSuchEntity", 404));
  });

  it("Put/DeleteUserPermissionsBoundary round-trip; a bad ARN leaves the boundary unchanged", async () => {
    await iam().send(new CreateUserCommand({ UserName: "later" }));
    await iam().send(new PutUserPermissionsBoundaryCommand({ UserName: "later", PermissionsBoundary: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" }));
    let { User } = await iam().send(new GetUserCommand({ UserName: "later" }));
    assert.equal(User!.PermissionsBoundary!.PermissionsBoundaryArn, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
    await assert.rejects(iam().send(new PutUserPermissionsBoundaryCommand({ UserName: "later", PermissionsBoundary: "arn:aws:iam::000000000000:policy/missing" })),
      rejectsWith("NoSuchEntity", 404, "Scope ARN: arn:aws:iam::000000000000:policy/missing does not exist or is not attachable."));
    ({ User } = await iam().send(new GetUserCommand({ UserName: "later" })));
    assert.equal(User!.PermissionsBoundary!.PermissionsBoundaryArn, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
    await iam().send(new DeleteUserPermissionsBoundaryCommand({ UserName: "later" }));
    ({ User } = await iam().send(new GetUserCommand({ UserName: "later" })));
    assert.equal(User!.PermissionsBoundary, undefined);
    await iam().send(new DeleteUserPermissionsBoundaryCommand({ UserName: "later" }));
    await assert.rejects(iam().send(new PutUserPermissionsBoundaryCommand({ UserName: "ghost", PermissionsBoundary: READ_ONLY })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
    await assert.rejects(iam().send(new DeleteUserPermissionsBoundaryCommand({ UserName: "ghost" })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
  });

  it("ListUsers leaves tags out but a renamed user keeps its tags and boundary", async () => {
    await iam().send(new TagUserCommand({ UserName: "bounded", Tags: [{ Key: "k", Value: "v" }] }));
    await iam().send(new UpdateUserCommand({ UserName: "bounded", NewUserName: "renamed", NewPath: "/moved/" }));
    const { User } = await iam().send(new GetUserCommand({ UserName: "renamed" }));
    assert.equal(User!.Arn, "arn:aws:iam::000000000000:user/moved/renamed");
    assert.deepEqual(User!.Tags, [{ Key: "k", Value: "v" }]);
    assert.equal(User!.PermissionsBoundary!.PermissionsBoundaryArn, READ_ONLY);
    const listed = await iam().send(new ListUsersCommand({ PathPrefix: "/moved/" }));
    assert.deepEqual(listed.Users!.map((u) => [u.UserName, u.Tags]), [["renamed", undefined]]);
  });
});

describe("ListGroupsForUser", () => {
  it("lists the user's groups in name order, empty for none", async () => {
    await iam().send(new CreateUserCommand({ UserName: "member" }));
    assert.deepEqual((await iam().send(new ListGroupsForUserCommand({ UserName: "member" }))).Groups, []);
    for (const g of ["zeta", "Alpha", "mid"]) {
      await iam().send(new CreateGroupCommand({ GroupName: g }));
      await iam().send(new AddUserToGroupCommand({ GroupName: g, UserName: "member" }));
    }
    const out = await iam().send(new ListGroupsForUserCommand({ UserName: "member" }));
    assert.deepEqual(out.Groups!.map((g) => g.GroupName), ["Alpha", "mid", "zeta"]);
    assert.equal(out.IsTruncated, false);
  });

  it("renaming the user keeps its memberships under the new name", async () => {
    await iam().send(new UpdateUserCommand({ UserName: "member", NewUserName: "Member2" }));
    const out = await iam().send(new ListGroupsForUserCommand({ UserName: "member2" }));
    assert.deepEqual(out.Groups!.map((g) => g.GroupName), ["Alpha", "mid", "zeta"]);
    const group = await iam().send(new GetGroupCommand({ GroupName: "mid" }));
    assert.deepEqual(group.Users!.map((u) => u.UserName), ["Member2"]);
    await assert.rejects(iam().send(new ListGroupsForUserCommand({ UserName: "member" })),
      rejectsWith("NoSuchEntity", 404, "The user with name member cannot be found."));
  });
});
