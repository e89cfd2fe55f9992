// The stepped Simulate picker's choices: actions the policies name (wildcards expanded), a resource for the
// chosen action with its wildcard selected, and a typed prompt per condition key of the statements it meets.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  actionChoices, catalogActions, conditionKeyPrompts, contextValueOf, contextValueProblem, resourceChoice, resourceWarning, statementsOfDocuments,
} from "../../../src/editor-core/request-steps.js";
import { testCatalog } from "./catalog-fixture.js";

const catalog = testCatalog();
const statements = statementsOfDocuments([
  { Version: "2012-10-17", Statement: [
    { Sid: "Uploads", Effect: "Allow", Action: ["s3:PutObject", "s3:Get*"], Resource: ["*", "arn:aws:s3:::uploads/*"], Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" }, "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } } },
    { Effect: "Deny", Action: "s3:PutObject", Resource: "arn:aws:s3:::uploads/locked/*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" }, StringEquals: { "aws:username": "bob" } } },
  ] },
  { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "iam:ListUsers", Resource: "*" } },
  "not a policy",
]);

describe("stepped simulate request", () => {
  it("lists named actions first, then each wildcard's catalog matches", () => {
    const choices = actionChoices(statements, catalog);
    assert.deepEqual(choices.slice(0, 2), [
      { action: "s3:PutObject", detail: "named in Sid Uploads" },
      { action: "iam:ListUsers", detail: "named in statement 1" },
    ]);
    const expanded = choices.slice(2);
    assert.ok(expanded.length > 25 && expanded.length <= 200, String(expanded.length));
    assert.ok(expanded.every((c) => c.action.startsWith("s3:Get") && c.detail.includes("from s3:Get* in Sid Uploads")));
    assert.ok(expanded.some((c) => c.action === "s3:GetObject"));
    assert.ok(catalogActions(catalog, "iam:").some((c) => c.action === "iam:CreateUser"));
    assert.deepEqual(catalogActions(catalog, "nosuch:"), []);
  });

  it("prefills the resource an Allow covering the action names, its wildcard selected", () => {
    assert.deepEqual(resourceChoice(statements, "s3:PutObject"), { resource: "arn:aws:s3:::uploads/*", selection: [21, 22] });
    assert.deepEqual(resourceChoice(statements, "iam:ListUsers"), { resource: "*" });
    assert.match(resourceWarning("*")!, /^The resource is \*/);
    assert.match(resourceWarning("arn:aws:s3:::uploads/*")!, /has a wildcard/);
    assert.equal(resourceWarning("arn:aws:s3:::uploads/a.txt"), undefined);
  });

  it("asks for each condition key of the statements the action meets, typed, never for keys the principal supplies", () => {
    assert.deepEqual(conditionKeyPrompts(statements, "s3:PutObject", catalog).map((p) => [p.key, p.type, p.multiValued, p.operators.join()]), [
      ["aws:SourceIp", "IPAddress", false, "IpAddress"],
      ["aws:TagKeys", "ArrayOfString", true, "ForAnyValue:StringEquals"],
      ["aws:MultiFactorAuthPresent", "Bool", false, "Bool"],
    ]);
    assert.deepEqual(conditionKeyPrompts(statements, "iam:ListUsers", catalog), []);
    // Without a catalog the operator's family types the key.
    assert.deepEqual(conditionKeyPrompts(statements, "s3:PutObject").map((p) => p.type), ["IPAddress", "String", "Bool"]);
  });

  it("checks typed values by type and turns them into request values", () => {
    const ip = { type: "IPAddress" as const, multiValued: false };
    assert.equal(contextValueProblem(ip, ""), undefined);
    assert.equal(contextValueProblem(ip, "198.51.100.7"), undefined);
    assert.equal(contextValueProblem(ip, "office"), '"office" is not an IP address.');
    assert.equal(contextValueProblem({ type: "Bool", multiValued: false }, "yes"), '"yes": write true or false.');
    assert.equal(contextValueProblem({ type: "Numeric", multiValued: false }, "3600"), undefined);
    assert.match(contextValueProblem({ type: "Date", multiValued: false }, "soon")!, /not a date/);
    assert.deepEqual(contextValueOf({ multiValued: true }, "team, cost-center"), ["team", "cost-center"]);
    assert.equal(contextValueOf({ multiValued: false }, "  "), undefined);
  });
});
