// "Add a statement that allows this", in the editor: the statement appended to a policy document as it is
// written, selected and left unsaved, so the person reads it before saving applies it.
import * as vscode from "vscode";
import { allowStatementFor, appendStatementEdit, sidsOf } from "../../editor-core/allow-statement.js";
import type { SimulationRequest } from "../../editor-core/simulation.js";
import { toRange } from "./vscode-ranges.js";

/** Appends `statement` (or an Allow for `request`) to the document at `uri`; resolves with its Sid, or undefined. */
export async function insertStatement(uri: vscode.Uri, what: { request: SimulationRequest } | { statement: object & { Sid: string } }): Promise<string | undefined> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const statement = "statement" in what ? what.statement : allowStatementFor(what.request, sidsOf(text));
  const change = appendStatementEdit(text, statement);
  if (!change) {
    void vscode.window.showWarningMessage("That document is not a JSON policy: add the statement by hand.");
    return undefined;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, toRange(change.edit.range), change.edit.newText);
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  const range = new vscode.Range(doc.positionAt(change.statementOffset), doc.positionAt(change.statementOffset + change.statementLength));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return statement.Sid;
}
