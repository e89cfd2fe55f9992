// Validation vectors: AWS's MalformedPolicyDocument wording and the exact range of the offending token.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compilePolicy, malformedPolicyMessage, policySize, PolicyParseError, validatePolicy, type PolicyKind, type Range } from "../../../src/policy/index.js";

/** The range of the n-th occurrence of `needle` in `text` (0-based line/character, end exclusive). */
function at(text: string, needle: string, n = 0): Range {
  let i = -1;
  for (let k = 0; k <= n; k++) { i = text.indexOf(needle, i + 1); assert.ok(i >= 0, `${needle} not in text`); }
  const pos = (o: number) => { const before = text.slice(0, o).split("\n"); return { line: before.length - 1, character: before[before.length - 1]!.length }; };
  return { start: pos(i), end: pos(i + needle.length) };
}

const doc = (statement: object, extra: object = {}) => JSON.stringify({ Version: "2012-10-17", ...extra, Statement: [statement] }, null, 2);
const ok = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" };

interface Vector { name: string; kind?: PolicyKind; text: string; code: string; message: string; aws: string; range: Range }

function vectors(list: Vector[]): void {
  for (const v of list) {
    it(v.name, () => {
      const diags = validatePolicy(v.text, v.kind ?? "identity");
      const d = diags.find((x) => x.code === v.code);
      assert.ok(d, `no ${v.code} in ${JSON.stringify(diags.map((x) => x.code))}`);
      assert.equal(d.message, v.message);
      assert.equal(d.severity, "error");
      assert.deepEqual(d.range, v.range);
      assert.equal(malformedPolicyMessage(diags), v.aws);
    });
  }
}

describe("JSON syntax — MalformedPolicyDocument \"Syntax errors in policy.\"", () => {
  const trailing = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow",}]\n}';
  const unclosed = '{"Version": "2012-10-17", "Statement": [';
  const bare = '{"Version": "2012-10-17", Statement: []}';
  vectors([
    { name: "trailing comma in an object", text: trailing, code: "json-syntax", message: "Syntax errors in policy. Trailing comma: a property is expected after ','.", aws: "Syntax errors in policy.", range: { start: { line: 2, character: 34 }, end: { line: 2, character: 35 } } },
    { name: "document ends early", text: unclosed, code: "json-syntax", message: "Syntax errors in policy. Unexpected end of JSON document: a value is expected.", aws: "Syntax errors in policy.", range: { start: { line: 0, character: 40 }, end: { line: 0, character: 40 } } },
    { name: "unquoted property name", text: bare, code: "json-syntax", message: "Syntax errors in policy. A property name in double quotes is expected.", aws: "Syntax errors in policy.", range: at(bare, "S") },
  ]);
  it("a JSON array is not a policy", () => {
    const d = validatePolicy("[]", "identity");
    assert.deepEqual(d.map((x) => [x.code, x.message]), [["syntax-document", "A policy document must be a JSON object."]]);
    assert.equal(malformedPolicyMessage(d), "Syntax errors in policy.");
  });
});

describe("Grammar (the JSON Schema) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html", () => {
  const unknownTop = doc(ok, { Foo: 1 });
  const badVersion = doc(ok).replace("2012-10-17", "2012-10-18");
  const badEffect = doc({ ...ok, Effect: "Allo" });
  const noEffect = doc({ Action: "s3:*", Resource: "*" });
  const numAction = doc({ ...ok, Action: 3 });
  const unknownSt = doc({ ...ok, Actions: "s3:*" });
  const empty = JSON.stringify({ Version: "2012-10-17", Statement: [] });
  const badCond = doc({ ...ok, Condition: { StringEquals: { "aws:username": { a: 1 } } } });
  const badPrincipal = doc({ ...ok, Principal: "arn:aws:iam::111122223333:root" });
  const bothActions = doc({ ...ok, NotAction: "iam:*" });
  vectors([
    { name: "unknown top-level element", text: unknownTop, code: "syntax-unknown-field", message: "Unknown field Foo.", aws: "Syntax errors in policy.", range: at(unknownTop, '"Foo"') },
    { name: "unknown statement element", text: unknownSt, code: "syntax-unknown-field", message: "Unknown field Actions in Statement[0].", aws: "Syntax errors in policy.", range: at(unknownSt, '"Actions"') },
    { name: "unknown Version", text: badVersion, code: "syntax-version", message: 'Version must be "2012-10-17" or "2008-10-17".', aws: "Syntax errors in policy.", range: at(badVersion, '"2012-10-18"') },
    { name: "Effect neither Allow nor Deny", text: badEffect, code: "syntax-effect", message: 'Effect must be "Allow" or "Deny".', aws: "Syntax errors in policy.", range: at(badEffect, '"Allo"') },
    { name: "Effect missing", text: noEffect, code: "syntax-missing-field", message: "Missing required field Effect in Statement[0].", aws: "Syntax errors in policy.", range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } } },
    { name: "Action is a number", text: numAction, code: "syntax-type", message: "Statement[0].Action must be a string or a list of strings.", aws: "Syntax errors in policy.", range: at(numAction, "3") },
    { name: "empty Statement list", text: empty, code: "syntax-empty", message: "Statement must not be an empty list.", aws: "Syntax errors in policy.", range: at(empty, "[]") },
    { name: "condition value is an object", text: badCond, code: "syntax-type", message: "Statement[0].Condition.StringEquals.aws:username must be a string, number, boolean or a list of them.", aws: "Syntax errors in policy.", range: { start: { line: 9, character: 26 }, end: { line: 11, character: 11 } } },
    { name: "Principal string other than *", kind: "resource", text: badPrincipal, code: "syntax-principal", message: 'Statement[0].Principal must be "*" or an object with AWS, Service, Federated or CanonicalUser.', aws: "Syntax errors in policy.", range: at(badPrincipal, '"arn:aws:iam::111122223333:root"') },
    { name: "Action and NotAction together", text: bothActions, code: "syntax-conflict", message: "A statement cannot have both Action and NotAction.", aws: "Syntax errors in policy.", range: at(bothActions, '"NotAction"') },
  ]);
});

