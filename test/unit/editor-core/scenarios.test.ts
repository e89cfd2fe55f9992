// Scenario files beside a policy: parsed with ranges, run through the engine, pass/fail like tests.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseScenarioFile, policyPathFor, runScenarios, scenarioPathFor } from "../../../src/editor-core/scenarios.js";
import { simulate } from "../../../src/editor-core/simulation.js";
import { rangeOf } from "./text-ranges.js";

const policy = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" },
    { "Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/secret/*" }
  ]
}`;

const scenarios = `{
  "principal": "arn:aws:iam::123456789012:user/alice",
  "scenarios": [
    { "name": "reads a report", "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv", "expect": "allowed", "decidingSid": "ReadReports" },
    { "name": "no secrets", "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/secret/k", "expect": "allowed" },
    { "name": "writes nothing", "action": "s3:PutObject", "resource": "arn:aws:s3:::reports/x", "expect": "denied" },
    { "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/a", "context": { "aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a", "b"] } }
  ]
}`;

describe("scenario files", () => {
  it("pairs a policy with its sidecar", () => {
    assert.equal(scenarioPathFor("/w/reports-policy.json"), "/w/reports-policy.scenarios.json");
    assert.equal(policyPathFor("/w/reports-policy.scenarios.json"), "/w/reports-policy.json");
    assert.equal(policyPathFor("/w/reports-policy.json"), undefined);
  });

  it("parses scenarios with the file's default principal and each scenario's range", () => {
    const file = parseScenarioFile(scenarios);
    assert.deepEqual(file.problems, []);
    assert.equal(file.scenarios.length, 4);
    assert.equal(file.scenarios[0]!.principal, "arn:aws:iam::123456789012:user/alice");
    assert.deepEqual(file.scenarios[0]!.range, rangeOf(scenarios, '{ "name": "reads a report", "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv", "expect": "allowed", "decidingSid": "ReadReports" }'));
    assert.deepEqual(file.scenarios[3]!.context, { "aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a", "b"] });
  });

  it("reports malformed scenarios where they are", () => {
    const text = '{ "scenarios": [ { "resource": "x" }, { "action": "s3:GetObject", "expect": "maybe" }, 3 ] }';
    const file = parseScenarioFile(text);
    assert.deepEqual(file.problems.map((p) => p.message), [
      'This scenario needs an "action", e.g. "s3:GetObject".',
      '"expect" is one of "allowed", "denied", "explicitDeny", "implicitDeny".',
      "A scenario is an object with at least an action.",
    ]);
    assert.deepEqual(file.problems[1]!.range, rangeOf(text, '"maybe"'));
    assert.equal(file.scenarios.length, 1);
    assert.deepEqual(parseScenarioFile("[]").problems.map((p) => p.message), ['A scenario file is a JSON object with a "scenarios" list.']);
  });

  it("runs every scenario: pass, fail with the reason, and no expectation", () => {
    const results = runScenarios(policy, "identity", parseScenarioFile(scenarios).scenarios);
    assert.deepEqual(results.map((r) => r.pass), [true, false, true, undefined]);
    assert.equal(results[1]!.message, 'expected allowed, got explicitDeny. Denied with an explicit deny in an identity-based policy (statement "NoSecrets" of this document).');
    assert.equal(results[3]!.message, 'allowed: Allowed by an identity-based policy (statement "ReadReports" of this document).');
  });

  it("each result carries the same explanation as a direct simulation", () => {
    const [first] = parseScenarioFile(scenarios).scenarios;
    const [result] = runScenarios(policy, "identity", [first!]);
    assert.deepEqual(result!.explanation, simulate(policy, "identity", first!).explanation);
  });

  it("a deciding statement that differs fails the scenario", () => {
    const text = '{ "scenarios": [ { "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q", "decidingSid": 1 } ] }';
    const [r] = runScenarios(policy, "identity", parseScenarioFile(text).scenarios);
    assert.equal(r!.pass, false);
    assert.match(r!.message, /^expected statement 1 to decide, got "ReadReports"\./);
  });

  it("a policy that does not compile fails every scenario that expects something", () => {
    const [r] = runScenarios('{"Statement": []}', "identity", parseScenarioFile('{ "scenarios": [ { "action": "s3:GetObject", "expect": "denied" } ] }').scenarios);
    assert.equal(r!.pass, false);
    assert.equal(r!.explanation, undefined);
    assert.match(r!.message, /^The policy does not compile: /);
  });
});
