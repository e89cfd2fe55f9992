// Managed-policy attachments to users, groups and roles, and ListEntitiesForPolicy, through the real SDK v3
// client against the spawned CLI.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, CreateUserCommand, CreateGroupCommand, CreateRoleCommand, CreatePolicyCommand, GetPolicyCommand,
  AttachUserPolicyCommand, AttachGroupPolicyCommand, AttachRolePolicyCommand,
  DetachUserPolicyCommand, DetachGroupPolicyCommand, DetachRolePolicyCommand,
  ListAttachedUserPoliciesCommand, ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand, ListPoliciesCommand, DeleteUserCommand, DeleteGroupCommand, DeleteRoleCommand,
  PutUserPermissionsBoundaryCommand, DeleteUserPermissionsBoundaryCommand, IAMServiceException,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { EC2_TRUST_POLICY } from "../../support/iam-users.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
// One attempt: the SDK retries LimitExceeded (as a throttling error) with back-off, which only slows the tests.
let client: IAMClient | undefined;
const iam = () => (client ??= new IAMClient({ ...emu.clientConfig, maxAttempts: 1 }));
after(() => client?.destroy());
const ACCOUNT = "000000000000";
const aws = (name: string, path = "/") => `arn:aws:iam::aws:policy${path}${name}`;
const local = (name: string, path = "/") => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;
const doc = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
const ELEVEN = [
  "ReadOnlyAccess", "AdministratorAccess", "PowerUserAccess", "AmazonS3ReadOnlyAccess", "AmazonS3FullAccess",
  "AmazonEC2ReadOnlyAccess", "AmazonEC2FullAccess", "IAMReadOnlyAccess", "IAMFullAccess", "AmazonDynamoDBReadOnlyAccess",
  "AmazonDynamoDBFullAccess",
].map((n) => aws(n));

async function attachedTo(kind: "user" | "group" | "role", name: string): Promise<string[]> {
  const out = kind === "user" ? await iam().send(new ListAttachedUserPoliciesCommand({ UserName: name }))
    : kind === "group" ? await iam().send(new ListAttachedGroupPoliciesCommand({ GroupName: name }))
      : await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
  return out.AttachedPolicies!.map((p) => p.PolicyArn!);
}

