// "Did you mean": edit distance with adjacent swaps, and which names count as the nearest.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { editDistance, nearestNames } from "../../../src/editor-core/nearest-name.js";

describe("nearest names", () => {
  it("counts insertions, deletions, substitutions and swaps, ignoring case", () => {
    assert.equal(editDistance("GetObjct", "GetObject"), 1);
    assert.equal(editDistance("GetOjbect", "GetObject"), 1);
    assert.equal(editDistance("getobject", "GetObject"), 0);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("abc", "abcdefgh", 2), 3);
  });

  it("keeps only one-edit typos when there is one, best first", () => {
    assert.deepEqual(nearestNames("s4", ["ce", "s3", "a4b", "sso"]), ["s3"]);
    assert.deepEqual(nearestNames("ListBuckt", ["ListBucket", "ListBuckets", "GetBucket"]), ["ListBucket"]);
  });

  it("falls back to farther names and to names the typed text starts", () => {
    assert.deepEqual(nearestNames("PutObjectAc", ["PutObjectAcl", "PutObject", "GetObjectAcl"]), ["PutObjectAcl"]);
    assert.deepEqual(nearestNames("DescribeInst", ["DescribeInstances", "DescribeInstanceStatus", "RunInstances"]), ["DescribeInstances", "DescribeInstanceStatus"]);
    assert.deepEqual(nearestNames("zzzz", ["s3", "iam"]), []);
  });
});
