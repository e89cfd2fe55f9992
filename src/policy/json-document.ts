// A JSON parser that keeps every value's offsets, so diagnostics can point at the exact token.
// JSON.parse gives no positions and silently keeps the last of duplicate keys; policies need both.

export type JsonNode =
  | { kind: "object"; start: number; end: number; members: JsonMember[] }
  | { kind: "array"; start: number; end: number; items: JsonNode[] }
  | { kind: "string"; start: number; end: number; value: string }
  | { kind: "number"; start: number; end: number; value: number }
  | { kind: "boolean"; start: number; end: number; value: boolean }
  | { kind: "null"; start: number; end: number; value: null };

export interface JsonMember { key: string; keyStart: number; keyEnd: number; value: JsonNode }

export interface JsonSyntaxError { message: string; start: number; end: number }

export type JsonParseResult = { ok: true; root: JsonNode } | { ok: false; error: JsonSyntaxError };

export function parseJsonDocument(text: string): JsonParseResult {
  const p = new Parser(text);
  try {
    p.skipWs();
    const root = p.value();
    p.skipWs();
    if (p.pos < text.length) p.fail("Unexpected content after the end of the JSON document");
    return { ok: true, root };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: e.error };
    throw e;
  }
}

class SyntaxFailure { constructor(readonly error: JsonSyntaxError) {} }

/** Deepest nesting of objects and arrays a document may have. */
export const MAX_NESTING = 64;

class Parser {
  pos = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  fail(message: string, start = this.pos, end = Math.min(start + 1, this.s.length)): never {
    throw new SyntaxFailure({ message, start, end });
  }

  skipWs(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  value(): JsonNode {
    const s = this.s;
    if (this.pos >= s.length) this.fail("Unexpected end of JSON document: a value is expected");
    const c = s[this.pos];
    if (c === "{" || c === "[") {
      // A bound on nesting keeps the recursion off the stack's edge; no policy element nests a tenth as deep.
      if (++this.depth > MAX_NESTING) this.fail(`The document nests more than ${MAX_NESTING} levels deep`);
      const node = c === "{" ? this.object() : this.array();
      this.depth--;
      return node;
    }
    if (c === '"') { const start = this.pos; const value = this.string(); return { kind: "string", start, end: this.pos, value }; }
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const [word, kind, value] of [["true", "boolean", true], ["false", "boolean", false], ["null", "null", null]] as const) {
      if (s.startsWith(word, this.pos)) {
        const start = this.pos; this.pos += word.length;
        return { kind, start, end: this.pos, value } as JsonNode;
      }
    }
    const m = /^[A-Za-z_$][\w$]*/.exec(s.slice(this.pos, this.pos + 40));
    this.fail(m ? `Unexpected token ${m[0]}: a JSON value is expected` : `Unexpected character ${JSON.stringify(c)}: a JSON value is expected`,
      this.pos, this.pos + (m ? m[0].length : 1));
  }

  object(): JsonNode {
    const start = this.pos++;
    const members: JsonMember[] = [];
    this.skipWs();
    if (this.s[this.pos] === "}") { this.pos++; return { kind: "object", start, end: this.pos, members }; }
    for (;;) {
      this.skipWs();
      if (this.s[this.pos] !== '"') this.fail(this.pos >= this.s.length ? "Unexpected end of JSON document: a property name is expected" : "A property name in double quotes is expected");
      const keyStart = this.pos;
      const key = this.string();
      const keyEnd = this.pos;
      this.skipWs();
      if (this.s[this.pos] !== ":") this.fail("A colon is expected after the property name");
      this.pos++;
      this.skipWs();
      const value = this.value();
      members.push({ key, keyStart, keyEnd, value });
      this.skipWs();
      const c = this.s[this.pos];
      if (c === ",") {
        this.pos++; this.skipWs();
        if (this.s[this.pos] === "}") this.fail("Trailing comma: a property is expected after ','", this.pos - 1);
        continue;
      }
      if (c === "}") { this.pos++; return { kind: "object", start, end: this.pos, members }; }
      this.fail(this.pos >= this.s.length ? "Unexpected end of JSON document: '}' is expected" : "',' or '}' is expected after a property value");
    }
  }

  array(): JsonNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.skipWs();
    if (this.s[this.pos] === "]") { this.pos++; return { kind: "array", start, end: this.pos, items }; }
    for (;;) {
      this.skipWs();
      items.push(this.value());
      this.skipWs();
      const c = this.s[this.pos];
      if (c === ",") {
        this.pos++; this.skipWs();
        if (this.s[this.pos] === "]") this.fail("Trailing comma: a value is expected after ','", this.pos - 1);
        continue;
      }
      if (c === "]") { this.pos++; return { kind: "array", start, end: this.pos, items }; }
      this.fail(this.pos >= this.s.length ? "Unexpected end of JSON document: ']' is expected" : "',' or ']' is expected after an array element");
    }
  }

  string(): string {
    const s = this.s;
    const start = this.pos++;
    let out = "";
    let chunk = this.pos;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 34) { out += s.slice(chunk, this.pos); this.pos++; return out; }
      if (c === 92) {
        out += s.slice(chunk, this.pos);
        const e = s[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e !== undefined && e in simple) { out += simple[e]; this.pos += 2; }
        else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(s.slice(this.pos + 2, this.pos + 6), 16)); this.pos += 6;
        } else this.fail("Invalid escape sequence in string", this.pos, this.pos + 2);
        chunk = this.pos;
        continue;
      }
      if (c < 32) this.fail("Control characters must be escaped in JSON strings");
      this.pos++;
    }
    this.fail("Unterminated string", start, s.length);
  }

  number(): JsonNode {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 400));
    if (!m) this.fail("Invalid number");
    const start = this.pos;
    this.pos += m[0].length;
    return { kind: "number", start, end: this.pos, value: Number(m[0]) };
  }
}

/** The plain value of a node, as JSON.parse would give it (the last duplicate key wins, as there). */
export function plainValue(node: JsonNode): unknown {
  switch (node.kind) {
    case "object": {
      const o: Record<string, unknown> = {};
      for (const m of node.members) o[m.key] = plainValue(m.value);
      return o;
    }
    case "array": return node.items.map(plainValue);
    default: return node.value;
  }
}

/** The shape canonicalJson reads: the engine's strict tree and the editor's tolerant one both have it. */
export interface CanonicalNode {
  readonly kind: string;
  readonly members?: readonly { readonly key: string; readonly value: CanonicalNode | undefined }[];
  readonly items?: readonly CanonicalNode[];
  readonly value?: unknown;
}

/**
 * A node as text that is equal for equal meaning: members in any order, a one-item list as its item, list items in
 * any order. With dropSid the top object's Sid is left out, so two statements that grant the same compare equal.
 */
export function canonicalJson(n: CanonicalNode | undefined, dropSid = false): string {
  if (!n) return "?";
  if (n.kind === "object") return `{${(n.members ?? []).filter((m) => !(dropSid && m.key === "Sid")).map((m) => `${JSON.stringify(m.key)}:${canonicalJson(m.value)}`).sort().join(",")}}`;
  if (n.kind === "array") return n.items?.length === 1 ? canonicalJson(n.items[0]) : `[${(n.items ?? []).map((i) => canonicalJson(i)).sort().join(",")}]`;
  return JSON.stringify(n.value);
}

/** Converts offsets to 0-based line/character positions (UTF-16 units, as LSP counts them). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; character: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  range(start: number, end: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
    return { start: this.position(start), end: this.position(end) };
  }
}
