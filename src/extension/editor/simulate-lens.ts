// Simulate and explain, inline: CodeLenses on the document and each statement, the stepped request picker,
// verdict decorations per statement in the theme's diff colours, the explanation panel, "as principal" with the
// principal's policies read fresh from the running emulator, the last request remembered per document, and
// `*.scenarios.json` sidecars re-run on every edit with pass/fail like tests. A result that no longer holds (the
// document stopped parsing) is never left on screen: decorations go, the panel says it is outdated.
import * as vscode from "vscode";
import type { Explanation, PolicyKind } from "../../policy/index.js";
import { statementVerdicts, type PanelLink, type PanelView, type StatementVerdict, type VerdictKind } from "../../editor-core/explanation-view.js";
import { parseTree, statementsOf } from "../../editor-core/json-tree.js";
import { statementsOfDocuments, type PolicyStatement } from "../../editor-core/request-steps.js";
import { parseScenarioFile, policyPathFor, runScenarios, scenarioPathFor, type ScenarioResult } from "../../editor-core/scenarios.js";
import {
  formatSimulationInput, parseSimulationInput, PolicyParseError, simulate,
  type PrincipalPolicies, type SimulationOutcome, type SimulationRequest,
} from "../../editor-core/simulation.js";
import type { EditorCatalog } from "./editor-catalog.js";
import { readEditorSettings } from "./editor-settings.js";
import { PANEL_COMMANDS, type ExplanationPanel } from "./explanation-panel.js";
import { LastRequests } from "./last-requests.js";
import { isPolicy, policyKindFor, policySourceFor } from "./policy-document.js";
import { principalName, type PrincipalPolicySource } from "./principal-source.js";
import { pickRequest } from "./request-picker.js";
import { toRange } from "./vscode-ranges.js";

export const COMMANDS = {
  simulate: "awsIdentityEmulator.policyEditor.simulate",
  simulateAsPrincipal: "awsIdentityEmulator.policyEditor.simulateAsPrincipal",
  clearPrincipal: "awsIdentityEmulator.policyEditor.clearPrincipal",
  showExplanation: "awsIdentityEmulator.policyEditor.showExplanation",
  clearSimulation: "awsIdentityEmulator.policyEditor.clearSimulation",
  runScenarios: "awsIdentityEmulator.policyEditor.runScenarios",
  addScenario: PANEL_COMMANDS.addScenario,
  showProblem: PANEL_COMMANDS.showProblem,
} as const;

/** workspaceState: the last request per document (and the principal it ran as), so it is offered again. */
const LAST_KEY = "awsIdentityEmulator.policyEditor.lastRequests";
interface Remembered { request: SimulationRequest; principalArn?: string }

interface Simulation {
  request: SimulationRequest;
  /** Simulated beside this principal's policies, read from the emulator. */
  principalArn: string | undefined;
  around: PrincipalPolicies | undefined;
  outcome: SimulationOutcome | undefined;
  /** Why the last run failed (the document does not parse), shown in the lens and the panel. */
  error: string | undefined;
}

/** Arguments the commands take, so tests, links and other features can run them without the picker. */
export interface SimulateArgs {
  uri?: vscode.Uri | string;
  statementIndex?: number;
  /** The quick-input form, "s3:GetObject arn:aws:s3:::b/k aws:SourceIp=10.0.0.1". */
  input?: string;
  request?: SimulationRequest;
  principalArn?: string;
  /** Run the remembered request again without asking. */
  again?: boolean;
}

export interface SimulationDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  panel: ExplanationPanel;
  catalog: EditorCatalog;
  principals: PrincipalPolicySource;
  /** The emulator's state changed: results that read a principal's policies are run again. */
  onDidChangeResources: vscode.Event<void>;
}

function uriOf(arg: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === "string") return vscode.Uri.parse(arg);
  return vscode.window.activeTextEditor?.document.uri;
}

