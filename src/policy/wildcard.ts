// Glob patterns with `*` (any run of characters, also empty) and `?` (exactly one character), compiled
// once into the cheapest test that fits: most policy patterns are exact, "*", or a prefix.

const enum Shape { Any, Exact, Prefix, Suffix, General }

export interface Glob {
  readonly shape: Shape;
  readonly text: string;      // literal part for Exact/Prefix/Suffix; the pattern characters for General
  readonly wild: Uint8Array | undefined; // General only: 1 = '*', 2 = '?', 0 = literal, per character
}

const STAR = 1, QMARK = 2;

/**
 * Builds a glob from pieces: wildcard characters in `pattern` pieces are wildcards, `literal` pieces never are
 * (a policy variable's value, or `${*}` which stands for a literal asterisk).
 */
export class GlobBuilder {
  private chars = "";
  private flags: number[] = [];
  pattern(p: string): this {
    for (let i = 0; i < p.length; i++) {
      const c = p[i]!;
      this.chars += c;
      this.flags.push(c === "*" ? STAR : c === "?" ? QMARK : 0);
    }
    return this;
  }
  literal(p: string): this {
    this.chars += p;
    for (let i = 0; i < p.length; i++) this.flags.push(0);
    return this;
  }
  build(): Glob { return shapeOf(this.chars, this.flags); }
  /** Splits at the first `max - 1` colons (ARN segments); the last piece keeps any further colons. */
  splitArn(max: number): Glob[] | undefined {
    const out: Glob[] = [];
    let from = 0;
    for (let i = 0; i < this.chars.length && out.length < max - 1; i++) {
      if (this.chars[i] === ":") {
        out.push(shapeOf(this.chars.slice(from, i), this.flags.slice(from, i)));
        from = i + 1;
      }
    }
    if (out.length < max - 1) return undefined;
    out.push(shapeOf(this.chars.slice(from), this.flags.slice(from)));
    return out;
  }
}

export function compileGlob(pattern: string): Glob {
  return new GlobBuilder().pattern(pattern).build();
}

export function exactGlob(text: string): Glob {
  return { shape: Shape.Exact, text, wild: undefined };
}

function shapeOf(chars: string, flags: number[]): Glob {
  const n = chars.length;
  let wildCount = 0, firstWild = -1, lastWild = -1, hasQ = false;
  for (let i = 0; i < n; i++) {
    if (flags[i] !== 0) {
      wildCount++;
      if (firstWild < 0) firstWild = i;
      lastWild = i;
      if (flags[i] === QMARK) hasQ = true;
    }
  }
  if (wildCount === 0) return { shape: Shape.Exact, text: chars, wild: undefined };
  if (!hasQ) {
    let allStars = true;
    for (let i = 0; i < n; i++) if (flags[i] !== STAR) { allStars = false; break; }
    if (allStars) return { shape: Shape.Any, text: "", wild: undefined };
    if (wildCount === 1 && lastWild === n - 1) return { shape: Shape.Prefix, text: chars.slice(0, n - 1), wild: undefined };
    if (wildCount === 1 && firstWild === 0) return { shape: Shape.Suffix, text: chars.slice(1), wild: undefined };
  }
  return { shape: Shape.General, text: chars, wild: Uint8Array.from(flags) };
}

export function globMatches(g: Glob, s: string): boolean {
  switch (g.shape) {
    case Shape.Any: return true;
    case Shape.Exact: return s === g.text;
    case Shape.Prefix: return s.startsWith(g.text);
    case Shape.Suffix: return s.endsWith(g.text);
    default: return generalMatch(g.text, g.wild!, s, 0, s.length);
  }
}

/** globMatches on s[from, to) without slicing it. */
export function globMatchesRange(g: Glob, s: string, from: number, to: number): boolean {
  const t = g.text, n = to - from;
  switch (g.shape) {
    case Shape.Any: return true;
    case Shape.Exact: return n === t.length && s.startsWith(t, from);
    case Shape.Prefix: return n >= t.length && s.startsWith(t, from);
    case Shape.Suffix: return n >= t.length && s.startsWith(t, to - t.length);
    default: return generalMatch(t, g.wild!, s, from, to);
  }
}

/** True when the glob matches every string ("*"). */
export function globIsAny(g: Glob): boolean { return g.shape === Shape.Any; }

/** True when the glob has no wildcard, so it matches exactly one string. */
export function globIsExact(g: Glob): boolean { return g.shape === Shape.Exact; }

// Two-pointer match with one backtrack point: linear in practice, no regex, no allocation.
function generalMatch(p: string, wild: Uint8Array, s: string, from: number, sn: number): boolean {
  const pn = p.length;
  let i = from, j = 0, star = -1, mark = 0;
  while (i < sn) {
    if (j < pn) {
      const w = wild[j];
      if (w === QMARK || (w === 0 && p.charCodeAt(j) === s.charCodeAt(i))) { i++; j++; continue; }
      if (w === STAR) { star = j++; mark = i; continue; }
    }
    if (star >= 0) { j = star + 1; i = ++mark; continue; }
    return false;
  }
  while (j < pn && wild[j] === STAR) j++;
  return j === pn;
}

/** ASCII case-insensitive equality without allocating (context key names are ASCII). */
export function equalsIgnoreCase(a: string, b: string): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}
