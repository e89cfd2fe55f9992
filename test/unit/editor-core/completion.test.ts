// Completion: element names, values, service prefixes and actions, ARN templates for the statement's actions,
// condition operators and the condition keys the statement's actions support.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { completionsAt } from "../../../src/editor-core/completion.js";
import { testCatalog } from "./catalog-fixture.js";
import { cursor, rangeOf } from "./text-ranges.js";

const catalog = testCatalog();
function complete(marked: string) {
  const { text, offset } = cursor(marked);
  return { text, items: completionsAt(text, offset, catalog) };
}
const labels = (items: { label: string }[]) => items.map((i) => i.label);

describe("completion", () => {
  it("offers top-level elements in the document object", () => {
    const { items } = complete("{\n  |\n}");
    assert.deepEqual(labels(items), ["Version", "Id", "Statement"]);
    assert.equal(items[0]!.insertText, '"Version": "2012-10-17"');
  });

  it("offers statement elements inside a statement, as snippets", () => {
    const { items } = complete('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", | } ] }');
    assert.deepEqual(labels(items), ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"]);
    assert.equal(items[1]!.insertText, '"Effect": "${1|Allow,Deny|}"');
    assert.equal(items[1]!.snippet, true);
  });

  it("replaces a partly typed property name, quotes included", () => {
    const { text, items } = complete('{ "Statement": [ { "Eff|" } ] }');
    const effect = items.find((i) => i.label === "Effect")!;
    assert.equal(effect.insertText, '"Effect"');
    assert.deepEqual(effect.range, rangeOf(text, '"Eff"'));
  });

  it("offers Allow and Deny for Effect", () => {
    const marked = '{ "Statement": [ { "Effect": "|" } ] }';
    const { items } = complete(marked);
    assert.deepEqual(labels(items), ["Allow", "Deny"]);
    // Inside the empty quotes: nothing to replace, the value goes between them.
    assert.deepEqual(items[0]!.range, { start: { line: 0, character: 30 }, end: { line: 0, character: 30 } });
    assert.equal(cursor(marked).offset, 30);
  });

  it("offers service prefixes, then a service's actions with access level and description", () => {
    const prefixes = complete('{ "Statement": [ { "Effect": "Allow", "Action": "s|" } ] }').items;
    const s3 = prefixes.find((i) => i.label === "s3")!;
    assert.equal(s3.kind, "service");
    assert.equal(s3.insertText, "s3:");
    assert.equal(s3.detail, "Amazon S3");
    assert.equal(s3.retrigger, true);
    assert.ok(prefixes.length > 400);

    const { text, items } = complete('{ "Statement": [ { "Effect": "Allow", "Action": ["s3:GetOb|"] } ] }');
    const get = items.find((i) => i.label === "s3:GetObject")!;
    assert.equal(get.kind, "action");
    assert.equal(get.insertText, "s3:GetObject");
    assert.equal(get.detail, "Read");
    assert.match(get.documentation!, /^Grants permission to retrieve objects from Amazon S3\n\nResource types: accesspointobject, object$/);
    assert.deepEqual(get.range, rangeOf(text, "s3:GetOb"));
    assert.equal(items[0]!.label, "s3:*");
  });

  it("quotes an action typed where no string has been opened", () => {
    const { items } = complete('{ "Statement": [ { "Effect": "Allow", "Action": | } ] }');
    assert.equal(items.find((i) => i.label === "iam")!.insertText, '"iam:"');
  });

  it("offers the ARN templates of the statement's actions as snippets", () => {
    const { items } = complete('{ "Statement": [ { "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["|"] } ] }');
    assert.deepEqual(labels(items), ["*", "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}", "arn:${Partition}:s3:::${BucketName}",
      "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}", "arn:${Partition}:s3:::${BucketName}/${ObjectName}"]);
    const bucket = items.find((i) => i.label === "arn:${Partition}:s3:::${BucketName}")!;
    assert.equal(bucket.insertText, "arn:${1:aws}:s3:::${2:BucketName}");
    assert.equal(bucket.snippet, true);
    assert.equal(bucket.detail, "bucket · s3:ListBucket");
  });

  it("offers condition operators under Condition", () => {
    const { items } = complete('{ "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "|" } } ] }');
    const ls = labels(items);
    for (const op of ["StringEquals", "StringLikeIfExists", "ForAnyValue:StringLike", "ForAllValues:ArnLike", "IpAddress", "Null", "Bool", "DateGreaterThan"]) assert.ok(ls.includes(op), op);
    assert.ok(!ls.includes("NullIfExists"));
  });

  it("offers the statement's action keys first, then global keys", () => {
    const { items } = complete('{ "Statement": [ { "Effect": "Allow", "Action": "iam:PassRole", "Condition": { "StringEquals": { "|" } } } ] }');
    assert.deepEqual(labels(items).slice(0, 2), ["iam:AssociatedResourceArn", "iam:PassedToService"]);
    assert.equal(items[1]!.detail, "String · iam:PassRole");
    const sorted = labels([...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)));
    assert.ok(sorted.indexOf("iam:PassedToService") < sorted.indexOf("aws:SourceIp"));
    const tag = items.find((i) => i.label === "aws:PrincipalTag/${TagKey}")!;
    assert.equal(tag.insertText, '"aws:PrincipalTag/${1:TagKey}"');
    assert.equal(tag.detail, "String · global");
  });

  it("offers true and false for a Bool key's value", () => {
    const { items } = complete('{ "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "Bool": { "aws:SecureTransport": "|" } } } ] }');
    assert.deepEqual(labels(items), ["true", "false"]);
  });
});
