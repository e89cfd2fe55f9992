// A forgiving JSON parser that keeps offsets: the editor works on documents as they are being typed (a missing
// comma, an unclosed bracket), where the engine's strict parser gives up at the first error. The engine's
// validator still reports the syntax error; this tree only lets completion, hovers and lint find their place.

export type JNode =
  | { kind: "object"; start: number; end: number; members: JMember[]; closed: boolean }
  | { kind: "array"; start: number; end: number; items: JNode[]; closed: boolean }
  | { kind: "string"; start: number; end: number; value: string; closed: boolean }
  | { kind: "number"; start: number; end: number; value: number }
  | { kind: "boolean"; start: number; end: number; value: boolean }
  | { kind: "null"; start: number; end: number; value: null };

export interface JMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  keyClosed: boolean;
  /** Offset of the colon, -1 when it is missing. */
  colon: number;
  value: JNode | undefined;
}

export type JObject = Extract<JNode, { kind: "object" }>;
export type JArray = Extract<JNode, { kind: "array" }>;
export type JString = Extract<JNode, { kind: "string" }>;

const WS = new Set([32, 9, 10, 13]);

export function parseTree(text: string): JNode | undefined {
  const p = new TolerantParser(text);
  p.skipWs();
  return p.pos < text.length ? p.value() : undefined;
}

class TolerantParser {
  pos = 0;
  constructor(private readonly s: string) {}

  skipWs(): void {
    while (this.pos < this.s.length && WS.has(this.s.charCodeAt(this.pos))) this.pos++;
  }

  private peek(): string | undefined { this.skipWs(); return this.s[this.pos]; }

  value(): JNode | undefined {
    const c = this.peek();
    if (c === undefined) return undefined;
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    const start = this.pos;
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|[^\s,:\]}[{"]+)/.exec(this.s.slice(start, start + 400));
    const word = m ? m[0] : this.s[start]!;
    this.pos += word.length;
    if (word === "true" || word === "false") return { kind: "boolean", start, end: this.pos, value: word === "true" };
    if (word === "null") return { kind: "null", start, end: this.pos, value: null };
    const n = Number(word);
    if (!Number.isNaN(n) && /^-?\d/.test(word)) return { kind: "number", start, end: this.pos, value: n };
    return undefined; // a stray word: skipped
  }

  private string(): JString {
    const s = this.s;
    const start = this.pos++;
    let out = "";
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === '"') { this.pos++; return { kind: "string", start, end: this.pos, value: out, closed: true }; }
      if (c === "\n" || c === "\r") break; // unterminated: the string ends with its line
      if (c === "\\" && this.pos + 1 < s.length) {
        const e = s[this.pos + 1]!;
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e in simple) { out += simple[e]; this.pos += 2; continue; }
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(s.slice(this.pos + 2, this.pos + 6), 16)); this.pos += 6; continue;
        }
      }
      out += c;
      this.pos++;
    }
    return { kind: "string", start, end: this.pos, value: out, closed: false };
  }

  private object(): JObject {
    const start = this.pos++;
    const members: JMember[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined) return { kind: "object", start, end: this.pos, members, closed: false };
      if (c === "}") { this.pos++; return { kind: "object", start, end: this.pos, members, closed: true }; }
      if (c === "]") return { kind: "object", start, end: this.pos, members, closed: false }; // the enclosing array closes
      if (c === ",") { this.pos++; continue; }
      if (c !== '"') { if (!this.value()) this.pos++; continue; } // stray token
      const key = this.string();
      const m: JMember = { key: key.value, keyStart: key.start, keyEnd: key.end, keyClosed: key.closed, colon: -1, value: undefined };
      members.push(m);
      if (this.peek() !== ":") continue;
      m.colon = this.pos++;
      const next = this.peek();
      if (next === undefined || next === "," || next === "}" || next === "]") continue;
      // `"Action": ` followed by the next line's `"Resource": ...` (value not typed yet): leave the value empty.
      if (next === '"' && this.looksLikeKey()) continue;
      m.value = this.value();
    }
  }

  /** At a string followed by a colon: a property name, not a value. */
  private looksLikeKey(): boolean {
    const save = this.pos;
    const str = this.string();
    const isKey = str.closed && this.peek() === ":"; // a value string is never followed by a colon
    this.pos = save;
    return isKey;
  }

  private array(): JArray {
    const start = this.pos++;
    const items: JNode[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined) return { kind: "array", start, end: this.pos, items, closed: false };
      if (c === "]") { this.pos++; return { kind: "array", start, end: this.pos, items, closed: true }; }
      if (c === "}") return { kind: "array", start, end: this.pos, items, closed: false };
      if (c === "," || c === ":") { this.pos++; continue; }
      const v = this.value();
      if (v) items.push(v);
      else if (this.pos < this.s.length && this.s[this.pos] !== "}" && this.s[this.pos] !== "]") this.pos++;
    }
  }
}

