import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  documentForEditing, documentPath, documentPathOfSource, documentTitle, inlinePolicyPath, isWritable, parseDocumentPath, policySourceOf, readCallOf,
  versionToPrune, writeCallOf,
} from "../../../../src/extension/tree/document-uris.js";
import { policyDocumentPath } from "../../../../src/extension/tree/tree-model.js";

const arn = "arn:aws:iam::000000000000:policy/team/app-s3";

describe("document paths", () => {
  it("a policy the engine names opens at the document it came from, and back", () => {
    const targets = [
      { kind: "inlinePolicy" as const, owner: { kind: "user" as const, name: "alice" }, name: "own-keys" },
      { kind: "inlinePolicy" as const, owner: { kind: "group" as const, name: "dev-ops" }, name: "logs+write" },
      { kind: "managedPolicy" as const, name: "app-s3", arn, awsManaged: false },
      { kind: "managedPolicy" as const, name: "AWSLambdaBasicExecutionRole", arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", awsManaged: true },
    ];
    for (const target of targets) assert.deepEqual(parseDocumentPath(documentPathOfSource(policySourceOf(target)!)!), target);
    // Nothing to open: a trust policy named in words, a session policy, a malformed ARN.
    assert.equal(documentPathOfSource({ name: "app trust policy" }), undefined);
    assert.equal(documentPathOfSource({ name: "session policy" }), undefined);
    assert.equal(documentPathOfSource({ name: "x", arn: "arn:aws:iam::000000000000:role/app" }), undefined);
  });

  it("parse back into what each node opens", () => {
    assert.deepEqual(parseDocumentPath(policyDocumentPath("app-s3", arn, false)), { kind: "managedPolicy", name: "app-s3", arn, awsManaged: false });
    assert.deepEqual(parseDocumentPath(policyDocumentPath("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", true)),
      { kind: "managedPolicy", name: "ReadOnlyAccess", arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", awsManaged: true });
    assert.deepEqual(parseDocumentPath(policyDocumentPath("AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", true)),
      { kind: "managedPolicy", name: "AWSLambdaBasicExecutionRole", arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", awsManaged: true });
    assert.deepEqual(parseDocumentPath(documentPath({ kind: "trustPolicy", role: "app" })), { kind: "trustPolicy", role: "app" });
    assert.deepEqual(parseDocumentPath(inlinePolicyPath({ kind: "group", name: "dev-ops" }, "logs+write")), { kind: "inlinePolicy", owner: { kind: "group", name: "dev-ops" }, name: "logs+write" });
    const version = { kind: "policyVersion" as const, name: "app-s3", arn, versionId: "v3" };
    assert.deepEqual(parseDocumentPath(documentPath(version)), version);
    assert.equal(parseDocumentPath("/roles/app/other/x"), undefined);
    assert.equal(parseDocumentPath("/policies/app-s3/app-s3 (emulator)"), undefined, "a policy path needs its account");
    // Folders are not documents: workspace.fs finds parents by stat, and a folder must not read as a policy.
    assert.equal(parseDocumentPath("/policies/000000000000/team/app-s3"), undefined);
    assert.equal(parseDocumentPath("/roles/app/trust-policy"), undefined);
    assert.equal(parseDocumentPath("/aws-managed/service-role/AWSLambdaBasicExecutionRole"), undefined);
  });

  it("end with a title a person recognises, and name no encoded ARN", () => {
    assert.equal(policyDocumentPath("app-s3", arn, false), "/policies/000000000000/team/app-s3/app-s3 (emulator)");
    assert.equal(documentPath({ kind: "policyVersion", name: "app-s3", arn, versionId: "v2" }), "/policy-versions/000000000000/team/app-s3/v2/app-s3 (emulator · v2)");
    assert.equal(policyDocumentPath("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", true), "/aws-managed/ReadOnlyAccess/ReadOnlyAccess (AWS managed)");
    assert.equal(inlinePolicyPath({ kind: "user", name: "alice" }, "own-keys"), "/users/alice/inline/own-keys/own-keys (emulator · alice inline)");
    assert.equal(documentTitle({ kind: "trustPolicy", role: "app" }), "app (emulator · trust policy)");
  });

  it("are writable exactly where AWS lets a document change", () => {
    assert.equal(isWritable({ kind: "trustPolicy", role: "app" }), true);
    assert.equal(isWritable({ kind: "inlinePolicy", owner: { kind: "user", name: "a" }, name: "p" }), true);
    assert.equal(isWritable({ kind: "managedPolicy", name: "p", arn, awsManaged: false }), true);
    assert.equal(isWritable({ kind: "managedPolicy", name: "p", arn: "arn:aws:iam::aws:policy/X", awsManaged: true }), false);
    assert.equal(isWritable({ kind: "policyVersion", name: "p", arn, versionId: "v1" }), false);
  });
});

describe("read and write calls", () => {
  it("save a trust policy with UpdateAssumeRolePolicy, an inline policy with Put*Policy, a customer policy as a new default version", () => {
    assert.deepEqual(writeCallOf({ kind: "trustPolicy", role: "app" }, "{}"), { service: "iam", operation: "UpdateAssumeRolePolicy", input: { RoleName: "app", PolicyDocument: "{}" } });
    assert.deepEqual(writeCallOf({ kind: "inlinePolicy", owner: { kind: "role", name: "app" }, name: "logs" }, "{}"),
      { service: "iam", operation: "PutRolePolicy", input: { RoleName: "app", PolicyName: "logs", PolicyDocument: "{}" } });
    assert.deepEqual(writeCallOf({ kind: "inlinePolicy", owner: { kind: "user", name: "alice" }, name: "x" }, "{}")!.operation, "PutUserPolicy");
    assert.deepEqual(writeCallOf({ kind: "managedPolicy", name: "p", arn, awsManaged: false }, "{}"),
      { service: "iam", operation: "CreatePolicyVersion", input: { PolicyArn: arn, PolicyDocument: "{}", SetAsDefault: true } });
    assert.equal(writeCallOf({ kind: "managedPolicy", name: "p", arn, awsManaged: true }, "{}"), undefined);
  });

  it("read documents from GetRole, Get*Policy and GetPolicyVersion", () => {
    const trust = readCallOf({ kind: "trustPolicy", role: "app" })!;
    assert.deepEqual(trust.call, { service: "iam", operation: "GetRole", input: { RoleName: "app" } });
    assert.equal(trust.document({ Role: { AssumeRolePolicyDocument: "%7B%7D" } }), "%7B%7D");
    const inline = readCallOf({ kind: "inlinePolicy", owner: { kind: "group", name: "g" }, name: "p" })!;
    assert.deepEqual(inline.call, { service: "iam", operation: "GetGroupPolicy", input: { GroupName: "g", PolicyName: "p" } });
    assert.deepEqual(readCallOf({ kind: "policyVersion", name: "p", arn, versionId: "v2" })!.call.input, { PolicyArn: arn, VersionId: "v2" });
  });

  it("prune the oldest non-default version only when five exist", () => {
    const v = (n: number, def = false) => ({ VersionId: `v${n}`, IsDefaultVersion: def });
    assert.equal(versionToPrune([v(1), v(2, true)]), undefined);
    assert.equal(versionToPrune([v(3), v(10), v(4, true), v(5), v(6)]), "v3");
    assert.equal(versionToPrune([v(1, true), v(12), v(11), v(13), v(14)]), "v11");
  });

  it("decode AWS's URL-encoded documents and pretty-print them", () => {
    const stored = encodeURIComponent('{"Version":"2012-10-17","Statement":[]}');
    assert.equal(documentForEditing(stored), '{\n  "Version": "2012-10-17",\n  "Statement": []\n}\n');
    assert.equal(documentForEditing('{"a":"100%25"}'), '{\n  "a": "100%25"\n}\n', "already-decoded JSON is left as is");
    assert.equal(documentForEditing("not json"), "not json");
  });
});
