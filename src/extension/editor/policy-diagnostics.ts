// Problems for policy documents as they are typed: IAM Access Analyzer's findings (AWS's issue codes, linked
// to AWS's check reference), the engine's validator, the catalog checks, the security findings, and the
// quick fixes those findings carry.
import * as vscode from "vscode";
import { lintPolicy, type Finding, type Fix } from "../../editor-core/lint.js";
import type { EditorCatalog } from "./editor-catalog.js";
import { readEditorSettings } from "./editor-settings.js";
import { isPolicy, policyKindFor } from "./policy-document.js";
import { toRange } from "./vscode-ranges.js";

const SEVERITY: Record<Finding["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const SOURCE: Record<Finding["source"], string> = {
  "access-analyzer": "IAM Access Analyzer", engine: "IAM", catalog: "IAM catalog", security: "IAM security",
};

export class PolicyDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection("iam-policy");
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The last lint of each document, by version: the code action provider asks on every cursor move. */
  private readonly lastLint = new Map<string, { version: number; findings: Finding[] }>();

  constructor(private readonly catalog: EditorCatalog, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => { this.cancel(d); this.collection.delete(d.uri); this.lastLint.delete(d.uri.toString()); }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration("awsIdentityEmulator.policyEditor")) return;
        this.lastLint.clear();
        for (const d of vscode.workspace.textDocuments) this.refresh(d);
      }),
      vscode.languages.registerCodeActionsProvider([{ language: "json" }, { language: "jsonc" }], {
        provideCodeActions: (doc, range, context) => this.codeActions(doc, range, context),
      }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  private schedule(doc: vscode.TextDocument): void {
    this.cancel(doc);
    const key = doc.uri.toString();
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.refresh(doc); }, readEditorSettings().delay));
  }

  private cancel(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const t = this.timers.get(key);
    if (t) { clearTimeout(t); this.timers.delete(key); }
  }

  /** Lints now (also what tests call to avoid waiting for the debounce). */
  refresh(doc: vscode.TextDocument): vscode.Diagnostic[] {
    if (doc.isClosed || !isPolicy(doc)) { this.collection.delete(doc.uri); return []; }
    const started = performance.now();
    const diagnostics = this.lint(doc).map((f) => {
      const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
      d.code = f.link ? { value: f.code, target: vscode.Uri.parse(f.link) } : f.code;
      d.source = SOURCE[f.source];
      return d;
    });
    this.collection.set(doc.uri, diagnostics);
    const ms = performance.now() - started;
    if (ms > 50) this.log.debug(`policy editor: ${doc.uri.fsPath} took ${ms.toFixed(1)} ms to lint`);
    return diagnostics;
  }

  private lint(doc: vscode.TextDocument): Finding[] {
    const key = doc.uri.toString();
    const last = this.lastLint.get(key);
    if (last && last.version === doc.version) return last.findings;
    const findings = lintPolicy(doc.getText(), { kind: policyKindFor(doc), catalog: this.catalog.get(), severities: readEditorSettings().severity });
    this.lastLint.set(key, { version: doc.version, findings });
    return findings;
  }

  /**
   * Fixes are computed again from the current text (a lint takes milliseconds): the diagnostics VS Code hands
   * back are copies that reach the renderer a moment after they are set, so nothing is looked up by identity.
   */
  private codeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!isPolicy(doc)) return [];
    const out: vscode.CodeAction[] = [];
    for (const f of this.lint(doc)) {
      if (f.fixes.length === 0) continue;
      const r = toRange(f.range);
      if (!r.intersection(range) && !r.contains(range)) continue;
      const same = context.diagnostics.filter((d) => (typeof d.code === "object" ? d.code.value : d.code) === f.code && d.range.isEqual(r));
      for (const fix of f.fixes) out.push(this.action(doc, fix, same));
    }
    return out;
  }

  private action(doc: vscode.TextDocument, fix: Fix, diagnostics: vscode.Diagnostic[]): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    if (diagnostics.length) action.diagnostics = diagnostics;
    action.isPreferred = fix.preferred === true;
    action.edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) action.edit.replace(doc.uri, toRange(e.range), e.newText);
    return action;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
