// The policy editor feature (issue 8): diagnostics and quick fixes, completion and hovers from AWS's service
// catalog, and Simulate… with inline verdicts, an explanation panel and scenario files. Everything it makes is
// returned for the composition root to dispose.
import type * as vscode from "vscode";
import { accessChange } from "./access-change.js";
import { EditorCatalog } from "./editor-catalog.js";
import { ExplanationPanel } from "./explanation-panel.js";
import { PolicyDiagnostics } from "./policy-diagnostics.js";
import { policyLanguageFeatures } from "./policy-language-features.js";
import { PolicySimulations, type EmulatorEndpoint } from "./simulate-lens.js";

export { COMMANDS as POLICY_EDITOR_COMMANDS } from "./simulate-lens.js";

export interface PolicyEditorDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** The running emulator, for Simulate as principal; the editor works without it. */
  emulator?: EmulatorEndpoint;
}

export function policyEditor({ context, log, emulator }: PolicyEditorDeps): vscode.Disposable[] {
  const catalog = new EditorCatalog(context.extensionUri, log);
  const panel = new ExplanationPanel();
  return [
    new PolicyDiagnostics(catalog, log),
    ...policyLanguageFeatures(catalog),
    panel,
    new PolicySimulations(context, log, panel, emulator),
    ...accessChange(catalog),
  ];
}
