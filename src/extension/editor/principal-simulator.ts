// Simulating from anywhere: "Simulate as Principal…" (palette, tree, walkthrough) runs a request against a user's
// or role's own policies read from the emulator; enforce-mode decisions open in the same panel; "Open in
// simulator" asks a decision's request again with today's policies; "Add a statement that allows this" appends
// the Allow to a policy the person picks (or a new inline one), in the editor, unsaved.
import * as vscode from "vscode";
import type { DecisionSummary } from "../../admin-api/resources.js";
import type { Explanation, Layer, PolicySource } from "../../policy/index.js";
import { allowStatementFor } from "../../editor-core/allow-statement.js";
import type { PanelLink, PanelView } from "../../editor-core/explanation-view.js";
import { parseTree, statementsOf } from "../../editor-core/json-tree.js";
import { statementsOfDocuments } from "../../editor-core/request-steps.js";
import { requestOfExplanation, simulatePrincipal, type PrincipalPolicies, type SimulationRequest } from "../../editor-core/simulation.js";
import { policyLabel } from "../../editor-core/verdict-words.js";
import { AdminClient } from "../tree/admin-client.js";
import { documentPath, documentPathOfSource, documentScheme, inlinePolicyPath } from "../tree/document-uris.js";
import type { EmulatorLink } from "../wiring/emulator-link.js";
import type { EditorCatalog } from "./editor-catalog.js";
import { PANEL_COMMANDS, type ExplanationPanel } from "./explanation-panel.js";
import { insertStatement } from "./insert-statement.js";
import { LastRequests } from "./last-requests.js";
import { principalName, type PrincipalPolicySource } from "./principal-source.js";
import { pickRequest } from "./request-picker.js";
import { COMMANDS as DOCUMENT_COMMANDS } from "./simulate-lens.js";

export const SIMULATOR_COMMANDS = {
  simulateAsPrincipal: "awsIdentityEmulator.simulateAsPrincipal",
  openDecision: "awsIdentityEmulator.openDecision",
  openInSimulator: PANEL_COMMANDS.openInSimulator,
  addAllowStatement: PANEL_COMMANDS.addAllowStatement,
  changeRequest: PANEL_COMMANDS.changeRequest,
  openPolicy: PANEL_COMMANDS.openPolicy,
} as const;

/** workspaceState: the last request per principal. */
const LAST_KEY = "awsIdentityEmulator.simulator.lastRequests";

export interface PrincipalSimulatorDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  panel: ExplanationPanel;
  catalog: EditorCatalog;
  principals: PrincipalPolicySource;
  link: Pick<EmulatorLink, "current">;
  onDidChangeResources: vscode.Event<void>;
}

export interface SimulateAsPrincipalArgs { principalArn?: string; request?: SimulationRequest }
export interface AddAllowArgs { uri?: string; request?: SimulationRequest; layer?: Layer; decisionId?: number }

/** GET /_emulator/decisions?id=N: a decision and, for denials, the engine's explanation. */
type DecisionRecordAnswer = DecisionSummary & { explanation?: unknown };

/** A decision's id, or the tree's decision node (its menus pass the node). */
type DecisionArg = number | { id: number } | { ref: { type: string; id?: unknown } };

function decisionIdOf(arg: DecisionArg): number | undefined {
  if (typeof arg === "number") return arg;
  if ("ref" in arg) return arg.ref.type === "decision" && typeof arg.ref.id === "number" ? arg.ref.id : undefined;
  return arg.id;
}

const subjectOf = (principalArn: string) => `principal:${principalArn}`;

