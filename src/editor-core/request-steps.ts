// What the stepped "Simulate…" picker offers at each step, read from the policies being simulated: the actions
// they name (wildcards expanded from the catalog), a resource for the chosen action, and the condition keys of
// the statements that action meets, with their types, so each gets its own prompt. No `vscode` import.
import type { Catalog, KeyType } from "./catalog.js";
import { globRegex } from "./catalog.js";
import { parseOperatorName, type OperatorFamily } from "./condition-operators.js";
import type { ContextInput } from "./simulation.js";

/** A statement as JSON.parse gives it, and how to name it to a person. */
export interface PolicyStatement { readonly st: Record<string, unknown>; readonly where: string }

/** Statements of parsed policy documents (named, when there are several); anything not a policy gives none. */
export function statementsOfDocuments(documents: readonly (unknown | { name: string; document: unknown })[]): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  for (const entry of documents) {
    const named = entry && typeof entry === "object" && "document" in entry && "name" in entry ? entry as { name: string; document: unknown } : undefined;
    const doc = named ? named.document : entry;
    const st = (doc as { Statement?: unknown } | null)?.Statement;
    const list = Array.isArray(st) ? st : st ? [st] : [];
    list.forEach((s, i) => {
      if (!s || typeof s !== "object" || Array.isArray(s)) return;
      const sid = (s as { Sid?: unknown }).Sid;
      const where = `${typeof sid === "string" && sid ? `Sid ${sid}` : `statement ${i + 1}`}${named ? ` of ${named.name}` : ""}`;
      out.push({ st: s as Record<string, unknown>, where });
    });
  }
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");

export interface ActionChoice {
  action: string;
  /** Where it comes from: "named in Sid ReadReports", "from s3:Get* in statement 2", "catalog". */
  detail: string;
}

/** Most actions one wildcard expands to in the list (the person can still type any other). */
const EXPANSION_LIMIT = 200;

/** Actions the statements name, exact ones first, then each wildcard's matches from the catalog. */
export function actionChoices(statements: readonly PolicyStatement[], catalog?: Catalog): ActionChoice[] {
  const seen = new Set<string>();
  const exact: ActionChoice[] = [];
  const expanded: ActionChoice[] = [];
  for (const { st, where } of statements) {
    for (const a of strings(st.Action)) {
      if (!/[*?]/.test(a)) {
        if (!seen.has(a.toLowerCase())) { seen.add(a.toLowerCase()); exact.push({ action: a, detail: `named in ${where}` }); }
        continue;
      }
      for (const info of (catalog?.expand(a) ?? []).slice(0, EXPANSION_LIMIT)) {
        const full = `${info.service}:${info.name}`;
        if (seen.has(full.toLowerCase())) continue;
        seen.add(full.toLowerCase());
        expanded.push({ action: full, detail: `${info.accessLevel} · from ${a} in ${where}` });
      }
    }
  }
  return [...exact, ...expanded];
}

/** Every action of a service, for completing "s3:" typed in the picker. */
export function catalogActions(catalog: Catalog | undefined, typed: string): ActionChoice[] {
  const colon = typed.indexOf(":");
  if (!catalog || colon < 1) return [];
  const service = catalog.service(typed.slice(0, colon));
  if (!service) return [];
  return service.actions.map((a) => ({ action: `${service.prefix}:${a.name}`, detail: `${a.accessLevel} · ${service.name}` }));
}

/** "s3:GetObject" is the shape of an action: service prefix, colon, name. */
export function isActionName(value: string): boolean {
  return /^[\w-]+:[\w*?-]+$/.test(value.trim());
}

function covers({ st }: PolicyStatement, action: string): boolean {
  return strings(st.Action).some((a) => globRegex(a).test(action));
}

/**
 * The resource to prefill for `action`: the first named by an Allow statement that covers it (then a Deny's),
 * with the span of its first wildcard selected so typing replaces it; "*" when no statement names one.
 */
export function resourceChoice(statements: readonly PolicyStatement[], action: string): { resource: string; selection?: [number, number] } {
  const covering = statements.filter((st) => covers(st, action));
  const ordered = [...covering.filter((s) => s.st.Effect === "Allow"), ...covering.filter((s) => s.st.Effect !== "Allow")].map((s) => s.st);
  for (const st of ordered) {
    const r = strings(st.Resource).find((x) => x !== "*");
    if (r === undefined) continue;
    const star = r.search(/[*?]/);
    return star >= 0 ? { resource: r, selection: [star, star + 1] } : { resource: r };
  }
  return { resource: "*" };
}

