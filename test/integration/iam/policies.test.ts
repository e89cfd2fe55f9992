// Managed policies (customer and AWS-managed), their versions and tags, through the real SDK v3 client
// against the spawned CLI.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, CreatePolicyCommand, GetPolicyCommand, DeletePolicyCommand, ListPoliciesCommand,
  CreatePolicyVersionCommand, GetPolicyVersionCommand, DeletePolicyVersionCommand, ListPolicyVersionsCommand,
  SetDefaultPolicyVersionCommand, TagPolicyCommand, UntagPolicyCommand, ListPolicyTagsCommand,
  CreateUserCommand, AttachUserPolicyCommand, DetachUserPolicyCommand, IAMServiceException, type Policy,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
// One attempt: the SDK retries LimitExceeded (as a throttling error) with back-off, which only slows the tests.
let client: IAMClient | undefined;
const iam = () => (client ??= new IAMClient({ ...emu.clientConfig, maxAttempts: 1 }));
after(() => client?.destroy());
const ACCOUNT = "000000000000";
const arnOf = (name: string, path = "/") => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;


const doc = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });

async function localPolicyNames(): Promise<string[]> {
  const names: string[] = [];
  let Marker: string | undefined;
  do {
    const out = await iam().send(new ListPoliciesCommand({ Scope: "Local", Marker }));
    names.push(...out.Policies!.map((p) => p.PolicyName!));
    Marker = out.Marker;
  } while (Marker);
  return names;
}