export function principalSimulator(deps: PrincipalSimulatorDeps): vscode.Disposable[] {
  const { panel, principals } = deps;
  /** The request each principal was last simulated with, for re-runs when the emulator's state changes. */
  const shown = new Map<string, SimulationRequest>();

  const last = new LastRequests<SimulationRequest>(deps.context.workspaceState, LAST_KEY);

  const run = (arn: string, around: PrincipalPolicies, request: SimulationRequest, reveal: boolean): Explanation => {
    const e = simulatePrincipal({ ...request, principal: arn }, around).explanation;
    shown.set(arn, request);
    const content = { explanation: e, view: principalView(arn, e), subject: subjectOf(arn) };
    if (reveal) panel.show(content); else panel.update(content);
    // The walkthrough's last step completes on it, once the picker is done.
    void vscode.commands.executeCommand("setContext", "awsIdentityEmulator.simulated", true);
    return e;
  };

  const simulateAsPrincipal = async (arg?: SimulateAsPrincipalArgs): Promise<Explanation | undefined> => {
    if (!(await principals.endpoint("Simulate as principal"))) return undefined;
    const arn = arg?.principalArn ?? await principals.pick("Simulate as which principal?");
    if (!arn) return undefined;
    const around = await principals.policies(arn).catch((err: Error) => { void vscode.window.showErrorMessage(err.message); return undefined; });
    if (!around) return undefined;
    const request = arg?.request ?? await pickRequest({
      title: `Simulate as ${principalName(arn)}`,
      statements: statementsOfDocuments([...around.identity, ...(around.boundary ? [around.boundary] : [])].map((p) => ({ name: policyLabel(p.source), document: p.document }))),
      catalog: deps.catalog.get(),
      initial: last.get(arn),
    });
    if (!request) return undefined;
    await last.set(arn, request);
    return run(arn, around, request, true);
  };

  /** A decision's (or a request's) request asked again, with the principal's policies as they are now. */
  const openInSimulator = async (arg: { request: SimulationRequest }): Promise<Explanation | undefined> => {
    const arn = arg.request.principal;
    if (!arn || !/^arn:[\w-]+:iam::\d{12}:(user|role)\//.test(arn)) {
      void vscode.window.showInformationMessage(`${arn ?? "This request"} has no IAM policies to simulate: only users and roles (and their sessions) do.`);
      return undefined;
    }
    return simulateAsPrincipal({ principalArn: arn, request: arg.request });
  };

  const openDecision = async (arg: DecisionArg): Promise<Explanation | undefined> => {
    const id = decisionIdOf(arg);
    if (id === undefined) return undefined;
    const linked = deps.link.current;
    if (!linked) { void vscode.window.showWarningMessage("The AWS Identity Emulator is not running: its decisions went with it."); return undefined; }
    let record: DecisionRecordAnswer;
    try {
      record = await new AdminClient(linked.endpoint, linked.adminToken).decision(id);
    } catch (err) {
      void vscode.window.showWarningMessage(`Decision ${id} is gone: the emulator keeps the last 500 (${(err as Error).message}).`);
      return undefined;
    }
    if (!record.explanation) {
      // Allows keep no explanation unless the log level is debug: ask the engine again with today's policies.
      return openInSimulator({ request: { principal: roleOf(record.principal), action: record.action, resource: record.resource } });
    }
    const e = record.explanation as Explanation;
    panel.show({ explanation: e, view: decisionView(record, e), subject: `decision:${id}` });
    return e;
  };

  const changeRequest = async (arg: { uri?: string; principalArn?: string }) => {
    if (arg.uri) return vscode.commands.executeCommand(DOCUMENT_COMMANDS.simulate, { uri: arg.uri });
    return simulateAsPrincipal({ principalArn: arg.principalArn });
  };

  const addAllowStatement = async (given: AddAllowArgs | DecisionArg): Promise<string | undefined> => {
    // From the tree's decision node, the node itself is the argument.
    const arg: AddAllowArgs = typeof given === "object" && "ref" in given ? { decisionId: decisionIdOf(given) } : given as AddAllowArgs;
    let { request, layer } = arg;
    if (arg.uri && request) return insertStatement(vscode.Uri.parse(arg.uri), { request });
    if (arg.decisionId !== undefined && !request) {
      const linked = deps.link.current;
      const record = linked ? await new AdminClient(linked.endpoint, linked.adminToken).decision(arg.decisionId).catch(() => undefined) : undefined;
      const e = record?.explanation as Explanation | undefined;
      if (!e) { void vscode.window.showWarningMessage(`Decision ${arg.decisionId} has no explanation any more.`); return undefined; }
      if (e.decision === "explicitDeny") return explainExplicitDeny(e);
      request = requestOfExplanation(e);
      layer = e.decidingLayer;
    }
    if (!request?.principal) return undefined;
    return addAllowFor(request, layer ?? "identity");
  };

  /** Picks the policy to change (the principal's own, its groups', a new inline one) and appends the Allow there. */
  const addAllowFor = async (request: SimulationRequest, layer: Layer): Promise<string | undefined> => {
    const arn = request.principal!;
    const owner = ownerOf(arn);
    if (!owner) return undefined;
    if (layer === "resource" && request.action.toLowerCase() === "sts:assumerole" && /:role\//.test(request.resource ?? "")) {
      const role = principalName(request.resource!);
      const trust = { Sid: `Allow${owner.name.replace(/[^\w]/g, "")}ToAssume`, Effect: "Allow", Principal: { AWS: arn }, Action: "sts:AssumeRole" };
      return done(await insertStatement(emulatorUri(documentPath({ kind: "trustPolicy", role })), { statement: trust }), `${role}'s trust policy`);
    }
    const around = await principals.policies(arn).catch((err: Error) => { void vscode.window.showErrorMessage(err.message); return undefined; });
    if (!around) return undefined;
    type Target = vscode.QuickPickItem & { path?: string; create?: boolean };
    const items: Target[] = [];
    const candidates = layer === "boundary" ? (around.boundary ? [around.boundary] : []) : around.identity;
    for (const p of candidates) {
      const path = editablePath(p.source);
      if (path) items.push({ label: `$(law) ${policyLabel(p.source)}`, description: p.source.arn ? "managed policy" : "inline policy", detail: p.source.arn ?? p.source.name, path });
    }
    if (layer !== "boundary") items.push({ label: `$(add) New inline policy on ${owner.name}…`, description: `Put${owner.kind === "user" ? "User" : "Role"}Policy`, create: true });
    if (!items.length) {
      void vscode.window.showInformationMessage(`The permissions boundary of ${owner.name} is AWS managed and cannot be edited: attach a customer-managed boundary that allows ${request.action}.`);
      return undefined;
    }
    const chosen = await vscode.window.showQuickPick(items, {
      title: `Add a statement allowing ${request.action}${request.resource && request.resource !== "*" ? ` on ${request.resource}` : ""}`,
      placeHolder: layer === "boundary" ? "The permissions boundary decided: the Allow goes there" : `Which of ${owner.name}'s policies gets the Allow?`,
    });
    if (!chosen) return undefined;
    if (chosen.path) return done(await insertStatement(emulatorUri(chosen.path), { request }), policyLabelOf(chosen));
    const linked = deps.link.current;
    if (!linked) return undefined;
    const name = await vscode.window.showInputBox({
      title: `New inline policy on ${owner.kind} ${owner.name}`, prompt: "Policy name", value: `allow-${request.action.replace(/[^\w]+/g, "-").toLowerCase()}`,
      validateInput: (v) => (/^[\w+=,.@-]{1,128}$/.test(v) ? undefined : "Up to 128 letters, digits and + = , . @ _ -"),
    });
    if (!name) return undefined;
    const statement = allowStatementFor(request);
    const kind = owner.kind === "user" ? "User" : "Role";
    await new AdminClient(linked.endpoint, linked.adminToken).call({ service: "iam", operation: `Put${kind}Policy`, input: { [`${kind}Name`]: owner.name, PolicyName: name, PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }, null, 2) } });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(emulatorUri(inlinePolicyPath(owner, name))), { viewColumn: vscode.ViewColumn.One, preview: false });
    void vscode.window.showInformationMessage(`Created inline policy ${name} on ${owner.name} with ${statement.Sid}: ${request.action} is allowed now.`);
    return statement.Sid;
  };

  const done = (sid: string | undefined, where: string): string | undefined => {
    if (sid) void vscode.window.showInformationMessage(`Added ${sid} to ${where}. Save (Ctrl+S) to apply it; then Open in simulator checks the request again.`);
    return sid;
  };

  const openPolicy = async (arg: { source: PolicySource; statementIndex?: number }): Promise<void> => {
    const path = documentPathOfSource(arg.source);
    if (!path) { void vscode.window.showInformationMessage(`${policyLabel(arg.source)} is not a policy the emulator stores.`); return; }
    const doc = await vscode.workspace.openTextDocument(emulatorUri(path));
    const st = arg.statementIndex === undefined ? undefined : statementsOf(parseTree(doc.getText()))[arg.statementIndex];
    const range = st ? new vscode.Range(doc.positionAt(st.start), doc.positionAt(st.end)) : undefined;
    // Beside the explanation, never over it: a preview editor in the panel's group would replace the panel.
    const viewColumn = panel.column === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(doc, { viewColumn, preview: true, ...(range ? { selection: range } : {}) });
  };

  // The emulator's state changed: a principal simulation on screen is asked again with the policies as they are.
  let pending: NodeJS.Timeout | undefined;
  const rerun = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      const subject = panel.current?.subject;
      const arn = subject?.startsWith("principal:") ? subject.slice("principal:".length) : undefined;
      const request = arn ? shown.get(arn) : undefined;
      if (!arn || !request) return;
      void principals.policies(arn).then((around) => { run(arn, around, request, false); },
        (err: Error) => deps.log.debug(`simulator: could not reread ${arn}'s policies: ${err.message}`));
    }, 100);
  };

  return [
    vscode.commands.registerCommand(SIMULATOR_COMMANDS.simulateAsPrincipal, (a?: SimulateAsPrincipalArgs) => simulateAsPrincipal(a)),
    vscode.commands.registerCommand(SIMULATOR_COMMANDS.openInSimulator, (a: { request: SimulationRequest }) => openInSimulator(a)),
    vscode.commands.registerCommand(SIMULATOR_COMMANDS.openDecision, (a: DecisionArg) => openDecision(a)),
    vscode.commands.registerCommand(SIMULATOR_COMMANDS.changeRequest, (a: { uri?: string; principalArn?: string }) => changeRequest(a ?? {})),
    vscode.commands.registerCommand(SIMULATOR_COMMANDS.addAllowStatement, (a: AddAllowArgs | DecisionArg) => addAllowStatement(a ?? {})),
    vscode.commands.registerCommand(SIMULATOR_COMMANDS.openPolicy, (a: { source: PolicySource; statementIndex?: number }) => openPolicy(a)),
    deps.onDidChangeResources(rerun),
    { dispose: () => clearTimeout(pending) },
  ];
}

