// Reading the request context: key names are case-insensitive, values come as strings, lists, numbers,
// booleans or dates and are compared as AWS does, as strings unless the operator says otherwise.
import type { ContextValue } from "./types.js";
import { equalsIgnoreCase } from "./wildcard.js";

export type Context = Record<string, ContextValue>;

/** Looks a key up by exact spelling first (the common case), then case-insensitively, without allocating. */
export function lookupContext(ctx: Context, key: string): ContextValue {
  const v = ctx[key];
  if (v !== undefined) return v;
  for (const k in ctx) {
    if (equalsIgnoreCase(k, key)) { const x = ctx[k]; if (x !== undefined) return x; }
  }
  return undefined;
}

/** A scalar context value as the string a policy compares it with. */
export function contextString(v: string | number | boolean | Date): string {
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** The values of a context entry as strings (for traces); undefined when missing. */
export function contextStrings(v: ContextValue): string[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map(String);
  return [contextString(v)];
}
