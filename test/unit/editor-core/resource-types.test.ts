// Does a policy's Resource entry fit a catalog resource type? Glob overlap with typed placeholders.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { globsOverlap, policyGlob, templateGlob } from "../../../src/editor-core/resource-types.js";

const fits = (resource: string, template: string) => globsOverlap(policyGlob(resource), templateGlob(template));
const bucket = "arn:${Partition}:s3:::${BucketName}";
const object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
const role = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";

describe("resource types", () => {
  it("matches literal ARNs against templates, a bucket name holding no slash", () => {
    assert.ok(fits("arn:aws:s3:::reports", bucket));
    assert.ok(!fits("arn:aws:s3:::reports/a.csv", bucket));
    assert.ok(fits("arn:aws:s3:::reports/2024/a.csv", object));
    assert.ok(fits("arn:aws:iam::123456789012:role/ops/app", role));
    assert.ok(!fits("arn:aws:iam::123456789012:user/app", role));
  });

  it("reads the policy's wildcards and variables as matching anything", () => {
    assert.ok(fits("arn:aws:s3:::*", bucket));
    assert.ok(fits("arn:aws:s3:::*", object));
    assert.ok(fits("arn:aws:s3:::reports/*", object));
    assert.ok(!fits("arn:aws:s3:::reports/*", bucket));
    assert.ok(fits("arn:aws:s3:::home/${aws:username}/*", object));
    assert.ok(fits("arn:aws:iam::*:role/*", role));
    assert.ok(fits("arn:aws:s3:::report?", bucket));
  });

  it("overlap is symmetric on plain globs", () => {
    for (const [a, b, r] of [["a*c", "ab*", true], ["a?c", "abd", false], ["*", "", true], ["x*", "y*", false]] as const) {
      assert.equal(globsOverlap(a, b), r, `${a} ${b}`);
      assert.equal(globsOverlap(b, a), r, `${b} ${a}`);
    }
  });
});
