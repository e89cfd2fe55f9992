// Completion items for a position in a policy: element names, Effect and Version values, service prefixes and
// actions, ARN templates for the statement's actions, condition operators, and the condition keys the
// statement's actions support (then the global ones).
import type { Range } from "../policy/index.js";
import type { Catalog, ConditionKeyInfo } from "./catalog.js";
import { OPERATORS } from "./condition-operators.js";
import { parseTree } from "./json-tree.js";
import { LineIndex } from "./line-index.js";
import { policyLocation, statementActions } from "./policy-location.js";

export type CompletionKind = "property" | "value" | "service" | "action" | "arn" | "operator" | "conditionKey";

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** Text that replaces `range`; a snippet (tab stops `${1:…}`) when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  range: Range;
  detail?: string;
  documentation?: string;
  sortText?: string;
  /** Accepting it should open completion again (a service prefix, then its actions). */
  retrigger?: boolean;
}

const TOP_KEYS: [string, string, string][] = [
  ["Version", '"Version": "2012-10-17"', "The policy language version. Always use 2012-10-17: policy variables need it."],
  ["Id", '"Id": "${1}"', "An optional identifier for the policy."],
  ["Statement", '"Statement": [\n\t{\n\t\t"Effect": "${1|Allow,Deny|}",\n\t\t"Action": "${2}",\n\t\t"Resource": "${3:*}"\n\t}\n]', "The policy's statements."],
];

const STATEMENT_KEYS: [string, string, string][] = [
  ["Sid", '"Sid": "${1}"', "Statement id: letters and digits, unique in the policy."],
  ["Effect", '"Effect": "${1|Allow,Deny|}"', "Allow or Deny."],
  ["Action", '"Action": "${1}"', "The actions the statement covers: service:Action, with * and ? wildcards."],
  ["NotAction", '"NotAction": "${1}"', "Every action except these."],
  ["Resource", '"Resource": "${1:*}"', "The resources the statement covers, as ARNs with * and ? wildcards."],
  ["NotResource", '"NotResource": "${1}"', "Every resource except these."],
  ["Principal", '"Principal": { "${1|AWS,Service,Federated,CanonicalUser|}": "${2}" }', "Who the statement applies to (resource and trust policies)."],
  ["NotPrincipal", '"NotPrincipal": { "AWS": "${1}" }', "Every principal except these (resource policies)."],
  ["Condition", '"Condition": {\n\t"${1:StringEquals}": { "${2}": "${3}" }\n}', "When the statement applies: operator → key → values."],
];

const PRINCIPAL_KEYS: [string, string][] = [
  ["AWS", "Accounts, users, roles, sessions: \"123456789012\", \"arn:aws:iam::123456789012:role/name\"."],
  ["Service", "AWS service principals: \"lambda.amazonaws.com\"."],
  ["Federated", "Identity providers: a SAML or OIDC provider ARN, or \"cognito-identity.amazonaws.com\"."],
  ["CanonicalUser", "An S3 canonical user id."],
];

