// Hovers: an action's description, access level, resource types and condition keys; which actions a wildcard
// covers; a condition key's type; an operator's meaning; which resource types a Resource names.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hoverAt } from "../../../src/editor-core/hover.js";
import { testCatalog } from "./catalog-fixture.js";
import { cursor, rangeOf } from "./text-ranges.js";

const catalog = testCatalog();
function hover(marked: string) {
  const { text, offset } = cursor(marked);
  return { text, hover: hoverAt(text, offset, catalog) };
}

describe("hover", () => {
  it("on an action: description, access level, resource types with ARNs, condition keys", () => {
    const { text, hover: h } = hover('{ "Statement": [ { "Effect": "Allow", "Action": ["iam:Pass|Role"], "Resource": "*" } ] }');
    assert.deepEqual(h!.range, rangeOf(text, '"iam:PassRole"'));
    const md = h!.markdown.split("\n\n");
    assert.equal(md[0], "**iam:PassRole** — Write");
    assert.equal(md[1], "Grants permission to pass a role to a service");
    assert.equal(md[2], "| Resource type | ARN | |\n|---|---|---|\n| role | `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}` | required |");
    assert.match(md[3]!, /^Condition keys: `iam:AssociatedResourceArn`, `iam:PassedToService`/);
  });

  it("on an action without resource types", () => {
    const { hover: h } = hover('{ "Statement": [ { "Effect": "Allow", "Action": "iam:ListUs|ers", "Resource": "*" } ] }');
    assert.match(h!.markdown, /Resource types: none — use `"Resource": "\*"`\./);
  });

  it("on a wildcard: every action it covers, with access levels", () => {
    const { hover: h } = hover('{ "Statement": [ { "Effect": "Allow", "Action": "sts:Assume|*", "Resource": "*" } ] }');
    const expected = catalog.expand("sts:Assume*");
    assert.ok(expected.length >= 3);
    const lines = h!.markdown.split("\n");
    assert.match(lines[0]!, new RegExp(`^\\*\\*sts:Assume\\\\\\*\\*\\* covers ${expected.length} actions \\(`));
    assert.deepEqual(lines.slice(2), expected.map((a) => `- \`sts:${a.name}\` — ${a.accessLevel}`));
    assert.ok(lines.includes("- `sts:AssumeRoleWithWebIdentity` — Write"));
  });

  it("a long wildcard list is cut after 40 with a count", () => {
    const { hover: h } = hover('{ "Statement": [ { "Effect": "Allow", "Action": "ec2:Describe|*", "Resource": "*" } ] }');
    const n = catalog.expand("ec2:Describe*").length;
    assert.ok(h!.markdown.endsWith(`- … and ${n - 40} more`));
  });

  it("on a condition key: type, description, which actions support it", () => {
    const { text, hover: h } = hover('{ "Statement": [ { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": { "StringEquals": { "iam:Passed|ToService": "x" } } } ] }');
    assert.deepEqual(h!.range, rangeOf(text, '"iam:PassedToService"'));
    assert.match(h!.markdown, /^\*\*iam:PassedToService\*\* — String\n\n.+\n\nSupported by `iam:PassRole`\.$/);
  });

  it("on a multi-valued global key", () => {
    const { hover: h } = hover('{ "Statement": [ { "Effect": "Allow", "Action": "iam:TagUser", "Resource": "*", "Condition": { "ForAnyValue:StringEquals": { "aws:Tag|Keys": ["a"] } } } ] }');
    assert.match(h!.markdown, /^\*\*aws:TagKeys\*\* — ArrayOfString \(multi-valued: use ForAnyValue: or ForAllValues:\)/);
  });

  it("on an operator: its meaning and the qualifier's", () => {
    const { hover: h } = hover('{ "Statement": [ { "Effect": "Allow", "Action": "iam:TagUser", "Resource": "*", "Condition": { "ForAllValues:String|Equals": { "aws:TagKeys": ["a"] } } } ] }');
    assert.equal(h!.markdown, "**ForAllValues:StringEquals** (String)\n\nExact match, case-sensitive.\n\nForAllValues: true when every one of the request's values matches (also true when the key is missing or empty).");
  });

  it("on a resource: the resource types it can name and the actions it applies to", () => {
    const { hover: h } = hover('{ "Statement": [ { "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::reports/|*" } ] }');
    assert.equal(h!.markdown, "**arn:aws:s3:::reports/\\***\n\nCan name Amazon S3 resource type: object (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).\n\nApplies to `s3:GetObject`.");
  });

  it("nothing outside statements or without a catalog", () => {
    assert.equal(hover('{ "Ver|sion": "2012-10-17" }').hover, undefined);
    const { text, offset } = cursor('{ "Statement": [ { "Action": "s3:Get|Object" } ] }');
    assert.equal(hoverAt(text, offset, undefined), undefined);
  });
});

describe("hover on operators without a catalog", () => {
  it("explains a known operator, and names the nearest for an unknown one", () => {
    const known = cursor('{ "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "IpAdd|ress": { "aws:SourceIp": "10.0.0.0/8" } } } ] }');
    assert.match(hoverAt(known.text, known.offset, undefined)!.markdown, /^\*\*IpAddress\*\* \(IpAddress\)\n\nThe IP address is in one of the CIDR blocks\./);
    const unknown = cursor('{ "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEq|ual": { "aws:username": "a" } } } ] }');
    assert.equal(hoverAt(unknown.text, unknown.offset, undefined)!.markdown, "**StringEqual** is not a condition operator IAM knows. Did you mean `StringEquals`?");
  });
});