describe("attach and detach", () => {
  it("AttachUserPolicy attaches customer and AWS-managed policies; attaching twice changes nothing", async () => {
    await iam().send(new CreateUserCommand({ UserName: "alice" }));
    await iam().send(new CreatePolicyCommand({ PolicyName: "team-read", Path: "/team/", PolicyDocument: doc("s3:GetObject") }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "alice", PolicyArn: local("team-read", "/team/") }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "ALICE", PolicyArn: aws("AWSLambdaBasicExecutionRole", "/service-role/") }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "alice", PolicyArn: local("team-read", "/team/") }));
    const out = await iam().send(new ListAttachedUserPoliciesCommand({ UserName: "alice" }));
    assert.deepEqual(out.AttachedPolicies, [
      { PolicyName: "team-read", PolicyArn: local("team-read", "/team/") },
      { PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: aws("AWSLambdaBasicExecutionRole", "/service-role/") },
    ]);
    assert.equal(out.IsTruncated, false);
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: local("team-read", "/team/") }))).Policy!.AttachmentCount, 1);
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: aws("AWSLambdaBasicExecutionRole", "/service-role/") }))).Policy!.AttachmentCount, 1);
  });

  it("ListAttachedUserPolicies filters by the policy's PathPrefix and pages", async () => {
    const filtered = await iam().send(new ListAttachedUserPoliciesCommand({ UserName: "alice", PathPrefix: "/service-role/" }));
    assert.deepEqual(filtered.AttachedPolicies!.map((p) => p.PolicyName), ["AWSLambdaBasicExecutionRole"]);
    const first = await iam().send(new ListAttachedUserPoliciesCommand({ UserName: "alice", MaxItems: 1 }));
    assert.deepEqual(first.AttachedPolicies!.map((p) => p.PolicyName), ["team-read"]);
    assert.equal(first.IsTruncated, true);
    const second = await iam().send(new ListAttachedUserPoliciesCommand({ UserName: "alice", MaxItems: 1, Marker: first.Marker }));
    assert.deepEqual(second.AttachedPolicies!.map((p) => p.PolicyName), ["AWSLambdaBasicExecutionRole"]);
    assert.equal(second.IsTruncated, false);
  });

  it("a missing policy, a bad ARN or a missing user is refused and nothing is attached", async () => {
    await assert.rejects(iam().send(new AttachUserPolicyCommand({ UserName: "alice", PolicyArn: local("ghost") })),
      rejectsWith("NoSuchEntity", 404, `Policy ${local("ghost")} does not exist or is not attachable.`));
    await assert.rejects(iam().send(new AttachUserPolicyCommand({ UserName: "alice", PolicyArn: aws("NoSuchAwsPolicy") })),
      rejectsWith("NoSuchEntity", 404, `Policy ${aws("NoSuchAwsPolicy")} does not exist or is not attachable.`));
    await assert.rejects(iam().send(new AttachUserPolicyCommand({ UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/arn:aws:iam::aws:policy/ReadOnlyAccess" })),
      rejectsWith("InvalidInput", 400, "ARN arn:aws:iam::aws:policy/arn:aws:iam::aws:policy/ReadOnlyAccess is not valid."));
    await assert.rejects(iam().send(new AttachUserPolicyCommand({ UserName: "ghost", PolicyArn: aws("ReadOnlyAccess") })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
    assert.equal((await attachedTo("user", "alice")).length, 2);
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: aws("ReadOnlyAccess") }))).Policy!.AttachmentCount, 0);
  });

  it("at most 10 managed policies per user: LimitExceeded PoliciesPerUser", async () => {
    await iam().send(new CreateUserCommand({ UserName: "quota-user" }));
    for (const arn of ELEVEN.slice(0, 10)) await iam().send(new AttachUserPolicyCommand({ UserName: "quota-user", PolicyArn: arn }));
    await assert.rejects(iam().send(new AttachUserPolicyCommand({ UserName: "quota-user", PolicyArn: ELEVEN[10] })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for PoliciesPerUser: 10"));
    // Re-attaching one already there is not a new attachment.
    await iam().send(new AttachUserPolicyCommand({ UserName: "quota-user", PolicyArn: ELEVEN[0] }));
    assert.equal((await attachedTo("user", "quota-user")).length, 10);
  });

  it("DetachUserPolicy of a policy not attached answers NoSuchEntity", async () => {
    await assert.rejects(iam().send(new DetachUserPolicyCommand({ UserName: "alice", PolicyArn: aws("ReadOnlyAccess") })),
      rejectsWith("NoSuchEntity", 404, `Policy ${aws("ReadOnlyAccess")} was not found.`));
    await assert.rejects(iam().send(new DetachUserPolicyCommand({ UserName: "ghost", PolicyArn: aws("ReadOnlyAccess") })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
  });

  it("a user with attached policies cannot be deleted until they are detached", async () => {
    await assert.rejects(iam().send(new DeleteUserCommand({ UserName: "alice" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must detach all policies first."));
    for (const arn of await attachedTo("user", "alice")) await iam().send(new DetachUserPolicyCommand({ UserName: "alice", PolicyArn: arn }));
    await iam().send(new DeleteUserCommand({ UserName: "alice" }));
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: local("team-read", "/team/") }))).Policy!.AttachmentCount, 0);
  });
});

describe("groups and roles", () => {
  it("AttachGroupPolicy / ListAttachedGroupPolicies / DetachGroupPolicy, with the group quota", async () => {
    await iam().send(new CreateGroupCommand({ GroupName: "devs" }));
    for (const arn of ELEVEN.slice(0, 10)) await iam().send(new AttachGroupPolicyCommand({ GroupName: "devs", PolicyArn: arn }));
    await assert.rejects(iam().send(new AttachGroupPolicyCommand({ GroupName: "devs", PolicyArn: ELEVEN[10] })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for PoliciesPerGroup: 10"));
    assert.equal((await attachedTo("group", "devs")).length, 10);
    await assert.rejects(iam().send(new DeleteGroupCommand({ GroupName: "devs" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must detach all policies first."));
    for (const arn of ELEVEN.slice(1, 10)) await iam().send(new DetachGroupPolicyCommand({ GroupName: "devs", PolicyArn: arn }));
    assert.deepEqual(await attachedTo("group", "devs"), [ELEVEN[0]]);
    await assert.rejects(iam().send(new AttachGroupPolicyCommand({ GroupName: "nobody", PolicyArn: ELEVEN[0] })),
      rejectsWith("NoSuchEntity", 404, "The group with name nobody cannot be found."));
    await assert.rejects(iam().send(new ListAttachedGroupPoliciesCommand({ GroupName: "nobody" })),
      rejectsWith("NoSuchEntity", 404, "The group with name nobody cannot be found."));
  });

  it("AttachRolePolicy / ListAttachedRolePolicies / DetachRolePolicy, with the role quota", async () => {
    await iam().send(new CreateRoleCommand({ RoleName: "app", Path: "/apps/", AssumeRolePolicyDocument: EC2_TRUST_POLICY }));
    for (const arn of ELEVEN.slice(0, 10)) await iam().send(new AttachRolePolicyCommand({ RoleName: "app", PolicyArn: arn }));
    await assert.rejects(iam().send(new AttachRolePolicyCommand({ RoleName: "app", PolicyArn: ELEVEN[10] })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for PoliciesPerRole: 10"));
    await assert.rejects(iam().send(new DeleteRoleCommand({ RoleName: "app" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must detach all policies first."));
    for (const arn of ELEVEN.slice(1, 10)) await iam().send(new DetachRolePolicyCommand({ RoleName: "app", PolicyArn: arn }));
    assert.deepEqual(await attachedTo("role", "app"), [ELEVEN[0]]);
    await assert.rejects(iam().send(new DetachRolePolicyCommand({ RoleName: "app", PolicyArn: ELEVEN[5] })),
      rejectsWith("NoSuchEntity", 404, `Policy ${ELEVEN[5]} was not found.`));
  });

  it("a service-role policy cannot be attached to a customer role: PolicyNotAttachable", async () => {
    const serviceRolePolicy = aws("APIGatewayServiceRolePolicy", "/aws-service-role/");
    await assert.rejects(iam().send(new AttachRolePolicyCommand({ RoleName: "app", PolicyArn: serviceRolePolicy })),
      rejectsWith("PolicyNotAttachable", 400, "Cannot attach a Service Role Policy to a Customer Role."));
    assert.deepEqual(await attachedTo("role", "app"), [ELEVEN[0]]);
  });
});

describe("ListEntitiesForPolicy", () => {
  const arn = local("shared");

  it("lists the users, groups and roles a policy is attached to, filtered and paged", async () => {
    await iam().send(new CreatePolicyCommand({ PolicyName: "shared", PolicyDocument: doc("sqs:SendMessage") }));
    const empty = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    assert.deepEqual([empty.PolicyUsers, empty.PolicyGroups, empty.PolicyRoles, empty.IsTruncated], [[], [], [], false]);

    const { User } = await iam().send(new CreateUserCommand({ UserName: "bob", Path: "/people/" }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "bob", PolicyArn: arn }));
    await iam().send(new AttachGroupPolicyCommand({ GroupName: "devs", PolicyArn: arn }));
    await iam().send(new AttachRolePolicyCommand({ RoleName: "app", PolicyArn: arn }));

    const all = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    assert.deepEqual(all.PolicyUsers, [{ UserName: "bob", UserId: User!.UserId }]);
    assert.deepEqual(all.PolicyGroups!.map((g) => g.GroupName), ["devs"]);
    assert.match(all.PolicyGroups![0]!.GroupId!, /^AGPA/);
    assert.deepEqual(all.PolicyRoles!.map((r) => r.RoleName), ["app"]);
    assert.match(all.PolicyRoles![0]!.RoleId!, /^AROA/);
    assert.equal(all.IsTruncated, false);
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 3);

    const roles = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: "Role" }));
    assert.deepEqual([roles.PolicyUsers, roles.PolicyGroups, roles.PolicyRoles!.map((r) => r.RoleName)], [[], [], ["app"]]);
    const byPath = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PathPrefix: "/people/" }));
    assert.deepEqual([byPath.PolicyUsers!.map((u) => u.UserName), byPath.PolicyGroups, byPath.PolicyRoles], [["bob"], [], []]);
    const localFilter = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: "LocalManagedPolicy" }));
    assert.deepEqual([localFilter.PolicyUsers, localFilter.PolicyGroups, localFilter.PolicyRoles], [[], [], []]);
    const bounds = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: "PermissionsBoundary" }));
    assert.deepEqual([bounds.PolicyUsers, bounds.PolicyGroups, bounds.PolicyRoles], [[], [], []]);

    // Pages of one, in the reverse index's order (groups, roles, users).
    const seen: string[] = [];
    let Marker: string | undefined;
    do {
      const out = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 1, Marker }));
      seen.push(...out.PolicyGroups!.map((g) => `group:${g.GroupName}`), ...out.PolicyRoles!.map((r) => `role:${r.RoleName}`), ...out.PolicyUsers!.map((u) => `user:${u.UserName}`));
      Marker = out.Marker;
      assert.equal(out.IsTruncated, Marker !== undefined);
    } while (Marker);
    assert.deepEqual(seen, ["group:devs", "role:app", "user:bob"]);
  });

  it("an unknown policy answers NoSuchEntity; AWS-managed policies list their entities too", async () => {
    await assert.rejects(iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: local("NonExistentPolicy") })),
      rejectsWith("NoSuchEntity", 404, `Policy ${local("NonExistentPolicy")} does not exist or is not attachable.`));
    const out = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: ELEVEN[0] }));
    assert.deepEqual(out.PolicyUsers!.map((u) => u.UserName), ["quota-user"]);
    assert.deepEqual(out.PolicyGroups!.map((g) => g.GroupName), ["devs"]);
    assert.deepEqual(out.PolicyRoles!.map((r) => r.RoleName), ["app"]);
    const listed = await iam().send(new ListPoliciesCommand({ Scope: "AWS", OnlyAttached: true, MaxItems: 100 }));
    assert.equal(listed.Policies!.find((p) => p.Arn === ELEVEN[0])!.AttachmentCount, 3);
  });

  it("a user's permissions boundary counts in PermissionsBoundaryUsageCount, ListEntitiesForPolicy and ListPolicies", async () => {
    await iam().send(new PutUserPermissionsBoundaryCommand({ UserName: "bob", PermissionsBoundary: aws("AmazonSQSFullAccess") }));
    const p = (await iam().send(new GetPolicyCommand({ PolicyArn: aws("AmazonSQSFullAccess") }))).Policy!;
    assert.equal(p.PermissionsBoundaryUsageCount, 1);
    const out = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: aws("AmazonSQSFullAccess"), PolicyUsageFilter: "PermissionsBoundary" }));
    assert.deepEqual(out.PolicyUsers!.map((u) => u.UserName), ["bob"]);
    const listed = await iam().send(new ListPoliciesCommand({ OnlyAttached: true, PolicyUsageFilter: "PermissionsBoundary" }));
    assert.deepEqual(listed.Policies!.map((x) => x.PolicyName), ["AmazonSQSFullAccess"]);
    assert.equal(p.AttachmentCount, 0, "a boundary is not an attachment");
    await iam().send(new DeleteUserPermissionsBoundaryCommand({ UserName: "bob" }));
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: aws("AmazonSQSFullAccess") }))).Policy!.PermissionsBoundaryUsageCount, 0);
    const none = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: aws("AmazonSQSFullAccess"), PolicyUsageFilter: "PermissionsBoundary" }));
    assert.deepEqual(none.PolicyUsers, []);
  });
});
