// Inline policies of users, groups and roles through the real SDK v3 client against the spawned CLI.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, CreateUserCommand, CreateGroupCommand, CreateRoleCommand, DeleteUserCommand, DeleteGroupCommand, DeleteRoleCommand,
  PutUserPolicyCommand, GetUserPolicyCommand, DeleteUserPolicyCommand, ListUserPoliciesCommand,
  PutGroupPolicyCommand, GetGroupPolicyCommand, DeleteGroupPolicyCommand, ListGroupPoliciesCommand,
  PutRolePolicyCommand, GetRolePolicyCommand, DeleteRolePolicyCommand, ListRolePoliciesCommand, IAMServiceException,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
// One attempt: the SDK retries LimitExceeded (as a throttling error) with back-off, which only slows the tests.
let client: IAMClient | undefined;
const iam = () => (client ??= new IAMClient({ ...emu.clientConfig, maxAttempts: 1 }));
after(() => client?.destroy());

const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const doc = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] }, null, 2);
/** A document of about `chars` non-whitespace characters. */
function sized(chars: number): string {
  const base = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::" }] });
  return base.replace("arn:aws:s3:::", `arn:aws:s3:::${"b".repeat(chars - base.length)}`);
}


describe("user inline policies", () => {
  it("PutUserPolicy stores, GetUserPolicy returns it URL-encoded, ListUserPolicies lists names", async () => {
    await iam().send(new CreateUserCommand({ UserName: "alice" }));
    await iam().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "read", PolicyDocument: doc("s3:GetObject") }));
    await iam().send(new PutUserPolicyCommand({ UserName: "ALICE", PolicyName: "list", PolicyDocument: doc("s3:ListBucket") }));
    const got = await iam().send(new GetUserPolicyCommand({ UserName: "Alice", PolicyName: "read" }));
    assert.equal(got.UserName, "alice");
    assert.equal(got.PolicyName, "read");
    assert.equal(got.PolicyDocument, encodeURIComponent(doc("s3:GetObject")));
    assert.equal(decodeURIComponent(got.PolicyDocument!), doc("s3:GetObject"));
    const listed = await iam().send(new ListUserPoliciesCommand({ UserName: "alice" }));
    assert.deepEqual(listed.PolicyNames, ["list", "read"]);
    assert.equal(listed.IsTruncated, false);
  });

  it("PutUserPolicy with an existing name replaces the document", async () => {
    await iam().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "read", PolicyDocument: doc("s3:GetObjectVersion") }));
    const got = await iam().send(new GetUserPolicyCommand({ UserName: "alice", PolicyName: "read" }));
    assert.equal(decodeURIComponent(got.PolicyDocument!), doc("s3:GetObjectVersion"));
    assert.deepEqual((await iam().send(new ListUserPoliciesCommand({ UserName: "alice" }))).PolicyNames, ["list", "read"]);
  });

  it("ListUserPolicies pages with MaxItems/Marker", async () => {
    await iam().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "write", PolicyDocument: doc("s3:PutObject") }));
    const first = await iam().send(new ListUserPoliciesCommand({ UserName: "alice", MaxItems: 2 }));
    assert.deepEqual(first.PolicyNames, ["list", "read"]);
    assert.equal(first.IsTruncated, true);
    const second = await iam().send(new ListUserPoliciesCommand({ UserName: "alice", MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(second.PolicyNames, ["write"]);
    assert.equal(second.IsTruncated, false);
  });

  it("missing user or policy: NoSuchEntity with AWS's messages", async () => {
    await assert.rejects(iam().send(new GetUserPolicyCommand({ UserName: "alice", PolicyName: "nope" })),
      rejectsWith("NoSuchEntity", 404, "The user policy with name nope cannot be found."));
    await assert.rejects(iam().send(new DeleteUserPolicyCommand({ UserName: "alice", PolicyName: "nope" })),
      rejectsWith("NoSuchEntity", 404, "The user policy with name nope cannot be found."));
    await assert.rejects(iam().send(new PutUserPolicyCommand({ UserName: "ghost", PolicyName: "p", PolicyDocument: doc("s3:*") })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
    await assert.rejects(iam().send(new ListUserPoliciesCommand({ UserName: "ghost" })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
  });

  it("a malformed or oversized document is refused and nothing changes", async () => {
    await assert.rejects(iam().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "bad", PolicyDocument: "{not json" })),
      rejectsWith("MalformedPolicyDocument", 400, "Syntax errors in policy."));
    await assert.rejects(iam().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "big", PolicyDocument: sized(2100) })),
      rejectsWith("LimitExceeded", 409, "Maximum policy size of 2048 bytes exceeded for user alice"));
    await assert.rejects(iam().send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "bad name!", PolicyDocument: doc("s3:*") })),
      rejectsWith("ValidationError", 400, /at 'policyName' failed to satisfy constraint/));
    assert.deepEqual((await iam().send(new ListUserPoliciesCommand({ UserName: "alice" }))).PolicyNames, ["list", "read", "write"]);
  });

  it("the 2,048-character quota counts all of a user's inline policies, whitespace excluded", async () => {
    await iam().send(new CreateUserCommand({ UserName: "quota" }));
    await iam().send(new PutUserPolicyCommand({ UserName: "quota", PolicyName: "one", PolicyDocument: sized(1000) }));
    // Whitespace does not count: a pretty-printed copy of the same size fits.
    await iam().send(new PutUserPolicyCommand({ UserName: "quota", PolicyName: "two", PolicyDocument: JSON.stringify(JSON.parse(sized(1000)), null, 8) }));
    await assert.rejects(iam().send(new PutUserPolicyCommand({ UserName: "quota", PolicyName: "three", PolicyDocument: sized(200) })),
      rejectsWith("LimitExceeded", 409, "Maximum policy size of 2048 bytes exceeded for user quota"));
    // Replacing a policy counts its new size, not both.
    await iam().send(new PutUserPolicyCommand({ UserName: "quota", PolicyName: "two", PolicyDocument: sized(1040) }));
    assert.deepEqual((await iam().send(new ListUserPoliciesCommand({ UserName: "quota" }))).PolicyNames, ["one", "two"]);
  });

  it("a user with inline policies cannot be deleted until they are deleted", async () => {
    await assert.rejects(iam().send(new DeleteUserCommand({ UserName: "alice" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must delete policies first."));
    for (const name of ["list", "read", "write"]) await iam().send(new DeleteUserPolicyCommand({ UserName: "alice", PolicyName: name }));
    assert.deepEqual((await iam().send(new ListUserPoliciesCommand({ UserName: "alice" }))).PolicyNames, []);
    await iam().send(new DeleteUserCommand({ UserName: "alice" }));
  });
});

describe("group inline policies", () => {
  it("Put/Get/List/Delete GroupPolicy with the 5,120-character quota", async () => {
    await iam().send(new CreateGroupCommand({ GroupName: "devs" }));
    await iam().send(new PutGroupPolicyCommand({ GroupName: "devs", PolicyName: "big", PolicyDocument: sized(5000) }));
    const got = await iam().send(new GetGroupPolicyCommand({ GroupName: "DEVS", PolicyName: "big" }));
    assert.equal(got.GroupName, "devs");
    assert.equal(decodeURIComponent(got.PolicyDocument!), sized(5000));
    await assert.rejects(iam().send(new PutGroupPolicyCommand({ GroupName: "devs", PolicyName: "more", PolicyDocument: sized(200) })),
      rejectsWith("LimitExceeded", 409, "Maximum policy size of 5120 bytes exceeded for group devs"));
    await assert.rejects(iam().send(new GetGroupPolicyCommand({ GroupName: "devs", PolicyName: "more" })),
      rejectsWith("NoSuchEntity", 404, "The group policy with name more cannot be found."));
    await assert.rejects(iam().send(new PutGroupPolicyCommand({ GroupName: "nobody", PolicyName: "p", PolicyDocument: doc("s3:*") })),
      rejectsWith("NoSuchEntity", 404, "The group with name nobody cannot be found."));
    assert.deepEqual((await iam().send(new ListGroupPoliciesCommand({ GroupName: "devs" }))).PolicyNames, ["big"]);
    await assert.rejects(iam().send(new DeleteGroupCommand({ GroupName: "devs" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must delete policies first."));
    await iam().send(new DeleteGroupPolicyCommand({ GroupName: "devs", PolicyName: "big" }));
    await iam().send(new DeleteGroupCommand({ GroupName: "devs" }));
  });
});

describe("role inline policies", () => {
  it("Put/Get/List/Delete RolePolicy with the 10,240-character quota", async () => {
    await iam().send(new CreateRoleCommand({ RoleName: "fn", AssumeRolePolicyDocument: TRUST }));
    await iam().send(new PutRolePolicyCommand({ RoleName: "fn", PolicyName: "logs", PolicyDocument: doc("logs:PutLogEvents") }));
    await iam().send(new PutRolePolicyCommand({ RoleName: "fn", PolicyName: "large", PolicyDocument: sized(10000) }));
    const got = await iam().send(new GetRolePolicyCommand({ RoleName: "fn", PolicyName: "logs" }));
    assert.equal(got.RoleName, "fn");
    assert.equal(got.PolicyDocument, encodeURIComponent(doc("logs:PutLogEvents")));
    await assert.rejects(iam().send(new PutRolePolicyCommand({ RoleName: "fn", PolicyName: "huge", PolicyDocument: sized(10300) })),
      rejectsWith("LimitExceeded", 409, "Maximum policy size of 10240 bytes exceeded for role fn"));
    await assert.rejects(iam().send(new PutRolePolicyCommand({ RoleName: "fn", PolicyName: "more", PolicyDocument: sized(300) })),
      rejectsWith("LimitExceeded", 409, "Maximum policy size of 10240 bytes exceeded for role fn"));
    assert.deepEqual((await iam().send(new ListRolePoliciesCommand({ RoleName: "fn" }))).PolicyNames, ["large", "logs"]);
    await assert.rejects(iam().send(new DeleteRolePolicyCommand({ RoleName: "fn", PolicyName: "AWSLambdaBasicExecutionRole" })),
      rejectsWith("NoSuchEntity", 404, "The role policy with name AWSLambdaBasicExecutionRole cannot be found."));
    await assert.rejects(iam().send(new GetRolePolicyCommand({ RoleName: "nobody", PolicyName: "logs" })),
      rejectsWith("NoSuchEntity", 404, "The role with name nobody cannot be found."));
    await assert.rejects(iam().send(new DeleteRoleCommand({ RoleName: "fn" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must delete policies first."));
    await iam().send(new DeleteRolePolicyCommand({ RoleName: "fn", PolicyName: "large" }));
    await iam().send(new DeleteRolePolicyCommand({ RoleName: "fn", PolicyName: "logs" }));
    await iam().send(new DeleteRoleCommand({ RoleName: "fn" }));
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html: without Version a policy
// is read as 2008-10-17. Unlike a managed policy (policies.test.ts), an inline policy or a trust policy is accepted
// in that language, and stored as sent.
describe("inline and trust policies in the 2008-10-17 language", () => {
  it("are accepted without Version or with 2008-10-17", async () => {
    const legacy = JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::home/${aws:username}/*" }] });
    const bare = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }] });
    const trust = JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    await iam().send(new CreateUserCommand({ UserName: "old-timer" }));
    await iam().send(new PutUserPolicyCommand({ UserName: "old-timer", PolicyName: "legacy", PolicyDocument: legacy }));
    await iam().send(new PutUserPolicyCommand({ UserName: "old-timer", PolicyName: "bare", PolicyDocument: bare }));
    assert.equal((await iam().send(new GetUserPolicyCommand({ UserName: "old-timer", PolicyName: "legacy" }))).PolicyDocument, encodeURIComponent(legacy));
    await iam().send(new CreateRoleCommand({ RoleName: "old-ec2", AssumeRolePolicyDocument: trust }));
    await iam().send(new DeleteUserPolicyCommand({ UserName: "old-timer", PolicyName: "legacy" }));
    await iam().send(new DeleteUserPolicyCommand({ UserName: "old-timer", PolicyName: "bare" }));
    await iam().send(new DeleteUserCommand({ UserName: "old-timer" }));
    await iam().send(new DeleteRoleCommand({ RoleName: "old-ec2" }));
  });
});
