// Offsets to LSP positions (0-based lines, UTF-16 characters) and back, for one text.
import type { Position, Range } from "../policy/index.js";

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  offset(p: Position): number {
    const start = this.starts[Math.min(Math.max(p.line, 0), this.starts.length - 1)]!;
    return Math.min(start + p.character, this.text.length);
  }
  /** The whitespace a line starts with. */
  indentOf(line: number): string {
    const start = this.starts[line] ?? 0;
    return /^[ \t]*/.exec(this.text.slice(start, start + 200))![0];
  }
}
