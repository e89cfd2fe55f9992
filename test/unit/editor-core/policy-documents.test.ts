// Which files the editor treats as policies, and as which kind.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { globToRegExp, isPolicyDocument, policyKindOf } from "../../../src/editor-core/policy-documents.js";

const identity = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

describe("policy documents", () => {
  it("matches the default globs by path", () => {
    assert.ok(isPolicyDocument("infra/s3-read-policy.json", "{}"));
    assert.ok(isPolicyDocument("infra/app.iam.json", "{}"));
    assert.ok(isPolicyDocument("roles/trust-lambda.json", "{}"));
    assert.ok(!isPolicyDocument("package.json", '{"name":"x"}'));
    assert.ok(!isPolicyDocument("infra/s3-read-policy.scenarios.json", identity));
  });

  it("recognises any JSON with Statement beside Version", () => {
    assert.ok(isPolicyDocument("anything.json", identity));
    assert.ok(!isPolicyDocument("anything.json", '{"Statement": []}'));
  });

  it("turns globs into path patterns", () => {
    assert.ok(globToRegExp("**/*policy*.json").test("a/b/my-policy.json"));
    assert.ok(globToRegExp("**/*policy*.json").test("policy.json"));
    assert.ok(!globToRegExp("src/*.json").test("src/a/b.json"));
  });

  it("tells identity, resource and trust policies apart", () => {
    assert.equal(policyKindOf("/w/read-policy.json", identity), "identity");
    assert.equal(policyKindOf("/w/trust.json", identity), "trust");
    assert.equal(policyKindOf("/w/role-boundary.json", identity), "boundary");
    assert.equal(policyKindOf("/w/x.json", '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'), "trust");
    assert.equal(policyKindOf("/w/x.json", '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'), "resource");
  });
});
