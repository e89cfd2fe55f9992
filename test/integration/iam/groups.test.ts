// IAM groups and membership through the real SDK v3 client against the spawned CLI.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateGroupCommand, GetGroupCommand, ListGroupsCommand, UpdateGroupCommand,
  DeleteGroupCommand, AddUserToGroupCommand, RemoveUserFromGroupCommand, ListGroupsForUserCommand,
  CreateUserCommand, DeleteUserCommand, UpdateUserCommand, GetUserCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);


async function members(group: string): Promise<string[]> {
  const out = await iam().send(new GetGroupCommand({ GroupName: group }));
  return out.Users!.map((u) => u.UserName!);
}

async function groupsOf(user: string): Promise<string[]> {
  const out = await iam().send(new ListGroupsForUserCommand({ UserName: user }));
  return out.Groups!.map((g) => g.GroupName!);
}

describe("groups", () => {
  it("CreateGroup returns AWS's fields: AGPA id, ARN with the path", async () => {
    const { Group } = await iam().send(new CreateGroupCommand({ GroupName: "admins", Path: "/ops/" }));
    assert.equal(Group!.GroupName, "admins");
    assert.equal(Group!.Path, "/ops/");
    assert.equal(Group!.Arn, "arn:aws:iam::000000000000:group/ops/admins");
    assert.match(Group!.GroupId!, /^AGPA[A-Z2-7]{17}$/);
    assert.ok(Group!.CreateDate instanceof Date && Math.abs(Group!.CreateDate.getTime() - Date.now()) < 60_000);
    const plain = await iam().send(new CreateGroupCommand({ GroupName: "plain" }));
    assert.equal(plain.Group!.Path, "/");
    assert.equal(plain.Group!.Arn, "arn:aws:iam::000000000000:group/plain");
  });

  it("names are unique regardless of case: EntityAlreadyExists 409", async () => {
    await assert.rejects(iam().send(new CreateGroupCommand({ GroupName: "ADMINS" })),
      rejectsWith("EntityAlreadyExists", 409, "Group with name ADMINS already exists."));
  });

  it("GetGroup on a missing group: NoSuchEntity 404", async () => {
    await assert.rejects(iam().send(new GetGroupCommand({ GroupName: "ghost" })),
      rejectsWith("NoSuchEntity", 404, "The group with name ghost cannot be found."));
  });

  it("bad names and paths are refused and create nothing", async () => {
    await assert.rejects(iam().send(new CreateGroupCommand({ GroupName: "bad name" })), rejectsWith("ValidationError", 400,
      "1 validation error detected: Value 'bad name' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"));
    await assert.rejects(iam().send(new CreateGroupCommand({ GroupName: "g".repeat(129) })), rejectsWith("ValidationError", 400, /Member must have length less than or equal to 128/));
    await assert.rejects(iam().send(new CreateGroupCommand({ GroupName: "badpath", Path: "ops" })), rejectsWith("ValidationError", 400));
    await assert.rejects(iam().send(new GetGroupCommand({ GroupName: "badpath" })), rejectsWith("NoSuchEntity", 404));
    const all = await iam().send(new ListGroupsCommand({}));
    assert.deepEqual(all.Groups!.map((g) => g.GroupName), ["admins", "plain"]);
  });

  it("AddUserToGroup / GetGroup / ListGroupsForUser keep both directions in step", async () => {
    await iam().send(new CreateUserCommand({ UserName: "ann" }));
    await iam().send(new CreateUserCommand({ UserName: "bob", Path: "/eng/" }));
    await iam().send(new AddUserToGroupCommand({ GroupName: "admins", UserName: "bob" }));
    await iam().send(new AddUserToGroupCommand({ GroupName: "admins", UserName: "ann" }));
    await iam().send(new AddUserToGroupCommand({ GroupName: "ADMINS", UserName: "ANN" })); // idempotent, any case
    await iam().send(new AddUserToGroupCommand({ GroupName: "plain", UserName: "ann" }));
    const got = await iam().send(new GetGroupCommand({ GroupName: "admins" }));
    assert.equal(got.Group!.Arn, "arn:aws:iam::000000000000:group/ops/admins");
    assert.equal(got.IsTruncated, false);
    assert.deepEqual(got.Users!.map((u) => [u.UserName, u.Arn]), [
      ["ann", "arn:aws:iam::000000000000:user/ann"],
      ["bob", "arn:aws:iam::000000000000:user/eng/bob"],
    ]);
    assert.match(got.Users![0]!.UserId!, /^AIDA/);
    const forAnn = await iam().send(new ListGroupsForUserCommand({ UserName: "ann" }));
    assert.deepEqual(forAnn.Groups!.map((g) => [g.GroupName, g.Path]), [["admins", "/ops/"], ["plain", "/"]]);
    assert.equal(forAnn.IsTruncated, false);
    assert.match(forAnn.Groups![0]!.GroupId!, /^AGPA/);
  });

  it("membership errors name the missing entity, the user first", async () => {
    await assert.rejects(iam().send(new AddUserToGroupCommand({ GroupName: "admins", UserName: "nobody" })),
      rejectsWith("NoSuchEntity", 404, "The user with name nobody cannot be found."));
    await assert.rejects(iam().send(new AddUserToGroupCommand({ GroupName: "nogroup", UserName: "ann" })),
      rejectsWith("NoSuchEntity", 404, "The group with name nogroup cannot be found."));
    await assert.rejects(iam().send(new RemoveUserFromGroupCommand({ GroupName: "nogroup", UserName: "nobody" })),
      rejectsWith("NoSuchEntity", 404, "The user with name nobody cannot be found."));
    await assert.rejects(iam().send(new ListGroupsForUserCommand({ UserName: "nobody" })),
      rejectsWith("NoSuchEntity", 404, "The user with name nobody cannot be found."));
    assert.deepEqual(await groupsOf("ann"), ["admins", "plain"]);
  });

  it("GetGroup pages members with MaxItems/Marker", async () => {
    await iam().send(new CreateGroupCommand({ GroupName: "crowd" }));
    const names = ["m1", "m2", "m3", "m4", "m5"];
    for (const n of names) {
      await iam().send(new CreateUserCommand({ UserName: n }));
      await iam().send(new AddUserToGroupCommand({ GroupName: "crowd", UserName: n }));
    }
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam().send(new GetGroupCommand({ GroupName: "crowd", MaxItems: 2, Marker: marker }));
      pages++;
      seen.push(...out.Users!.map((u) => u.UserName!));
      assert.equal(out.IsTruncated, out.Marker !== undefined);
      marker = out.Marker;
    } while (marker);
    assert.deepEqual(seen, names);
    assert.equal(pages, 3);
    await assert.rejects(iam().send(new GetGroupCommand({ GroupName: "crowd", Marker: "bogus!" })), rejectsWith("ValidationError", 400));
  });

  it("a user may be in at most 10 groups: LimitExceeded 409", async () => {
    await iam().send(new CreateUserCommand({ UserName: "joiner" }));
    for (let i = 0; i < 10; i++) {
      await iam().send(new CreateGroupCommand({ GroupName: `q${i}` }));
      await iam().send(new AddUserToGroupCommand({ GroupName: `q${i}`, UserName: "joiner" }));
    }
    await iam().send(new CreateGroupCommand({ GroupName: "q10" }));
    await assert.rejects(iam().send(new AddUserToGroupCommand({ GroupName: "q10", UserName: "joiner" })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for GroupsPerUser: 10"));
    assert.equal((await groupsOf("joiner")).length, 10);
    assert.deepEqual(await members("q10"), []);
    const page = await iam().send(new ListGroupsForUserCommand({ UserName: "joiner", MaxItems: 4 }));
    assert.equal(page.Groups!.length, 4);
    assert.equal(page.IsTruncated, true);
    const rest = await iam().send(new ListGroupsForUserCommand({ UserName: "joiner", Marker: page.Marker }));
    assert.equal(rest.Groups!.length, 6);
    assert.equal(rest.IsTruncated, false);
  });

  it("ListGroups filters by PathPrefix and pages", async () => {
    const ops = await iam().send(new ListGroupsCommand({ PathPrefix: "/ops/" }));
    assert.deepEqual(ops.Groups!.map((g) => g.GroupName), ["admins"]);
    const first = await iam().send(new ListGroupsCommand({ MaxItems: 3 }));
    assert.equal(first.IsTruncated, true);
    const second = await iam().send(new ListGroupsCommand({ MaxItems: 3, Marker: first.Marker }));
    assert.equal(second.Groups!.length, 3);
    assert.notEqual(second.Groups![0]!.GroupName, first.Groups![2]!.GroupName);
  });

  it("UpdateGroup renames and moves; members follow, the old name is gone", async () => {
    await iam().send(new UpdateGroupCommand({ GroupName: "admins", NewGroupName: "operators", NewPath: "/sre/" }));
    const got = await iam().send(new GetGroupCommand({ GroupName: "operators" }));
    assert.equal(got.Group!.Arn, "arn:aws:iam::000000000000:group/sre/operators");
    assert.deepEqual(got.Users!.map((u) => u.UserName), ["ann", "bob"]);
    assert.deepEqual(await groupsOf("ann"), ["operators", "plain"]);
    await assert.rejects(iam().send(new GetGroupCommand({ GroupName: "admins" })), rejectsWith("NoSuchEntity", 404, "The group with name admins cannot be found."));
    await assert.rejects(iam().send(new UpdateGroupCommand({ GroupName: "operators", NewGroupName: "PLAIN" })),
      rejectsWith("EntityAlreadyExists", 409, "Group with name PLAIN already exists."));
    await assert.rejects(iam().send(new UpdateGroupCommand({ GroupName: "missing", NewGroupName: "x" })),
      rejectsWith("NoSuchEntity", 404, "The group with name missing cannot be found."));
  });

  it("UpdateUser renames a member: the group lists the new name", async () => {
    await iam().send(new UpdateUserCommand({ UserName: "bob", NewUserName: "robert" }));
    assert.deepEqual(await members("operators"), ["ann", "robert"]);
    assert.deepEqual(await groupsOf("robert"), ["operators"]);
  });

  it("DeleteGroup with members and DeleteUser in a group: DeleteConflict 409", async () => {
    await assert.rejects(iam().send(new DeleteGroupCommand({ GroupName: "operators" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must remove users from group first."));
    await assert.rejects(iam().send(new DeleteUserCommand({ UserName: "robert" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must remove users from group first."));
    assert.deepEqual(await members("operators"), ["ann", "robert"]);
  });

  // Removing a user that is not in the group succeeds with no error, as IAM answers (recorded against AWS in
  // cloud-custodian/cloud-custodian#4730: "in both the cases, there's no error returned").
  it("RemoveUserFromGroup, then both deletes succeed; removing a non-member is a no-op", async () => {
    await iam().send(new RemoveUserFromGroupCommand({ GroupName: "operators", UserName: "robert" }));
    await iam().send(new RemoveUserFromGroupCommand({ GroupName: "operators", UserName: "robert" }));
    assert.deepEqual(await members("operators"), ["ann"]);
    assert.deepEqual(await groupsOf("robert"), []);
    await iam().send(new DeleteUserCommand({ UserName: "robert" }));
    await assert.rejects(iam().send(new GetUserCommand({ UserName: "robert" })), rejectsWith("NoSuchEntity", 404));
    await iam().send(new RemoveUserFromGroupCommand({ GroupName: "operators", UserName: "ann" }));
    await iam().send(new DeleteGroupCommand({ GroupName: "operators" }));
    await assert.rejects(iam().send(new GetGroupCommand({ GroupName: "operators" })), rejectsWith("NoSuchEntity", 404));
    assert.deepEqual(await groupsOf("ann"), ["plain"]);
    await assert.rejects(iam().send(new DeleteGroupCommand({ GroupName: "operators" })),
      rejectsWith("NoSuchEntity", 404, "The group with name operators cannot be found."));
  });
});
