// The custom checks' engine side: witness requests decide, so conditions, wildcards and principals count;
// compareAccess lists what an edit gains and loses, and the editor's report says it in Markdown.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkNoNewAccess, compareAccess, checkNoPublicAccess, PolicyParseError } from "../../../../src/policy/index.js";
import { accessChangeReport } from "../../../../src/editor-core/access-change-report.js";
import { testCatalog } from "../../editor-core/catalog-fixture.js";

const p = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const catalog = testCatalog();

describe("compareAccess", () => {
  it("lists gained and lost actions with the resources as written", () => {
    const before = p({ Effect: "Allow", Action: ["s3:GetObject", "s3:DeleteObject"], Resource: "arn:aws:s3:::reports/*" });
    const after = p({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::reports/*" }, { Effect: "Allow", Action: "iam:GetUser", Resource: "*" });
    const change = compareAccess(before, after, "IDENTITY_POLICY", catalog);
    assert.deepEqual(change.gained, [{ action: "iam:GetUser", resources: ["*"] }, { action: "s3:PutObject", resources: ["arn:aws:s3:::reports/*"] }]);
    assert.deepEqual(change.lost, [{ action: "s3:DeleteObject", resources: ["arn:aws:s3:::reports/*"] }]);
    assert.deepEqual([change.newAccess.result, change.removedAccess.result], ["FAIL", "FAIL"]);
    const report = accessChangeReport(change, { before: "git HEAD", after: "the editor's text" });
    assert.match(report, /^# What does this change grant\?\n\nComparing git HEAD with the editor's text, decided by the policy engine\.\n\n\*\*Grants new access\*\* \(statement 0, statement 1\)\. It also \*\*removes access\*\*/);
  });

  it("a Deny added or a condition tightened loses access and gains none", () => {
    const before = p({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" });
    const after = p({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*", Condition: { Bool: { "aws:SecureTransport": "true" } } });
    const change = compareAccess(before, after, "IDENTITY_POLICY", catalog);
    assert.deepEqual(change.gained, []);
    assert.deepEqual(change.lost.map((d) => d.action), ["s3:GetObject"]);
    assert.equal(change.newAccess.result, "PASS");
  });

  it("an unchanged policy changes nothing; a malformed one is the engine's parse error", () => {
    const doc = p({ Effect: "Allow", Action: "s3:Get*", Resource: "*" });
    const same = compareAccess(doc, doc, "IDENTITY_POLICY", catalog);
    assert.deepEqual([same.gained, same.lost, same.newAccess.result], [[], [], "PASS"]);
    assert.throws(() => compareAccess(doc, "{", "IDENTITY_POLICY", catalog), PolicyParseError);
  });
});

describe("custom checks decided by the engine", () => {
  it("a NotResource carve-out is narrower than the resource it carves from only where it must be", () => {
    const existing = p({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" });
    assert.equal(checkNoNewAccess(p({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::b/secret/*" }), existing, "IDENTITY_POLICY", catalog).result, "FAIL");
    assert.equal(checkNoNewAccess(p({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/public/*" }), existing, "IDENTITY_POLICY", catalog).result, "PASS");
  });

  it("public access honours a Deny for everyone outside the organization", () => {
    const open = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::site/*" };
    const fence = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::site/*", Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } };
    assert.equal(checkNoPublicAccess(p(open), "AWS::S3::Bucket", catalog).result, "FAIL");
    assert.equal(checkNoPublicAccess(p(open, fence), "AWS::S3::Bucket", catalog).result, "PASS");
  });
});