describe("customer-managed policies", () => {
  it("CreatePolicy returns AWS's fields; GetPolicy adds Description and Tags", async () => {
    const created = await iam().send(new CreatePolicyCommand({
      PolicyName: "s3-read", Path: "/team/", PolicyDocument: doc("s3:GetObject"), Description: "read objects",
      Tags: [{ Key: "team", Value: "blue" }],
    }));
    const p = created.Policy!;
    assert.equal(p.PolicyName, "s3-read");
    assert.equal(p.Arn, arnOf("s3-read", "/team/"));
    assert.equal(p.Path, "/team/");
    assert.match(p.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
    assert.equal(p.DefaultVersionId, "v1");
    assert.equal(p.AttachmentCount, 0);
    assert.equal(p.PermissionsBoundaryUsageCount, 0);
    assert.equal(p.IsAttachable, true);
    assert.equal(p.Description, undefined, "CreatePolicy does not echo the description");
    assert.deepEqual(p.Tags, [{ Key: "team", Value: "blue" }]);
    assert.equal(p.CreateDate!.getTime(), p.UpdateDate!.getTime());

    const got = (await iam().send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy!;
    assert.equal(got.Description, "read objects");
    assert.equal(got.PolicyId, p.PolicyId);
    assert.deepEqual(got.Tags, [{ Key: "team", Value: "blue" }]);
  });

  it("GetPolicy of a policy without tags answers Tags: []", async () => {
    const { Policy } = await iam().send(new CreatePolicyCommand({ PolicyName: "plain", PolicyDocument: doc("s3:ListBucket") }));
    assert.equal(Policy!.Tags, undefined);
    const got = (await iam().send(new GetPolicyCommand({ PolicyArn: Policy!.Arn }))).Policy!;
    assert.deepEqual(got.Tags, []);
    assert.equal(got.Description, undefined);
  });

  it("policy names are unique in the account regardless of path and case: EntityAlreadyExists 409", async () => {
    await assert.rejects(iam().send(new CreatePolicyCommand({ PolicyName: "S3-READ", Path: "/other/", PolicyDocument: doc("s3:GetObject") })),
      rejectsWith("EntityAlreadyExists", 409, "A policy called S3-READ already exists. Duplicate names are not allowed."));
  });

  it("a malformed or oversized document is refused and nothing is created", async () => {
    await assert.rejects(iam().send(new CreatePolicyCommand({ PolicyName: "broken", PolicyDocument: "{\"Version\": " })),
      rejectsWith("MalformedPolicyDocument", 400, "Syntax errors in policy."));
    const big = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: Array.from({ length: 400 }, (_, i) => `s3:Get${i}Thing`), Resource: "*" }] });
    await assert.rejects(iam().send(new CreatePolicyCommand({ PolicyName: "huge", PolicyDocument: big })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for PolicySize: 6144"));
    await assert.rejects(iam().send(new CreatePolicyCommand({ PolicyName: "bad-path", Path: "nopath", PolicyDocument: doc("s3:GetObject") })),
      rejectsWith("ValidationError", 400, /at 'path' failed to satisfy constraint/));
    for (const name of ["broken", "huge", "bad-path"]) {
      await assert.rejects(iam().send(new GetPolicyCommand({ PolicyArn: arnOf(name) })), rejectsWith("NoSuchEntity", 404, `Policy ${arnOf(name)} was not found.`));
    }
    assert.deepEqual((await localPolicyNames()).sort(), ["plain", "s3-read"]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html: 2008-10-17 is not for
  // new policies; IAM's answer as recorded in Meteor-CollectionFS#630. Inline policies still take it (inline-policies.test.ts).
  it("a managed policy without Version or with 2008-10-17 is MalformedPolicyDocument, on create and on new versions", async () => {
    const message = "Policy document must be version 2012-10-17 or greater.";
    const statement = [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }];
    for (const PolicyDocument of [JSON.stringify({ Statement: statement }), JSON.stringify({ Version: "2008-10-17", Statement: statement })]) {
      await assert.rejects(iam().send(new CreatePolicyCommand({ PolicyName: "legacy", PolicyDocument })), rejectsWith("MalformedPolicyDocument", 400, message));
      await assert.rejects(iam().send(new CreatePolicyVersionCommand({ PolicyArn: arnOf("plain"), PolicyDocument })), rejectsWith("MalformedPolicyDocument", 400, message));
    }
    assert.deepEqual((await localPolicyNames()).sort(), ["plain", "s3-read"]);
  });

  it("an ARN that is not a policy ARN answers InvalidInput", async () => {
    await assert.rejects(iam().send(new GetPolicyCommand({ PolicyArn: "arn:aws:s3:::some-bucket-name" })),
      rejectsWith("InvalidInput", 400, "ARN arn:aws:s3:::some-bucket-name is not valid."));
    await assert.rejects(iam().send(new DeletePolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/arn:aws:iam::aws:policy/ReadOnlyAccess" })),
      rejectsWith("InvalidInput", 400, "ARN arn:aws:iam::aws:policy/arn:aws:iam::aws:policy/ReadOnlyAccess is not valid."));
  });
});

describe("policy versions", () => {
  const arn = arnOf("versioned");

  it("CreatePolicyVersion with and without SetAsDefault; ListPolicyVersions lists newest first", async () => {
    await iam().send(new CreatePolicyCommand({ PolicyName: "versioned", PolicyDocument: doc("s3:ListBucket") }));
    const v2 = (await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc("s3:GetObject"), SetAsDefault: true }))).PolicyVersion!;
    assert.equal(v2.VersionId, "v2");
    assert.equal(v2.IsDefaultVersion, true);
    assert.equal(v2.Document, undefined, "CreatePolicyVersion does not echo the document");
    const v3 = (await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc("ec2:DescribeInstances") }))).PolicyVersion!;
    assert.equal(v3.VersionId, "v3");
    assert.equal(v3.IsDefaultVersion, false);

    const listed = await iam().send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(listed.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]), [["v3", false], ["v2", true], ["v1", false]]);
    assert.equal(listed.IsTruncated, false);
    const policy = (await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    assert.equal(policy.DefaultVersionId, "v2");
    assert.equal(policy.UpdateDate!.getTime(), v3.CreateDate!.getTime(), "UpdateDate is the newest version's date");

    const page1 = await iam().send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 2 }));
    assert.deepEqual(page1.Versions!.map((v) => v.VersionId), ["v3", "v2"]);
    assert.equal(page1.IsTruncated, true);
    const page2 = await iam().send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 2, Marker: page1.Marker }));
    assert.deepEqual(page2.Versions!.map((v) => v.VersionId), ["v1"]);
    assert.equal(page2.IsTruncated, false);
  });

  it("GetPolicyVersion returns the document URL-encoded, as AWS does", async () => {
    const { PolicyVersion } = await iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v3" }));
    assert.equal(PolicyVersion!.Document, encodeURIComponent(doc("ec2:DescribeInstances")));
    assert.equal(decodeURIComponent(PolicyVersion!.Document!), doc("ec2:DescribeInstances"));
    assert.equal(PolicyVersion!.IsDefaultVersion, false);
    await assert.rejects(iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v9" })),
      rejectsWith("NoSuchEntity", 404, `Policy ${arn} version v9 does not exist or is not attachable.`));
    await assert.rejects(iam().send(new GetPolicyVersionCommand({ PolicyArn: arnOf("ghost"), VersionId: "v1" })),
      rejectsWith("NoSuchEntity", 404, `Policy ${arnOf("ghost")} version v1 does not exist or is not attachable.`));
    await assert.rejects(iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "1" })),
      rejectsWith("ValidationError", 400, "1 validation error detected: Value '1' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?"));
  });

  it("SetDefaultPolicyVersion moves the default; the default version cannot be deleted", async () => {
    await iam().send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" }));
    const listed = await iam().send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(listed.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]), [["v3", false], ["v2", false], ["v1", true]]);
    await assert.rejects(iam().send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete the default version of a policy."));
    await assert.rejects(iam().send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: "v4" })),
      rejectsWith("NoSuchEntity", 404, `Policy ${arn} version v4 does not exist or is not attachable.`));
    await assert.rejects(iam().send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: "v9" })),
      rejectsWith("NoSuchEntity", 404, `Policy ${arn} version v9 does not exist or is not attachable.`));
  });

  it("five versions at most: LimitExceeded, and version numbers are never reused", async () => {
    await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc("s3:PutObject") }));
    await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc("s3:DeleteObject") }));
    await assert.rejects(iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc("s3:*") })),
      rejectsWith("LimitExceeded", 409, "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version."));
    await iam().send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: "v3" }));
    const v6 = (await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc("s3:*") }))).PolicyVersion!;
    assert.equal(v6.VersionId, "v6");
  });

  it("a malformed new version is refused and the versions stay as they were", async () => {
    await assert.rejects(iam().send(new CreatePolicyVersionCommand({ PolicyArn: arnOf("plain"), PolicyDocument: "not json" })),
      rejectsWith("MalformedPolicyDocument", 400, "Syntax errors in policy."));
    const listed = await iam().send(new ListPolicyVersionsCommand({ PolicyArn: arnOf("plain") }));
    assert.deepEqual(listed.Versions!.map((v) => v.VersionId), ["v1"]);
    await assert.rejects(iam().send(new CreatePolicyVersionCommand({ PolicyArn: arnOf("ghost"), PolicyDocument: doc("s3:*") })),
      rejectsWith("NoSuchEntity", 404, `Policy ${arnOf("ghost")} was not found.`));
  });

  it("DeletePolicy needs the other versions gone first, then deletes the default with the policy", async () => {
    await assert.rejects(iam().send(new DeletePolicyCommand({ PolicyArn: arn })), rejectsWith("DeleteConflict", 409,
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."));
    for (const v of ["v2", "v4", "v5", "v6"]) await iam().send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    await iam().send(new DeletePolicyCommand({ PolicyArn: arn }));
    await assert.rejects(iam().send(new GetPolicyCommand({ PolicyArn: arn })), rejectsWith("NoSuchEntity", 404, `Policy ${arn} was not found.`));
    // The name is free again.
    await iam().send(new CreatePolicyCommand({ PolicyName: "versioned", PolicyDocument: doc("s3:ListBucket") }));
    await iam().send(new DeletePolicyCommand({ PolicyArn: arn }));
  });

  it("a policy attached to an entity cannot be deleted; AttachmentCount follows the attachments", async () => {
    await iam().send(new CreateUserCommand({ UserName: "holder" }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "holder", PolicyArn: arnOf("plain") }));
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: arnOf("plain") }))).Policy!.AttachmentCount, 1);
    await assert.rejects(iam().send(new DeletePolicyCommand({ PolicyArn: arnOf("plain") })),
      rejectsWith("DeleteConflict", 409, "Cannot delete a policy attached to entities."));
    await iam().send(new DetachUserPolicyCommand({ UserName: "holder", PolicyArn: arnOf("plain") }));
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: arnOf("plain") }))).Policy!.AttachmentCount, 0);
  });
});

