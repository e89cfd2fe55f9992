// The Requests view: each request users and roles make to the emulator (apps, the CLI, SDKs), live from the
// request recorder (GET /_emulator/events?requests=1), filterable by principal, each opening its explanation:
// enforce mode's decision, or, where nothing was decided, the request simulated as its principal. Denials can also notify, at a bounded rate.
import * as vscode from "vscode";
import type { RequestEvent } from "../../admin-api/request-events.js";
import type { SimulationRequest } from "../../editor-core/simulation.js";
import { section } from "../configuration.js";
import type { EmulatorEvents } from "../emulator-events.js";
import { DenialThrottle, isDenial, RequestList, shortPrincipal, type RequestRow } from "./request-list.js";

export const requestsViewId = "awsIdentityEmulator.requests";

export const requestCommandIds = {
  explain: "awsIdentityEmulator.requests.explain",
  filter: "awsIdentityEmulator.requests.filter",
  clearFilter: "awsIdentityEmulator.requests.clearFilter",
  clear: "awsIdentityEmulator.requests.clear",
  addAllowStatement: "awsIdentityEmulator.requests.addAllowStatement",
  /** The rows shown, for tests. */
  rows: "awsIdentityEmulator.requests.rows",
} as const;

/** Set while a principal filter applies, so the view offers to clear it. */
const filteredContextKey = "awsIdentityEmulator.requests.filtered";
const openDecisionCommand = "awsIdentityEmulator.openDecision";
const openInSimulatorCommand = "awsIdentityEmulator.openInSimulator";
const addAllowStatementCommand = "awsIdentityEmulator.addAllowStatement";

export interface RequestsDeps {
  events: Pick<EmulatorEvents, "onRequest" | "onDidChangeEmulator" | "onDidReplaceRequests">;
}

const setting = <T>(key: string, fallback: T): T => vscode.workspace.getConfiguration(section).get<T>(key, fallback);

class RequestsProvider implements vscode.TreeDataProvider<RequestRow> {
  readonly list = new RequestList();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private pending: NodeJS.Timeout | undefined;

  /** A burst of requests renders once. */
  refresh(now = false): void {
    if (now) { clearTimeout(this.pending); this.pending = undefined; this.changed.fire(); return; }
    this.pending ??= setTimeout(() => { this.pending = undefined; this.changed.fire(); }, 50);
  }

  getChildren(row?: RequestRow): RequestRow[] {
    return row ? [] : this.list.rows();
  }

  getTreeItem(row: RequestRow): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(row.tooltip);
    item.iconPath = new vscode.ThemeIcon(row.icon, new vscode.ThemeColor(row.iconColor));
    item.contextValue = row.contextValue;
    item.command = { command: requestCommandIds.explain, title: "Explain", arguments: [row] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.changed.dispose();
  }
}

/** The simulator's request for a recorded one: its identity (a session's role), action, resource and context. */
function simulationOf(e: RequestEvent): SimulationRequest {
  return { principal: e.identity, action: e.action, resource: e.resources[0] ?? "*", context: { ...e.context } as SimulationRequest["context"] };
}

export function requestsView(deps: RequestsDeps): vscode.Disposable[] {
  const provider = new RequestsProvider();
  const view = vscode.window.createTreeView(requestsViewId, { treeDataProvider: provider });
  const throttle = new DenialThrottle(() => Math.max(0, setting("denialNotificationSeconds", 10)) * 1000);

  const describe = () => {
    const shown = provider.list.rows().length;
    view.description = provider.list.filter ? `as ${shortPrincipal(provider.list.filter)} · ${shown}` : shown ? String(shown) : undefined;
    void vscode.commands.executeCommand("setContext", filteredContextKey, provider.list.filter !== undefined);
  };

  const explain = async (row: RequestRow | RequestEvent) => {
    const e = "event" in row ? row.event : row;
    if (e.decisionId !== undefined) return vscode.commands.executeCommand(openDecisionCommand, e.decisionId);
    return vscode.commands.executeCommand(openInSimulatorCommand, { request: simulationOf(e) });
  };

  const notify = async (e: RequestEvent) => {
    const offer = throttle.offer();
    if (!offer.show) return;
    const explainLabel = "Explain";
    const addLabel = "Add a Statement…";
    const more = offer.heldBack ? ` (${offer.heldBack} more denied since the last notice: see Requests)` : "";
    const what = `${e.action} on ${e.resources[0] ?? "*"}`;
    const buttons = e.decision === "implicitDeny" && e.decisionId !== undefined ? [explainLabel, addLabel] : [explainLabel];
    const choice = await vscode.window.showWarningMessage(`Denied: ${shortPrincipal(e.principal)} may not ${what}.${more}`, ...buttons);
    if (choice === explainLabel) await explain(e);
    if (choice === addLabel && e.decisionId !== undefined) await vscode.commands.executeCommand(addAllowStatementCommand, { decisionId: e.decisionId });
  };

  const clear = () => { provider.list.clear(); provider.refresh(true); describe(); };

  const filter = async () => {
    const principals = provider.list.principals();
    if (!principals.length) { void vscode.window.showInformationMessage("No requests yet: nothing to filter."); return; }
    const picked = await vscode.window.showQuickPick([
      { label: "$(list-flat) All principals", arn: undefined as string | undefined },
      ...principals.map((p) => ({ label: shortPrincipal(p.arn), description: `${p.requests} request${p.requests === 1 ? "" : "s"}${p.denied ? `, ${p.denied} denied` : ""}`, detail: p.arn, arn: p.arn as string | undefined })),
    ], { title: "Show the requests of…", matchOnDetail: true });
    if (!picked) return;
    provider.list.filter = picked.arn;
    provider.refresh(true);
    describe();
  };

  return [
    provider,
    view,
    // Another emulator, or its requests replaced (a reset, one account's, a state file): start over; what
    // remains is replayed.
    deps.events.onDidChangeEmulator(clear),
    deps.events.onDidReplaceRequests(clear),
    deps.events.onRequest(({ event, replayed }) => {
      provider.list.add(event);
      provider.refresh();
      describe();
      if (!replayed && isDenial(event) && setting("notifyOnDenial", true)) void notify(event);
    }),
    vscode.commands.registerCommand(requestCommandIds.explain, (row: RequestRow) => explain(row)),
    vscode.commands.registerCommand(requestCommandIds.filter, filter),
    vscode.commands.registerCommand(requestCommandIds.clearFilter, () => { provider.list.filter = undefined; provider.refresh(true); describe(); }),
    vscode.commands.registerCommand(requestCommandIds.clear, clear),
    vscode.commands.registerCommand(requestCommandIds.addAllowStatement, (row: RequestRow) =>
      row.event.decisionId !== undefined ? vscode.commands.executeCommand(addAllowStatementCommand, { decisionId: row.event.decisionId }) : explain(row)),
    vscode.commands.registerCommand(requestCommandIds.rows, () => provider.list.rows().map(({ label, description, contextValue }) => ({ label, description, contextValue }))),
  ];
}
