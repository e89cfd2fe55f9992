// The tag rules every taggable IAM identity shares (users, roles, instance profiles), through the SDK.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateUserCommand, TagUserCommand, UntagUserCommand, ListUserTagsCommand, GetUserCommand,
  CreateRoleCommand, TagRoleCommand, ListRoleTagsCommand, GetRoleCommand, CreateInstanceProfileCommand,
  TagInstanceProfileCommand, ListInstanceProfileTagsCommand, GetInstanceProfileCommand, type Tag,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { EC2_TRUST_POLICY } from "../../support/iam-users.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);

const DUPLICATE = "Duplicate tag keys found. Please note that Tag keys are case insensitive.";
const RESERVED = "User-provided tag keys cannot start with 'aws:'.";

function tags(count: number, prefix = "k"): Tag[] {
  return Array.from({ length: count }, (_, i) => ({ Key: `${prefix}${i}`, Value: `v${i}` }));
}

/** Each taggable identity: how to create it with tags, tag it, and read its tags back. */
const resources = [
  {
    kind: "user", quota: "TagsPerUser",
    create: (name: string, Tags?: Tag[]) => iam().send(new CreateUserCommand({ UserName: name, Tags })),
    exists: (name: string) => iam().send(new GetUserCommand({ UserName: name })),
    tag: (name: string, Tags: Tag[]) => iam().send(new TagUserCommand({ UserName: name, Tags })),
    list: async (name: string) => (await iam().send(new ListUserTagsCommand({ UserName: name }))).Tags!,
  },
  {
    kind: "role", quota: "TagsPerRole",
    create: (name: string, Tags?: Tag[]) => iam().send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: EC2_TRUST_POLICY, Tags })),
    exists: (name: string) => iam().send(new GetRoleCommand({ RoleName: name })),
    tag: (name: string, Tags: Tag[]) => iam().send(new TagRoleCommand({ RoleName: name, Tags })),
    list: async (name: string) => (await iam().send(new ListRoleTagsCommand({ RoleName: name }))).Tags!,
  },
  {
    kind: "instance profile", quota: "TagsPerInstanceProfile",
    create: (name: string, Tags?: Tag[]) => iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: name, Tags })),
    exists: (name: string) => iam().send(new GetInstanceProfileCommand({ InstanceProfileName: name })),
    tag: (name: string, Tags: Tag[]) => iam().send(new TagInstanceProfileCommand({ InstanceProfileName: name, Tags })),
    list: async (name: string) => (await iam().send(new ListInstanceProfileTagsCommand({ InstanceProfileName: name }))).Tags!,
  },
];

