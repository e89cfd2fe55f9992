// The side panel with the full explanation: one webview, reused for document simulations, principal
// simulations and enforce-mode decisions. Static HTML under a CSP that loads and runs nothing; its links are
// command URIs, and the webview lets only the commands listed here run.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { Explanation } from "../../policy/index.js";
import { explanationHtml, type PanelView } from "../../editor-core/explanation-view.js";

export const PANEL_VIEW_TYPE = "awsIdentityEmulator.policyExplanation";

/** The commands the panel's links may run. */
export const PANEL_COMMANDS = {
  changeRequest: "awsIdentityEmulator.simulator.changeRequest",
  addAllowStatement: "awsIdentityEmulator.addAllowStatement",
  openInSimulator: "awsIdentityEmulator.openInSimulator",
  showProblem: "awsIdentityEmulator.policyEditor.showProblem",
  addScenario: "awsIdentityEmulator.policyEditor.addScenario",
  openPolicy: "awsIdentityEmulator.simulator.openPolicy",
} as const;

/** What the panel shows: the explanation, how it is framed, and which subject it belongs to. */
export interface PanelContent { explanation: Explanation; view: PanelView; subject: string }

export class ExplanationPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private content: PanelContent | undefined;
  private readonly shown = new vscode.EventEmitter<PanelContent>();
  /** Fires after each render: tests and the Requests view wait on it. */
  readonly onDidShow = this.shown.event;
  /** The HTML last shown, for tests (a webview's content cannot be read back through the API). */
  lastHtml = "";

  show(content: PanelContent): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, content.view.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableCommandUris: Object.values(PANEL_COMMANDS), localResourceRoots: [], retainContextWhenHidden: false });
      this.panel.onDidDispose(() => { this.panel = undefined; this.content = undefined; });
    }
    this.render(content);
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** Refreshes the panel if it shows `content.subject` (a re-run after an edit); does not open it. */
  update(content: PanelContent): void {
    if (this.panel && this.content?.subject === content.subject) this.render(content);
  }

  /** The result shown for `subject` no longer holds: say so, keep the last explanation for reference. */
  markOutdated(subject: string, outdated: NonNullable<PanelView["outdated"]>): void {
    if (!this.panel || this.content?.subject !== subject) return;
    this.render({ ...this.content, view: { ...this.content.view, outdated, actions: [] } });
  }

  /** What the panel shows now, if it is open. */
  get current(): PanelContent | undefined {
    return this.panel ? this.content : undefined;
  }

  get visible(): boolean { return this.panel !== undefined; }

  /** The editor group the panel is in, while it is open. */
  get column(): vscode.ViewColumn | undefined { return this.panel?.viewColumn; }

  private render(content: PanelContent): void {
    this.content = content;
    this.panel!.title = content.view.title;
    this.lastHtml = explanationHtml(content.explanation, randomBytes(16).toString("base64"), content.view);
    this.panel!.webview.html = this.lastHtml;
    this.shown.fire(content);
  }

  dispose(): void {
    this.panel?.dispose();
    this.panel = undefined;
    this.shown.dispose();
  }
}
