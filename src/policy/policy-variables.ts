// Policy variables (${aws:username}, ${aws:PrincipalTag/team, 'none'}, ${*}, ${?}, ${$}), substituted only in
// policies with Version 2012-10-17; in older policies "${...}" is plain text.
import { lookupContext, contextString, type Context } from "./request-context.js";
import { GlobBuilder } from "./wildcard.js";

/** A piece of a value template: pattern text (its * and ? are wildcards), literal text, or a variable. */
export type TemplatePart =
  | { readonly t: "text"; readonly s: string }
  | { readonly t: "literal"; readonly s: string }
  | { readonly t: "var"; readonly key: string; readonly fallback: string | undefined };

const VARIABLE = /\$\{([^}]*)\}/g;
const SPECIAL: Record<string, string> = { "*": "*", "?": "?", "$": "$" };

/** Splits a policy string into parts; returns undefined when it holds no variable (the common case). */
export function parseTemplate(value: string): TemplatePart[] | undefined {
  if (!value.includes("${")) return undefined;
  const parts: TemplatePart[] = [];
  let last = 0;
  let any = false;
  for (const m of value.matchAll(VARIABLE)) {
    const ref = parseVariableRef(m[1]!);
    if (!ref) continue;
    any = true;
    if (m.index! > last) parts.push({ t: "text", s: value.slice(last, m.index) });
    parts.push(ref);
    last = m.index! + m[0].length;
  }
  if (!any) return undefined;
  if (last < value.length) parts.push({ t: "text", s: value.slice(last) });
  return parts;
}

/** `aws:username`, `aws:PrincipalTag/team, 'default'`, `*`, `?`, `$`; undefined if it is not a variable. */
export function parseVariableRef(body: string): TemplatePart | undefined {
  const trimmed = body.trim();
  if (trimmed in SPECIAL) return { t: "literal", s: SPECIAL[trimmed]! };
  // A default is quoted in single quotes; '' inside it stands for one quote.
  const m = /^([A-Za-z0-9_.\-]+:[^,\s]+)\s*(?:,\s*'((?:[^']|'')*)')?\s*$/.exec(trimmed);
  if (!m) return undefined;
  return { t: "var", key: m[1]!, fallback: m[2]?.replace(/''/g, "'") };
}

/** The value a variable takes in this request: a single-valued key's string, else its default, else undefined. */
export function resolveVariable(part: { key: string; fallback: string | undefined }, ctx: Context): string | undefined {
  const v = lookupContext(ctx, part.key);
  if (v === undefined || Array.isArray(v)) return part.fallback; // multivalued keys cannot be variables
  const s = contextString(v);
  return s === "" && part.fallback !== undefined ? part.fallback : s;
}

/** Substitutes into plain text (literal result, no wildcards), undefined if a variable has no value. */
export function substitute(parts: readonly TemplatePart[], ctx: Context): string | undefined {
  let out = "";
  for (const p of parts) {
    if (p.t === "var") {
      const v = resolveVariable(p, ctx);
      if (v === undefined) return undefined;
      out += v;
    } else out += p.s;
  }
  return out;
}

/**
 * Substitutes into pattern text when that is safe: no `${*}`-style literal parts and no wildcard characters in
 * the values, so the result can be compiled (and cached) as an ordinary pattern. Returns null when it is not
 * safe (the caller builds the pattern piece by piece), undefined when a variable has no value.
 */
export function substituteAsPattern(parts: readonly TemplatePart[], ctx: Context): string | null | undefined {
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.t === "text") out += p.s;
    else if (p.t === "literal") return null;
    else {
      const v = resolveVariable(p, ctx);
      if (v === undefined) return undefined;
      if (v.includes("*") || v.includes("?")) return null;
      out += v;
    }
  }
  return out;
}

/** A bounded cache of patterns built from variable values (they repeat: one per user, team, …). */
export class InstantiatedPatterns<T> {
  private readonly byText = new Map<string, T>();
  constructor(
    private readonly fromText: (text: string) => T,
    private readonly fromBuilder: (b: GlobBuilder) => T,
    private readonly max = 4096,
  ) {}

  /** The pattern with variables substituted (values are literal); undefined if a variable has no value. */
  instantiate(parts: readonly TemplatePart[], ctx: Context): T | undefined {
    const text = substituteAsPattern(parts, ctx);
    if (text === undefined) return undefined;
    if (text !== null) {
      let cached = this.byText.get(text);
      if (cached === undefined) {
        if (this.byText.size >= this.max) this.byText.clear();
        cached = this.fromText(text);
        this.byText.set(text, cached);
      }
      return cached;
    }
    // A value with wildcard characters, or ${*}-style literals: built piece by piece, not cached.
    const b = new GlobBuilder();
    for (const p of parts) {
      if (p.t === "text") b.pattern(p.s);
      else if (p.t === "literal") b.literal(p.s);
      else {
        const v = resolveVariable(p, ctx);
        if (v === undefined) return undefined;
        b.literal(v);
      }
    }
    return this.fromBuilder(b);
  }
}

/** Every variable key a string refers to, for GetContextKeysFor*Policy. */
export function variableKeys(value: string): string[] {
  const parts = parseTemplate(value);
  return parts ? parts.flatMap((p) => (p.t === "var" ? [p.key] : [])) : [];
}