describe("Policy-type rules — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html", () => {
  const idPrincipal = doc({ ...ok, Principal: { AWS: "111122223333" } });
  const idNotPrincipal = doc({ ...ok, NotPrincipal: { AWS: "111122223333" } });
  const trustNoPrincipal = doc({ Effect: "Allow", Action: "sts:AssumeRole" });
  const trustResource = doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Resource: "*" });
  const trustAction = doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "s3:GetObject" });
  const resNoPrincipal = doc(ok);
  const wildPrincipal = doc({ ...ok, Principal: { AWS: "arn:aws:iam::111122223333:user/*" } });
  const badService = doc({ ...ok, Principal: { Service: "ec2" } });
  const scpPrincipal = doc({ ...ok, Principal: "*" });
  const trustNotPrincipal = doc({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "sts:AssumeRole" });
  vectors([
    { name: "identity policy with Principal", text: idPrincipal, code: "principal-not-allowed", message: "Policy document should not specify a principal.", aws: "Policy document should not specify a principal.", range: at(idPrincipal, '"Principal"') },
    { name: "identity policy with NotPrincipal", text: idNotPrincipal, code: "principal-not-allowed", message: "Policy document should not specify a principal.", aws: "Policy document should not specify a principal.", range: at(idNotPrincipal, '"NotPrincipal"') },
    { name: "permissions boundary with Principal", kind: "boundary", text: idPrincipal, code: "principal-not-allowed", message: "Policy document should not specify a principal.", aws: "Policy document should not specify a principal.", range: at(idPrincipal, '"Principal"') },
    { name: "SCP with Principal", kind: "scp", text: scpPrincipal, code: "principal-not-allowed", message: "Policy document should not specify a principal.", aws: "Policy document should not specify a principal.", range: at(scpPrincipal, '"Principal"') },
    { name: "trust policy without Principal", kind: "trust", text: trustNoPrincipal, code: "missing-principal", message: "Missing required field Principal", aws: "Missing required field Principal", range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } } },
    { name: "resource policy without Principal", kind: "resource", text: resNoPrincipal, code: "missing-principal", message: "Missing required field Principal", aws: "Missing required field Principal", range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } } },
    { name: "trust policy with Resource", kind: "trust", text: trustResource, code: "prohibited-field", message: "Has prohibited field Resource", aws: "Has prohibited field Resource", range: at(trustResource, '"Resource"') },
    { name: "trust policy with a non-STS action", kind: "trust", text: trustAction, code: "trust-action", message: "AssumeRole policy may only specify STS AssumeRole actions.", aws: "AssumeRole policy may only specify STS AssumeRole actions.", range: at(trustAction, '"s3:GetObject"') },
    { name: "wildcard inside a principal ARN", kind: "resource", text: wildPrincipal, code: "invalid-principal", message: 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"', aws: 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"', range: at(wildPrincipal, '"arn:aws:iam::111122223333:user/*"') },
    { name: "NotPrincipal in a trust policy", kind: "trust", text: trustNotPrincipal, code: "syntax-notprincipal", message: "NotPrincipal cannot be used in a role trust policy.", aws: "Syntax errors in policy.", range: at(trustNotPrincipal, '"NotPrincipal"') },
    { name: "service principal that is not a service name", kind: "resource", text: badService, code: "invalid-principal", message: 'Invalid principal in policy: "SERVICE":"ec2"', aws: 'Invalid principal in policy: "SERVICE":"ec2"', range: at(badService, '"ec2"') },
  ]);
});

