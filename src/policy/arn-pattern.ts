// ARN patterns as IAM matches them: six colon-separated segments, each matched on its own with * and ?
// (a wildcard never spans a colon in the first five), the sixth keeping any further colons. Case-sensitive.
import { GlobBuilder, globIsAny, globMatches, globMatchesRange, type Glob } from "./wildcard.js";
import type { TemplatePart } from "./policy-variables.js";
import { InstantiatedPatterns } from "./policy-variables.js";
import type { Context } from "./request-context.js";

export interface ArnPattern {
  readonly whole: Glob;
  /** Per-segment globs when the pattern has the six segments of an ARN. */
  readonly segs: Glob[] | undefined;
  /** The pattern is "*" (or only wildcards): it matches every resource, ARN or not. */
  readonly any: boolean;
}

export function compileArnPattern(pattern: string): ArnPattern {
  return fromBuilder(new GlobBuilder().pattern(pattern));
}

const instantiated = new InstantiatedPatterns<ArnPattern>(compileArnPattern, fromBuilder);

/** Builds a pattern with variables substituted (values are literal); undefined if a variable has no value. */
export function instantiateArnPattern(parts: readonly TemplatePart[], ctx: Context): ArnPattern | undefined {
  return instantiated.instantiate(parts, ctx);
}

function fromBuilder(b: GlobBuilder): ArnPattern {
  const whole = b.build();
  return { whole, segs: b.splitArn(6), any: globIsAny(whole) };
}

/**
 * Where the six segments of a request ARN start, written into `out` (out[6] is length + 1, so segment i
 * spans out[i] .. out[i + 1] - 1). False when it is not an ARN (e.g. "*"). No strings are cut.
 */
export function splitArnInto(resource: string, out: Int32Array): boolean {
  if (!resource.startsWith("arn:")) return false;
  out[0] = 0;
  let from = 0;
  for (let n = 1; n < 6; n++) {
    const i = resource.indexOf(":", from);
    if (i < 0) return false;
    out[n] = from = i + 1;
  }
  out[6] = resource.length + 1;
  return true;
}

/** Does the pattern match the resource? `bounds` from splitArnInto, undefined when the resource is no ARN. */
export function arnMatches(p: ArnPattern, resource: string, bounds: Int32Array | undefined): boolean {
  if (p.any) return true;
  const ps = p.segs;
  if (ps === undefined) return globMatches(p.whole, resource);
  if (bounds === undefined) return false;
  for (let i = 0; i < 6; i++) if (!globMatchesRange(ps[i]!, resource, bounds[i]!, bounds[i + 1]! - 1)) return false;
  return true;
}

const conditionBounds = new Int32Array(7);

/** For ArnEquals/ArnLike on a context value. */
export function arnMatchesString(p: ArnPattern, value: string): boolean {
  return arnMatches(p, value, splitArnInto(value, conditionBounds) ? conditionBounds : undefined);
}
