// "Add a statement that allows this": the statement for a denied request and the edit that appends it as the
// document is written.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { allowStatementFor, appendStatementEdit, sidsOf } from "../../../src/editor-core/allow-statement.js";
import { simulate } from "../../../src/editor-core/simulation.js";
import { applyEdits } from "./text-ranges.js";

const request = { action: "s3:PutObject", resource: "arn:aws:s3:::uploads/a.txt" };

function append(text: string): { out: string; at: string } {
  const statement = allowStatementFor(request, sidsOf(text));
  const change = appendStatementEdit(text, statement)!;
  const out = applyEdits(text, [change.edit]);
  return { out, at: out.slice(change.statementOffset, change.statementOffset + change.statementLength) };
}

describe("a statement that allows a denied request", () => {
  it("is an Allow of exactly that action on that resource, with a Sid not yet taken", () => {
    assert.deepEqual(allowStatementFor(request), { Sid: "AllowS3PutObject", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::uploads/a.txt" });
    assert.equal(allowStatementFor(request, ["AllowS3PutObject", "allows3putobject2"]).Sid, "AllowS3PutObject3");
    assert.equal(allowStatementFor({ action: "iam:ListUsers" }).Resource, "*");
  });

  it("is appended to a pretty-printed list with the list's indentation, and then allows the request", () => {
    const text = '{\n    "Version": "2012-10-17",\n    "Statement": [\n        {\n            "Effect": "Allow",\n            "Action": "s3:GetObject",\n            "Resource": "*"\n        }\n    ]\n}\n';
    const { out, at } = append(text);
    assert.equal(out, '{\n    "Version": "2012-10-17",\n    "Statement": [\n        {\n            "Effect": "Allow",\n            "Action": "s3:GetObject",\n            "Resource": "*"\n        },\n        {\n            "Sid": "AllowS3PutObject",\n            "Effect": "Allow",\n            "Action": "s3:PutObject",\n            "Resource": "arn:aws:s3:::uploads/a.txt"\n        }\n    ]\n}\n');
    assert.equal(at, '{\n            "Sid": "AllowS3PutObject",\n            "Effect": "Allow",\n            "Action": "s3:PutObject",\n            "Resource": "arn:aws:s3:::uploads/a.txt"\n        }');
    assert.equal(simulate(text, "identity", request).explanation.decision, "implicitDeny");
    assert.equal(simulate(out, "identity", request).explanation.decision, "allowed");
  });

  it("turns a single statement into a list, fills an empty list, and adds a missing Statement", () => {
    assert.equal(append('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}').out,
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}, {\n  "Sid": "AllowS3PutObject",\n  "Effect": "Allow",\n  "Action": "s3:PutObject",\n  "Resource": "arn:aws:s3:::uploads/a.txt"\n}]}');
    const empty = append('{\n  "Version": "2012-10-17",\n  "Statement": []\n}').out;
    assert.equal(simulate(empty, "identity", request).explanation.decision, "allowed");
    const none = append('{\n  "Version": "2012-10-17"\n}').out;
    assert.equal(simulate(none, "identity", request).explanation.decision, "allowed");
    assert.equal(appendStatementEdit("not json", allowStatementFor(request)), undefined);
  });
});
