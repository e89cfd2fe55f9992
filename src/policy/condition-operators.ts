// Condition operators: names parsed once (qualifier, IfExists, negation), values pre-parsed for the operator
// (numbers, dates, CIDR blocks, globs, ARN patterns), then one allocation-free test per request.
// Semantics follow https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
import { compileArnPattern, instantiateArnPattern, arnMatchesString, type ArnPattern } from "./arn-pattern.js";
import { blockContains, parseCidr, parseIpCached, type IpBlock } from "./ip-address.js";
import { InstantiatedPatterns, parseTemplate, substitute, type TemplatePart } from "./policy-variables.js";
import { contextString, lookupContext, type Context } from "./request-context.js";
import { compileGlob, equalsIgnoreCase, globMatches, type Glob } from "./wildcard.js";
import type { ContextValue } from "./types.js";

export const enum Base {
  StringEquals, StringEqualsIgnoreCase, StringLike,
  NumericEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan, NumericGreaterThanEquals,
  DateEquals, DateLessThan, DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals,
  Bool, BinaryEquals, IpAddress, ArnEquals, ArnLike, Null,
}

const OPERATORS: Record<string, { base: Base; negated: boolean }> = {
  StringEquals: { base: Base.StringEquals, negated: false },
  StringNotEquals: { base: Base.StringEquals, negated: true },
  StringEqualsIgnoreCase: { base: Base.StringEqualsIgnoreCase, negated: false },
  StringNotEqualsIgnoreCase: { base: Base.StringEqualsIgnoreCase, negated: true },
  StringLike: { base: Base.StringLike, negated: false },
  StringNotLike: { base: Base.StringLike, negated: true },
  NumericEquals: { base: Base.NumericEquals, negated: false },
  NumericNotEquals: { base: Base.NumericEquals, negated: true },
  NumericLessThan: { base: Base.NumericLessThan, negated: false },
  NumericLessThanEquals: { base: Base.NumericLessThanEquals, negated: false },
  NumericGreaterThan: { base: Base.NumericGreaterThan, negated: false },
  NumericGreaterThanEquals: { base: Base.NumericGreaterThanEquals, negated: false },
  DateEquals: { base: Base.DateEquals, negated: false },
  DateNotEquals: { base: Base.DateEquals, negated: true },
  DateLessThan: { base: Base.DateLessThan, negated: false },
  DateLessThanEquals: { base: Base.DateLessThanEquals, negated: false },
  DateGreaterThan: { base: Base.DateGreaterThan, negated: false },
  DateGreaterThanEquals: { base: Base.DateGreaterThanEquals, negated: false },
  Bool: { base: Base.Bool, negated: false },
  BinaryEquals: { base: Base.BinaryEquals, negated: false },
  IpAddress: { base: Base.IpAddress, negated: false },
  NotIpAddress: { base: Base.IpAddress, negated: true },
  ArnEquals: { base: Base.ArnEquals, negated: false },
  ArnNotEquals: { base: Base.ArnEquals, negated: true },
  ArnLike: { base: Base.ArnLike, negated: false },
  ArnNotLike: { base: Base.ArnLike, negated: true },
  Null: { base: Base.Null, negated: false },
};

export const enum SetOp { None, ForAllValues, ForAnyValue }

export interface ParsedOperator { base: Base; negated: boolean; ifExists: boolean; set: SetOp; name: string }

/** "ForAnyValue:StringLikeIfExists" → parts; undefined for an unknown operator (or NullIfExists). */
export function parseOperator(op: string): ParsedOperator | undefined {
  let name = op;
  let set = SetOp.None;
  if (name.startsWith("ForAllValues:")) { set = SetOp.ForAllValues; name = name.slice(13); }
  else if (name.startsWith("ForAnyValue:")) { set = SetOp.ForAnyValue; name = name.slice(12); }
  let ifExists = false;
  if (name.endsWith("IfExists")) { ifExists = true; name = name.slice(0, -8); }
  const entry = Object.prototype.hasOwnProperty.call(OPERATORS, name) ? OPERATORS[name] : undefined;
  if (!entry) return undefined;
  if (entry.base === Base.Null && ifExists) return undefined;
  return { base: entry.base, negated: entry.negated, ifExists, set, name };
}

