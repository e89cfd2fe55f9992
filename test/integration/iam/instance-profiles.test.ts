// IAM instance profiles through the real SDK v3 client against the spawned CLI.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateInstanceProfileCommand, GetInstanceProfileCommand, DeleteInstanceProfileCommand,
  ListInstanceProfilesCommand, ListInstanceProfilesForRoleCommand, AddRoleToInstanceProfileCommand,
  RemoveRoleFromInstanceProfileCommand, TagInstanceProfileCommand, UntagInstanceProfileCommand, ListInstanceProfileTagsCommand,
  CreateRoleCommand, CreateGroupCommand, CreateUserCommand, AddUserToGroupCommand, GetGroupCommand, ListGroupsForUserCommand,
  GetRoleCommand,
} from "@aws-sdk/client-iam";
import { rmSync } from "node:fs";
import { spawnEmulator, useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";
import { EC2_TRUST_POLICY } from "../../support/iam-users.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);


async function profileNames(): Promise<string[]> {
  const out = await iam().send(new ListInstanceProfilesCommand({}));
  return out.InstanceProfiles!.map((p) => p.InstanceProfileName!);
}

describe("instance profiles", () => {
  it("CreateInstanceProfile returns AWS's fields: AIPA id, ARN with path, no roles", async () => {
    const { InstanceProfile } = await iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: "web", Path: "/fleet/" }));
    assert.equal(InstanceProfile!.InstanceProfileName, "web");
    assert.equal(InstanceProfile!.Path, "/fleet/");
    assert.equal(InstanceProfile!.Arn, "arn:aws:iam::000000000000:instance-profile/fleet/web");
    assert.match(InstanceProfile!.InstanceProfileId!, /^AIPA[A-Z2-7]{17}$/);
    assert.deepEqual(InstanceProfile!.Roles, []);
    assert.equal(InstanceProfile!.Tags, undefined);
    assert.ok(InstanceProfile!.CreateDate instanceof Date);
    const tagged = await iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: "tagged", Tags: [{ Key: "InitialKey", Value: "InitialValue" }] }));
    assert.deepEqual(tagged.InstanceProfile!.Tags, [{ Key: "InitialKey", Value: "InitialValue" }]);
    assert.equal(tagged.InstanceProfile!.Arn, "arn:aws:iam::000000000000:instance-profile/tagged");
  });

  it("duplicates and missing profiles use IAM's instance-profile wording", async () => {
    await assert.rejects(iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: "WEB" })),
      rejectsWith("EntityAlreadyExists", 409, "Instance Profile WEB already exists."));
    for (const send of [
      () => iam().send(new GetInstanceProfileCommand({ InstanceProfileName: "ghost" })),
      () => iam().send(new DeleteInstanceProfileCommand({ InstanceProfileName: "ghost" })),
      () => iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "ghost", RoleName: "x" })),
      () => iam().send(new TagInstanceProfileCommand({ InstanceProfileName: "ghost", Tags: [{ Key: "a", Value: "b" }] })),
      () => iam().send(new UntagInstanceProfileCommand({ InstanceProfileName: "ghost", TagKeys: ["a"] })),
      () => iam().send(new ListInstanceProfileTagsCommand({ InstanceProfileName: "ghost" })),
    ]) await assert.rejects(send(), rejectsWith("NoSuchEntity", 404, "Instance Profile ghost cannot be found."));
  });

  it("bad input creates nothing", async () => {
    await assert.rejects(iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: "bad name" })),
      rejectsWith("ValidationError", 400, /at 'instanceProfileName' failed to satisfy constraint/));
    await assert.rejects(iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: "badpath", Path: "/no-trailing" })), rejectsWith("ValidationError", 400));
    await assert.rejects(iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: "badtags", Tags: [{ Key: "aws:reserved", Value: "x" }] })),
      rejectsWith("InvalidInput", 400));
    assert.deepEqual((await profileNames()).sort(), ["tagged", "web"]);
  });

  it("GetInstanceProfile always carries Tags ([] when none) and the role with its URL-encoded trust policy", async () => {
    await iam().send(new CreateRoleCommand({ RoleName: "web-role", Path: "/svc/", AssumeRolePolicyDocument: EC2_TRUST_POLICY, Description: "d" }));
    await iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "WEB-ROLE" }));
    const { InstanceProfile } = await iam().send(new GetInstanceProfileCommand({ InstanceProfileName: "web" }));
    assert.deepEqual(InstanceProfile!.Tags, []);
    assert.equal(InstanceProfile!.Roles!.length, 1);
    const role = InstanceProfile!.Roles![0]!;
    assert.equal(role.RoleName, "web-role");
    assert.equal(role.Arn, "arn:aws:iam::000000000000:role/svc/web-role");
    assert.match(role.RoleId!, /^AROA/);
    assert.equal(role.AssumeRolePolicyDocument, encodeURIComponent(EC2_TRUST_POLICY));
    assert.equal(role.MaxSessionDuration, undefined);
    assert.equal(role.RoleLastUsed, undefined);
  });

  it("one role per profile: a second is LimitExceeded 409", async () => {
    await iam().send(new CreateRoleCommand({ RoleName: "other-role", AssumeRolePolicyDocument: EC2_TRUST_POLICY }));
    await assert.rejects(iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "other-role" })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"));
    await assert.rejects(iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "tagged", RoleName: "nope" })),
      rejectsWith("NoSuchEntity", 404, "The role with name nope cannot be found."));
    const { InstanceProfile } = await iam().send(new GetInstanceProfileCommand({ InstanceProfileName: "web" }));
    assert.deepEqual(InstanceProfile!.Roles!.map((r) => r.RoleName), ["web-role"]);
  });

  it("ListInstanceProfiles and ListInstanceProfilesForRole include the roles, never tags", async () => {
    await iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "tagged", RoleName: "web-role" }));
    const all = await iam().send(new ListInstanceProfilesCommand({}));
    assert.deepEqual(all.InstanceProfiles!.map((p) => [p.InstanceProfileName, p.Roles!.map((r) => r.RoleName)]), [
      ["tagged", ["web-role"]], ["web", ["web-role"]],
    ]);
    assert.ok(all.InstanceProfiles!.every((p) => p.Tags === undefined));
    const fleet = await iam().send(new ListInstanceProfilesCommand({ PathPrefix: "/fleet/" }));
    assert.deepEqual(fleet.InstanceProfiles!.map((p) => p.InstanceProfileName), ["web"]);
    const forRole = await iam().send(new ListInstanceProfilesForRoleCommand({ RoleName: "web-role" }));
    assert.deepEqual(forRole.InstanceProfiles!.map((p) => p.InstanceProfileName), ["tagged", "web"]);
    assert.equal(forRole.IsTruncated, false);
    const paged = await iam().send(new ListInstanceProfilesForRoleCommand({ RoleName: "web-role", MaxItems: 1 }));
    assert.equal(paged.IsTruncated, true);
    assert.deepEqual(paged.InstanceProfiles!.map((p) => p.InstanceProfileName), ["tagged"]);
    const rest = await iam().send(new ListInstanceProfilesForRoleCommand({ RoleName: "web-role", MaxItems: 1, Marker: paged.Marker }));
    assert.deepEqual(rest.InstanceProfiles!.map((p) => p.InstanceProfileName), ["web"]);
    assert.equal(rest.IsTruncated, false);
    const none = await iam().send(new ListInstanceProfilesForRoleCommand({ RoleName: "other-role" }));
    assert.deepEqual(none.InstanceProfiles, []);
    await assert.rejects(iam().send(new ListInstanceProfilesForRoleCommand({ RoleName: "ghost" })),
      rejectsWith("NoSuchEntity", 404, "The role with name ghost cannot be found."));
  });

  it("DeleteInstanceProfile refuses while a role is in it", async () => {
    await assert.rejects(iam().send(new DeleteInstanceProfileCommand({ InstanceProfileName: "web" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must remove roles from instance profile first."));
    assert.deepEqual(await profileNames(), ["tagged", "web"]);
  });

  it("RemoveRoleFromInstanceProfile: a role not in the profile is NoSuchEntity; then the profile can go", async () => {
    await assert.rejects(iam().send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "other-role" })),
      rejectsWith("NoSuchEntity", 404, "Role other-role in Instance Profile web cannot be found."));
    await iam().send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "web-role" }));
    const forRole = await iam().send(new ListInstanceProfilesForRoleCommand({ RoleName: "web-role" }));
    assert.deepEqual(forRole.InstanceProfiles!.map((p) => p.InstanceProfileName), ["tagged"]);
    await iam().send(new DeleteInstanceProfileCommand({ InstanceProfileName: "web" }));
    await assert.rejects(iam().send(new GetInstanceProfileCommand({ InstanceProfileName: "web" })),
      rejectsWith("NoSuchEntity", 404, "Instance Profile web cannot be found."));
  });

  it("TagInstanceProfile / UntagInstanceProfile / ListInstanceProfileTags", async () => {
    await iam().send(new TagInstanceProfileCommand({ InstanceProfileName: "tagged", Tags: [{ Key: "MyKey", Value: "myValue" }] }));
    let tags = await iam().send(new ListInstanceProfileTagsCommand({ InstanceProfileName: "tagged" }));
    assert.deepEqual(tags.Tags, [{ Key: "InitialKey", Value: "InitialValue" }, { Key: "MyKey", Value: "myValue" }]);
    assert.equal(tags.IsTruncated, false);
    await iam().send(new UntagInstanceProfileCommand({ InstanceProfileName: "tagged", TagKeys: ["initialkey"] }));
    tags = await iam().send(new ListInstanceProfileTagsCommand({ InstanceProfileName: "tagged" }));
    assert.deepEqual(tags.Tags, [{ Key: "MyKey", Value: "myValue" }]);
    const { InstanceProfile } = await iam().send(new GetInstanceProfileCommand({ InstanceProfileName: "tagged" }));
    assert.deepEqual(InstanceProfile!.Tags, [{ Key: "MyKey", Value: "myValue" }]);
    await iam().send(new UntagInstanceProfileCommand({ InstanceProfileName: "tagged", TagKeys: ["MyKey"] }));
    tags = await iam().send(new ListInstanceProfileTagsCommand({ InstanceProfileName: "tagged" }));
    assert.deepEqual(tags.Tags, []);
  });
});