describe("Statement elements — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html", () => {
  const noAction = doc({ Effect: "Allow", Resource: "*" });
  const emptyAction = doc({ Effect: "Allow", Action: [], Resource: "*" });
  const noResource = doc({ Effect: "Allow", Action: "s3:*" });
  const noVendor = doc({ ...ok, Action: ["s3:GetObject", "GetUser"] });
  const twoColons = doc({ ...ok, Action: "iam:Get:User" });
  const badVendor = doc({ ...ok, Action: "i am:GetUser" });
  const dupSid = doc(ok).replace('"Statement": [', '"Statement": [{"Sid": "One", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Sid": "One", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}, ');
  const sidFormat = doc({ ...ok, Sid: "read-only" });
  const lowerEffect = doc({ ...ok, Effect: "allow" });
  vectors([
    { name: "no Action or NotAction", text: noAction, code: "missing-action", message: "Policy statement must contain actions.", aws: "Policy statement must contain actions.", range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } } },
    { name: "empty Action list", text: emptyAction, code: "missing-action", message: "Policy statement must contain actions.", aws: "Policy statement must contain actions.", range: at(emptyAction, "[]") },
    { name: "no Resource or NotResource", text: noResource, code: "missing-resource", message: "Policy statement must contain resources.", aws: "Policy statement must contain resources.", range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } } },
    { name: "action without a service prefix", text: noVendor, code: "action-vendor", message: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", aws: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", range: at(noVendor, '"GetUser"') },
    { name: "action with two colons", text: twoColons, code: "action-colon", message: "Actions/Condition can contain only one colon.", aws: "Actions/Condition can contain only one colon.", range: at(twoColons, '"iam:Get:User"') },
    { name: "service prefix with a space", text: badVendor, code: "action-vendor-invalid", message: "Vendor i am is not valid", aws: "Vendor i am is not valid", range: at(badVendor, '"i am:GetUser"') },
    { name: "duplicate Sid", text: dupSid, code: "duplicate-sid", message: "Statement IDs (SID) in a single policy must be unique.", aws: "Statement IDs (SID) in a single policy must be unique.", range: at(dupSid, '"One"', 1) },
    { name: "Sid with a dash in an IAM policy", text: sidFormat, code: "sid-format", message: "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*", aws: "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*", range: at(sidFormat, '"read-only"') },
    { name: "Effect in lower case", text: lowerEffect, code: "legacy-effect", message: 'The policy failed legacy parsing: Effect is case-sensitive, write "Allow" or "Deny".', aws: "The policy failed legacy parsing", range: at(lowerEffect, '"allow"') },
  ]);
  it("NotPrincipal with Allow is a warning", () => {
    const t = doc({ ...ok, NotPrincipal: { AWS: "111122223333" } });
    assert.deepEqual(validatePolicy(t, "resource").map((d) => [d.code, d.severity, d.range]), [["notprincipal-allow", "warning", at(t, '"NotPrincipal"')]]);
  });
  it("a Sid with a dash is fine in a resource policy", () => {
    assert.deepEqual(validatePolicy(doc({ ...ok, Sid: "read-only", Principal: "*" }), "resource").filter((d) => d.severity === "error"), []);
  });
});

