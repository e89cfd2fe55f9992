// The side panel with the full explanation: one webview, reused, static HTML under a CSP that loads and runs
// nothing (no scripts, no remote content).
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { Explanation } from "../../policy/index.js";
import { explanationHtml } from "../../editor-core/explanation-view.js";

export const PANEL_VIEW_TYPE = "awsIdentityEmulator.policyExplanation";

export class ExplanationPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The HTML last shown, for tests (a webview's content cannot be read back through the API). */
  lastHtml = "";

  show(e: Explanation, title: string): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableCommandUris: false, localResourceRoots: [], retainContextWhenHidden: false });
      this.panel.onDidDispose(() => { this.panel = undefined; });
    }
    this.panel.title = title;
    this.lastHtml = explanationHtml(e, randomBytes(16).toString("base64"), title);
    this.panel.webview.html = this.lastHtml;
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** Refreshes the panel if it is open (a re-run after an edit); does not open it. */
  update(e: Explanation, title: string): void {
    if (this.panel) this.show(e, title);
  }

  get visible(): boolean { return this.panel !== undefined; }

  dispose(): void {
    this.panel?.dispose();
    this.panel = undefined;
  }
}
