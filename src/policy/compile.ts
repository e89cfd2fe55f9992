// Compiling a policy once: validated, actions lower-cased into a set and globs, resources split into ARN
// segment globs, principals into sets, condition values pre-parsed. Evaluation then only compares.
import { compileArnPattern, type ArnPattern } from "./arn-pattern.js";
import { compileCondition, parseOperator, type CompiledCondition } from "./condition-operators.js";
import { plainValue, type JsonNode, type LineIndex } from "./json-document.js";
import { parseTemplate, type TemplatePart } from "./policy-variables.js";
import { compilePrincipal, type PrincipalSpec } from "./principal-match.js";
import type { PolicyDiagnostic, PolicySource, Range } from "./types.js";
import { analyzePolicy, malformedPolicyMessage } from "./validate.js";
import { compileGlob, globIsAny, globIsExact, type Glob } from "./wildcard.js";

export type ResourceEntry =
  | { readonly raw: string; readonly pattern: ArnPattern; readonly parts: undefined }
  | { readonly raw: string; readonly pattern: undefined; readonly parts: TemplatePart[] };

export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: "Allow" | "Deny";
  readonly range: Range | undefined;
  /** NotAction: the statement covers every action the list does not match. */
  readonly notAction: boolean;
  readonly actionAny: boolean;
  readonly actionExact: ReadonlySet<string>;   // lower-cased
  readonly actionGlobs: readonly Glob[];        // lower-cased
  readonly notResource: boolean;
  /** No Resource element (trust policies) or a "*" entry. */
  readonly resourceAny: boolean;
  readonly resources: readonly ResourceEntry[];
  readonly principal: PrincipalSpec | undefined;
  readonly notPrincipal: boolean;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  readonly source: PolicySource;
  /** "2012-10-17", "2008-10-17", or undefined when the document has none (read as 2008-10-17). */
  readonly version: string | undefined;
  readonly statements: readonly CompiledStatement[];
  /** The same statements split by effect, so the deny pass and the allow pass each walk only their own. */
  readonly allows: readonly CompiledStatement[];
  readonly denies: readonly CompiledStatement[];
  /** The document as JSON.parse gives it. */
  readonly document: unknown;
  /** Warnings found while compiling (errors throw). */
  readonly warnings: readonly PolicyDiagnostic[];
}

export class PolicyParseError extends Error {
  constructor(readonly diagnostics: PolicyDiagnostic[]) {
    super(malformedPolicyMessage(diagnostics) ?? diagnostics[0]?.message ?? "Syntax errors in policy.");
    this.name = "PolicyParseError";
  }
}

/** Validates and compiles; throws PolicyParseError (with every diagnostic) when the document is invalid. */
export function compilePolicy(text: string | object, source: PolicySource): CompiledPolicy {
  const json = typeof text === "string" ? text : JSON.stringify(text, null, 2);
  const { diagnostics, root, lines } = analyzePolicy(json, source.kind, { maxSize: Number.POSITIVE_INFINITY });
  if (!root || diagnostics.some((d) => d.severity === "error")) throw new PolicyParseError(diagnostics);
  const doc = plainValue(root) as Record<string, unknown>;
  const version = typeof doc["Version"] === "string" ? doc["Version"] : undefined;
  const variables = version === "2012-10-17";
  const stNode = objectMember(root, "Statement")!;
  const nodes = stNode.kind === "array" ? stNode.items : [stNode];
  const statements = nodes.map((n, i) => compileStatement(plainValue(n) as Record<string, unknown>, i, variables, rangeOf(n, lines)));
  return {
    source,
    version,
    statements,
    allows: statements.filter((s) => s.effect === "Allow"),
    denies: statements.filter((s) => s.effect === "Deny"),
    document: doc,
    warnings: diagnostics,
  };
}

function objectMember(node: JsonNode, key: string): JsonNode | undefined {
  if (node.kind !== "object") return undefined;
  for (let i = node.members.length - 1; i >= 0; i--) if (node.members[i]!.key === key) return node.members[i]!.value;
  return undefined;
}

function rangeOf(n: JsonNode, lines: LineIndex): Range {
  return lines.range(n.start, n.end);
}

function list(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

function compileStatement(s: Record<string, unknown>, index: number, variables: boolean, range: Range | undefined): CompiledStatement {
  const notAction = s["NotAction"] !== undefined;
  const actionExact = new Set<string>();
  const actionGlobs: Glob[] = [];
  let actionAny = false;
  for (const a of list(notAction ? s["NotAction"] : s["Action"])) {
    const g = compileGlob(a.toLowerCase());
    if (globIsAny(g)) actionAny = true;
    else if (globIsExact(g)) actionExact.add(a.toLowerCase());
    else actionGlobs.push(g);
  }

  const notResource = s["NotResource"] !== undefined;
  const rawResources = notResource ? s["NotResource"] : s["Resource"];
  let resourceAny = rawResources === undefined;
  const resources: ResourceEntry[] = [];
  for (const r of list(rawResources)) {
    const parts = variables ? parseTemplate(r) : undefined;
    if (parts) { resources.push({ raw: r, pattern: undefined, parts }); continue; }
    const pattern = compileArnPattern(r);
    if (pattern.any) resourceAny = true;
    resources.push({ raw: r, pattern, parts: undefined });
  }

  const notPrincipal = s["NotPrincipal"] !== undefined;
  const rawPrincipal = notPrincipal ? s["NotPrincipal"] : s["Principal"];
  const principal = rawPrincipal === undefined ? undefined : compilePrincipal(rawPrincipal);

  const conditions: CompiledCondition[] = [];
  const cond = (s["Condition"] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [operator, block] of Object.entries(cond)) {
    const op = parseOperator(operator)!;
    for (const [key, values] of Object.entries(block)) {
      conditions.push(compileCondition(operator, op, key, list(values), variables));
    }
  }

  return {
    index,
    sid: typeof s["Sid"] === "string" ? s["Sid"] : undefined,
    effect: s["Effect"] === "Deny" ? "Deny" : "Allow",
    range,
    notAction, actionAny, actionExact, actionGlobs,
    notResource, resourceAny, resources,
    principal, notPrincipal,
    conditions,
  };
}