export function isDateBase(b: Base): boolean { return b >= Base.DateEquals && b <= Base.DateGreaterThanEquals; }
export function isNumericBase(b: Base): boolean { return b >= Base.NumericEquals && b <= Base.NumericGreaterThanEquals; }

/** One policy value, pre-parsed for its operator. */
interface CompiledValue {
  readonly raw: string;
  readonly parts: TemplatePart[] | undefined; // has policy variables (2012-10-17 only)
  readonly lower: string;                      // StringEqualsIgnoreCase
  readonly glob: Glob | undefined;             // StringLike
  readonly num: number;                        // Numeric*, Date* (ms since epoch); NaN when unparseable
  readonly block: IpBlock | undefined;         // IpAddress
  readonly arn: ArnPattern | undefined;        // Arn*
}

export interface CompiledCondition {
  readonly operator: string;     // as written
  readonly key: string;          // as written
  readonly op: ParsedOperator;
  readonly values: readonly CompiledValue[];
}

export function compileCondition(operator: string, op: ParsedOperator, key: string, rawValues: readonly string[], variables: boolean): CompiledCondition {
  const values = rawValues.map((raw): CompiledValue => {
    const templatable = op.base === Base.StringEquals || op.base === Base.StringEqualsIgnoreCase || op.base === Base.StringLike
      || op.base === Base.ArnEquals || op.base === Base.ArnLike;
    const parts = variables && templatable ? parseTemplate(raw) : undefined;
    const base = op.base;
    return {
      raw,
      parts,
      lower: raw.toLowerCase(),
      glob: base === Base.StringLike && !parts ? compileGlob(raw) : undefined,
      num: isNumericBase(base) ? parseNumber(raw) : isDateBase(base) ? parseDate(raw) : NaN,
      block: base === Base.IpAddress ? parseCidr(raw) : undefined,
      arn: (base === Base.ArnEquals || base === Base.ArnLike) && !parts ? compileArnPattern(raw) : undefined,
    };
  });
  return { operator, key, op, values };
}

export function parseNumber(s: string): number {
  const t = s.trim();
  return t === "" ? NaN : Number(t);
}

/** ISO 8601 date/time, or whole seconds since the epoch; milliseconds, NaN if neither. */
export function parseDate(s: string): number {
  const t = s.trim();
  // Seconds since the epoch, as IAM reads them: a signed 64-bit number (one beyond it fails legacy parsing).
  if (/^-?\d+$/.test(t)) return BigInt.asIntN(64, BigInt(t)) === BigInt(t) ? Number(t) * 1000 : NaN;
  if (!/^\d{4}-\d{2}(-\d{2})?/.test(t)) return NaN;
  return Date.parse(t);
}

function contextDate(v: string | number | boolean | Date): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return v * 1000;
  if (typeof v === "string") return parseDate(v);
  return NaN;
}

function contextNumber(v: string | number | boolean | Date): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") return parseNumber(v);
  return NaN;
}