describe("identities after a restart", () => {
  it("groups, memberships, roles, instance profiles and their tags survive a restart", async () => {
    const first = await spawnEmulator();
    const config = (e: typeof first) => ({
      endpoint: e.ready.endpoint, region: e.ready.region,
      credentials: { accessKeyId: e.ready.accessKeyId, secretAccessKey: e.ready.secretAccessKey },
    });
    try {
      const before = new IAMClient(config(first));
      await before.send(new CreateUserCommand({ UserName: "kept-user" }));
      await before.send(new CreateGroupCommand({ GroupName: "kept-group", Path: "/k/" }));
      await before.send(new AddUserToGroupCommand({ GroupName: "kept-group", UserName: "kept-user" }));
      await before.send(new CreateRoleCommand({ RoleName: "kept-role", AssumeRolePolicyDocument: EC2_TRUST_POLICY, Tags: [{ Key: "t", Value: "1" }] }));
      await before.send(new CreateInstanceProfileCommand({ InstanceProfileName: "kept-profile", Tags: [{ Key: "p", Value: "2" }] }));
      await before.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "kept-profile", RoleName: "kept-role" }));
      await first.stop();

      const second = await spawnEmulator({ dataDir: first.dataDir });
      try {
        const after = new IAMClient(config(second));
        const group = await after.send(new GetGroupCommand({ GroupName: "kept-group" }));
        assert.equal(group.Group!.Arn, "arn:aws:iam::000000000000:group/k/kept-group");
        assert.deepEqual(group.Users!.map((u) => u.UserName), ["kept-user"]);
        assert.deepEqual((await after.send(new ListGroupsForUserCommand({ UserName: "kept-user" }))).Groups!.map((g) => g.GroupName), ["kept-group"]);
        const role = await after.send(new GetRoleCommand({ RoleName: "kept-role" }));
        assert.deepEqual(role.Role!.Tags, [{ Key: "t", Value: "1" }]);
        const forRole = await after.send(new ListInstanceProfilesForRoleCommand({ RoleName: "kept-role" }));
        assert.deepEqual(forRole.InstanceProfiles!.map((p) => p.InstanceProfileName), ["kept-profile"]);
        const profile = await after.send(new GetInstanceProfileCommand({ InstanceProfileName: "kept-profile" }));
        assert.deepEqual(profile.InstanceProfile!.Tags, [{ Key: "p", Value: "2" }]);
        assert.deepEqual(profile.InstanceProfile!.Roles!.map((r) => r.RoleName), ["kept-role"]);
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
