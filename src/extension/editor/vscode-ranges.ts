// The engine's LSP-style ranges as VS Code ranges.
import * as vscode from "vscode";
import type { Range } from "../../policy/index.js";

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
