import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyValuesOf, removeActionOf } from "../../../../src/extension/tree/node-actions.js";

describe("copy values", () => {
  it("give ARN, name and id where the node has them", () => {
    assert.deepEqual(copyValuesOf({ type: "user", name: "alice", arn: "arn:aws:iam::000000000000:user/alice", id: "AIDA1" }),
      { arn: "arn:aws:iam::000000000000:user/alice", name: "alice", id: "AIDA1" });
    assert.deepEqual(copyValuesOf({ type: "accessKey", user: "alice", id: "AKIA1", status: "Active" }), { id: "AKIA1", name: "alice" });
    assert.deepEqual(copyValuesOf({ type: "poolUser", poolId: "p", region: "us-east-1", username: "carol", sub: "s-1" }), { name: "carol", id: "s-1" });
    assert.deepEqual(copyValuesOf({ type: "identityPool", id: "us-east-1:abc", name: "app", arn: "arn:aws:cognito-identity:us-east-1:000000000000:identitypool/us-east-1:abc", region: "us-east-1" }),
      { arn: "arn:aws:cognito-identity:us-east-1:000000000000:identitypool/us-east-1:abc", name: "app", id: "us-east-1:abc" });
    assert.deepEqual(copyValuesOf({ type: "identityPoolRole", poolId: "us-east-1:abc", kind: "authenticated", arn: "arn:aws:iam::000000000000:role/signed-in" }),
      { arn: "arn:aws:iam::000000000000:role/signed-in", name: "signed-in" });
    assert.deepEqual(copyValuesOf({ type: "section", section: "users" }), {});
  });
});

describe("remove actions", () => {
  it("delete principals with a conflict target, and detach attached policies", () => {
    assert.deepEqual(removeActionOf({ type: "role", name: "app", arn: "a", id: "i" }), {
      call: { service: "iam", operation: "DeleteRole", input: { RoleName: "app" } }, title: "Delete role app", verb: "Delete", conflictTarget: { type: "role", name: "app" },
    });
    assert.deepEqual(removeActionOf({ type: "attachedPolicy", owner: { kind: "group", name: "devs" }, name: "p", arn: "arn:p" }), {
      call: { service: "iam", operation: "DetachGroupPolicy", input: { GroupName: "devs", PolicyArn: "arn:p" } }, title: "Detach p from group devs", verb: "Detach",
    });
    assert.deepEqual(removeActionOf({ type: "membership", group: "devs", user: "alice" })!.call,
      { service: "iam", operation: "RemoveUserFromGroup", input: { UserName: "alice", GroupName: "devs" } });
  });

  it("send Cognito deletions to the pool's region", () => {
    assert.deepEqual(removeActionOf({ type: "poolUser", poolId: "eu-west-1_X", region: "eu-west-1", username: "carol", sub: "s" })!.call,
      { service: "cognito-idp", operation: "AdminDeleteUser", input: { UserPoolId: "eu-west-1_X", Username: "carol" }, region: "eu-west-1" });
    assert.deepEqual(removeActionOf({ type: "identity", poolId: "eu-west-1:abc", region: "eu-west-1", id: "eu-west-1:def" })!.call,
      { service: "cognito-identity", operation: "DeleteIdentities", input: { IdentityIdsToDelete: ["eu-west-1:def"] }, region: "eu-west-1" });
    assert.equal(removeActionOf({ type: "identityPool", id: "eu-west-1:abc", name: "app", arn: "a", region: "eu-west-1" })!.title,
      "Delete identity pool app (eu-west-1:abc) with all its identities");
  });

  it("offer nothing AWS forbids: AWS-managed policies, the default version, sections", () => {
    assert.equal(removeActionOf({ type: "policy", name: "ReadOnlyAccess", arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", awsManaged: true, attachmentCount: 1 }), undefined);
    assert.equal(removeActionOf({ type: "policyVersion", policyName: "p", arn: "a", versionId: "v2", isDefault: true }), undefined);
    assert.equal(removeActionOf({ type: "section", section: "roles" }), undefined);
  });
});
