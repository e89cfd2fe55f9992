// The compact catalog the build writes, and what the editor reads from it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import Ajv from "ajv";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Catalog, keyPattern } from "../../../src/editor-core/catalog.js";
import { policyDocumentSchema } from "../../../src/policy/index.js";
import { testCatalog } from "./catalog-fixture.js";

const catalog = testCatalog();

describe("editor catalog", () => {
  it("is written gzipped and compact by scripts/build-editor-catalog.mjs", () => {
    const dir = mkdtempSync(join(tmpdir(), "editor-catalog-test-"));
    try {
      const out = join(dir, "c.json.gz");
      const printed = execFileSync(process.execPath, [join(__dirname, "../../../scripts/build-editor-catalog.mjs"), "--out", out], { encoding: "utf8" });
      assert.match(printed, /^wrote .*c\.json\.gz: \d{3} services, \d+ KiB, from @cloud-copilot\/iam-data [\d.]+ \(MIT\)\n$/);
      assert.ok(statSync(out).size < 1_000_000, `${statSync(out).size} bytes`);
      assert.deepEqual(Catalog.fromFile(out).prefixes(), catalog.prefixes());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("knows services by prefix, case-insensitively", () => {
    assert.ok(catalog.prefixes().length > 400);
    assert.equal(catalog.serviceName("S3"), "Amazon S3");
    assert.ok(catalog.hasService("cognito-idp"));
    assert.ok(!catalog.hasService("s4"));
  });

  it("finds actions with their access level, resource types and keys", () => {
    const a = catalog.action("IAM:passrole")!;
    assert.equal(a.name, "PassRole");
    assert.equal(a.accessLevel, "Write");
    assert.deepEqual(a.resourceTypes.map((r) => [r.type.name, r.type.arn, r.required]), [["role", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", true]]);
    assert.deepEqual(a.conditionKeys.map((k) => k.key), ["iam:AssociatedResourceArn", "iam:PassedToService"]);
    assert.equal(catalog.action("iam:Fly"), undefined);
  });

  it("expands wildcards within a service and across services", () => {
    assert.deepEqual(catalog.expand("sts:GetCaller*").map((a) => a.name), ["GetCallerIdentity"]);
    assert.ok(catalog.expand("iam:*").length > 100);
    assert.ok(catalog.expand("*:GetCallerIdentity").some((a) => a.service === "sts"));
  });

  it("expands a pattern once: the same read-only list again, which no caller can change for the next", () => {
    const first = catalog.expand("sts:Get*");
    assert.equal(catalog.expand("sts:Get*"), first);
    assert.ok(Object.isFrozen(first));
    assert.throws(() => (first as unknown[]).push(first[0]), TypeError);
    assert.deepEqual(catalog.expand("sts:Get*").map((a) => a.name), first.map((a) => a.name));
    assert.notEqual(catalog.expand("sts:GET*"), first, "patterns are keyed as written");
  });

  it("finds condition keys: global ones with placeholders, and services'", () => {
    assert.equal(catalog.conditionKey("aws:principaltag/Team")?.key, "aws:PrincipalTag/${TagKey}");
    assert.equal(catalog.conditionKey("aws:SourceIp")?.type, "IPAddress");
    assert.equal(catalog.conditionKey("s3:ExistingObjectTag/env")?.key, "s3:ExistingObjectTag/<key>");
    assert.equal(catalog.conditionKey("iam:PassedToService")?.type, "String");
    assert.equal(catalog.conditionKey("aws:Nope"), undefined);
    assert.ok(keyPattern("aws:RequestTag/${TagKey}").test("AWS:requesttag/a/b"));
  });
});

describe("contributed JSON schemas", () => {
  it("schemas/iam-policy.schema.json is the engine's policy grammar", () => {
    assert.deepEqual(JSON.parse(readFileSync(join(__dirname, "../../../schemas/iam-policy.schema.json"), "utf8")), JSON.parse(JSON.stringify(policyDocumentSchema)));
  });

  it("schemas/policy-scenarios.schema.json accepts what parseScenarioFile reads", () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(__dirname, "../../../schemas/policy-scenarios.schema.json"), "utf8")));
    assert.ok(validate({ principal: "arn:aws:iam::123456789012:user/a", scenarios: [{ name: "n", action: "s3:GetObject", resource: "*", context: { "aws:TagKeys": ["a"] }, expect: "allowed", decidingSid: 0 }] }));
    assert.ok(!validate({ scenarios: [{ action: "s3:GetObject", expect: "maybe" }] }));
  });
});
