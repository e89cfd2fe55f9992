// "What Does This Change Grant?" on a policy file: the edit compared with the saved version (or, when
// there is no unsaved edit, with git's HEAD) by the policy engine, shown beside the policy as a report.
import { execFile } from "node:child_process";
import { dirname } from "node:path";
import * as vscode from "vscode";
import { accessChangeReport, accessCheckTypeOf } from "../../editor-core/access-change-report.js";
import { compareAccess, PolicyParseError, type AccessChange } from "../../policy/index.js";
import type { EditorCatalog } from "./editor-catalog.js";
import { isPolicy, policyKindFor } from "./policy-document.js";

export const accessChangeCommand = "awsIdentityEmulator.policyEditor.whatDoesThisChangeGrant";
const reportScheme = "aws-iam-emulator-report";

/** The file as git's HEAD has it; undefined outside a repository or for a file HEAD does not have. */
function gitHead(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("git", ["-C", dirname(path), "rev-parse", "--show-toplevel"], (err, top) => {
      if (err) return resolve(undefined);
      const relative = path.slice(top.trim().length + 1);
      execFile("git", ["-C", top.trim(), "show", `HEAD:${relative}`], { maxBuffer: 4 << 20 }, (e, text) => resolve(e ? undefined : text));
    });
  });
}

/** The earlier version to compare with: the saved file when the editor holds an unsaved edit, else HEAD. */
async function baselineOf(doc: vscode.TextDocument): Promise<{ text: string; label: string } | undefined> {
  if (doc.uri.scheme === "file") {
    if (doc.isDirty) {
      try { return { text: Buffer.from(await vscode.workspace.fs.readFile(doc.uri)).toString("utf8"), label: "the saved file" }; } catch { /* never saved */ }
    }
    const head = await gitHead(doc.uri.fsPath);
    if (head !== undefined) return { text: head, label: "git HEAD" };
  }
  return undefined;
}

export function accessChange(catalog: EditorCatalog): vscode.Disposable[] {
  const reports = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const run = async (uri?: vscode.Uri, preset?: { baseline?: string }): Promise<AccessChange | undefined> => {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc || !isPolicy(doc)) return void vscode.window.showInformationMessage("Open an IAM policy document to see what its change grants.");
    const baseline = preset?.baseline !== undefined ? { text: preset.baseline, label: "the given version" } : await baselineOf(doc);
    if (!baseline) return void vscode.window.showInformationMessage("Nothing to compare with: the document has no unsaved edit and git's HEAD does not have it.");
    let change: AccessChange;
    try {
      change = compareAccess(baseline.text, doc.getText(), accessCheckTypeOf(policyKindFor(doc)), catalog.get());
    } catch (err) {
      if (err instanceof PolicyParseError) return void vscode.window.showWarningMessage(`Both versions must be valid policies to compare: ${err.message}`);
      throw err;
    }
    const name = doc.uri.path.split("/").pop() ?? "policy";
    const report = vscode.Uri.from({ scheme: reportScheme, path: `/${name} — access change.md` });
    reports.set(report.toString(), accessChangeReport(change, { before: baseline.label, after: "the editor's text" }));
    changed.fire(report);
    const shown = await vscode.workspace.openTextDocument(report);
    await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return change;
  };
  return [
    changed,
    vscode.workspace.registerTextDocumentContentProvider(reportScheme, { onDidChange: changed.event, provideTextDocumentContent: (u) => reports.get(u.toString()) ?? "" }),
    vscode.commands.registerCommand(accessChangeCommand, run),
  ];
}