/** Does one context value equal/match one policy value (the operator's positive sense)? */
function matchValue(c: CompiledCondition, pv: CompiledValue, v: string | number | boolean | Date, ctx: Context): boolean {
  switch (c.op.base) {
    case Base.StringEquals: {
      const want = pv.parts ? substitute(pv.parts, ctx) : pv.raw;
      return want !== undefined && contextString(v) === want;
    }
    case Base.StringEqualsIgnoreCase: {
      const want = pv.parts ? substitute(pv.parts, ctx)?.toLowerCase() : pv.lower;
      if (want === undefined) return false;
      const s = contextString(v);
      return equalsIgnoreCase(s, want) || (!isAscii(s) && s.toLowerCase() === want);
    }
    case Base.StringLike: {
      const g = pv.glob ?? instantiateGlob(pv.parts!, ctx);
      return g !== undefined && globMatches(g, contextString(v));
    }
    case Base.NumericEquals: return contextNumber(v) === pv.num;
    case Base.NumericLessThan: return contextNumber(v) < pv.num;
    case Base.NumericLessThanEquals: return contextNumber(v) <= pv.num;
    case Base.NumericGreaterThan: return contextNumber(v) > pv.num;
    case Base.NumericGreaterThanEquals: return contextNumber(v) >= pv.num;
    case Base.DateEquals: return contextDate(v) === pv.num;
    case Base.DateLessThan: return contextDate(v) < pv.num;
    case Base.DateLessThanEquals: return contextDate(v) <= pv.num;
    case Base.DateGreaterThan: return contextDate(v) > pv.num;
    case Base.DateGreaterThanEquals: return contextDate(v) >= pv.num;
    case Base.Bool: return typeof v === "boolean" ? (v ? "true" : "false") === pv.lower : equalsIgnoreCase(contextString(v), pv.lower);
    case Base.BinaryEquals: return contextString(v) === pv.raw;
    case Base.IpAddress: {
      if (!pv.block) return false;
      const ip = parseIpCached(contextString(v));
      return ip !== undefined && blockContains(pv.block, ip);
    }
    case Base.ArnEquals:
    case Base.ArnLike: {
      const p = pv.arn ?? instantiateArnPattern(pv.parts!, ctx);
      if (!p) return false;
      return arnMatchesString(p, contextString(v));
    }
    default: return false;
  }
}

const instantiatedGlobs = new InstantiatedPatterns<Glob>(compileGlob, (b) => b.build());

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

function instantiateGlob(parts: readonly TemplatePart[], ctx: Context): Glob | undefined {
  return instantiatedGlobs.instantiate(parts, ctx);
}

function matchAnyPolicyValue(c: CompiledCondition, v: string | number | boolean | Date, ctx: Context): boolean {
  const vs = c.values;
  for (let i = 0; i < vs.length; i++) if (matchValue(c, vs[i]!, v, ctx)) return true;
  return false;
}

function isPresent(v: ContextValue): boolean {
  return v !== undefined && !(Array.isArray(v) && v.length === 0);
}

/** Evaluates one key under one operator against the request context. */
export function evaluateCondition(c: CompiledCondition, ctx: Context): boolean {
  const op = c.op;
  const v = lookupContext(ctx, c.key);
  if (op.base === Base.Null) {
    // "true": the key must be absent; "false": present. Several values: any may hold.
    const present = isPresent(v);
    for (const pv of c.values) if ((pv.lower === "true") !== present) return true;
    return false;
  }
  const present = isPresent(v);
  if (op.set === SetOp.ForAllValues) {
    if (!present) return true; // vacuously true over an empty or missing set
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (matchAnyPolicyValue(c, v[i]!, ctx) === op.negated) return false;
      return true;
    }
    return matchAnyPolicyValue(c, v!, ctx) !== op.negated;
  }
  if (op.set === SetOp.ForAnyValue) {
    if (!present) return op.ifExists;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (matchAnyPolicyValue(c, v[i]!, ctx) !== op.negated) return true;
      return false;
    }
    return matchAnyPolicyValue(c, v!, ctx) !== op.negated;
  }
  // No qualifier: a missing key fails a positive operator and satisfies a negated one (and IfExists).
  if (!present) return op.ifExists || op.negated;
  let any = false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (matchAnyPolicyValue(c, v[i]!, ctx)) { any = true; break; }
  } else any = matchAnyPolicyValue(c, v!, ctx);
  return any !== op.negated;
}

/** The policy values as this request sees them (variables substituted; null where one had no value). */
export function resolvedValues(c: CompiledCondition, ctx: Context): (string | null)[] {
  return c.values.map((pv) => (pv.parts ? substitute(pv.parts, ctx) ?? null : pv.raw));
}