/** Why a request's resource deserves a second look, or undefined. */
export function resourceWarning(resource: string): string | undefined {
  if (resource.trim() === "*" || resource.trim() === "") {
    return "The resource is *: a real request names one resource, and a statement that names specific ARNs will not match *. Give the ARN the request acts on.";
  }
  if (/[*?]/.test(resource)) {
    return `"${resource}" has a wildcard: a real request names one resource, and the policies' patterns are matched against these characters as they are.`;
  }
  return undefined;
}

export type ValueType = KeyType | "Null";

export interface ConditionKeyPrompt {
  key: string;
  type: ValueType;
  /** The operators the statements test it with, e.g. ["IpAddress"]. */
  operators: string[];
  /** Multi-valued: the person writes values separated by commas. */
  multiValued: boolean;
}

const FAMILY_TYPE: Record<OperatorFamily, ValueType> = {
  String: "String", Numeric: "Numeric", Date: "Date", Bool: "Bool", Binary: "Binary", IpAddress: "IPAddress", Arn: "ARN", Null: "Null",
};

/** Keys AWS derives from the principal itself: the simulation fills them, so nobody is asked. */
const DERIVED = new Set(["aws:principalarn", "aws:principalaccount", "aws:principaltype", "aws:username"]);

/** Condition keys of the statements that cover `action`, each once, typed from the catalog or else the operator. */
export function conditionKeyPrompts(statements: readonly PolicyStatement[], action: string, catalog?: Catalog): ConditionKeyPrompt[] {
  const out: ConditionKeyPrompt[] = [];
  for (const s of statements) {
    if (!covers(s, action)) continue;
    const st = s.st;
    const condition = st.Condition;
    if (!condition || typeof condition !== "object") continue;
    for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
      if (!block || typeof block !== "object") continue;
      const op = parseOperatorName(operator);
      for (const key of Object.keys(block as Record<string, unknown>)) {
        if (DERIVED.has(key.toLowerCase())) continue;
        const existing = out.find((p) => p.key.toLowerCase() === key.toLowerCase());
        if (existing) { if (!existing.operators.includes(operator)) existing.operators.push(operator); continue; }
        const known = catalog?.conditionKey(key)?.type;
        const type: ValueType = op?.family === "Null" ? "Null" : known ?? (op ? FAMILY_TYPE[op.family] : "String");
        out.push({ key, type, operators: [operator], multiValued: /^ArrayOf/.test(type) || op?.qualifier !== undefined });
      }
    }
  }
  return out;
}

/** What a person may type for a key of this type; undefined when fine (empty means: the request lacks it). */
export function contextValueProblem(prompt: Pick<ConditionKeyPrompt, "type" | "multiValued">, text: string): string | undefined {
  if (text.trim() === "") return undefined;
  const values = prompt.multiValued ? text.split(",").map((v) => v.trim()) : [text.trim()];
  const base = prompt.type.replace(/^ArrayOf/, "");
  for (const v of values) {
    if (base === "Numeric" && !/^-?\d+(\.\d+)?$/.test(v)) return `"${v}" is not a number.`;
    if (base === "Bool" && !/^(true|false)$/i.test(v)) return `"${v}": write true or false.`;
    if (base === "Date" && !/^\d+$/.test(v) && Number.isNaN(Date.parse(v))) return `"${v}" is not a date: write ISO 8601 (2026-01-31T12:00:00Z) or seconds since the epoch.`;
    if (base === "IPAddress" && !/^[\d.]+(\/\d+)?$|^[\da-f:]+(\/\d+)?$/i.test(v)) return `"${v}" is not an IP address.`;
    if (base === "ARN" && !/^arn:[^:]*:/.test(v) && v !== "*") return `"${v}" is not an ARN (arn:partition:service:region:account:resource).`;
  }
  return undefined;
}

/** The typed text as the request's value: a list for multi-valued keys, else the string; undefined when empty. */
export function contextValueOf(prompt: Pick<ConditionKeyPrompt, "multiValued">, text: string): ContextInput | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  return prompt.multiValued ? t.split(",").map((v) => v.trim()).filter(Boolean) : t;
}

/** A context value back as the text its prompt shows. */
export function contextValueText(value: ContextInput | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}