export function member(node: JNode | undefined, key: string): JMember | undefined {
  if (!node || node.kind !== "object") return undefined;
  for (let i = node.members.length - 1; i >= 0; i--) if (node.members[i]!.key === key) return node.members[i];
  return undefined;
}

/** The statement objects of a policy (one object, or the objects of the list). */
export function statementsOf(root: JNode | undefined): JObject[] {
  const st = member(root, "Statement")?.value;
  if (st?.kind === "object") return [st];
  if (st?.kind === "array") return st.items.filter((i): i is JObject => i.kind === "object");
  return [];
}

/** A string or list-of-strings element's string nodes. */
export function stringsOf(node: JNode | undefined): JString[] {
  if (!node) return [];
  if (node.kind === "string") return [node];
  if (node.kind === "array") return node.items.filter((i): i is JString => i.kind === "string");
  return [];
}

export type Segment = string | number;

export interface Location {
  /** Path of the innermost value containing the offset (for a key: the path of the object holding it, plus the key). */
  path: Segment[];
  /** Enclosing nodes, outermost first (root … innermost), parallel to path with the root first. */
  nodes: JNode[];
  /** The offset is inside a property name (or where one would be typed, in an object's whitespace). */
  inKey: boolean;
  /** The property whose name holds the offset. */
  member: JMember | undefined;
  /** The string, number or literal node the offset is inside, if any. */
  leaf: JNode | undefined;
}

/** Does a value contain the offset? Strings and containers by their inside, literals up to either end. */
function contains(n: JNode, offset: number): boolean {
  switch (n.kind) {
    case "string": return offset > n.start && (offset < n.end || (!n.closed && offset <= n.end));
    case "object": case "array": return offset > n.start && (offset < n.end || (!n.closed && offset <= n.end));
    default: return offset >= n.start && offset <= n.end;
  }
}

/** Where an offset sits in the tree: the path to it, and whether it is at a property name or a value. */
export function locate(root: JNode | undefined, offset: number): Location {
  const loc: Location = { path: [], nodes: [], inKey: false, member: undefined, leaf: undefined };
  let node = root;
  if (!node || !contains(node, offset)) return loc;
  for (;;) {
    loc.nodes.push(node);
    let next: JNode | undefined;
    if (node.kind === "object") {
      const ms = node.members;
      for (let i = 0; i < ms.length && !next; i++) {
        const m = ms[i]!;
        if (offset > m.keyStart && (offset < m.keyEnd || (!m.keyClosed && offset <= m.keyEnd))) {
          loc.inKey = true; loc.member = m; loc.path.push(m.key); return loc;
        }
        if (m.value && contains(m.value, offset)) { loc.path.push(m.key); next = m.value; break; }
        const nextKey = ms[i + 1]?.keyStart ?? node.end;
        if (!m.value && m.colon >= 0 && offset > m.colon && offset <= nextKey && (offset < nextKey || !ms[i + 1])) {
          loc.path.push(m.key); return loc; // after `"Key": ` with nothing typed yet: a value position
        }
      }
      if (!next) { loc.inKey = true; return loc; }
    } else if (node.kind === "array") {
      const its = node.items;
      for (let i = 0; i < its.length; i++) if (contains(its[i]!, offset)) { loc.path.push(i); next = its[i]; break; }
      if (!next) { loc.path.push(its.filter((it) => it.end <= offset).length); return loc; }
    } else {
      loc.leaf = node;
      return loc;
    }
    node = next;
  }
}