function documentName(doc: vscode.TextDocument): string {
  return decodeURIComponent(doc.uri.path.split("/").pop() ?? "policy");
}

export class PolicySimulations implements vscode.Disposable {
  private readonly sims = new Map<string, Simulation>();
  private readonly scenarioResults = new Map<string, ScenarioResult[]>();
  private readonly scenarioDiagnostics = vscode.languages.createDiagnosticCollection("iam-policy-scenarios");
  private readonly lensChanged = new vscode.EventEmitter<void>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly decorations: Record<VerdictKind, vscode.TextEditorDecorationType>;
  /** The deciding statement's whole range, in the theme's diff colours: inserted for an allow, removed for a deny. */
  private readonly decidingAllow: vscode.TextEditorDecorationType;
  private readonly decidingDeny: vscode.TextEditorDecorationType;
  private refetch: NodeJS.Timeout | undefined;
  private readonly last: LastRequests<Remembered>;

  constructor(private readonly deps: SimulationDeps) {
    this.last = new LastRequests(deps.context.workspaceState, LAST_KEY);
    const after = (color: string) => ({ after: { margin: "0 0 0 2em", color: new vscode.ThemeColor(color), fontStyle: "italic" } });
    this.decorations = {
      decides: vscode.window.createTextEditorDecorationType({ ...after("editorCodeLens.foreground"), fontWeight: "bold" }),
      matched: vscode.window.createTextEditorDecorationType(after("editorCodeLens.foreground")),
      notMatched: vscode.window.createTextEditorDecorationType(after("disabledForeground")),
      notEvaluated: vscode.window.createTextEditorDecorationType(after("disabledForeground")),
    };
    const deciding = (background: string, ruler: string) => vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor(background), isWholeLine: false,
      overviewRulerColor: new vscode.ThemeColor(ruler), overviewRulerLane: vscode.OverviewRulerLane.Right,
    });
    this.decidingAllow = deciding("diffEditor.insertedTextBackground", "editorOverviewRuler.addedForeground");
    this.decidingDeny = deciding("diffEditor.removedTextBackground", "editorOverviewRuler.deletedForeground");
    const selector: vscode.DocumentSelector = [{ language: "json" }, { language: "jsonc" }];
    this.disposables.push(
      this.scenarioDiagnostics, this.lensChanged, ...Object.values(this.decorations), this.decidingAllow, this.decidingDeny,
      vscode.languages.registerCodeLensProvider(selector, { onDidChangeCodeLenses: this.lensChanged.event, provideCodeLenses: (d) => this.lenses(d) }),
      vscode.commands.registerCommand(COMMANDS.simulate, (a?: SimulateArgs) => this.simulateCommand(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.simulateAsPrincipal, (a?: SimulateArgs) => this.simulateAsPrincipalCommand(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.clearPrincipal, (a?: SimulateArgs) => this.clearPrincipal(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.showExplanation, (a?: SimulateArgs | vscode.Uri) => this.showExplanation(a instanceof vscode.Uri ? { uri: a } : a ?? {})),
      vscode.commands.registerCommand(COMMANDS.clearSimulation, (a?: SimulateArgs) => this.clear(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.runScenarios, (a?: SimulateArgs) => this.runScenariosFor(uriOf(a?.uri))),
      vscode.commands.registerCommand(COMMANDS.addScenario, (a?: SimulateArgs) => this.addScenario(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.showProblem, (a?: SimulateArgs) => this.showProblem(a ?? {})),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => void this.onOpen(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.scenarioDiagnostics.delete(d.uri)),
      vscode.window.onDidChangeVisibleTextEditors((eds) => eds.forEach((ed) => this.decorate(ed))),
      deps.onDidChangeResources(() => this.principalPoliciesChanged()),
    );
    const watcher = vscode.workspace.createFileSystemWatcher("**/*.scenarios.json");
    const rerun = (uri: vscode.Uri) => { const p = policyPathFor(uri.fsPath); if (p) void this.runScenariosFor(vscode.Uri.file(p)); };
    this.disposables.push(watcher, watcher.onDidChange(rerun), watcher.onDidCreate(rerun), watcher.onDidDelete(rerun));
    for (const d of vscode.workspace.textDocuments) void this.onOpen(d);
  }

  // --- CodeLens ---

  private lenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!readEditorSettings().codeLens) return [];
    if (/\.scenarios\.json$/i.test(doc.uri.path)) return this.scenarioLenses(doc);
    if (!isPolicy(doc)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const uri = doc.uri.toString();
    const lenses = [
      new vscode.CodeLens(top, { title: "Simulate…", command: COMMANDS.simulate, arguments: [{ uri }] }),
      new vscode.CodeLens(top, { title: "Simulate as principal…", command: COMMANDS.simulateAsPrincipal, arguments: [{ uri }] }),
    ];
    const sim = this.sims.get(uri);
    const last = this.remembered(uri);
    // The principal as a chip: always visible while it applies, one click lets go of it.
    const principalArn = sim ? sim.principalArn : last?.principalArn;
    if (principalArn) {
      lenses.push(new vscode.CodeLens(top, { title: `$(person) as ${principalName(principalArn)} $(close)`, tooltip: `Simulating beside ${principalArn}'s policies. Click to simulate the document alone.`, command: COMMANDS.clearPrincipal, arguments: [{ uri }] }));
    }
    if (sim?.error) {
      lenses.push(new vscode.CodeLens(top, { title: `$(warning) outdated: ${sim.error}`, tooltip: "Show the problem", command: COMMANDS.showProblem, arguments: [{ uri }] }));
    } else if (sim?.outcome) {
      const e = sim.outcome.explanation;
      const icon = e.decision === "allowed" ? "$(pass-filled)" : "$(error)";
      lenses.push(new vscode.CodeLens(top, { title: `${icon} ${e.request.action}: ${e.summary}`, command: COMMANDS.showExplanation, arguments: [{ uri }] }));
      lenses.push(new vscode.CodeLens(top, { title: "Clear", command: COMMANDS.clearSimulation, arguments: [{ uri }] }));
    } else if (last) {
      lenses.push(new vscode.CodeLens(top, { title: `$(history) ${formatSimulationInput({ ...last.request, principal: undefined })}`, tooltip: "Run the last request again", command: COMMANDS.simulate, arguments: [{ uri, again: true }] }));
    }
    const results = this.scenarioResults.get(uri);
    if (results?.length) {
      const checked = results.filter((r) => r.pass !== undefined);
      const passed = checked.filter((r) => r.pass).length;
      lenses.push(new vscode.CodeLens(top, {
        title: `${passed === checked.length ? "$(pass)" : "$(error)"} scenarios: ${passed}/${checked.length} passing`,
        command: "vscode.open", arguments: [vscode.Uri.file(scenarioPathFor(doc.uri.fsPath))],
      }));
    }
    statementRanges(doc).forEach((range, index) => {
      lenses.push(new vscode.CodeLens(range, { title: "Simulate…", command: COMMANDS.simulate, arguments: [{ uri, statementIndex: index }] }));
    });
    return lenses;
  }

  private scenarioLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const policy = policyPathFor(doc.uri.fsPath);
    const results = policy ? this.scenarioResults.get(vscode.Uri.file(policy).toString()) : undefined;
    if (!results) return [];
    return results.map((r, i) => {
      const icon = r.pass === undefined ? "$(play)" : r.pass ? "$(pass)" : "$(error)";
      const title = `${icon} ${r.pass === false ? "fails: " : ""}${r.message}`;
      return new vscode.CodeLens(toRange(r.scenario.range), { title, command: COMMANDS.showExplanation, arguments: [{ uri: vscode.Uri.file(policy!).toString(), statementIndex: i, input: "scenario" }] });
    });
  }

  // --- Simulate ---

  private remembered(uri: string): Remembered | undefined {
    return this.last.get(uri);
  }

  private async remember(uri: string, sim: Simulation): Promise<void> {
    await this.last.set(uri, { request: sim.request, ...(sim.principalArn ? { principalArn: sim.principalArn } : {}) });
  }

  /** The statements the picker reads: the document's (the lens's statement first), then the principal's. */
  private statements(doc: vscode.TextDocument, around: PrincipalPolicies | undefined, statementIndex: number | undefined): PolicyStatement[] {
    let own: PolicyStatement[] = [];
    try { own = statementsOfDocuments([{ name: documentName(doc), document: JSON.parse(doc.getText()) }]); } catch { /* the simulation reports it */ }
    if (statementIndex !== undefined && own[statementIndex]) own = [own[statementIndex]!, ...own.filter((_, i) => i !== statementIndex)];
    const theirs = statementsOfDocuments((around?.identity ?? []).map((p) => ({ name: p.source.arn ? principalName(p.source.arn) : p.source.name, document: p.document })));
    return [...own, ...theirs];
  }

  private async askRequest(doc: vscode.TextDocument, sim: Pick<Simulation, "principalArn" | "around">, statementIndex: number | undefined): Promise<SimulationRequest | undefined> {
    const last = this.remembered(doc.uri.toString());
    return pickRequest({
      title: `Simulate ${documentName(doc)}${sim.principalArn ? ` as ${principalName(sim.principalArn)}` : ""}`,
      statements: this.statements(doc, sim.around, statementIndex),
      catalog: this.deps.catalog.get(),
      // A statement's lens starts from that statement, not from the last request.
      initial: statementIndex === undefined ? last?.request : undefined,
    });
  }

  private async documentFor(arg: SimulateArgs): Promise<vscode.TextDocument | undefined> {
    const uri = uriOf(arg.uri);
    if (!uri) { void vscode.window.showInformationMessage("Open a policy document to simulate it, or run Simulate as Principal… to simulate a user's or role's own policies."); return undefined; }
    return vscode.workspace.openTextDocument(uri);
  }

  private async simulateCommand(arg: SimulateArgs): Promise<Explanation | undefined> {
    const doc = await this.documentFor(arg);
    if (!doc) return undefined;
    const key = doc.uri.toString();
    const previous = this.sims.get(key);
    const last = this.remembered(key);
    // The principal chip stays until it is cleared: a new request keeps simulating as that principal.
    const principalArn = arg.principalArn ?? (previous ? previous.principalArn : last?.principalArn);
    const around = principalArn ? await this.aroundOf(principalArn) : undefined;
    if (principalArn && !around) return undefined;
    const sim = { principalArn, around };
    const request = arg.request ?? (arg.input !== undefined ? this.parseOrThrow(arg.input)
      : arg.again && last ? last.request : await this.askRequest(doc, sim, arg.statementIndex));
    if (!request) return undefined;
    return this.start(doc, { request, ...sim, outcome: undefined, error: undefined });
  }

  private async simulateAsPrincipalCommand(arg: SimulateArgs): Promise<Explanation | undefined> {
    const doc = await this.documentFor(arg);
    if (!doc) return undefined;
    if (!(await this.deps.principals.endpoint("Simulate as principal"))) return undefined;
    const principalArn = arg.principalArn ?? await this.deps.principals.pick(`Simulate ${documentName(doc)} as which principal?`);
    if (!principalArn) return undefined;
    const around = await this.aroundOf(principalArn);
    if (!around) return undefined;
    const sim = { principalArn, around };
    const request = arg.request ?? (arg.input !== undefined ? this.parseOrThrow(arg.input) : await this.askRequest(doc, sim, arg.statementIndex));
    if (!request) return undefined;
    return this.start(doc, { request, ...sim, outcome: undefined, error: undefined });
  }

  private async aroundOf(principalArn: string): Promise<PrincipalPolicies | undefined> {
    try {
      return await this.deps.principals.policies(principalArn);
    } catch (err) {
      void vscode.window.showErrorMessage((err as Error).message);
      return undefined;
    }
  }

  private async start(doc: vscode.TextDocument, sim: Simulation): Promise<Explanation | undefined> {
    const e = this.run(doc, sim, true);
    await this.remember(doc.uri.toString(), sim);
    this.lensChanged.fire();
    return e;
  }

  private async clearPrincipal(arg: SimulateArgs): Promise<void> {
    const uri = uriOf(arg.uri);
    if (!uri) return;
    const key = uri.toString();
    const sim = this.sims.get(key);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (sim && doc) {
      await this.start(doc, { ...sim, request: { ...sim.request, principal: undefined }, principalArn: undefined, around: undefined });
      return;
    }
    const last = this.remembered(key);
    if (last) await this.last.set(key, { request: { ...last.request, principal: undefined } });
    this.lensChanged.fire();
  }

  private parseOrThrow(input: string): SimulationRequest {
    const parsed = parseSimulationInput(input);
    if ("error" in parsed) throw new Error(parsed.error);
    return parsed;
  }

  /** Runs (or re-runs) a simulation, stores it, decorates and refreshes lenses and panel. */
  private run(doc: vscode.TextDocument, sim: Simulation, reveal: boolean): Explanation | undefined {
    const kind = policyKindFor(doc);
    const key = doc.uri.toString();
    const settings = readEditorSettings();
    const request = { ...sim.request, principal: sim.request.principal ?? sim.principalArn ?? (settings.defaultPrincipal || undefined) };
    try {
      sim.outcome = simulate(doc.getText(), kind, request, { source: policySourceFor(doc, kind), around: sim.around });
      sim.error = undefined;
    } catch (err) {
      sim.outcome = undefined;
      sim.error = err instanceof PolicyParseError ? `the policy does not parse (${err.message})` : (err as Error).message;
      if (!(err instanceof PolicyParseError) && reveal) void vscode.window.showErrorMessage(sim.error);
    }
    this.sims.set(key, sim);
    for (const ed of vscode.window.visibleTextEditors) if (ed.document.uri.toString() === key) this.decorate(ed);
    this.lensChanged.fire();
    if (sim.outcome) {
      const content = { explanation: sim.outcome.explanation, view: this.panelView(doc, sim), subject: key };
      if (reveal) this.deps.panel.show(content); else this.deps.panel.update(content);
      this.deps.log.debug(`policy editor: simulated ${formatSimulationInput(request)} → ${sim.outcome.explanation.decision}`);
    } else {
      this.deps.panel.markOutdated(key, { message: `${documentName(doc)}: ${sim.error}. The result below is from before the change.`, link: { label: "Show the problem", command: COMMANDS.showProblem, args: { uri: key } } });
    }
    return sim.outcome?.explanation;
  }

  private panelView(doc: vscode.TextDocument, sim: Simulation): PanelView {
    const e = sim.outcome!.explanation;
    const uri = doc.uri.toString();
    const actions: PanelLink[] = [{ label: "Change request…", command: PANEL_COMMANDS.changeRequest, args: { uri } }];
    if (e.decision === "implicitDeny" && !doc.isUntitled && policyKindFor(doc) === "identity") {
      actions.push({ label: "Add a statement that allows this", command: PANEL_COMMANDS.addAllowStatement, args: { uri, request: sim.request } });
    }
    if (doc.uri.scheme === "file") actions.push({ label: "Add to scenarios", command: COMMANDS.addScenario, args: { uri } });
    return {
      title: `Simulation: ${e.request.action} · ${documentName(doc)}${sim.principalArn ? ` as ${principalName(sim.principalArn)}` : ""}`,
      origin: sim.principalArn ? `Simulated in the editor beside ${sim.principalArn}'s policies, read from the emulator.` : "Simulated in the editor: this document alone.",
      actions,
    };
  }

  /** The verdicts currently shown for a document (tests read them; decorations render them). */
  verdicts(uri: vscode.Uri): StatementVerdict[] {
    const sim = this.sims.get(uri.toString());
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!sim?.outcome || !doc) return [];
    return statementVerdicts(sim.outcome.explanation, policySourceFor(doc, policyKindFor(doc)));
  }

  private decorate(editor: vscode.TextEditor): void {
    const byKind: Record<VerdictKind, vscode.DecorationOptions[]> = { decides: [], matched: [], notMatched: [], notEvaluated: [] };
    const allow: vscode.DecorationOptions[] = [];
    const deny: vscode.DecorationOptions[] = [];
    const decision = this.sims.get(editor.document.uri.toString())?.outcome?.explanation.decision;
    for (const v of this.verdicts(editor.document.uri)) {
      if (!v.range) continue;
      const hoverMessage = new vscode.MarkdownString(v.detail);
      byKind[v.kind].push({ range: editor.document.lineAt(v.range.start.line).range, hoverMessage, renderOptions: { after: { contentText: v.text } } });
      if (v.kind === "decides") (decision === "allowed" ? allow : deny).push({ range: toRange(v.range), hoverMessage });
    }
    for (const k of Object.keys(byKind) as VerdictKind[]) editor.setDecorations(this.decorations[k], byKind[k]);
    editor.setDecorations(this.decidingAllow, allow);
    editor.setDecorations(this.decidingDeny, deny);
  }

  private showExplanation(arg: SimulateArgs): void {
    const uri = uriOf(arg.uri);
    if (!uri) return;
    if (arg.input === "scenario" && arg.statementIndex !== undefined) {
      const r = this.scenarioResults.get(uri.toString())?.[arg.statementIndex];
      if (r?.explanation) this.deps.panel.show({ explanation: r.explanation, view: { title: `Scenario: ${r.scenario.name ?? r.scenario.action}`, origin: scenarioPathFor(uri.fsPath) }, subject: `scenario:${uri.toString()}:${arg.statementIndex}` });
      return;
    }
    const sim = this.sims.get(uri.toString());
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (sim?.outcome && doc) this.deps.panel.show({ explanation: sim.outcome.explanation, view: this.panelView(doc, sim), subject: uri.toString() });
    else void vscode.window.showInformationMessage("Nothing simulated yet: run Simulate… on the policy first.");
  }

  /** The first error VS Code lists for the document, selected in its editor (else the Problems view). */
  private async showProblem(arg: SimulateArgs): Promise<void> {
    const uri = uriOf(arg.uri);
    if (!uri) return;
    const problem = vscode.languages.getDiagnostics(uri).find((d) => d.severity === vscode.DiagnosticSeverity.Error);
    if (!problem) { await vscode.commands.executeCommand("workbench.actions.view.problems"); return; }
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { selection: problem.range, viewColumn: vscode.ViewColumn.One });
  }

  private clear(arg: SimulateArgs): void {
    const uri = uriOf(arg.uri);
    if (!uri) return;
    this.sims.delete(uri.toString());
    for (const ed of vscode.window.visibleTextEditors) if (ed.document.uri.toString() === uri.toString()) this.decorate(ed);
    this.lensChanged.fire();
  }

  /** The emulator's state changed: simulations beside a principal read its policies again and re-run. */
  private principalPoliciesChanged(): void {
    clearTimeout(this.refetch);
    this.refetch = setTimeout(() => {
      for (const [key, sim] of this.sims) {
        if (!sim.principalArn) continue;
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
        if (!doc) continue;
        void this.deps.principals.policies(sim.principalArn).then((around) => {
          if (this.sims.get(key) !== sim) return;
          sim.around = around;
          this.run(doc, sim, false);
        }, (err: Error) => this.deps.log.debug(`policy editor: could not reread ${sim.principalArn}'s policies: ${err.message}`));
      }
    }, 100);
  }

  // --- Scenarios ---

  private async readScenarioText(policyUri: vscode.Uri): Promise<{ uri: vscode.Uri; text: string } | undefined> {
    if (policyUri.scheme !== "file") return undefined;
    const uri = vscode.Uri.file(scenarioPathFor(policyUri.fsPath));
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return { uri, text: open.getText() };
    try {
      return { uri, text: Buffer.from(await vscode.workspace.fs.readFile(uri)).toString("utf8") };
    } catch {
      return undefined;
    }
  }

  async runScenariosFor(policyUri: vscode.Uri | undefined): Promise<ScenarioResult[]> {
    if (!policyUri) return [];
    const key = policyUri.toString();
    const sidecar = await this.readScenarioText(policyUri);
    if (!sidecar) {
      if (this.scenarioResults.delete(key)) this.lensChanged.fire();
      return [];
    }
    const doc = await vscode.workspace.openTextDocument(policyUri);
    const kind: PolicyKind = policyKindFor(doc);
    const file = parseScenarioFile(sidecar.text);
    const results = runScenarios(doc.getText(), kind, file.scenarios, this.sims.get(key)?.around);
    this.scenarioResults.set(key, results);
    const diags = file.problems.map((p) => new vscode.Diagnostic(toRange(p.range), p.message, vscode.DiagnosticSeverity.Error));
    for (const r of results) {
      if (r.pass === false) {
        const d = new vscode.Diagnostic(toRange(r.scenario.range), `Scenario ${r.scenario.name ? `"${r.scenario.name}" ` : ""}fails: ${r.message}`, vscode.DiagnosticSeverity.Error);
        d.source = "IAM scenarios";
        diags.push(d);
      }
    }
    this.scenarioDiagnostics.set(sidecar.uri, diags);
    this.lensChanged.fire();
    return results;
  }

  /** Appends the last simulation to the sidecar file as a scenario expecting today's decision. */
  private async addScenario(arg: SimulateArgs): Promise<void> {
    const uri = uriOf(arg.uri);
    const sim = uri ? this.sims.get(uri.toString()) : undefined;
    if (!uri || !sim?.outcome) { void vscode.window.showInformationMessage("Run Simulate… first: its request becomes the scenario."); return; }
    const existing = await this.readScenarioText(uri);
    const body = existing ? JSON.parse(existing.text) as { scenarios?: unknown[] } : { scenarios: [] };
    const r = sim.request;
    (body.scenarios ??= []).push({
      name: `${r.action}${r.resource ? ` on ${r.resource}` : ""}`, action: r.action, ...(r.resource ? { resource: r.resource } : {}),
      ...(r.principal ? { principal: r.principal } : {}), ...(r.context ? { context: r.context } : {}), expect: sim.outcome.explanation.decision,
    });
    const target = vscode.Uri.file(scenarioPathFor(uri.fsPath));
    await vscode.workspace.fs.writeFile(target, Buffer.from(JSON.stringify(body, null, 2) + "\n", "utf8"));
    await this.runScenariosFor(uri);
  }

  // --- Re-running on edits ---

  private async onOpen(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme === "file" && isPolicy(doc)) await this.runScenariosFor(doc.uri);
  }

  private schedule(doc: vscode.TextDocument): void {
    const scenarioOf = policyPathFor(doc.uri.fsPath);
    const policyUri = scenarioOf ? vscode.Uri.file(scenarioOf) : doc.uri;
    const key = policyUri.toString();
    if (!scenarioOf && !this.sims.has(key) && !this.scenarioResults.has(key)) return;
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      const policyDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      const sim = this.sims.get(key);
      if (policyDoc && sim) this.run(policyDoc, sim, false);
      void this.runScenariosFor(policyUri);
    }, readEditorSettings().delay));
  }

  dispose(): void {
    clearTimeout(this.refetch);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** Where each statement starts, for its lens. */
function statementRanges(doc: vscode.TextDocument): vscode.Range[] {
  return statementsOf(parseTree(doc.getText())).map((st) => new vscode.Range(doc.positionAt(st.start), doc.positionAt(st.start)));
}
