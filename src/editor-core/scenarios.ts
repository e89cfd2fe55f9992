// Scenario files: expected outcomes kept beside a policy (`name.json` → `name.scenarios.json`), re-run on every
// edit of either file and shown as passing or failing, like tests.
//
//   { "principal": "arn:aws:iam::123456789012:user/alice",       (optional default for every scenario)
//     "scenarios": [
//       { "name": "reads reports", "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv",
//         "context": { "aws:SourceIp": "10.0.0.7" }, "expect": "allowed", "decidingSid": "ReadReports" } ] }
import type { Explanation, PolicyKind, Range } from "../policy/index.js";
import { member, parseTree, type JNode } from "./json-tree.js";
import { LineIndex } from "./line-index.js";
import { PolicyParseError, simulate, type ContextInput, type PrincipalPolicies, type SimulationRequest } from "./simulation.js";

export type Expectation = "allowed" | "denied" | "explicitDeny" | "implicitDeny";
const EXPECTATIONS: readonly Expectation[] = ["allowed", "denied", "explicitDeny", "implicitDeny"];

export interface Scenario extends SimulationRequest {
  name?: string;
  expect?: Expectation;
  /** The Sid (or 0-based index) of the statement expected to decide. */
  decidingSid?: string | number;
  /** Where the scenario object is in the scenario file. */
  range: Range;
}

export interface ScenarioFile { scenarios: Scenario[]; problems: { message: string; range: Range }[] }

export interface ScenarioResult {
  scenario: Scenario;
  /** undefined when the scenario could not run (the policy does not compile, or the principal is malformed). */
  explanation: Explanation | undefined;
  /** undefined when the scenario states no expectation. */
  pass: boolean | undefined;
  /** Why it failed or could not run, for a person. */
  message: string;
}

/** `reports-policy.json` → `reports-policy.scenarios.json`. */
export function scenarioPathFor(policyPath: string): string {
  return policyPath.replace(/(\.scenarios)?\.json$/i, "") + ".scenarios.json";
}

/** `reports-policy.scenarios.json` → `reports-policy.json`. */
export function policyPathFor(scenarioPath: string): string | undefined {
  return /\.scenarios\.json$/i.test(scenarioPath) ? scenarioPath.replace(/\.scenarios\.json$/i, ".json") : undefined;
}

export function parseScenarioFile(text: string): ScenarioFile {
  const lines = new LineIndex(text);
  const root = parseTree(text);
  const problems: ScenarioFile["problems"] = [];
  const problem = (message: string, n: { start: number; end: number }) => problems.push({ message, range: lines.range(n.start, n.end) });
  if (root?.kind !== "object") {
    problems.push({ message: 'A scenario file is a JSON object with a "scenarios" list.', range: lines.range(0, Math.min(1, text.length)) });
    return { scenarios: [], problems };
  }
  const str = (n: JNode | undefined) => (n?.kind === "string" ? n.value : undefined);
  const defaultPrincipal = str(member(root, "principal")?.value);
  const list = member(root, "scenarios")?.value;
  if (list?.kind !== "array") {
    problem('Add a "scenarios" list: [{ "action": "s3:GetObject", "resource": "arn:aws:s3:::bucket/key", "expect": "allowed" }].', root);
    return { scenarios: [], problems };
  }
  const scenarios: Scenario[] = [];
  for (const item of list.items) {
    if (item.kind !== "object") { problem("A scenario is an object with at least an action.", item); continue; }
    const action = str(member(item, "action")?.value);
    if (!action) { problem('This scenario needs an "action", e.g. "s3:GetObject".', item); continue; }
    const s: Scenario = { action, range: lines.range(item.start, item.end) };
    const name = str(member(item, "name")?.value);
    if (name) s.name = name;
    const principal = str(member(item, "principal")?.value) ?? defaultPrincipal;
    if (principal) s.principal = principal;
    const resource = str(member(item, "resource")?.value);
    if (resource) s.resource = resource;
    const expect = member(item, "expect")?.value;
    if (expect) {
      if (expect.kind === "string" && (EXPECTATIONS as string[]).includes(expect.value)) s.expect = expect.value as Expectation;
      else problem(`"expect" is one of ${EXPECTATIONS.map((e) => `"${e}"`).join(", ")}.`, expect);
    }
    const sid = member(item, "decidingSid")?.value;
    if (sid?.kind === "string" || sid?.kind === "number") s.decidingSid = sid.value;
    const ctx = member(item, "context")?.value;
    if (ctx?.kind === "object") {
      const context: Record<string, ContextInput> = {};
      for (const m of ctx.members) {
        const v = m.value;
        if (v?.kind === "string" || v?.kind === "number" || v?.kind === "boolean") context[m.key] = v.value;
        else if (v?.kind === "array") context[m.key] = v.items.flatMap((i) => (i.kind === "string" || i.kind === "number" || i.kind === "boolean" ? [i.value] : []));
        else if (v) problem(`Context value for ${m.key} must be a string, number, boolean or a list of them.`, v);
      }
      s.context = context;
    } else if (ctx) problem('"context" is an object of condition keys and values.', ctx);
    scenarios.push(s);
  }
  return { scenarios, problems };
}

function decisionWords(e: Explanation): string {
  return e.decision === "allowed" ? "allowed" : e.decision === "explicitDeny" ? "denied explicitly" : "denied implicitly";
}

/** Runs every scenario against the policy text; each result carries the engine's full explanation. */
export function runScenarios(policyText: string, kind: PolicyKind, scenarios: readonly Scenario[], around?: PrincipalPolicies): ScenarioResult[] {
  return scenarios.map((scenario) => {
    let explanation: Explanation;
    try {
      explanation = simulate(policyText, kind, scenario, { around }).explanation;
    } catch (err) {
      const message = err instanceof PolicyParseError ? `The policy does not compile: ${err.message}` : (err as Error).message;
      return { scenario, explanation: undefined, pass: scenario.expect ? false : undefined, message };
    }
    const got = explanation.decision;
    const failures: string[] = [];
    if (scenario.expect) {
      const ok = scenario.expect === got || (scenario.expect === "denied" && got !== "allowed");
      if (!ok) failures.push(`expected ${scenario.expect}, got ${got}`);
    }
    if (scenario.decidingSid !== undefined) {
      const d = explanation.decidingStatement;
      const matches = d !== undefined && (typeof scenario.decidingSid === "number" ? d.statementIndex === scenario.decidingSid : d.sid === scenario.decidingSid);
      if (!matches) failures.push(`expected statement ${JSON.stringify(scenario.decidingSid)} to decide, got ${d ? (d.sid ? JSON.stringify(d.sid) : `#${d.statementIndex}`) : "none"}`);
    }
    const expected = scenario.expect !== undefined || scenario.decidingSid !== undefined;
    return {
      scenario, explanation,
      pass: expected ? failures.length === 0 : undefined,
      message: failures.length ? `${failures.join("; ")}. ${explanation.summary}` : `${decisionWords(explanation)}: ${explanation.summary}`,
    };
  });
}