/** Completion items at `offset` (a UTF-16 offset into `text`). */
export function completionsAt(text: string, offset: number, catalog: Catalog | undefined): CompletionItem[] {
  const lines = new LineIndex(text);
  const root = parseTree(text);
  const loc = policyLocation(root, offset);
  const leaf = loc.leaf;
  const rest = loc.rest;
  const inStatement = loc.statement !== undefined;

  // Where typed text goes: inside a string's quotes, or (no quotes yet) at the cursor with quotes added.
  const inString = leaf?.kind === "string";
  const typed = inString ? text.slice(leaf.start + 1, offset) : "";
  const valueRange = inString ? lines.range(leaf.start + 1, leaf.closed ? leaf.end - 1 : leaf.end) : lines.range(offset, offset);
  const quote = (s: string) => (inString ? s : JSON.stringify(s));

  // Property names.
  if (loc.inKey) {
    const m = loc.member;
    const keyRange = m ? lines.range(m.keyStart, m.keyEnd) : lines.range(offset, offset);
    const keyTyped = m ? text.slice(m.keyStart + 1, offset) : "";
    const keyItems = (entries: [string, string, string][]): CompletionItem[] => entries.map(([label, snippet, doc], i) => ({
      label, kind: "property", insertText: m ? `"${label}"` : snippet, snippet: !m, range: keyRange, documentation: doc, sortText: String(i).padStart(2, "0"),
    }));
    if (loc.path.length <= 1 && !inStatement) return keyItems(TOP_KEYS);
    const under = m ? rest.slice(0, -1) : rest;
    if (inStatement && under.length === 0) return keyItems(STATEMENT_KEYS);
    if (inStatement && (under[0] === "Principal" || under[0] === "NotPrincipal") && under.length === 1) {
      return PRINCIPAL_KEYS.map(([label, doc]) => ({ label, kind: "property", insertText: m ? `"${label}"` : `"${label}": "\${1}"`, snippet: !m, range: keyRange, documentation: doc }));
    }
    if (inStatement && under[0] === "Condition" && under.length === 1) return operatorItems(keyRange, !!m);
    if (inStatement && under[0] === "Condition" && under.length === 2 && catalog) return conditionKeyItems(catalog, loc.statement, keyRange, !!m, keyTyped);
    return [];
  }

  // Values.
  if (rest.length === 1 && rest[0] === "Version" && !inStatement) {
    return [{ label: "2012-10-17", kind: "value", insertText: quote("2012-10-17"), range: valueRange, documentation: "The current policy language version." }];
  }
  if (!inStatement) return [];
  const element = rest[0];
  if (element === "Effect" && rest.length === 1) {
    return ["Allow", "Deny"].map((v) => ({ label: v, kind: "value", insertText: quote(v), range: valueRange }));
  }
  if ((element === "Action" || element === "NotAction") && rest.length <= 2 && catalog) return actionItems(catalog, typed, valueRange, quote);
  if ((element === "Resource" || element === "NotResource") && rest.length <= 2 && catalog) return arnItems(catalog, loc.statement, typed, valueRange, inString);
  if (element === "Condition" && rest.length >= 3 && catalog) {
    const key = String(rest[2]);
    const info = catalog.conditionKey(key);
    if (info?.type.endsWith("Bool") || String(rest[1]).endsWith("Null")) {
      return ["true", "false"].map((v) => ({ label: v, kind: "value", insertText: quote(v), range: valueRange }));
    }
  }
  return [];
}

function operatorItems(range: Range, inKey: boolean): CompletionItem[] {
  const out: CompletionItem[] = [];
  let i = 0;
  for (const [name, { family, description }] of Object.entries(OPERATORS)) {
    const variants = [name];
    if (family !== "Null") variants.push(`${name}IfExists`);
    if (family === "String" || family === "Arn") variants.push(`ForAnyValue:${name}`, `ForAllValues:${name}`);
    for (const v of variants) {
      out.push({
        label: v, kind: "operator", range, insertText: inKey ? `"${v}"` : `"${v}": { "\${1}": "\${2}" }`, snippet: !inKey,
        detail: family, documentation: operatorDoc(v, description), sortText: String(i++).padStart(4, "0"),
      });
    }
  }
  return out;
}

export function operatorDoc(op: string, description: string): string {
  const notes = [description];
  if (op.endsWith("IfExists")) notes.push("IfExists: also true when the key is missing from the request.");
  if (op.startsWith("ForAnyValue:")) notes.push("ForAnyValue: true when at least one of the request's values matches (false when the key is missing or empty).");
  if (op.startsWith("ForAllValues:")) notes.push("ForAllValues: true when every one of the request's values matches (also true when the key is missing or empty).");
  return notes.join("\n\n");
}

/** A key with placeholders as a snippet: "aws:PrincipalTag/${TagKey}" → "aws:PrincipalTag/${1:TagKey}". */
function keySnippet(key: string): string {
  let n = 0;
  return key.replace(/\$\{([^}]*)\}|<([^>]*)>/g, (_, a: string | undefined, b: string | undefined) => `\${${++n}:${a ?? b}}`);
}

