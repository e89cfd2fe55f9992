// "Add a statement that allows this": the Allow statement for a denied request, and the edit that appends it
// to a policy document as the person wrote it (indentation kept, a single statement turned into a list).
// No `vscode` import.
import type { TextEdit } from "./lint.js";
import { member, parseTree, type JNode } from "./json-tree.js";
import { LineIndex } from "./line-index.js";

export interface AllowStatement { Sid: string; Effect: "Allow"; Action: string; Resource: string }

/** "s3:PutObject" → Sid "AllowS3PutObject" (made unique against `taken`). */
export function allowStatementFor(request: { action: string; resource?: string }, taken: readonly string[] = []): AllowStatement {
  const words = request.action.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1));
  const base = `Allow${words.join("")}`.slice(0, 100);
  let sid = base;
  for (let n = 2; taken.some((t) => t.toLowerCase() === sid.toLowerCase()); n++) sid = `${base}${n}`;
  return { Sid: sid, Effect: "Allow", Action: request.action, Resource: request.resource || "*" };
}

/** Sids already used in a document, so a new one does not collide. */
export function sidsOf(text: string): string[] {
  const statements = member(parseTree(text), "Statement")?.value;
  const list = statements?.kind === "array" ? statements.items : statements ? [statements] : [];
  return list.flatMap((s) => { const sid = member(s, "Sid")?.value; return sid?.kind === "string" ? [sid.value] : []; });
}

/** The statement as JSON indented to sit at `indent`, its own lines one step deeper. */
function render(statement: object, indent: string, step: string): string {
  return JSON.stringify(statement, null, step).split("\n").map((line, i) => (i === 0 ? line : indent + line)).join("\n");
}

function stepOf(text: string): string {
  const m = /\n([ \t]+)"/.exec(text);
  return m ? (m[1]!.startsWith("\t") ? "\t" : m[1]!) : "  ";
}

/**
 * The edit appending `statement` to the document's Statement list, and where the statement sits in the edited
 * text (offset and length), to select it. Undefined when the text is not a JSON object.
 */
export function appendStatementEdit(text: string, statement: object): { edit: TextEdit; statementOffset: number; statementLength: number } | undefined {
  const root = parseTree(text);
  if (root?.kind !== "object" || !root.closed) return undefined;
  const lines = new LineIndex(text);
  const step = stepOf(text);
  const rendered = (indent: string) => render(statement, indent, step);
  const at = (start: number, end: number, newText: string, statementAt: number, indent: string) =>
    ({ edit: { range: lines.range(start, end), newText }, statementOffset: start + statementAt, statementLength: rendered(indent).length });
  const stmts = member(root, "Statement");
  const value: JNode | undefined = stmts?.value;
  if (!stmts || !value) {
    // No Statement yet: add one after the last member.
    const last = root.members.at(-1);
    const memberIndent = last ? lines.indentOf(lines.position(last.keyStart).line) : step;
    const body = render([statement], memberIndent, step);
    const prefix = last ? `,\n${memberIndent}"Statement": ` : `\n${memberIndent}"Statement": `;
    const start = last?.value ? last.value.end : root.start + 1;
    return at(start, start, `${prefix}${body}`, prefix.length + body.indexOf("{"), memberIndent + step);
  }
  if (value.kind === "array") {
    const lastItem = value.items.at(-1);
    if (!lastItem) {
      const indent = lines.indentOf(lines.position(stmts.keyStart).line) + step;
      const inserted = `\n${indent}${rendered(indent)}\n${lines.indentOf(lines.position(stmts.keyStart).line)}`;
      return at(value.start + 1, value.start + 1, inserted, 1 + indent.length, indent);
    }
    const itemPos = lines.position(lastItem.start);
    const sameLine = itemPos.line === lines.position(value.start).line;
    const indent = sameLine ? "" : lines.indentOf(itemPos.line);
    const sep = sameLine ? ", " : `,\n${indent}`;
    return at(lastItem.end, lastItem.end, `${sep}${rendered(indent)}`, sep.length, indent);
  }
  // A single statement object: make it a list of both.
  const indent = lines.indentOf(lines.position(value.start).line);
  const existing = text.slice(value.start, value.end);
  const newText = `[${existing}, ${rendered(indent)}]`;
  return at(value.start, value.end, newText, 1 + existing.length + 2, indent);
}