function principalView(arn: string, e: Explanation): PanelView {
  return {
    title: `Simulation: ${e.request.action} as ${principalName(arn)}`,
    origin: `${arn}'s own policies${e.layers.some((l) => l.layer === "boundary") ? " and permissions boundary" : ""}, read from the emulator.`,
    actions: [{ label: "Change request…", command: SIMULATOR_COMMANDS.changeRequest, args: { principalArn: arn } }, ...fixLinks(e)],
  };
}

function decisionView(record: DecisionRecordAnswer, e: Explanation): PanelView {
  const request = requestOfExplanation(e);
  return {
    title: `Decision ${record.id}: ${e.request.action} by ${principalName(record.principal)}`,
    origin: `Enforce mode · ${record.time} · request ${record.requestId} · ${record.principal}`,
    actions: [{ label: "Open in simulator", command: SIMULATOR_COMMANDS.openInSimulator, args: { request }, title: "Ask again with the policies as they are now" }, ...fixLinks(e)],
  };
}

/** "Add a statement that allows this" for an implicit deny; the deciding policy for an allow or explicit deny. */
function fixLinks(e: Explanation): PanelLink[] {
  const links: PanelLink[] = [];
  if (e.decision === "implicitDeny" && e.decidingLayer !== "session" && e.decidingLayer !== "scp" && e.decidingLayer !== "rcp") {
    links.push({ label: "Add a statement that allows this", command: SIMULATOR_COMMANDS.addAllowStatement, args: { request: requestOfExplanation(e), layer: e.decidingLayer ?? "identity" } });
  }
  const d = e.decidingStatement;
  if (d && documentPathOfSource(d.source)) {
    links.push({ label: `Open ${policyLabel(d.source)}`, command: SIMULATOR_COMMANDS.openPolicy, args: { source: d.source, statementIndex: d.statementIndex } });
  }
  return links;
}

function explainExplicitDeny(e: Explanation): undefined {
  const d = e.decidingStatement;
  void vscode.window.showInformationMessage(d
    ? `An explicit deny decided (${d.sid ?? `statement ${d.statementIndex + 1}`} in ${policyLabel(d.source)}): no Allow can override it. Change or remove that statement instead.`
    : "An explicit deny decided: no Allow can override it.");
  return undefined;
}

/** "arn:aws:sts::1:assumed-role/app/s" → the role's ARN; users and roles stay as they are. */
function roleOf(arn: string): string {
  const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn;
}

function ownerOf(arn: string): { kind: "user" | "role"; name: string } | undefined {
  const m = /^arn:[\w-]+:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? { kind: m[1] as "user" | "role", name: m[2]! } : undefined;
}

/** Only what AWS lets a person change: inline policies and customer-managed ones. */
function editablePath(source: PolicySource): string | undefined {
  if (source.arn?.startsWith("arn:aws:iam::aws:")) return undefined;
  return documentPathOfSource(source);
}

function policyLabelOf(item: vscode.QuickPickItem): string {
  return item.label.replace(/^\$\([\w-]+\) /, "");
}

function emulatorUri(path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: documentScheme, path });
}