function conditionKeyItems(catalog: Catalog, statement: Parameters<typeof statementActions>[0], range: Range, inKey: boolean, typed: string): CompletionItem[] {
  const actions = statementActions(statement, catalog);
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  const add = (k: ConditionKeyInfo, group: number, why: string) => {
    const id = k.key.toLowerCase();
    if (seen.has(id)) return;
    seen.add(id);
    const templated = /\$\{|</.test(k.key);
    const body = templated ? keySnippet(k.key) : k.key;
    out.push({
      label: k.key, kind: "conditionKey", range, detail: `${k.type}${why}`, documentation: k.description,
      insertText: inKey ? `"${body}"` : `"${body}": "\${${templated ? 9 : 1}}"`, snippet: templated || !inKey,
      sortText: `${group}${k.key.toLowerCase()}`,
    });
  };
  for (const a of actions) for (const k of catalog.keysOfAction(a)) add(k, 0, ` · ${a.service}:${a.name}`);
  // A typed service prefix without actions: that service's keys.
  const prefix = typed.includes(":") ? typed.slice(0, typed.indexOf(":")) : undefined;
  if (prefix && prefix !== "aws") for (const k of catalog.service(prefix)?.conditionKeys ?? []) add(k, 1, "");
  for (const k of catalog.globalKeys) add(k, 2, " · global");
  return out;
}

function actionItems(catalog: Catalog, typed: string, range: Range, quote: (s: string) => string): CompletionItem[] {
  const colon = typed.indexOf(":");
  if (colon < 0) {
    return [
      { label: "*", kind: "action", insertText: quote("*"), range, detail: "Every action of every service", sortText: "0" },
      ...catalog.prefixes().map((p): CompletionItem => ({
        label: p, kind: "service", insertText: quote(`${p}:`), range, detail: catalog.serviceName(p), retrigger: true, sortText: `1${p}`,
      })),
    ];
  }
  const service = catalog.service(typed.slice(0, colon));
  if (!service) return [];
  const items: CompletionItem[] = [{
    label: `${service.prefix}:*`, kind: "action", insertText: quote(`${service.prefix}:*`), range, detail: `Every ${service.name} action`, sortText: "0",
  }];
  for (const a of service.actions) {
    items.push({
      label: `${service.prefix}:${a.name}`, kind: "action", insertText: quote(`${service.prefix}:${a.name}`), range,
      detail: a.accessLevel, documentation: actionSummary(a.description, a.resourceTypes.map((r) => r.type.name)), sortText: `1${a.name}`,
    });
  }
  return items;
}

function actionSummary(description: string, types: string[]): string {
  return types.length ? `${description}\n\nResource types: ${types.join(", ")}` : `${description}\n\nResource: "*" only`;
}

/** An ARN template as a snippet: "arn:${Partition}:s3:::${BucketName}" → "arn:${1:aws}:s3:::${2:BucketName}". */
export function arnSnippet(template: string): string {
  let n = 0;
  const defaults: Record<string, string> = { Partition: "aws" };
  return template.replace(/\$\{([^}]*)\}/g, (_, name: string) => `\${${++n}:${defaults[name] ?? name}}`);
}

function arnItems(catalog: Catalog, statement: Parameters<typeof statementActions>[0], typed: string, range: Range, inString: boolean): CompletionItem[] {
  const out: CompletionItem[] = [{ label: "*", kind: "arn", insertText: inString ? "*" : '"*"', range, detail: "Every resource", sortText: "0" }];
  const seen = new Set<string>();
  const add = (arn: string, detail: string, group: number) => {
    if (seen.has(arn)) return;
    seen.add(arn);
    const snippet = arnSnippet(arn);
    out.push({ label: arn, kind: "arn", insertText: inString ? snippet : `"${snippet}"`, snippet: true, range, detail, sortText: `${group}${arn}` });
  };
  for (const a of statementActions(statement, catalog).slice(0, 200)) {
    for (const rt of a.resourceTypes) add(rt.type.arn, `${rt.type.name} · ${a.service}:${a.name}`, 1);
  }
  const m = /^arn:[^:]*:([^:]+)/.exec(typed);
  if (m) for (const rt of catalog.service(m[1]!)?.resourceTypes ?? []) add(rt.arn, rt.name, 2);
  return out;
}
