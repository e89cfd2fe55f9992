// Every finding of the policy editor with its exact range: Access Analyzer's checks (AWS's issue codes and
// spans, carrying the editor's quick fixes), the engine's validation, the catalog checks the editor adds
// (resource fit, supported keys) and the editor's own security findings.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { lintPolicy, type Finding } from "../../../src/editor-core/lint.js";
import type { PolicyKind } from "../../../src/policy/index.js";
import { testCatalog } from "./catalog-fixture.js";
import { rangeOf } from "./text-ranges.js";

const catalog = testCatalog();

function lint(text: string, kind: PolicyKind = "identity"): Finding[] {
  return lintPolicy(text, { kind, catalog });
}
function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}
function policy(...statements: string[]): string {
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statements.join(",\n    ")}\n  ]\n}\n`;
}

describe("lint: a clean policy", () => {
  it("has no findings for a well-formed S3 read policy", () => {
    const text = policy(
      '{ "Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports", "Condition": { "StringLike": { "s3:prefix": "2024/*" } } }',
      '{ "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion"], "Resource": "arn:aws:s3:::reports/*" }',
      '{ "Sid": "Ip", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "NotIpAddress": { "aws:SourceIp": "203.0.113.0/24" }, "Bool": { "aws:ViaAWSService": "false" } } }',
    );
    assert.deepEqual(lint(text), []);
  });
});

describe("lint: grammar errors are Access Analyzer's findings, with their ranges", () => {
  it("a JSON syntax error points at the offending token", () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow" "Action": "s3:GetObject" } ]\n}';
    const [f] = lint(text);
    assert.equal(f!.code, "JSON_SYNTAX_ERROR");
    assert.equal(f!.source, "access-analyzer");
    assert.equal(f!.message, "Fix the JSON syntax error at index 66 line 3 column 37.");
    assert.equal(f!.severity, "error");
    assert.deepEqual(f!.range, { start: { line: 2, character: 37 }, end: { line: 2, character: 38 } }); // the quote opening "Action"
  });

  it("an invalid Effect value is an error on the value", () => {
    const text = policy('{ "Effect": "Permit", "Action": "s3:GetObject", "Resource": "*" }');
    const f = only(lint(text), "INVALID_EFFECT");
    assert.equal(f.length, 1);
    assert.deepEqual(f[0]!.range, rangeOf(text, '"Permit"'));
  });

  it("a missing Version is a warning on the opening brace, fixed by adding it", () => {
    const text = '{\n  "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ]\n}';
    const [f] = only(lint(text), "MISSING_VERSION");
    assert.equal(f!.link, "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-missing-version");
    assert.equal(f!.severity, "warning");
    assert.deepEqual(f!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
    assert.equal(f!.fixes[0]!.title, 'Add "Version": "2012-10-17"');
  });

  it("2008-10-17 with a policy variable is flagged on the string holding it", () => {
    const text = '{ "Version": "2008-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*" } ] }';
    const [f] = only(lint(text), "VARIABLE_UNSUPPORTED_IN_VERSION");
    assert.deepEqual(f!.range, rangeOf(text, '"arn:aws:s3:::home/${aws:username}/*"'));
    assert.equal(f!.fixes[0]!.title, 'Set "Version" to "2012-10-17"');
  });

  it("a policy over the size limit for its kind is an error", () => {
    const actions = Array.from({ length: 160 }, (_, i) => `"s3:GetObject${i % 2 ? "Version" : ""}"`).join(", ");
    const text = policy(`{ "Effect": "Allow", "Action": [${actions}], "Resource": "*" }`);
    const findings = lintPolicy(text, { kind: "trust", catalog });
    assert.deepEqual(only(findings, "policy-size"), [], "said once, as Access Analyzer says it");
    const sizes = only(findings, "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA");
    assert.equal(sizes.length, 1);
    assert.equal(sizes[0]!.severity, "error", "IAM refuses it (ACLSizePerRole 2048), so it stays an error");
    assert.match(sizes[0]!.message, /^The characters in the role trust policy, excluding whitespace, exceed the character maximum\./);
  });
});

describe("lint: catalog checks", () => {
  it("an unknown service prefix points at the prefix and suggests the nearest", () => {
    const text = policy('{ "Effect": "Allow", "Action": "s4:GetObject", "Resource": "*" }');
    const [f] = only(lint(text), "INVALID_SERVICE_IN_ACTION");
    assert.deepEqual(f!.range, rangeOf(text, '"s4:GetObject"'));
    assert.equal(f!.severity, "error");
    assert.equal(f!.message, "The service s4 specified in the action does not exist. Did you mean s3?");
    assert.deepEqual(f!.fixes[0]!.edits, [{ range: rangeOf(text, "s4"), newText: "s3" }]);
    assert.equal(f!.fixes[0]!.title, 'Change to "s3"');
    assert.equal(f!.fixes[0]!.preferred, true);
  });

  it("an unknown action points at the action name and suggests the nearest", () => {
    const text = policy('{ "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObjct"], "Resource": "*" }');
    const [f] = only(lint(text), "INVALID_ACTION");
    assert.deepEqual(f!.range, rangeOf(text, '"s3:GetObjct"'));
    assert.equal(f!.message, "The action s3:GetObjct does not exist. Did you mean s3:GetObject?");
    assert.deepEqual(f!.fixes[0]!.edits, [{ range: rangeOf(text, "GetObjct"), newText: "GetObject" }]);
  });

  it("a wildcard that matches no action is an invalid action", () => {
    const text = policy('{ "Effect": "Allow", "Action": "iam:Fly*", "Resource": "*" }');
    const [f] = only(lint(text), "INVALID_ACTION");
    assert.deepEqual(f!.range, rangeOf(text, '"iam:Fly*"'));
    assert.equal(f!.message, "The action iam:Fly* does not exist.");
    assert.equal(f!.severity, "error");
  });

  it("an action that applies to none of the statement's resources", () => {
    const text = policy('{ "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "arn:aws:s3:::reports/*" }');
    const f = only(lint(text), "action-resource-mismatch");
    assert.equal(f.length, 1);
    assert.deepEqual(f[0]!.range, rangeOf(text, '"s3:ListBucket"'));
    assert.match(f[0]!.message, /^s3:ListBucket applies to none of this statement's resources: it takes .*bucket \(arn:\$\{Partition\}:s3:::\$\{BucketName\}\)/);
  });

  it("an action without resource-level permissions on a specific ARN", () => {
    const text = policy('{ "Effect": "Allow", "Action": "iam:ListUsers", "Resource": "arn:aws:iam::123456789012:user/*" }');
    const [f] = only(lint(text), "action-resource-mismatch");
    assert.deepEqual(f!.range, rangeOf(text, '"iam:ListUsers"'));
    assert.equal(f!.message, 'iam:ListUsers does not support resource-level permissions: it applies only with "Resource": "*".');
    const [r] = only(lint(text), "resource-matches-no-action");
    assert.deepEqual(r!.range, rangeOf(text, '"arn:aws:iam::123456789012:user/*"'));
  });

  it("a resource ARN that fits none of its service's resource types", () => {
    const text = policy('{ "Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::123456789012:rolle/admin" }');
    const shapes = only(lint(text), "INVALID_ARN_RESOURCE");
    assert.equal(shapes.length, 1);
    assert.deepEqual(shapes[0]!.range, rangeOf(text, '"arn:aws:iam::123456789012:rolle/admin"'));
    assert.equal(shapes[0]!.message, "Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.");
  });

  it("an unknown condition key suggests the nearest, keeping a tag name", () => {
    const text = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "aws:PrincipalTags/team": "blue", "aws:SourceIpp": "x" } } }');
    const fs = only(lint(text), "INVALID_GLOBAL_CONDITION_KEY");
    assert.equal(fs.length, 2);
    assert.deepEqual(fs[0]!.range, rangeOf(text, '"aws:PrincipalTags/team"'));
    assert.equal(fs[0]!.fixes[0]!.edits[0]!.newText, "aws:PrincipalTag/team");
    assert.deepEqual(fs[1]!.range, rangeOf(text, '"aws:SourceIpp"'));
    assert.equal(fs[1]!.message, "The condition key aws:SourceIpp does not exist. Use a valid condition key. Did you mean aws:SourceIp?");
  });

  it("a service key that no action of the statement supports", () => {
    const text = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringLike": { "s3:prefix": "a/*" } } }');
    const [f] = only(lint(text), "condition-key-not-supported");
    assert.deepEqual(f!.range, rangeOf(text, "s3:prefix"));
    assert.equal(f!.message, "No action of this statement (s3:GetObject) supports s3:prefix: its requests never carry it.");
  });

  it("aws:RequestTag depends on the action too", () => {
    const text = policy('{ "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*", "Condition": { "StringEquals": { "aws:RequestTag/team": "x" } } }');
    assert.equal(only(lint(text), "condition-key-not-supported").length, 1);
    const ok = policy('{ "Effect": "Allow", "Action": "iam:TagUser", "Resource": "*", "Condition": { "StringEquals": { "aws:RequestTag/team": "x" } } }');
    assert.equal(only(lint(ok), "condition-key-not-supported").length, 0);
  });

  it("an operator that does not fit the key's type, with the fitting operator as fix", () => {
    const text = policy('{ "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:SourceIp": "10.0.0.1" } } }');
    const [f] = only(lint(text), "TYPE_MISMATCH");
    assert.deepEqual(f!.range, rangeOf(text, '"aws:SourceIp"'));
    assert.equal(f!.message, "Use the operator type IPAddress instead of operator StringNotEquals for the condition key aws:SourceIp.");
    assert.deepEqual(f!.fixes[0]!.edits[0], { range: rangeOf(text, "StringNotEquals"), newText: "NotIpAddress" });
    assert.deepEqual(only(lint(text), "operator-type-mismatch"), [], "said once, as Access Analyzer says it");
  });

  it("a trust policy's Resource, NotPrincipal and non-STS action, and an RCP's NotPrincipal, are said once, as Access Analyzer says them", () => {
    const text = policy('{ "Effect": "Deny", "NotPrincipal": { "AWS": "111122223333" }, "Action": ["sts:AssumeRole", "s3:GetObject"], "Resource": "*" }');
    const codes = lint(text, "trust").map((f) => f.code);
    assert.deepEqual(codes, ["ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "UNSUPPORTED_ACTION_IN_POLICY", "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"]);
    assert.deepEqual(only(lint(text, "trust"), "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE")[0]!.range, rangeOf(text, '"Resource"'));
    const rcp = policy('{ "Effect": "Deny", "NotPrincipal": { "AWS": "111122223333" }, "Action": "s3:*", "Resource": "*" }');
    assert.deepEqual(lint(rcp, "rcp").map((f) => [f.code, f.severity]), [["RCP_SYNTAX_ERROR_PRINCIPAL", "error"]]);
  });

  it("the type check reads past a qualifier and IfExists", () => {
    const text = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "NumericLessThanIfExists": { "aws:PrincipalTag/level": "3" } } }');
    const [f] = only(lint(text), "TYPE_MISMATCH");
    assert.deepEqual(f!.range, rangeOf(text, '"aws:PrincipalTag/level"'));
    assert.deepEqual(f!.fixes, []);
  });
});

describe("lint: security findings", () => {
  it("iam:PassRole with Resource * (also through iam:Pass* and *)", () => {
    for (const action of ['"iam:PassRole"', '"iam:Pass*"', '"*"']) {
      const text = policy(`{ "Effect": "Allow", "Action": ${action}, "Resource": "*" }`);
      const f = lint(text).filter((x) => x.code.startsWith("PASS_ROLE_"));
      assert.deepEqual(f.map((x) => x.code), [action === '"iam:PassRole"' ? "PASS_ROLE_WITH_STAR_IN_RESOURCE" : "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"], action);
      assert.deepEqual(f[0]!.range, rangeOf(text, '"*"', action === '"*"' ? 1 : 0));
      assert.deepEqual(only(lint(text), "passrole-star"), []);
    }
    const pass = (text: string) => lint(text).filter((x) => x.code.startsWith("PASS_ROLE_") || x.code === "passrole-star");
    assert.deepEqual(pass(policy('{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app-*" }')), []);
    assert.deepEqual(pass(policy('{ "Effect": "Deny", "Action": "iam:PassRole", "Resource": "*" }')), []);
  });

  it("Allow with NotAction on every resource", () => {
    const text = policy('{ "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }');
    const [f] = only(lint(text), "allow-notaction");
    assert.deepEqual(f!.range, rangeOf(text, '"NotAction"'));
  });

  it("Allow with NotPrincipal", () => {
    const text = policy('{ "Effect": "Allow", "NotPrincipal": { "AWS": "arn:aws:iam::123456789012:user/bob" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }');
    const [f] = only(lintPolicy(text, { kind: "resource", catalog }), "ALLOW_WITH_NOT_PRINCIPAL");
    assert.deepEqual(f!.range, rangeOf(text, '"NotPrincipal"'));
  });

  it("ForAllValues on a single-valued key, fixed by removing the qualifier", () => {
    const text = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "ForAllValues:StringEquals": { "aws:PrincipalTag/team": "blue" } } }');
    const [f] = only(lint(text), "FORALLVALUES_WITH_SINGLE_VALUED_KEY");
    assert.deepEqual(f!.range, rangeOf(text, '"aws:PrincipalTag/team"'));
    assert.deepEqual(f!.fixes[0]!.edits, [{ range: rangeOf(text, "ForAllValues:"), newText: "" }]);
  });

  it("ForAnyValue on a single-valued key", () => {
    const text = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "ForAnyValue:StringEquals": { "aws:username": "bob" } } }');
    assert.deepEqual(only(lint(text), "foranyvalue-single-valued")[0]!.range, rangeOf(text, "ForAnyValue:"));
  });

  it("a multi-valued key without a qualifier offers both", () => {
    const text = policy('{ "Effect": "Allow", "Action": "iam:TagUser", "Resource": "*", "Condition": { "StringEquals": { "aws:TagKeys": ["team"] } } }');
    const [f] = only(lint(text), "MISSING_QUALIFIER");
    assert.deepEqual(f!.range, rangeOf(text, '"aws:TagKeys"'));
    assert.deepEqual(f!.fixes.map((x) => x.title), ["Change to ForAnyValue:StringEquals", "Change to ForAllValues:StringEquals"]);
  });

  it("an action a wildcard of the same list covers, and an action listed twice", () => {
    const text = policy('{ "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject", "s3:Get*"], "Resource": "*" }');
    const fs = only(lint(text), "REDUNDANT_ACTION");
    assert.deepEqual(fs.map((f) => f.message), ["s3:GetObject", "s3:Get*"].map((a) => `The 1 action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: ${a}.`));
    assert.deepEqual(fs[0]!.range, rangeOf(text, '"s3:GetObject"'));
    assert.deepEqual(fs[1]!.range, rangeOf(text, '"s3:Get*"', 1));
    assert.equal(fs[0]!.severity, "information");
    assert.equal(fs[0]!.fixes[0]!.title, "Remove s3:GetObject");
  });

  it("a statement that repeats another but for its Sid", () => {
    const text = policy('{ "Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }', '{ "Sid": "B", "Resource": "*", "Effect": "Allow", "Action": ["s3:GetObject"] }');
    assert.deepEqual(only(lint(text), "duplicate-statement"), [], "said once, as Access Analyzer says it");
    const [f] = only(lint(text), "REDUNDANT_STATEMENT");
    assert.equal(f!.message, "The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.");
    assert.equal(f!.range.start.line, 4);
    assert.equal(f!.severity, "warning", "the editor's own severity for a repeated statement is kept");
  });
});

describe("lint: options", () => {
  it("severities can be changed or turned off per code", () => {
    const text = policy('{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }');
    assert.equal(lintPolicy(text, { kind: "identity", catalog, severities: { PASS_ROLE_WITH_STAR_IN_RESOURCE: "error" } })[0]!.severity, "error");
    assert.deepEqual(lintPolicy(text, { kind: "identity", catalog, severities: { PASS_ROLE_WITH_STAR_IN_RESOURCE: "off" } }), []);
  });

  it("without a catalog only the checks that need no service data run", () => {
    const text = policy('{ "Effect": "Allow", "Action": ["s4:GetObject", "iam:PassRole"], "Resource": "*" }');
    assert.deepEqual(lintPolicy(text, { kind: "identity" }).map((f) => f.code), ["PASS_ROLE_WITH_STAR_IN_RESOURCE"]);
  });

  it("a trust policy's actions are checked against the catalog as well", () => {
    const text = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRol" } ] }';
    const f = only(lintPolicy(text, { kind: "trust", catalog }), "INVALID_ACTION");
    assert.deepEqual(f[0]!.range, rangeOf(text, '"sts:AssumeRol"'));
    assert.equal(f[0]!.fixes[0]!.edits[0]!.newText, "AssumeRole");
  });
});
