import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { blockersOf, cascadeDeleteCalls, explainDeleteConflict } from "../../../../src/extension/tree/delete-conflicts.js";
import { sampleSnapshot } from "./snapshot-fixture.js";

describe("DeleteConflict explained", () => {
  it("lists what still hangs off a role, in plain words", () => {
    assert.deepEqual(blockersOf({ type: "role", name: "app" }, sampleSnapshot), [
      "1 attached policy (app-s3)", "1 inline policy (logs)", "1 instance profile (app-profile)",
    ]);
    assert.equal(
      explainDeleteConflict({ type: "role", name: "app" }, sampleSnapshot, "Cannot delete entity, must detach all policies first."),
      "IAM will not delete role app while it still has 1 attached policy (app-s3); 1 inline policy (logs); 1 instance profile (app-profile). " +
        'Remove them first (or choose "Remove and delete" to do it in order). AWS said: DeleteConflict: Cannot delete entity, must detach all policies first.',
    );
  });

  it("lists a user's keys, password, groups and policies", () => {
    assert.deepEqual(blockersOf({ type: "user", name: "alice" }, sampleSnapshot), [
      "2 access keys (AKIAALICE00000000001, AKIAALICE00000000002)", "a console password (login profile)", "1 group membership (admins)",
      "2 attached policies (ReadOnlyAccess, app-s3)", "1 inline policy (scratch)",
    ]);
  });

  it("lists a policy's attachments and non-default versions", () => {
    const target = { type: "policy" as const, arn: "arn:aws:iam::000000000000:policy/app-s3", name: "app-s3" };
    assert.deepEqual(blockersOf(target, sampleSnapshot), ["3 attachments (user alice, group admins, role app)", "1 non-default version (v1)"]);
  });

  it("falls back to AWS's words when the snapshot shows nothing in the way", () => {
    assert.equal(explainDeleteConflict({ type: "user", name: "bob" }, sampleSnapshot, "Cannot delete entity, must delete login profile first."),
      "IAM refused to delete user bob: Cannot delete entity, must delete login profile first.");
  });
});

describe("Remove and delete", () => {
  it("clears a role in the order IAM accepts, then deletes it", () => {
    assert.deepEqual(cascadeDeleteCalls({ type: "role", name: "app" }, sampleSnapshot).map((c) => [c.operation, c.input]), [
      ["RemoveRoleFromInstanceProfile", { RoleName: "app", InstanceProfileName: "app-profile" }],
      ["DetachRolePolicy", { RoleName: "app", PolicyArn: "arn:aws:iam::000000000000:policy/app-s3" }],
      ["DeleteRolePolicy", { RoleName: "app", PolicyName: "logs" }],
      ["DeleteRole", { RoleName: "app" }],
    ]);
  });

  it("clears a user: keys, password, groups, policies", () => {
    assert.deepEqual(cascadeDeleteCalls({ type: "user", name: "alice" }, sampleSnapshot).map((c) => c.operation), [
      "DeleteAccessKey", "DeleteAccessKey", "DeleteLoginProfile", "RemoveUserFromGroup", "DetachUserPolicy", "DetachUserPolicy", "DeleteUserPolicy", "DeleteUser",
    ]);
  });

  it("detaches a policy everywhere and deletes its old versions first", () => {
    const calls = cascadeDeleteCalls({ type: "policy", arn: "arn:aws:iam::000000000000:policy/app-s3", name: "app-s3" }, sampleSnapshot);
    assert.deepEqual(calls.map((c) => c.operation), ["DetachUserPolicy", "DetachGroupPolicy", "DetachRolePolicy", "DeletePolicyVersion", "DeletePolicy"]);
    assert.deepEqual(calls[3]!.input, { PolicyArn: "arn:aws:iam::000000000000:policy/app-s3", VersionId: "v1" });
  });
});
