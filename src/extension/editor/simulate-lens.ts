// Simulate and explain, inline: CodeLenses on the document and each statement, a quick input with history,
// verdict decorations per statement, the explanation panel, "Simulate as principal" with policies from the
// running emulator, and `*.scenarios.json` sidecars re-run on every edit with pass/fail like tests.
import * as vscode from "vscode";
import type { Explanation, PolicyKind } from "../../policy/index.js";
import { statementVerdicts, type StatementVerdict, type VerdictKind } from "../../editor-core/explanation-view.js";
import { member, parseTree, statementsOf, stringsOf } from "../../editor-core/json-tree.js";
import { fetchPrincipalPolicies, listPrincipals, type PrincipalSummary } from "../../editor-core/principal-policies.js";
import { parseScenarioFile, policyPathFor, runScenarios, scenarioPathFor, type ScenarioResult } from "../../editor-core/scenarios.js";
import {
  formatSimulationInput, parseSimulationInput, PolicyParseError, simulate,
  type PrincipalPolicies, type SimulationOutcome, type SimulationRequest,
} from "../../editor-core/simulation.js";
import { readEditorSettings } from "./editor-settings.js";
import type { ExplanationPanel } from "./explanation-panel.js";
import { isPolicy, policyKindFor, policySourceFor } from "./policy-document.js";
import { toRange } from "./vscode-ranges.js";

export const COMMANDS = {
  simulate: "awsIdentityEmulator.policyEditor.simulate",
  simulateAsPrincipal: "awsIdentityEmulator.policyEditor.simulateAsPrincipal",
  showExplanation: "awsIdentityEmulator.policyEditor.showExplanation",
  clearSimulation: "awsIdentityEmulator.policyEditor.clearSimulation",
  runScenarios: "awsIdentityEmulator.policyEditor.runScenarios",
  addScenario: "awsIdentityEmulator.policyEditor.addScenario",
} as const;

const HISTORY_KEY = "awsIdentityEmulator.policyEditor.simulateHistory";
const HISTORY_SIZE = 20;

/** The emulator as far as this feature needs it: is it running, and where. */
export interface EmulatorEndpoint { readonly state: { readonly kind: string; readonly endpoint?: string } }

interface Simulation {
  request: SimulationRequest;
  around: PrincipalPolicies | undefined;
  outcome: SimulationOutcome | undefined;
  /** Why the last run failed (the policy does not compile), shown in the lens. */
  error: string | undefined;
}

/** Arguments the commands take, so tests and other features can run them without the quick input. */
export interface SimulateArgs { uri?: vscode.Uri | string; statementIndex?: number; input?: string; request?: SimulationRequest; principalArn?: string }

function uriOf(arg: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === "string") return vscode.Uri.parse(arg);
  return vscode.window.activeTextEditor?.document.uri;
}

