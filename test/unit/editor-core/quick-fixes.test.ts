// Quick fixes: applying a finding's preferred fix yields the intended text, and the finding is gone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { lintPolicy, type Finding } from "../../../src/editor-core/lint.js";
import type { PolicyKind } from "../../../src/policy/index.js";
import { testCatalog } from "./catalog-fixture.js";
import { applyEdits } from "./text-ranges.js";

const catalog = testCatalog();

/** Applies the first (preferred) fix of the first finding with `code`; returns the new text. */
function fix(text: string, code: string, kind: PolicyKind = "identity", which = 0): string {
  const f = lintPolicy(text, { kind, catalog }).find((x: Finding) => x.code === code);
  assert.ok(f, `no ${code} finding`);
  const chosen = f.fixes[which];
  assert.ok(chosen, `${code} has no fix ${which}`);
  const out = applyEdits(text, chosen.edits);
  if (which === 0) assert.ok(!lintPolicy(out, { kind, catalog }).some((x) => x.code === code && x.range.start.line === f.range.start.line && x.range.start.character === f.range.start.character), `${code} remains after the fix`);
  return out;
}

describe("quick fixes", () => {
  it("adds a missing Version, indented like the first member", () => {
    const text = '{\n    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]\n}';
    assert.equal(fix(text, "MISSING_VERSION"), '{\n    "Version": "2012-10-17",\n    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]\n}');
  });

  it("adds a missing Version on a one-line document", () => {
    const text = '{"Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]}';
    assert.equal(fix(text, "MISSING_VERSION"), '{"Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]}');
  });

  it("moves a 2008-10-17 policy with variables to 2012-10-17", () => {
    const text = '{"Version": "2008-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}" }]}';
    assert.equal(fix(text, "VARIABLE_UNSUPPORTED_IN_VERSION"), text.replace("2008-10-17", "2012-10-17"));
  });

  it("corrects a mistyped action and service prefix", () => {
    const text = '{"Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObjct", "dynamodb:GetIem", "ec3:DescribeInstances"], "Resource": "*" }]}';
    let out = fix(text, "INVALID_ACTION");
    out = fix(out, "INVALID_ACTION");
    out = fix(out, "INVALID_SERVICE_IN_ACTION");
    assert.match(out, /"Action": \["s3:GetObject", "dynamodb:GetItem", "ec2:DescribeInstances"\]/);
  });

  it("corrects a condition key", () => {
    const text = '{"Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app", "Condition": { "StringEquals": { "iam:PassedToServce": "lambda.amazonaws.com" } } }]}';
    assert.match(fix(text, "INVALID_SERVICE_CONDITION_KEY"), /"iam:PassedToService": "lambda.amazonaws.com"/);
  });

  it("changes a String operator to the key type's operator", () => {
    const text = '{"Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "aws:MultiFactorAuthPresent": "true" } } }]}';
    assert.match(fix(text, "TYPE_MISMATCH"), /"Bool": \{ "aws:MultiFactorAuthPresent"/);
  });

  it("removes ForAllValues: from a single-valued key's operator", () => {
    const text = '{"Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "ForAllValues:StringLike": { "aws:username": "a*" } } }]}';
    assert.match(fix(text, "FORALLVALUES_WITH_SINGLE_VALUED_KEY"), /"StringLike": \{ "aws:username"/);
  });

  it("adds the chosen set qualifier to a multi-valued key's operator", () => {
    const text = '{"Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "iam:TagRole", "Resource": "*", "Condition": { "StringEquals": { "aws:TagKeys": ["team", "env"] } } }]}';
    assert.match(fix(text, "MISSING_QUALIFIER", "identity", 1), /"ForAllValues:StringEquals": \{ "aws:TagKeys"/);
    assert.match(fix(text, "MISSING_QUALIFIER", "identity", 0), /"ForAnyValue:StringEquals": \{ "aws:TagKeys"/);
  });

  it("removes a redundant action with its comma", () => {
    const text = '{"Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject", "s3:PutObject"], "Resource": "*" }]}';
    assert.match(fix(text, "REDUNDANT_ACTION"), /"Action": \["s3:Get\*", "s3:PutObject"\]/);
    const first = '{"Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*"], "Resource": "*" }]}';
    assert.match(fix(first, "REDUNDANT_ACTION"), /"Action": \["s3:Get\*"\]/);
  });

  it("wraps a bare principal ARN in {\"AWS\": …}, a service in {\"Service\": …}", () => {
    const text = '{"Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": "arn:aws:iam::123456789012:root", "Action": "sts:AssumeRole" }]}';
    assert.match(fix(text, "INVALID_PRINCIPAL_FORMAT", "trust"), /"Principal": \{ "AWS": "arn:aws:iam::123456789012:root" \}/);
    const svc = text.replace("arn:aws:iam::123456789012:root", "ec2.amazonaws.com");
    assert.match(fix(svc, "INVALID_PRINCIPAL_FORMAT", "trust"), /"Principal": \{ "Service": "ec2.amazonaws.com" \}/);
  });
});

describe("quick fix for a condition operator IAM does not know", () => {
  it("offers the nearest operators, keeping the set qualifier and IfExists", () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqual":{"aws:username":"a"}}}]}';
    assert.equal(fix(text, "syntax-condition-operator"), text.replace('"StringEqual"', '"StringEquals"'));
    const qualified = text.replace('"StringEqual"', '"ForAnyValue:StringLikeIfExist"');
    assert.equal(fix(qualified, "syntax-condition-operator"), text.replace('"StringEqual"', '"ForAnyValue:StringLikeIfExists"'));
    const ip = text.replace('"StringEqual"', '"IPAddress"').replace('"aws:username":"a"', '"aws:SourceIp":"10.0.0.0/8"');
    assert.equal(fix(ip, "syntax-condition-operator"), ip.replace('"IPAddress"', '"IpAddress"'));
  });
});
