// Ranges of tokens in test documents, found by their text, so expectations name the token they point at.
import type { Range } from "../../../src/policy/index.js";
import { LineIndex } from "../../../src/editor-core/line-index.js";

/** The range of the `occurrence`-th (0-based) appearance of `token` in `text`. */
export function rangeOf(text: string, token: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(token, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(token)} occurs fewer than ${occurrence + 1} times`);
  }
  return new LineIndex(text).range(at, at + token.length);
}

/** Applies LSP-style edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const lines = new LineIndex(text);
  const sorted = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The document with a `|` marking the cursor: the text without it, and the offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf("|");
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
