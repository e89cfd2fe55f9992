// IAM roles (and service-linked roles) through the real SDK v3 client against the spawned CLI.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateRoleCommand, GetRoleCommand, ListRolesCommand, UpdateRoleCommand,
  UpdateRoleDescriptionCommand, UpdateAssumeRolePolicyCommand, DeleteRoleCommand, TagRoleCommand, UntagRoleCommand,
  ListRoleTagsCommand, PutRolePermissionsBoundaryCommand, DeleteRolePermissionsBoundaryCommand,
  CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand, GetServiceLinkedRoleDeletionStatusCommand,
  CreateInstanceProfileCommand, AddRoleToInstanceProfileCommand, RemoveRoleFromInstanceProfileCommand, DeleteInstanceProfileCommand,
} from "@aws-sdk/client-iam";
import { AccountStore, Store } from "../../../src/store/store.js";
import { iamTables } from "../../../src/services/iam/records.js";
import { CreateRole, GetRole, recordRoleUse } from "../../../src/services/iam/roles.js";
import { rootCaller } from "../../../src/auth/caller.js";
import { useEmulator } from "../../support/emulator.js";
import { EC2_TRUST_POLICY } from "../../support/iam-users.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);

async function roleNames(prefix?: string): Promise<string[]> {
  const out = await iam().send(new ListRolesCommand({ PathPrefix: prefix }));
  return out.Roles!.map((r) => r.RoleName!);
}