describe("Resource ARNs — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html", () => {
  const r = (resource: string) => doc({ ...ok, Resource: resource });
  const cases: [string, string, string, string][] = [
    ["not an ARN", "bucket", "resource-format", 'Resource bucket must be in ARN format or "*".'],
    ["IAM ARN with a region", "arn:aws:iam:us-east-1:111122223333:user/x", "resource-region", "IAM resource arn:aws:iam:us-east-1:111122223333:user/x cannot contain region information."],
    ["S3 ARN with a region", "arn:aws:s3:us-east-1::bucket", "resource-region", "Resource arn:aws:s3:us-east-1::bucket can not contain region information."],
    ["unknown partition", "arn:foo:s3:::b", "resource-partition", 'Partition "foo" is not valid for resource "arn:foo:s3:::b".'],
    ["wildcard service", "arn:aws:s3*:::b", "resource-vendor", "Resource vendor must be fully qualified and cannot contain regexes."],
    ["IAM resource type unknown", "arn:aws:iam::111122223333:foo/x", "resource-iam-path", 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.'],
  ];
  for (const [name, resource, code, message] of cases) {
    vectors([{ name, text: r(resource), code, message, aws: message, range: at(r(resource), JSON.stringify(resource)) }]);
  }
  const short = r("arn:aws:s3::b");
  vectors([{ name: "too few ARN parts", text: short, code: "legacy-resource", message: "The policy failed legacy parsing: arn:aws:s3::b has fewer than the six parts of an ARN.", aws: "The policy failed legacy parsing", range: at(short, '"arn:aws:s3::b"') }]);
  it("ARNs with variables, wildcards and paths are accepted", () => {
    for (const resource of ["*", "arn:aws:s3:::bucket/${aws:username}/*", "arn:aws:iam::${aws:PrincipalAccount}:user/*", "arn:aws:iam::*:role/app/*",
      "arn:aws:ec2:*:*:instance/*", "arn:aws-cn:s3:::b", "arn:aws:logs:*:*:log-group:/app/*:*", "arn:aws:iam::111122223333:*"]) {
      assert.deepEqual(validatePolicy(r(resource), "identity").filter((d) => d.severity === "error"), [], resource);
    }
  });
});

describe("Conditions — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html", () => {
  const badOp = doc({ ...ok, Condition: { StringEqualz: { "aws:username": "a" } } });
  const nullIfExists = doc({ ...ok, Condition: { NullIfExists: { "aws:username": "true" } } });
  const noVendorKey = doc({ ...ok, Condition: { StringEquals: { username: "a" } } });
  const badDate = doc({ ...ok, Condition: { DateGreaterThan: { "aws:CurrentTime": "yesterday" } } });
  vectors([
    { name: "unknown operator", text: badOp, code: "syntax-condition-operator", message: "Invalid Condition type : StringEqualz", aws: "Syntax errors in policy.", range: at(badOp, '"StringEqualz"') },
    { name: "Null cannot take IfExists", text: nullIfExists, code: "syntax-condition-operator", message: "Invalid Condition type : NullIfExists (Null cannot take IfExists)", aws: "Syntax errors in policy.", range: at(nullIfExists, '"NullIfExists"') },
    { name: "condition key without a vendor", text: noVendorKey, code: "condition-key-vendor", message: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", aws: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", range: at(noVendorKey, '"username"') },
    { name: "date that is not a date", text: badDate, code: "legacy-date", message: 'The policy failed legacy parsing: "yesterday" is neither an ISO 8601 date nor seconds since the epoch.', aws: "The policy failed legacy parsing", range: at(badDate, '"yesterday"') },
  ]);
  it("every operator with qualifiers is accepted", () => {
    const ops = ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
      "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
      "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
      "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"];
    const value = (op: string) => op.startsWith("Numeric") ? "1" : op.startsWith("Date") ? "2020-01-01T00:00:00Z" : op === "Bool" ? "true"
      : op.includes("IpAddress") ? "10.0.0.0/8" : op.startsWith("Arn") ? "arn:aws:s3:::b" : "x";
    for (const op of ops) for (const name of [op, `${op}IfExists`, `ForAllValues:${op}`, `ForAnyValue:${op}IfExists`]) {
      assert.deepEqual(validatePolicy(doc({ ...ok, Condition: { [name]: { "ex:key": value(op) } } }), "identity").filter((d) => d.severity === "error"), [], name);
    }
    assert.deepEqual(validatePolicy(doc({ ...ok, Condition: { Null: { "ex:key": "true" } } }), "identity").filter((d) => d.severity === "error"), []);
  });
  it("values that can never match are warnings with their range", () => {
    const t = doc({ ...ok, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.300" }, NumericLessThan: { "s3:max-keys": "ten" } } });
    const w = validatePolicy(t, "identity").filter((d) => d.severity === "warning").map((d) => [d.code, d.range]);
    assert.deepEqual(w, [["condition-ip", at(t, '"10.0.0.300"')], ["condition-number", at(t, '"ten"')]]);
  });
});

describe("Version and size — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html", () => {
  it("no Version: a warning, not an error", () => {
    const t = JSON.stringify({ Statement: [ok] });
    const d = validatePolicy(t, "identity");
    assert.deepEqual(d.map((x) => [x.code, x.severity, x.range]), [["version-missing", "warning", { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }]]);
    assert.equal(malformedPolicyMessage(d), undefined);
  });
  it("variables under 2008-10-17 are flagged where they are", () => {
    const t = doc({ ...ok, Resource: "arn:aws:s3:::b/${aws:username}/*" }, { Version: "2008-10-17" });
    const d = validatePolicy(t, "identity");
    assert.deepEqual(d.map((x) => [x.code, x.range]), [["variables-ignored", at(t, '"arn:aws:s3:::b/${aws:username}/*"')]]);
  });
  // IAM refuses a new managed policy in the old language ("Do not use this version for any new policies"), with
  // the text recorded in Meteor-CollectionFS#630; inline, trust and resource policies still take it.
  it("a managed policy without Version, or with 2008-10-17, is refused with IAM's text; other kinds take both", () => {
    const none = JSON.stringify({ Statement: [ok] });
    const old = doc(ok, { Version: "2008-10-17" });
    const message = "Policy document must be version 2012-10-17 or greater.";
    const missing = validatePolicy(none, "identity", { managed: true });
    assert.deepEqual(missing.map((x) => [x.code, x.severity, x.message, x.range]),
      [["version-required", "error", message, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }]]);
    assert.equal(malformedPolicyMessage(missing), message);
    const dated = validatePolicy(old, "identity", { managed: true });
    assert.deepEqual(dated.map((x) => [x.code, x.range]), [["version-required", at(old, '"2008-10-17"')]]);
    assert.equal(malformedPolicyMessage(validatePolicy(doc(ok), "identity", { managed: true })), undefined);
    for (const kind of ["identity", "trust", "resource"] as const) {
      const statement = kind === "identity" ? ok
        : kind === "trust" ? { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "sts:AssumeRole" }
        : { ...ok, Principal: { AWS: "111122223333" } };
      const text = doc(statement, { Version: "2008-10-17" });
      assert.equal(malformedPolicyMessage(validatePolicy(text, kind)), undefined, kind);
    }
  });
  it("a syntax error outranks the managed policy's Version", () => {
    const t = JSON.stringify({ Statement: [{ ...ok, Effect: "Maybe" }] });
    assert.equal(malformedPolicyMessage(validatePolicy(t, "identity", { managed: true })), "Syntax errors in policy.");
  });
  it("size counts characters other than whitespace", () => {
    assert.equal(policySize('{ "a" :\n\t"b c" }'), 10);
  });
  it("a trust policy over 2048 characters exceeds ACLSizePerRole (LimitExceeded, not malformed)", () => {
    const t = doc({ Effect: "Allow", Principal: { AWS: Array.from({ length: 60 }, (_, i) => `arn:aws:iam::111122223333:user/user-number-${i}`) }, Action: "sts:AssumeRole" });
    const d = validatePolicy(t, "trust");
    assert.deepEqual(d.map((x) => [x.code, x.message]), [["policy-size", "Cannot exceed quota for ACLSizePerRole: 2048"]]);
    assert.equal(malformedPolicyMessage(d), undefined);
    assert.deepEqual(validatePolicy(t, "trust", { maxSize: 4096 }), []);
  });
  it("managed policy quota 6144", () => {
    const t = doc({ ...ok, Action: Array.from({ length: 500 }, (_, i) => `s3:Action${i}`) });
    assert.deepEqual(validatePolicy(t, "identity").map((x) => x.message), ["Cannot exceed quota for PolicySize: 6144"]);
  });
});

describe("Reporting order and compilePolicy", () => {
  it("syntax errors are reported before other problems", () => {
    const t = doc({ Effect: "Allow", Action: "GetUser", Foo: 1 });
    assert.equal(malformedPolicyMessage(validatePolicy(t, "identity")), "Syntax errors in policy.");
  });
  it("missing actions before malformed resources", () => {
    const t = doc({ Effect: "Allow", Resource: "bucket" });
    assert.equal(malformedPolicyMessage(validatePolicy(t, "identity")), "Policy statement must contain actions.");
  });
  it("valid documents of every kind have no diagnostics", () => {
    const valid: [PolicyKind, object][] = [
      ["identity", ok], ["boundary", ok], ["session", ok], ["scp", ok],
      ["resource", { ...ok, Principal: { AWS: ["111122223333", "arn:aws:iam::111122223333:role/x", "arn:aws:sts::111122223333:assumed-role/x/s"] } }],
      ["trust", { Effect: "Allow", Principal: { Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
      ["trust", { Effect: "Allow", Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:org/*" } } }],
      ["rcp", { ...ok, Principal: "*" }],
    ];
    for (const [kind, st] of valid) assert.deepEqual(validatePolicy(doc(st), kind), [], kind);
  });
  it("compilePolicy throws PolicyParseError carrying AWS's message and every diagnostic", () => {
    assert.throws(() => compilePolicy(doc({ ...ok, Principal: "*" }), { kind: "identity", name: "p" }), (e: unknown) =>
      e instanceof PolicyParseError && e.message === "Policy document should not specify a principal."
      && e.diagnostics.length === 1 && e.diagnostics[0]!.code === "principal-not-allowed");
  });
  it("compilePolicy accepts an object and keeps statement ranges", () => {
    const p = compilePolicy({ Version: "2012-10-17", Statement: [ok, { ...ok, Sid: "Two" }] }, { kind: "identity", name: "p" });
    assert.equal(p.statements.length, 2);
    assert.equal(p.statements[1]!.sid, "Two");
    assert.deepEqual(p.statements[0]!.range, { start: { line: 3, character: 4 }, end: { line: 7, character: 5 } });
  });
});

describe("robustness", () => {
  it("odd documents give diagnostics, never exceptions (fixed-seed fuzz)", () => {
    let s = 1;
    const rnd = (n: number) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % n; };
    const atoms: unknown[] = ["*", "", "s3:*", "Allow", "Deny", 1, true, null, [], {}, ["a", 1], { AWS: "*" }, { StringEquals: { "a:b": "c" } },
      { StringEquals: "x" }, { Foo: { "a:b": ["x"] } }, "arn:aws:s3:::b", "${aws:username}", "arn:aws:iam::${x}:user/*", "a:b:c", { NullIfExists: {} }, [[]]];
    const keys = ["Version", "Statement", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition", "Sid", "Foo"];
    const val = (d: number): unknown => {
      if (d > 3 || rnd(3) === 0) return atoms[rnd(atoms.length)];
      if (rnd(2)) { const o: Record<string, unknown> = {}; for (let i = rnd(5); i > 0; i--) o[keys[rnd(keys.length)]!] = val(d + 1); return o; }
      return Array.from({ length: rnd(3) }, () => val(d + 1));
    };
    for (let i = 0; i < 3000; i++) {
      let text = JSON.stringify(rnd(2) ? { Version: "2012-10-17", Statement: [val(1), { Effect: "Allow", Action: val(2), Resource: val(2) }] } : val(0)) ?? "null";
      if (rnd(10) === 0) text = text.slice(0, rnd(text.length + 1));
      for (const kind of ["identity", "trust", "resource"] as const) {
        assert.ok(Array.isArray(validatePolicy(text, kind)));
        try { compilePolicy(text, { kind, name: "fuzz" }); } catch (e) { assert.ok(e instanceof PolicyParseError, `${kind}: ${text}`); }
      }
    }
  });
});


// CreatePolicy answers recorded against AWS in moto's tests/test_iam/test_iam_policies.py (invalid_policy_document_test_cases
// and valid_policy_documents): for each document, the one MalformedPolicyDocument text IAM gives when several errors
// apply, or none for a document IAM accepts.
describe("IAM's CreatePolicy answers, document by document", () => {
  it("each document gets IAM's MalformedPolicyDocument text, or none", () => {
    const S = (st: unknown, extra: object = {}) => ({ Version: "2012-10-17", ...extra, Statement: st });
    const ok = { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::example_bucket" };
    const cases: [unknown, string | undefined][] = [
      ["This is not a json document", "Syntax errors in policy."],
      [{ Statement: ok }, "Policy document must be version 2012-10-17 or greater."],
      [{ Version: "2008-10-17", Statement: ok }, "Policy document must be version 2012-10-17 or greater."],
      [{ Version: "2013-10-17", Statement: ok }, "Syntax errors in policy."],
      [{ Version: "2012-10-17" }, "Syntax errors in policy."],
      [S(["afd"]), "Syntax errors in policy."],
      [S(ok, { "Extra field": "value" }), "Syntax errors in policy."],
      [S({ ...ok, "Extra field": "value" }), "Syntax errors in policy."],
      [S(ok, { Id: ["x"] }), "Syntax errors in policy."],
      [S(ok, { Id: {} }), "Syntax errors in policy."],
      [S({ ...ok, Effect: "invalid" }), "Syntax errors in policy."],
      [S({ ...ok, Action: "invalid" }), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."],
      [S({ Effect: "Allow", NotAction: "", Resource: ok.Resource }), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."],
      [S({ ...ok, Action: "a a:ListBucket" }), "Vendor a a is not valid"],
      [S({ ...ok, Action: "s3:List:Bucket" }), "Actions/Condition can contain only one colon."],
      [S([{ ...ok, Action: "s3s:ListBucket" }, { ...ok, Action: "s:3s:ListBucket" }]), "Actions/Condition can contain only one colon."],
      [S({ ...ok, Resource: "invalid resource" }), 'Resource invalid resource must be in ARN format or "*".'],
      [S({ ...ok, Resource: "" }), 'Resource  must be in ARN format or "*".'],
      [S({ ...ok, Action: "s:3:ListBucket", Resource: "sdfsadf" }), 'Resource sdfsadf must be in ARN format or "*".'],
      [S({ ...ok, Resource: ["adf"] }), 'Resource adf must be in ARN format or "*".'],
      [S({ Effect: "Allow", NotAction: "s3s:ListBucket", Resource: "a:bsdfdsafsad" }), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'],
      [S({ Effect: "Allow", NotAction: "s3s:ListBucket", Resource: "a:b:cadfsdf" }), 'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".'],
      [S({ Effect: "Allow", NotAction: "s3s:ListBucket", Resource: "a:b:c:d:e:f:g:h" }), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".'],
      [S({ ...ok, Resource: "aws:s3:::example_bucket" }), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".'],
      [S({ ...ok, Resource: ["arn:error:s3:::example_bucket", "arn:error:s3::example_bucket"] }), 'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".'],
      [S([]), "Syntax errors in policy."],
      [S({ Effect: "Allow", Action: "s3:ListBucket" }), "Policy statement must contain resources."],
      [S({ Effect: "Allow", Action: "s3:ListBucket", Resource: [] }), "Policy statement must contain resources."],
      [S({ Effect: "Allow", Action: "invalid" }), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."],
      [S({ Effect: "Allow", Resource: ok.Resource }), "Policy statement must contain actions."],
      [S({ Action: "s3:ListBucket", Resource: ok.Resource }), "Syntax errors in policy."],
      [S({ Effect: "Allow" }), "Policy statement must contain actions."],
      [S({ ...ok, Action: [] }), "Policy statement must contain actions."],
      [S([{ Effect: "Deny" }, ok]), "Policy statement must contain actions."],
      [S({ ...ok, Resource: "arn:aws:iam:::example_bucket" }), 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.'],
      [S({ ...ok, Resource: "arn:aws:s3::example_bucket" }), "The policy failed legacy parsing"],
      [S({ Effect: "Allow", Resource: "arn:aws:s3::example_bucket" }), "The policy failed legacy parsing"],
      [S({ ...ok, Resource: "arn:aws" }), "Resource vendor must be fully qualified and cannot contain regexes."],
      [S({ ...ok, Resource: { a: "x" } }), "Syntax errors in policy."],
      [S({ Effect: "Deny", Action: "s3:ListBucket", Resource: ["adfdf", {}] }), "Syntax errors in policy."],
      [S({ Effect: "Allow", NotAction: "s3:ListBucket", Resource: ok.Resource, NotResource: [] }), "Syntax errors in policy."],
      [S({ Effect: "Deny", Action: [[]], Resource: ok.Resource }), "Syntax errors in policy."],
      [S({ Effect: "Allow", NotAction: "s3s:ListBucket", Action: [], Resource: ok.Resource }), "Syntax errors in policy."],
      [S({ ...ok, Action: {} }), "Syntax errors in policy."],
      [S({ ...ok, Condition: [] }), "Syntax errors in policy."],
      [S({ ...ok, Condition: "a" }), "Syntax errors in policy."],
      [S({ ...ok, Condition: { a: "b" } }), "Syntax errors in policy."],
      [S({ ...ok, Condition: { DateGreaterThan: "b" } }), "Syntax errors in policy."],
      [S({ ...ok, Condition: { DateGreaterThan: [] } }), "Syntax errors in policy."],
      [S({ ...ok, Condition: { DateGreaterThan: { a: {} } } }), "Syntax errors in policy."],
      [S({ Effect: "Allow", Resource: ok.Resource, Condition: { DateGreaterThan: { a: {} } } }), "Syntax errors in policy."],
      [S({ ...ok, Condition: { x: { a: "1" } } }), "Syntax errors in policy."],
      [S({ ...ok, Condition: { "ForAnyValue::StringEqualsIfExists": { a: "asf" } } }), "Syntax errors in policy."],
      [S({ ...ok, Condition: [{ "ForAllValues:StringEquals": { "aws:TagKeys": "Department" } }] }), "Syntax errors in policy."],
      [S({ ...ok, Resource: "arn:aws:iam:us-east-1::example_bucket" }), "IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information."],
      [S({ ...ok, Resource: "arn:aws:s3:us-east-1::example_bucket" }), "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information."],
      [S({ Sid: {}, ...ok }), "Syntax errors in policy."],
      [S({ Sid: [], ...ok }), "Syntax errors in policy."],
      [S([{ Sid: "sdf", ...ok }, { Sid: "sdf", Effect: "Allow" }]), "Statement IDs (SID) in a single policy must be unique."],
      [{ Statement: [{ Sid: "sdf", ...ok }, { Sid: "sdf", Effect: "Allow" }] }, "Policy document must be version 2012-10-17 or greater."],
      [S({ Effect: "Allow", NotAction: "s3:ListBucket", Action: "iam:dsf", Resource: ok.Resource }), "Syntax errors in policy."],
      [S({ ...ok, NotResource: "*" }), "Syntax errors in policy."],
      [S({ ...ok, Effect: "denY" }), "The policy failed legacy parsing"],
      [S({ ...ok, Condition: { DateGreaterThan: { a: "sdfdsf" } } }), "The policy failed legacy parsing"],
      [{ Statement: { ...ok, Condition: { DateGreaterThan: { a: "sdfdsf" } } } }, "Policy document must be version 2012-10-17 or greater."],
      [{ Statement: { ...ok, Effect: "denY" } }, "Policy document must be version 2012-10-17 or greater."],
      [S({ Effect: "Allow", Condition: { DateGreaterThan: { a: "sdfdsf" } } }), "The policy failed legacy parsing"],
      [S({ Effect: "Allow", NotAction: "s3:ListBucket", Resource: "arn:aws::::example_bucket" }), "The policy failed legacy parsing"],
      [S({ Effect: "allow", Resource: "arn:aws:s3:us-east-1::example_bucket" }), "The policy failed legacy parsing"],
      [S([{ Sid: "sdf", ...ok, Effect: "aLLow" }, { Sid: "sdf", Effect: "Allow" }]), "The policy failed legacy parsing"],
      [S({ Effect: "Allow", Action: "s3:ListBucket", NotResource: "arn:aws:s3::example_bucket" }), "The policy failed legacy parsing"],
      [S({ ...ok, Condition: { DateLessThanEquals: { a: "234-13" } } }), "The policy failed legacy parsing"],
      [S({ ...ok, Condition: { DateLessThanEquals: { a: "2016-12-13t2:00:00.593194+1" } } }), "The policy failed legacy parsing"],
      [S({ ...ok, Condition: { DateLessThanEquals: { a: "2016-12-13t2:00:00.1999999999+10:59" } } }), "The policy failed legacy parsing"],
      [S({ ...ok, Condition: { DateLessThan: { a: "9223372036854775808" } } }), "The policy failed legacy parsing"],
      [S({ ...ok, Resource: "arn:error:s3:::example_bucket", Condition: { DateGreaterThan: { a: "sdfdsf" } } }), "The policy failed legacy parsing"],
      [S({ ...ok, Resource: "arn:aws::fdsasf" }), "The policy failed legacy parsing"],
      // Documents IAM accepts (valid_policy_documents).
      [S({ ...ok, Resource: ["arn:aws:s3:::example_bucket"] }), undefined],
      [S({ ...ok, Action: "iam: asdf safdsf af " }), undefined],
      [S({ ...ok, Resource: ["arn:aws:s3:::example_bucket", "*"] }), undefined],
      [S({ ...ok, Action: "*" }), undefined],
      [S({ ...ok, Action: "service-prefix:action-name", Resource: "*", Condition: { DateGreaterThan: { "aws:CurrentTime": "2017-07-01T00:00:00Z" }, DateLessThan: { "aws:CurrentTime": "2017-12-31T23:59:59Z" } } }), undefined],
      [S({ ...ok, Action: "fsx:ListBucket" }), undefined],
      [S({ ...ok, Resource: "arn:aws:iam:::user/example_bucket" }), undefined],
      [S({ ...ok, Resource: "arn:aws:s33:::example_bucket" }), undefined],
      [S({ ...ok, Resource: "arn:aws:fdsasf" }), undefined],
      [S({ ...ok, Condition: {} }), undefined],
      [S({ ...ok, Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "Department" } } }), undefined],
      [S({ ...ok, Resource: "arn:aws:cloudwatch:us-east-1::example_bucket" }), undefined],
      [S({ ...ok, Resource: "arn:aws:ec2:us-east-1::example_bucket" }), undefined],
      [S({ ...ok, Resource: "arn:aws:invalid-service:::example_bucket" }), undefined],
      [S({ ...ok, Resource: "arn:aws:invalid-service:us-east-1::example_bucket" }), undefined],
      [S({ ...ok, Condition: { DateGreaterThan: {} } }), undefined],
      [S({ ...ok, Condition: { DateGreaterThan: { a: [] } } }), undefined],
      [S({ ...ok, Condition: { a: {} } }), undefined],
    ];
    const got = cases.map(([d]) => malformedPolicyMessage(validatePolicy(typeof d === "string" ? d : JSON.stringify(d), "identity", { managed: true })));
    assert.deepEqual(got, cases.map(([, want]) => want));
  });
});