export class PolicySimulations implements vscode.Disposable {
  private readonly sims = new Map<string, Simulation>();
  private readonly scenarioResults = new Map<string, ScenarioResult[]>();
  private readonly scenarioDiagnostics = vscode.languages.createDiagnosticCollection("iam-policy-scenarios");
  private readonly lensChanged = new vscode.EventEmitter<void>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly decorations: Record<VerdictKind, vscode.TextEditorDecorationType>;
  /** The deciding statement's whole range, highlighted; its verdict text sits on its first line like the others'. */
  private readonly decidingHighlight: vscode.TextEditorDecorationType;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel,
    private readonly panel: ExplanationPanel, private readonly emulator: EmulatorEndpoint | undefined) {
    const after = (color: string) => ({ after: { margin: "0 0 0 2em", color: new vscode.ThemeColor(color), fontStyle: "italic" } });
    this.decorations = {
      decides: vscode.window.createTextEditorDecorationType({ ...after("editorCodeLens.foreground"), fontWeight: "bold" }),
      matched: vscode.window.createTextEditorDecorationType(after("editorCodeLens.foreground")),
      notMatched: vscode.window.createTextEditorDecorationType(after("disabledForeground")),
      notEvaluated: vscode.window.createTextEditorDecorationType(after("disabledForeground")),
    };
    this.decidingHighlight = vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor("editor.findMatchHighlightBackground"),
      overviewRulerColor: new vscode.ThemeColor("editorOverviewRuler.findMatchForeground"), overviewRulerLane: vscode.OverviewRulerLane.Right,
    });
    const selector: vscode.DocumentSelector = [{ language: "json" }, { language: "jsonc" }];
    this.disposables.push(
      this.scenarioDiagnostics, this.lensChanged, ...Object.values(this.decorations), this.decidingHighlight,
      vscode.languages.registerCodeLensProvider(selector, { onDidChangeCodeLenses: this.lensChanged.event, provideCodeLenses: (d) => this.lenses(d) }),
      vscode.commands.registerCommand(COMMANDS.simulate, (a?: SimulateArgs) => this.simulateCommand(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.simulateAsPrincipal, (a?: SimulateArgs) => this.simulateAsPrincipalCommand(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.showExplanation, (a?: SimulateArgs | vscode.Uri) => this.showExplanation(a instanceof vscode.Uri ? { uri: a } : a ?? {})),
      vscode.commands.registerCommand(COMMANDS.clearSimulation, (a?: SimulateArgs) => this.clear(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.runScenarios, (a?: SimulateArgs) => this.runScenariosFor(uriOf(a?.uri))),
      vscode.commands.registerCommand(COMMANDS.addScenario, (a?: SimulateArgs) => this.addScenario(a ?? {})),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => void this.onOpen(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.scenarioDiagnostics.delete(d.uri)),
      vscode.window.onDidChangeVisibleTextEditors((eds) => eds.forEach((ed) => this.decorate(ed))),
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
    if (sim?.error) lenses.push(new vscode.CodeLens(top, { title: `$(error) ${sim.error}`, command: "" }));
    else if (sim?.outcome) {
      const e = sim.outcome.explanation;
      const icon = e.decision === "allowed" ? "$(pass-filled)" : "$(error)";
      lenses.push(new vscode.CodeLens(top, { title: `${icon} ${e.request.action}: ${e.summary}`, command: COMMANDS.showExplanation, arguments: [{ uri }] }));
      lenses.push(new vscode.CodeLens(top, { title: "Clear", command: COMMANDS.clearSimulation, arguments: [{ uri }] }));
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
    statementsOf(parseTree(doc.getText())).forEach((st, index) => {
      const range = new vscode.Range(doc.positionAt(st.start), doc.positionAt(st.start));
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

  private async askRequest(doc: vscode.TextDocument, statementIndex: number | undefined): Promise<SimulationRequest | undefined> {
    const history = this.context.globalState.get<string[]>(HISTORY_KEY, []);
    const pick = vscode.window.createQuickPick();
    pick.title = "Simulate a request against this policy";
    pick.placeholder = "action [resource] [key=value …] [principal=arn], e.g. s3:GetObject arn:aws:s3:::bucket/key aws:SourceIp=10.0.0.1";
    pick.items = history.map((h) => ({ label: h }));
    pick.value = statementIndex !== undefined ? this.prefill(doc, statementIndex) : history[0] ?? "";
    pick.ignoreFocusOut = true;
    const chosen = await new Promise<string | undefined>((resolve) => {
      pick.onDidAccept(() => {
        const typed = pick.value.trim();
        const selected = pick.selectedItems[0]?.label;
        // A typed request wins over a highlighted history entry unless the entry starts with what was typed.
        resolve(selected && (!typed || selected.startsWith(typed)) ? selected : typed || undefined);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (!chosen) return undefined;
    const parsed = parseSimulationInput(chosen);
    if ("error" in parsed) { void vscode.window.showErrorMessage(parsed.error); return undefined; }
    await this.context.globalState.update(HISTORY_KEY, [chosen, ...history.filter((h) => h !== chosen)].slice(0, HISTORY_SIZE));
    return parsed;
  }

  /** The statement's first action and resource, as a starting point. */
  private prefill(doc: vscode.TextDocument, statementIndex: number): string {
    const st = statementsOf(parseTree(doc.getText()))[statementIndex];
    const action = stringsOf(member(st, "Action")?.value).find((a) => !/[*?]/.test(a.value))?.value ?? "";
    const resource = stringsOf(member(st, "Resource")?.value)[0]?.value;
    return [action, resource && resource !== "*" ? resource : ""].filter(Boolean).join(" ");
  }

  private async documentFor(arg: SimulateArgs): Promise<vscode.TextDocument | undefined> {
    const uri = uriOf(arg.uri);
    if (!uri) { void vscode.window.showInformationMessage("Open a policy document to simulate it."); return undefined; }
    return vscode.workspace.openTextDocument(uri);
  }

  private async simulateCommand(arg: SimulateArgs): Promise<Explanation | undefined> {
    const doc = await this.documentFor(arg);
    if (!doc) return undefined;
    const request = arg.request ?? (arg.input !== undefined ? this.parseOrThrow(arg.input) : await this.askRequest(doc, arg.statementIndex));
    if (!request) return undefined;
    const previous = this.sims.get(doc.uri.toString());
    return this.run(doc, { request, around: arg.principalArn === undefined ? previous?.around : undefined, outcome: undefined, error: undefined }, true);
  }

  private parseOrThrow(input: string): SimulationRequest {
    const parsed = parseSimulationInput(input);
    if ("error" in parsed) throw new Error(parsed.error);
    return parsed;
  }

  private async simulateAsPrincipalCommand(arg: SimulateArgs): Promise<Explanation | undefined> {
    const doc = await this.documentFor(arg);
    if (!doc) return undefined;
    const state = this.emulator?.state;
    if (state?.kind !== "running" || !state.endpoint) {
      const start = "Start Emulator";
      const answer = await vscode.window.showWarningMessage("Simulate as principal reads the principal's policies from the running emulator. Start it, then try again.", start);
      if (answer === start) await vscode.commands.executeCommand("awsIdentityEmulator.start");
      return undefined;
    }
    const endpoint = state.endpoint;
    const principalArn = arg.principalArn ?? await this.pickPrincipal(endpoint);
    if (!principalArn) return undefined;
    let around: PrincipalPolicies;
    try {
      around = await fetchPrincipalPolicies(endpoint, principalArn);
    } catch (err) {
      void vscode.window.showErrorMessage((err as Error).message);
      return undefined;
    }
    const request = arg.request ?? (arg.input !== undefined ? this.parseOrThrow(arg.input) : await this.askRequest(doc, arg.statementIndex));
    if (!request) return undefined;
    return this.run(doc, { request: { ...request, principal: request.principal ?? principalArn }, around, outcome: undefined, error: undefined }, true);
  }

  private async pickPrincipal(endpoint: string): Promise<string | undefined> {
    let principals: PrincipalSummary[] | undefined;
    try {
      principals = await listPrincipals(endpoint);
    } catch (err) {
      this.log.warn(`policy editor: could not list principals (${(err as Error).message}); asking for an ARN instead`);
    }
    if (principals?.length) {
      const picked = await vscode.window.showQuickPick(principals.map((p) => ({ label: p.name, description: p.type, detail: p.arn })),
        { title: "Simulate as which principal?", matchOnDetail: true });
      return picked?.detail;
    }
    return vscode.window.showInputBox({
      title: "Simulate as which principal?", prompt: "A user or role ARN the emulator knows",
      placeHolder: "arn:aws:iam::000000000000:user/alice", ignoreFocusOut: true,
      validateInput: (v) => (/^arn:[\w-]+:iam::\d{12}:(user|role)\/.+/.test(v) ? undefined : "Write a user or role ARN: arn:aws:iam::123456789012:user/name"),
    });
  }

  /** Runs (or re-runs) a simulation, stores it, decorates and refreshes lenses and panel. */
  private run(doc: vscode.TextDocument, sim: Simulation, reveal: boolean): Explanation | undefined {
    const kind = policyKindFor(doc);
    const key = doc.uri.toString();
    const settings = readEditorSettings();
    const request = { ...sim.request, principal: sim.request.principal ?? (settings.defaultPrincipal || undefined) };
    try {
      sim.outcome = simulate(doc.getText(), kind, request, { source: policySourceFor(doc, kind), around: sim.around });
      sim.error = undefined;
    } catch (err) {
      sim.outcome = undefined;
      sim.error = err instanceof PolicyParseError ? `cannot simulate: ${err.message}` : (err as Error).message;
      if (!(err instanceof PolicyParseError) && reveal) void vscode.window.showErrorMessage(sim.error);
    }
    this.sims.set(key, sim);
    for (const ed of vscode.window.visibleTextEditors) if (ed.document.uri.toString() === key) this.decorate(ed);
    this.lensChanged.fire();
    if (sim.outcome) {
      const title = this.panelTitle(doc, sim);
      if (reveal) this.panel.show(sim.outcome.explanation, title); else this.panel.update(sim.outcome.explanation, title);
      this.log.debug(`policy editor: simulated ${formatSimulationInput(request)} → ${sim.outcome.explanation.decision}`);
    }
    return sim.outcome?.explanation;
  }

  private panelTitle(doc: vscode.TextDocument, sim: Simulation): string {
    const name = doc.uri.path.split("/").pop();
    return `Simulation: ${sim.request.action} · ${name}${sim.around ? ` as ${sim.around.principalArn.split("/").pop()}` : ""}`;
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
    const highlight: vscode.DecorationOptions[] = [];
    for (const v of this.verdicts(editor.document.uri)) {
      if (!v.range) continue;
      const hoverMessage = new vscode.MarkdownString(v.detail);
      byKind[v.kind].push({ range: editor.document.lineAt(v.range.start.line).range, hoverMessage, renderOptions: { after: { contentText: v.text } } });
      if (v.kind === "decides") highlight.push({ range: toRange(v.range), hoverMessage });
    }
    for (const k of Object.keys(byKind) as VerdictKind[]) editor.setDecorations(this.decorations[k], byKind[k]);
    editor.setDecorations(this.decidingHighlight, highlight);
  }

  private showExplanation(arg: SimulateArgs): void {
    const uri = uriOf(arg.uri);
    if (!uri) return;
    if (arg.input === "scenario" && arg.statementIndex !== undefined) {
      const r = this.scenarioResults.get(uri.toString())?.[arg.statementIndex];
      if (r?.explanation) this.panel.show(r.explanation, `Scenario: ${r.scenario.name ?? r.scenario.action}`);
      return;
    }
    const sim = this.sims.get(uri.toString());
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (sim?.outcome && doc) this.panel.show(sim.outcome.explanation, this.panelTitle(doc, sim));
    else void vscode.window.showInformationMessage("Nothing simulated yet: run Simulate… on the policy first.");
  }

  private clear(arg: SimulateArgs): void {
    const uri = uriOf(arg.uri);
    if (!uri) return;
    this.sims.delete(uri.toString());
    for (const ed of vscode.window.visibleTextEditors) if (ed.document.uri.toString() === uri.toString()) this.decorate(ed);
    this.lensChanged.fire();
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
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