describe("ListPolicies", () => {
  it("Scope=Local pages with MaxItems/Marker and filters by PathPrefix", async () => {
    for (const n of ["p1", "p2", "p3", "p4", "p5"]) await iam().send(new CreatePolicyCommand({ PolicyName: `paged-${n}`, Path: "/paged/", PolicyDocument: doc("s3:GetObject") }));
    const seen: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam().send(new ListPoliciesCommand({ Scope: "Local", PathPrefix: "/paged/", MaxItems: 2, Marker }));
      pages++;
      seen.push(...out.Policies!.map((p) => p.PolicyName!));
      assert.equal(out.IsTruncated, out.Marker !== undefined);
      for (const p of out.Policies!) {
        assert.equal(p.Tags, undefined, "ListPolicies carries no tags");
        assert.equal(p.Description, undefined, "ListPolicies carries no description");
      }
      Marker = out.Marker;
    } while (Marker);
    assert.deepEqual(seen, ["paged-p1", "paged-p2", "paged-p3", "paged-p4", "paged-p5"]);
    assert.equal(pages, 3);
  });

  it("Scope=AWS lists the AWS-managed catalog; Scope=All pages from customer policies into it", async () => {
    const aws = await iam().send(new ListPoliciesCommand({ Scope: "AWS", MaxItems: 1000 }));
    assert.equal(aws.Policies!.length, 1000);
    assert.equal(aws.IsTruncated, true);
    assert.ok(aws.Policies!.every((p) => p.Arn!.startsWith("arn:aws:iam::aws:policy/")));
    const rest = await iam().send(new ListPoliciesCommand({ Scope: "AWS", MaxItems: 1000, Marker: aws.Marker }));
    assert.equal(rest.IsTruncated, false);
    const total = aws.Policies!.length + rest.Policies!.length;
    assert.ok(total > 1400, `the catalog holds ${total} policies`);
    const arns = [...aws.Policies!, ...rest.Policies!].map((p) => p.Arn!);
    assert.ok(arns.includes("arn:aws:iam::aws:policy/AdministratorAccess"));
    assert.ok(arns.includes("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
    assert.equal(new Set(arns).size, arns.length, "no policy twice across pages");

    const local = await localPolicyNames();
    const first = await iam().send(new ListPoliciesCommand({ MaxItems: local.length + 1 }));
    assert.deepEqual(first.Policies!.slice(0, local.length).map((p) => p.PolicyName).sort(), [...local].sort());
    assert.ok(first.Policies![local.length]!.Arn!.startsWith("arn:aws:iam::aws:policy/"), "customer policies come first, then AWS's");
    const next = await iam().send(new ListPoliciesCommand({ MaxItems: 1, Marker: first.Marker }));
    assert.notEqual(next.Policies![0]!.Arn, first.Policies![local.length]!.Arn);
    assert.ok(next.Policies![0]!.Arn! > first.Policies![local.length]!.Arn!);
  });

  it("OnlyAttached lists only policies in use, AWS-managed ones included", async () => {
    await iam().send(new AttachUserPolicyCommand({ UserName: "holder", PolicyArn: arnOf("paged-p3", "/paged/") }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "holder", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    const all = await iam().send(new ListPoliciesCommand({ OnlyAttached: true }));
    assert.deepEqual(all.Policies!.map((p) => [p.PolicyName, p.AttachmentCount]), [["paged-p3", 1], ["ReadOnlyAccess", 1]]);
    const local = await iam().send(new ListPoliciesCommand({ OnlyAttached: true, Scope: "Local" }));
    assert.deepEqual(local.Policies!.map((p) => p.PolicyName), ["paged-p3"]);
    const aws = await iam().send(new ListPoliciesCommand({ OnlyAttached: true, Scope: "AWS" }));
    assert.deepEqual(aws.Policies!.map((p) => p.PolicyName), ["ReadOnlyAccess"]);
    const bounds = await iam().send(new ListPoliciesCommand({ OnlyAttached: true, PolicyUsageFilter: "PermissionsBoundary" }));
    assert.deepEqual(bounds.Policies, []);
    const paged = await iam().send(new ListPoliciesCommand({ OnlyAttached: true, MaxItems: 1 }));
    assert.deepEqual(paged.Policies!.map((p) => p.PolicyName), ["paged-p3"]);
    const paged2 = await iam().send(new ListPoliciesCommand({ OnlyAttached: true, MaxItems: 1, Marker: paged.Marker }));
    assert.deepEqual(paged2.Policies!.map((p) => p.PolicyName), ["ReadOnlyAccess"]);
    assert.equal(paged2.IsTruncated, false);
    await iam().send(new DetachUserPolicyCommand({ UserName: "holder", PolicyArn: arnOf("paged-p3", "/paged/") }));
    await iam().send(new DetachUserPolicyCommand({ UserName: "holder", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
  });

  it("a forged Marker is refused", async () => {
    await assert.rejects(iam().send(new ListPoliciesCommand({ Marker: "not-a-marker!" })), rejectsWith("ValidationError", 400, "Invalid Marker."));
  });
});

describe("AWS-managed policies", () => {
  const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
  const lambda = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

  it("GetPolicy and GetPolicyVersion answer from the catalog", async () => {
    const p: Policy = (await iam().send(new GetPolicyCommand({ PolicyArn: lambda }))).Policy!;
    assert.equal(p.PolicyName, "AWSLambdaBasicExecutionRole");
    assert.equal(p.Path, "/service-role/");
    assert.equal(p.IsAttachable, true);
    assert.equal(p.AttachmentCount, 0);
    assert.match(p.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
    assert.deepEqual(p.Tags, []);
    const { PolicyVersion } = await iam().send(new GetPolicyVersionCommand({ PolicyArn: lambda, VersionId: p.DefaultVersionId! }));
    assert.equal(PolicyVersion!.IsDefaultVersion, true);
    assert.deepEqual(JSON.parse(decodeURIComponent(PolicyVersion!.Document!)), {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }],
    });
    const admin1 = await iam().send(new GetPolicyVersionCommand({ PolicyArn: admin, VersionId: "v1" }));
    assert.deepEqual(JSON.parse(decodeURIComponent(admin1.PolicyVersion!.Document!)).Statement, [{ Effect: "Allow", Action: "*", Resource: "*" }]);
    const versions = await iam().send(new ListPolicyVersionsCommand({ PolicyArn: admin }));
    assert.deepEqual(versions.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]), [["v1", true]]);
    await assert.rejects(iam().send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/NoSuchManagedPolicy" })),
      rejectsWith("NoSuchEntity", 404, "Policy arn:aws:iam::aws:policy/NoSuchManagedPolicy was not found."));
  });

  it("AWS-managed policies cannot be deleted, versioned or tagged: AccessDenied", async () => {
    const denied = (action: string) => rejectsWith("AccessDenied", 403,
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: iam:${action} on resource: policy ${admin} because no resource-based policy allows the iam:${action} action`);
    await assert.rejects(iam().send(new DeletePolicyCommand({ PolicyArn: admin })), denied("DeletePolicy"));
    await assert.rejects(iam().send(new CreatePolicyVersionCommand({ PolicyArn: admin, PolicyDocument: doc("s3:*") })), denied("CreatePolicyVersion"));
    await assert.rejects(iam().send(new SetDefaultPolicyVersionCommand({ PolicyArn: admin, VersionId: "v1" })), denied("SetDefaultPolicyVersion"));
    await assert.rejects(iam().send(new DeletePolicyVersionCommand({ PolicyArn: admin, VersionId: "v1" })), denied("DeletePolicyVersion"));
    await assert.rejects(iam().send(new TagPolicyCommand({ PolicyArn: admin, Tags: [{ Key: "k", Value: "v" }] })), denied("TagPolicy"));
    assert.equal((await iam().send(new GetPolicyCommand({ PolicyArn: admin }))).Policy!.DefaultVersionId, "v1");
  });
});

describe("policy tags", () => {
  const arn = arnOf("tagged");

  it("TagPolicy merges, ListPolicyTags orders by key length then key, and pages", async () => {
    await iam().send(new CreatePolicyCommand({ PolicyName: "tagged", PolicyDocument: doc("s3:GetObject"), Tags: [{ Key: "abc", Value: "first" }] }));
    await iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: "b", Value: "second" }, { Key: "z", Value: "third" }, { Key: "a", Value: "fourth" }, { Key: "A", Value: "upper" }] }));
    await iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: "abc", Value: "replaced" }] }));
    const all = await iam().send(new ListPolicyTagsCommand({ PolicyArn: arn }));
    assert.deepEqual(all.Tags!.map((t) => `${t.Key}=${t.Value}`), ["A=upper", "a=fourth", "b=second", "z=third", "abc=replaced"]);
    assert.equal(all.IsTruncated, false);
    const first = await iam().send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 3 }));
    assert.deepEqual(first.Tags!.map((t) => t.Key), ["A", "a", "b"]);
    assert.equal(first.IsTruncated, true);
    const second = await iam().send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 3, Marker: first.Marker }));
    assert.deepEqual(second.Tags!.map((t) => t.Key), ["z", "abc"]);
    assert.equal(second.IsTruncated, false);
    const got = (await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    assert.deepEqual(got.Tags!.map((t) => t.Key), ["abc", "b", "z", "a", "A"], "GetPolicy keeps the order tags were added");
  });

  it("UntagPolicy removes keys (case-sensitively); unknown keys are ignored", async () => {
    await iam().send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ["a", "nope"] }));
    const out = await iam().send(new ListPolicyTagsCommand({ PolicyArn: arn }));
    assert.deepEqual(out.Tags!.map((t) => t.Key), ["A", "b", "z", "abc"]);
  });

  it("bad tags are refused and change nothing", async () => {
    await assert.rejects(iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: "dup", Value: "1" }, { Key: "dup", Value: "2" }] })),
      rejectsWith("InvalidInput", 400, "Duplicate tag keys found."));
    await assert.rejects(iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: "AWS:owner", Value: "me" }] })),
      rejectsWith("InvalidInput", 400, "User-provided tag keys cannot start with 'aws:'."));
    await assert.rejects(iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) })),
      rejectsWith("ValidationError", 400, "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"));
    await assert.rejects(iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: Array.from({ length: 47 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for TagsPerPolicy: 50"));
    await assert.rejects(iam().send(new TagPolicyCommand({ PolicyArn: arnOf("NotAPolicy"), Tags: [{ Key: "k", Value: "v" }] })),
      rejectsWith("NoSuchEntity", 404, `Policy ${arnOf("NotAPolicy")} was not found.`));
    await assert.rejects(iam().send(new UntagPolicyCommand({ PolicyArn: arnOf("NotAPolicy"), TagKeys: ["k"] })),
      rejectsWith("NoSuchEntity", 404, `Policy ${arnOf("NotAPolicy")} was not found.`));
    const out = await iam().send(new ListPolicyTagsCommand({ PolicyArn: arn }));
    assert.deepEqual(out.Tags!.map((t) => t.Key), ["A", "b", "z", "abc"]);
  });
});