for (const r of resources) {
  describe(`tags on a ${r.kind}`, () => {
    const name = `tagged-${r.kind.replace(" ", "-")}`;

    it("creation refuses duplicate keys (any case) and the aws: prefix, creating nothing", async () => {
      await assert.rejects(r.create(`${name}-dup`, [{ Key: "Team", Value: "a" }, { Key: "team", Value: "b" }]), rejectsWith("InvalidInput", 400, DUPLICATE));
      await assert.rejects(r.create(`${name}-aws`, [{ Key: "AWS:thing", Value: "a" }]), rejectsWith("InvalidInput", 400, RESERVED));
      await assert.rejects(r.create(`${name}-many`, tags(51)), rejectsWith("ValidationError", 400, /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/));
      for (const suffix of ["dup", "aws", "many"]) await assert.rejects(r.exists(`${name}-${suffix}`), rejectsWith("NoSuchEntity", 404));
    });

    it("keys and values are held to the model's lengths and characters", async () => {
      await r.create(name, [{ Key: "Cost Center_é.:/=+-@", Value: "" }]);
      await assert.rejects(r.tag(name, [{ Key: "k".repeat(129), Value: "v" }]), rejectsWith("ValidationError", 400, /tags\.1\.member\.key' failed to satisfy constraint: Member must have length less than or equal to 128/));
      await assert.rejects(r.tag(name, [{ Key: "ok", Value: "v".repeat(257) }]), rejectsWith("ValidationError", 400, /tags\.1\.member\.value' failed to satisfy constraint: Member must have length less than or equal to 256/));
      await assert.rejects(r.tag(name, [{ Key: "ok", Value: "ok" }, { Key: "cost#center", Value: "v" }]), rejectsWith("ValidationError", 400, /tags\.2\.member\.key' failed to satisfy constraint: Member must satisfy regular expression pattern/));
      await r.tag(name, [{ Key: "k".repeat(128), Value: "v".repeat(256) }]);
      assert.deepEqual((await r.list(name)).map((t) => t.Key!.length), [20, 128]);
    });

    it("Tag* refuses duplicates and aws: keys and changes nothing", async () => {
      const before = await r.list(name);
      await assert.rejects(r.tag(name, [{ Key: "x", Value: "1" }, { Key: "X", Value: "2" }]), rejectsWith("InvalidInput", 400, DUPLICATE));
      await assert.rejects(r.tag(name, [{ Key: "fine", Value: "1" }, { Key: "aws:cloudformation:stack-name", Value: "2" }]), rejectsWith("InvalidInput", 400, RESERVED));
      assert.deepEqual(await r.list(name), before);
    });

    it(`50 tags per resource, counted after merging: LimitExceeded ${"Cannot exceed quota for …: 50"}`, async () => {
      const full = `${name}-full`;
      await r.create(full, tags(30));
      await assert.rejects(r.tag(full, tags(21, "n")), rejectsWith("LimitExceeded", 409, `Cannot exceed quota for ${r.quota}: 50`));
      assert.equal((await r.list(full)).length, 30, "a refused Tag* adds none of its tags");
      await r.tag(full, tags(20, "n"));
      assert.equal((await r.list(full)).length, 50);
      // Re-tagging existing keys (in another case) at the limit overwrites values without growing.
      await r.tag(full, [{ Key: "K0", Value: "updated" }, { Key: "N19", Value: "updated" }]);
      const after = await r.list(full);
      assert.equal(after.length, 50);
      assert.deepEqual(after[0], { Key: "k0", Value: "updated" });
      assert.deepEqual(after[49], { Key: "n19", Value: "updated" });
    });
  });
}

describe("tag listing and removal", () => {
  it("List*Tags pages with MaxItems/Marker; a forged marker is refused", async () => {
    await iam().send(new CreateUserCommand({ UserName: "pager", Tags: tags(5) }));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam().send(new ListUserTagsCommand({ UserName: "pager", MaxItems: 2, Marker: marker }));
      pages++;
      seen.push(...out.Tags!.map((t) => t.Key!));
      assert.equal(out.IsTruncated, out.Marker !== undefined);
      marker = out.Marker;
    } while (marker);
    assert.deepEqual(seen, ["k0", "k1", "k2", "k3", "k4"]);
    assert.equal(pages, 3);
    await assert.rejects(iam().send(new ListUserTagsCommand({ UserName: "pager", Marker: "not-a-marker!" })), rejectsWith("ValidationError", 400));
  });

  it("Untag* ignores absent keys, matches keys in any case, and accepts at most 50 keys", async () => {
    await iam().send(new UntagUserCommand({ UserName: "pager", TagKeys: ["K1", "absent"] }));
    const out = await iam().send(new ListUserTagsCommand({ UserName: "pager" }));
    assert.deepEqual(out.Tags!.map((t) => t.Key), ["k0", "k2", "k3", "k4"]);
    await assert.rejects(iam().send(new UntagUserCommand({ UserName: "pager", TagKeys: tags(51).map((t) => t.Key!) })),
      rejectsWith("ValidationError", 400, /at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50/));
    assert.equal((await iam().send(new ListUserTagsCommand({ UserName: "pager" }))).Tags!.length, 4);
  });
});