describe("roles", () => {
  it("CreateRole returns AWS's fields, the trust policy URL-encoded; no session length or last use", async () => {
    const { Role } = await iam().send(new CreateRoleCommand({
      RoleName: "app", Path: "/svc/", AssumeRolePolicyDocument: EC2_TRUST_POLICY, Description: "the app", Tags: [{ Key: "team", Value: "blue" }],
    }));
    assert.equal(Role!.RoleName, "app");
    assert.equal(Role!.Path, "/svc/");
    assert.equal(Role!.Arn, "arn:aws:iam::000000000000:role/svc/app");
    assert.match(Role!.RoleId!, /^AROA[A-Z2-7]{17}$/);
    assert.equal(Role!.AssumeRolePolicyDocument, encodeURIComponent(EC2_TRUST_POLICY));
    assert.deepEqual(Role!.Tags, [{ Key: "team", Value: "blue" }]);
    assert.equal(Role!.MaxSessionDuration, undefined);
    assert.equal(Role!.RoleLastUsed, undefined);
    assert.equal(Role!.Description, undefined, "CreateRole's response leaves the description out, as AWS");
  });

  it("GetRole returns everything: MaxSessionDuration 3600 by default, RoleLastUsed {} before first use", async () => {
    const { Role } = await iam().send(new GetRoleCommand({ RoleName: "APP" }));
    assert.equal(Role!.RoleName, "app");
    assert.equal(Role!.Description, "the app");
    assert.equal(Role!.MaxSessionDuration, 3600);
    assert.deepEqual(Role!.RoleLastUsed, {});
    assert.equal(decodeURIComponent(Role!.AssumeRolePolicyDocument!), EC2_TRUST_POLICY);
    assert.deepEqual(Role!.Tags, [{ Key: "team", Value: "blue" }]);
  });

  it("names are unique regardless of case; missing roles are NoSuchEntity 404", async () => {
    await assert.rejects(iam().send(new CreateRoleCommand({ RoleName: "App", AssumeRolePolicyDocument: EC2_TRUST_POLICY })),
      rejectsWith("EntityAlreadyExists", 409, "Role with name App already exists."));
    for (const send of [
      () => iam().send(new GetRoleCommand({ RoleName: "ghost" })),
      () => iam().send(new UpdateRoleCommand({ RoleName: "ghost", Description: "x" })),
      () => iam().send(new DeleteRoleCommand({ RoleName: "ghost" })),
      () => iam().send(new TagRoleCommand({ RoleName: "ghost", Tags: [{ Key: "a", Value: "b" }] })),
      () => iam().send(new ListRoleTagsCommand({ RoleName: "ghost" })),
      () => iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: "ghost", PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess" })),
    ]) await assert.rejects(send(), rejectsWith("NoSuchEntity", 404, "The role with name ghost cannot be found."));
  });

  it("bad input is refused and creates nothing: trust JSON, name, path, session length, tags", async () => {
    await assert.rejects(iam().send(new CreateRoleCommand({ RoleName: "broken", AssumeRolePolicyDocument: "{not json" })),
      rejectsWith("MalformedPolicyDocument", 400, "This policy contains invalid Json"));
    await assert.rejects(iam().send(new CreateRoleCommand({ RoleName: "bad/name", AssumeRolePolicyDocument: EC2_TRUST_POLICY })),
      rejectsWith("ValidationError", 400, /at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern/));
    await assert.rejects(iam().send(new CreateRoleCommand({ RoleName: "r".repeat(65), AssumeRolePolicyDocument: EC2_TRUST_POLICY })),
      rejectsWith("ValidationError", 400, /Member must have length less than or equal to 64/));
    await assert.rejects(iam().send(new CreateRoleCommand({ RoleName: "broken", Path: "svc/", AssumeRolePolicyDocument: EC2_TRUST_POLICY })),
      rejectsWith("ValidationError", 400));
    await assert.rejects(iam().send(new CreateRoleCommand({ RoleName: "broken", AssumeRolePolicyDocument: EC2_TRUST_POLICY, MaxSessionDuration: 3599 })),
      rejectsWith("ValidationError", 400, /maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600/));
    await assert.rejects(iam().send(new CreateRoleCommand({ RoleName: "broken", AssumeRolePolicyDocument: EC2_TRUST_POLICY, MaxSessionDuration: 43201 })),
      rejectsWith("ValidationError", 400, /Member must have value less than or equal to 43200/));
    await assert.rejects(iam().send(new CreateRoleCommand({
      RoleName: "broken", AssumeRolePolicyDocument: EC2_TRUST_POLICY, Tags: [{ Key: "Env", Value: "a" }, { Key: "env", Value: "b" }],
    })), rejectsWith("InvalidInput", 400, "Duplicate tag keys found. Please note that Tag keys are case insensitive."));
    await assert.rejects(iam().send(new CreateRoleCommand({
      RoleName: "broken", AssumeRolePolicyDocument: EC2_TRUST_POLICY, PermissionsBoundary: "arn:aws:iam::000000000000:policy/none",
    })), rejectsWith("NoSuchEntity", 404, "Scope ARN: arn:aws:iam::000000000000:policy/none does not exist or is not attachable."));
    const big = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: Array.from({ length: 70 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:root`) }, Action: "sts:AssumeRole" }],
    });
    await assert.rejects(iam().send(new CreateRoleCommand({ RoleName: "broken", AssumeRolePolicyDocument: big })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: 2048"));
    await assert.rejects(iam().send(new GetRoleCommand({ RoleName: "broken" })), rejectsWith("NoSuchEntity", 404));
    assert.deepEqual(await roleNames(), ["app"]);
  });

  it("a wrongly typed parameter on the wire is a ValidationError and creates nothing", async () => {
    const body = new URLSearchParams({
      Action: "CreateRole", Version: "2010-05-08", RoleName: "typed", AssumeRolePolicyDocument: EC2_TRUST_POLICY, MaxSessionDuration: "an hour",
    });
    const res = await fetch(emu.endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    assert.equal(res.status, 400);
    const xml = await res.text();
    assert.match(xml, /<Code>ValidationError<\/Code>/);
    assert.match(xml, /MaxSessionDuration/);
    await assert.rejects(iam().send(new GetRoleCommand({ RoleName: "typed" })), rejectsWith("NoSuchEntity", 404));
  });

  it("MaxSessionDuration within 3600..43200 is kept", async () => {
    await iam().send(new CreateRoleCommand({ RoleName: "long", AssumeRolePolicyDocument: EC2_TRUST_POLICY, MaxSessionDuration: 43200 }));
    const { Role } = await iam().send(new GetRoleCommand({ RoleName: "long" }));
    assert.equal(Role!.MaxSessionDuration, 43200);
  });

  it("ListRoles filters by PathPrefix, pages, and leaves out tags, boundary and last use", async () => {
    for (const n of ["p1", "p2", "p3", "p4", "p5"]) {
      await iam().send(new CreateRoleCommand({ RoleName: `paged-${n}`, Path: "/paged/", AssumeRolePolicyDocument: EC2_TRUST_POLICY, Tags: [{ Key: "k", Value: n }] }));
    }
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam().send(new ListRolesCommand({ PathPrefix: "/paged/", MaxItems: 2, Marker: marker }));
      pages++;
      seen.push(...out.Roles!.map((r) => r.RoleName!));
      assert.equal(out.IsTruncated, out.Marker !== undefined);
      marker = out.Marker;
    } while (marker);
    assert.deepEqual(seen, ["paged-p1", "paged-p2", "paged-p3", "paged-p4", "paged-p5"]);
    assert.equal(pages, 3);
    const svc = await iam().send(new ListRolesCommand({ PathPrefix: "/svc/" }));
    assert.equal(svc.Roles!.length, 1);
    const listed = svc.Roles![0]!;
    assert.equal(listed.RoleName, "app");
    assert.equal(listed.Description, "the app");
    assert.equal(listed.MaxSessionDuration, 3600);
    assert.equal(listed.AssumeRolePolicyDocument, encodeURIComponent(EC2_TRUST_POLICY));
    assert.equal(listed.Tags, undefined);
    assert.equal(listed.RoleLastUsed, undefined);
    assert.deepEqual(await roleNames("/nothing/"), []);
  });

  it("UpdateRole and UpdateRoleDescription change the description and session length", async () => {
    await iam().send(new UpdateRoleCommand({ RoleName: "app", Description: "updated", MaxSessionDuration: 7200 }));
    let { Role } = await iam().send(new GetRoleCommand({ RoleName: "app" }));
    assert.equal(Role!.Description, "updated");
    assert.equal(Role!.MaxSessionDuration, 7200);
    const described = await iam().send(new UpdateRoleDescriptionCommand({ RoleName: "app", Description: "via description" }));
    assert.equal(described.Role!.Description, "via description");
    assert.equal(described.Role!.Arn, "arn:aws:iam::000000000000:role/svc/app");
    assert.equal(described.Role!.MaxSessionDuration, undefined);
    ({ Role } = await iam().send(new GetRoleCommand({ RoleName: "app" })));
    assert.equal(Role!.Description, "via description");
    assert.equal(Role!.MaxSessionDuration, 7200);
    await assert.rejects(iam().send(new UpdateRoleCommand({ RoleName: "app", MaxSessionDuration: 100 })), rejectsWith("ValidationError", 400));
    ({ Role } = await iam().send(new GetRoleCommand({ RoleName: "app" })));
    assert.equal(Role!.MaxSessionDuration, 7200);
  });

  it("UpdateAssumeRolePolicy replaces the trust policy; malformed JSON leaves it unchanged", async () => {
    const next = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }],
    });
    await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: "app", PolicyDocument: next }));
    await assert.rejects(iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: "app", PolicyDocument: "[" })),
      rejectsWith("MalformedPolicyDocument", 400, "This policy contains invalid Json"));
    const { Role } = await iam().send(new GetRoleCommand({ RoleName: "app" }));
    assert.equal(decodeURIComponent(Role!.AssumeRolePolicyDocument!), next);
  });

  it("permissions boundaries: AWS-managed accepted, bad ARNs refused, Put/Delete round-trip", async () => {
    await iam().send(new CreateRoleCommand({
      RoleName: "bounded", AssumeRolePolicyDocument: EC2_TRUST_POLICY, PermissionsBoundary: "arn:aws:iam::aws:policy/PowerUserAccess",
    }));
    let { Role } = await iam().send(new GetRoleCommand({ RoleName: "bounded" }));
    assert.deepEqual(Role!.PermissionsBoundary, { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess" });
    await assert.rejects(iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: "bounded", PermissionsBoundary: "arn:aws:iam::000000000000:not_a_policy/x" })),
      rejectsWith("InvalidInput", 400, "ARN arn:aws:iam::000000000000:not_a_policy/x is not valid."));
    await assert.rejects(iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: "bounded", PermissionsBoundary: "arn:aws:iam::000000000000:policy/missing" })),
      rejectsWith("NoSuchEntity", 404, "Scope ARN: arn:aws:iam::000000000000:policy/missing does not exist or is not attachable."));
    ({ Role } = await iam().send(new GetRoleCommand({ RoleName: "bounded" })));
    assert.equal(Role!.PermissionsBoundary!.PermissionsBoundaryArn, "arn:aws:iam::aws:policy/PowerUserAccess");
    await iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: "bounded", PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    ({ Role } = await iam().send(new GetRoleCommand({ RoleName: "bounded" })));
    assert.equal(Role!.PermissionsBoundary!.PermissionsBoundaryArn, "arn:aws:iam::aws:policy/ReadOnlyAccess");
    const listed = await iam().send(new ListRolesCommand({}));
    assert.equal(listed.Roles!.find((r) => r.RoleName === "bounded")!.PermissionsBoundary, undefined, "ListRoles omits the boundary, as AWS");
    await iam().send(new DeleteRolePermissionsBoundaryCommand({ RoleName: "bounded" }));
    ({ Role } = await iam().send(new GetRoleCommand({ RoleName: "bounded" })));
    assert.equal(Role!.PermissionsBoundary, undefined);
  });

  it("TagRole merges (keys case-insensitive, first spelling kept), UntagRole removes, ListRoleTags pages", async () => {
    await iam().send(new TagRoleCommand({ RoleName: "app", Tags: [{ Key: "Env", Value: "dev" }, { Key: "owner", Value: "" }] }));
    await iam().send(new TagRoleCommand({ RoleName: "app", Tags: [{ Key: "env", Value: "prod" }] }));
    let tags = await iam().send(new ListRoleTagsCommand({ RoleName: "app" }));
    assert.deepEqual(tags.Tags, [{ Key: "team", Value: "blue" }, { Key: "Env", Value: "prod" }, { Key: "owner", Value: "" }]);
    assert.equal(tags.IsTruncated, false);
    const first = await iam().send(new ListRoleTagsCommand({ RoleName: "app", MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(first.Tags!.map((t) => t.Key), ["team", "Env"]);
    const second = await iam().send(new ListRoleTagsCommand({ RoleName: "app", MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(second.Tags!.map((t) => t.Key), ["owner"]);
    assert.equal(second.IsTruncated, false);
    await iam().send(new UntagRoleCommand({ RoleName: "app", TagKeys: ["ENV", "absent"] }));
    tags = await iam().send(new ListRoleTagsCommand({ RoleName: "app" }));
    assert.deepEqual(tags.Tags!.map((t) => t.Key), ["team", "owner"]);
  });

  it("DeleteRole refuses while the role is in an instance profile, then deletes", async () => {
    await iam().send(new CreateRoleCommand({ RoleName: "doomed", AssumeRolePolicyDocument: EC2_TRUST_POLICY }));
    await iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: "doomed-profile" }));
    await iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "doomed-profile", RoleName: "doomed" }));
    await assert.rejects(iam().send(new DeleteRoleCommand({ RoleName: "doomed" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must remove roles from instance profile first."));
    await iam().send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: "doomed-profile", RoleName: "doomed" }));
    await iam().send(new DeleteInstanceProfileCommand({ InstanceProfileName: "doomed-profile" }));
    await iam().send(new DeleteRoleCommand({ RoleName: "doomed" }));
    await assert.rejects(iam().send(new GetRoleCommand({ RoleName: "doomed" })), rejectsWith("NoSuchEntity", 404, "The role with name doomed cannot be found."));
  });
});

describe("service-linked roles", () => {
  it("CreateServiceLinkedRole names the role for the service, under /aws-service-role/<service>/", async () => {
    const { Role } = await iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: "elasticbeanstalk.amazonaws.com", Description: "eb" }));
    assert.equal(Role!.RoleName, "AWSServiceRoleForElasticBeanstalk");
    assert.equal(Role!.Path, "/aws-service-role/elasticbeanstalk.amazonaws.com/");
    assert.equal(Role!.Arn, "arn:aws:iam::000000000000:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk");
    assert.equal(Role!.Description, "eb");
    assert.match(Role!.RoleId!, /^AROA/);
    const trust = JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!));
    assert.deepEqual(trust.Statement[0].Principal, { Service: ["elasticbeanstalk.amazonaws.com"] });
    assert.deepEqual(trust.Statement[0].Action, ["sts:AssumeRole"]);
    const derived = await iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: "my-thing.example-svc.amazonaws.com" }));
    assert.equal(derived.Role!.RoleName, "AWSServiceRoleForMyThingExampleSvc");
  });

  it("CustomSuffix: appended where the service allows it, refused where it does not", async () => {
    const { Role } = await iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: "autoscaling.amazonaws.com", CustomSuffix: "fleet" }));
    assert.equal(Role!.RoleName, "AWSServiceRoleForAutoScaling_fleet");
    await assert.rejects(iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: "ecs.amazonaws.com", CustomSuffix: "x" })),
      rejectsWith("InvalidInput", 400, "Custom suffix is not allowed for ecs.amazonaws.com"));
    await assert.rejects(iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: "elasticbeanstalk.amazonaws.com" })),
      rejectsWith("InvalidInput", 400, "Service role name AWSServiceRoleForElasticBeanstalk has been taken in this account, please try a different suffix."));
    await assert.rejects(iam().send(new GetRoleCommand({ RoleName: "AWSServiceRoleForECS_x" })), rejectsWith("NoSuchEntity", 404));
  });

  it("the role is protected: DeleteRole, trust and boundary changes, session length are refused", async () => {
    const name = "AWSServiceRoleForElasticBeanstalk";
    const protectedMessage = `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`;
    await assert.rejects(iam().send(new DeleteRoleCommand({ RoleName: name })), rejectsWith("UnmodifiableEntity", 400, protectedMessage));
    await assert.rejects(iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: EC2_TRUST_POLICY })), rejectsWith("UnmodifiableEntity", 400, protectedMessage));
    await assert.rejects(iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess" })),
      rejectsWith("UnmodifiableEntity", 400, protectedMessage));
    await assert.rejects(iam().send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: 7200 })),
      rejectsWith("UnmodifiableEntity", 400, `${name} is an AWS service linked role, max session duration cannot be changed.`));
    await iam().send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: "still editable" }));
    await iam().send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: "a", Value: "b" }] }));
    const { Role } = await iam().send(new GetRoleCommand({ RoleName: name }));
    assert.equal(Role!.Description, "still editable");
    assert.equal(Role!.MaxSessionDuration, 3600);
    assert.equal(decodeURIComponent(Role!.AssumeRolePolicyDocument!).includes("elasticbeanstalk.amazonaws.com"), true);
  });

  it("DeleteServiceLinkedRole returns a task id; its status is SUCCEEDED and the role is gone", async () => {
    const { DeletionTaskId } = await iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: "AWSServiceRoleForElasticBeanstalk" }));
    assert.match(DeletionTaskId!, /^task\/aws-service-role\/elasticbeanstalk\.amazonaws\.com\/AWSServiceRoleForElasticBeanstalk\/[0-9a-f-]{36}$/);
    const status = await iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    assert.equal(status.Status, "SUCCEEDED");
    await assert.rejects(iam().send(new GetRoleCommand({ RoleName: "AWSServiceRoleForElasticBeanstalk" })), rejectsWith("NoSuchEntity", 404));
    await assert.rejects(iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: "app" })),
      rejectsWith("NoSuchEntity", 404, "There is no service-linked role with name app."));
    await assert.rejects(iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: "ghost" })),
      rejectsWith("NoSuchEntity", 404, "The role with name ghost cannot be found."));
    await assert.rejects(iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: "task/nonsense" })), rejectsWith("InvalidInput", 400));
    // A well-formed id this emulator never issued is not a success it did not earn (issue: honest answers).
    const foreign = "task/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk/0b6f8e3c-1111-4222-8333-944445555666";
    await assert.rejects(iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: foreign })),
      rejectsWith("NoSuchEntity", 404, `The deletion task with id ${foreign} cannot be found.`));
    await iam().send(new GetRoleCommand({ RoleName: "app" }));
  });
});

describe("recordRoleUse (the hook STS calls on AssumeRole)", () => {
  it("fills GetRole's RoleLastUsed with the date and region", async () => {
    const store = new Store();
    const account = new AccountStore("111122223333", "eu-west-1", store.begin());
    const ctx = { caller: rootCaller("111122223333", "127.0.0.1"), store: account, clock: { now: () => new Date("2026-01-02T03:04:05Z") } };
    await CreateRole({ ...ctx, input: { RoleName: "used", AssumeRolePolicyDocument: EC2_TRUST_POLICY } } as never);
    recordRoleUse(account, "USED", "eu-west-1", new Date("2026-02-03T04:05:06Z"));
    const { Role } = await GetRole({ ...ctx, input: { RoleName: "used" } } as never);
    assert.deepEqual(Role.RoleLastUsed, { LastUsedDate: "2026-02-03T04:05:06.000Z", Region: "eu-west-1" });
    assert.equal(iamTables.roles(account).get("used")!.CreateDate, "2026-01-02T03:04:05.000Z");
    recordRoleUse(account, "missing", "eu-west-1", new Date());
    assert.equal(iamTables.roles(account).size, 1);
  });
});
