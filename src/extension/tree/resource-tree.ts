// The sidebar's resource tree: loads one snapshot (GET /_emulator/resources) when the linked emulator
// runs, reloads it on each change event the emulator pushes (in enforce mode, only the recent decisions on
// each decided request: reload-schedule.ts), and empties when it stops (the welcome view then offers Start).
// Rendering only: nodes come from tree-model.ts, actions from tree-actions.ts.
import * as vscode from "vscode";
import type { EmulatorEvents } from "../emulator-events.js";
import type { FeatureDeps } from "../feature-deps.js";
import type { EmulatorLink, LinkedEmulator } from "../wiring/emulator-link.js";
import { AdminClient } from "./admin-client.js";
import { ChangeEvents } from "./change-events.js";
import { documentScheme } from "./document-uris.js";
import type { DecisionSummary, ResourcesSnapshot } from "./resource-snapshot.js";
import { ResourceDocuments } from "./resource-documents.js";
import { stateFileCommands } from "./state-files.js";
import { leastPrivilegeActions } from "./least-privilege.js";
import { ReloadSchedule } from "./reload-schedule.js";
import { treeActions } from "./tree-actions.js";
import { treeOf, type TreeNode } from "./tree-model.js";

export const resourcesViewId = "awsIdentityEmulator.resources";
export const openNodeCommand = "awsIdentityEmulator.tree.open";
/** Returns the rendered nodes (labels, descriptions, children): for tests and other extensions' checks. */
export const treeNodesCommand = "awsIdentityEmulator.tree.nodes";

/** How long a decided request waits for others before the decisions are fetched: a busy app costs a few a second. */
const decisionReloadMs = 250;

export interface TreeDeps extends Pick<FeatureDeps, "context" | "log"> {
  link: EmulatorLink;
  /** The request stream the Requests view reads: a decided request refreshes "Recent decisions". */
  events: Pick<EmulatorEvents, "onRequest">;
}

/** The state the provider renders, and the connection actions use. */
export class ResourceTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly loaded = new vscode.EventEmitter<void>();
  /** Fires after each reload: documents reread, tests wait on it. */
  readonly onDidLoad = this.loaded.event;
  roots: TreeNode[] = [];
  snapshot: ResourcesSnapshot | undefined;
  client: AdminClient | undefined;
  private decisions: DecisionSummary[] | undefined;
  private parents = new Map<string, TreeNode>();
  private events: ChangeEvents | undefined;
  private readonly schedule = new ReloadSchedule({ all: () => this.load(), decisions: () => this.loadDecisions() });
  /** Bumped on each link change, so a load for an emulator that went away is dropped. */
  private generation = 0;

  constructor(private readonly deps: TreeDeps) {}

  connect(linked: LinkedEmulator | undefined): void {
    this.generation++;
    this.events?.dispose();
    this.events = undefined;
    this.schedule.cancel();
    if (!linked) {
      this.client = undefined;
      this.snapshot = undefined;
      this.decisions = undefined;
      this.setRoots([]);
      return;
    }
    this.client = new AdminClient(linked.endpoint, linked.adminToken);
    this.events = new ChangeEvents({
      endpoint: linked.endpoint,
      // Each (re)connection reloads: changes made while disconnected sent no event.
      onConnected: () => this.reloadSoon(0),
      onChange: () => this.reloadSoon(),
      onError: (message) => {
        this.deps.log.debug(message);
        // An attached emulator of another window may have gone: the link rechecks and detaches.
        if (linked.attached) void this.deps.link.recheck();
      },
    });
  }

  /** Coalesces a burst of change events (a script creating 50 users) into one or two reloads. */
  reloadSoon(delayMs = 60): void {
    this.schedule.soon("all", delayMs);
  }

  reload(): Promise<void> {
    return this.schedule.now("all");
  }

  /** A decided request (enforce mode): "Recent decisions" gains it; nothing else changed. */
  decisionsSoon(): void {
    if (this.snapshot?.mode === "enforce") this.schedule.soon("decisions", decisionReloadMs);
  }

  private async load(): Promise<void> {
    const client = this.client;
    const generation = this.generation;
    if (!client) return;
    try {
      const snapshot = await client.resources(this.deps.link.current?.accountId);
      const decisions = snapshot.mode === "enforce" ? (await client.decisions(50)).decisions : undefined;
      if (generation !== this.generation) return;
      this.snapshot = snapshot;
      this.decisions = decisions;
      // The walkthrough's "Create a user" step completes on it (not on the command: its input box would lose focus).
      void vscode.commands.executeCommand("setContext", "awsIdentityEmulator.hasUsers", snapshot.users.length > 0);
      this.setRoots(treeOf(snapshot, decisions));
    } catch (err) {
      if (generation === this.generation) this.deps.log.warn(`Could not load the resource tree: ${(err as Error).message}`);
    }
  }

  /** The recent decisions alone, laid into the tree beside the snapshot already loaded. */
  private async loadDecisions(): Promise<void> {
    const client = this.client;
    const generation = this.generation;
    const snapshot = this.snapshot;
    if (!client || snapshot?.mode !== "enforce") return;
    try {
      const { decisions } = await client.decisions(50);
      if (generation !== this.generation || snapshot !== this.snapshot) return;
      this.decisions = decisions;
      this.setRoots(treeOf(snapshot, decisions), false);
    } catch (err) {
      if (generation === this.generation) this.deps.log.debug(`Could not load the recent decisions: ${(err as Error).message}`);
    }
  }

  /** `loaded`: the snapshot is new, so open resource documents are reread (not for new decisions alone). */
  private setRoots(roots: TreeNode[], loaded = true): void {
    this.roots = roots;
    this.parents = new Map();
    const index = (parent: TreeNode) => {
      for (const child of parent.children ?? []) {
        this.parents.set(child.id, parent);
        index(child);
      }
    };
    roots.forEach(index);
    this.changed.fire(undefined);
    if (loaded) this.loaded.fire();
  }

  find(id: string): TreeNode | undefined {
    const stack = [...this.roots];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.id === id) return n;
      if (n.children) stack.push(...n.children);
    }
    return undefined;
  }

  /** A recent decision the tree shows (enforce mode). */
  decision(id: number): DecisionSummary | undefined {
    return this.decisions?.find((d) => d.id === id);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? [...(node.children ?? [])] : this.roots;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = !node.children || (node.children.length === 0 && node.ref.type !== "section")
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
    if (node.opens) item.command = { command: openNodeCommand, title: "Open", arguments: [node] };
    else if (node.runs) item.command = { command: node.runs.command, title: "Open", arguments: [...node.runs.arguments] };
    return item;
  }

  dispose(): void {
    this.events?.dispose();
    this.schedule.cancel();
    this.changed.dispose();
    this.loaded.dispose();
  }
}

export function resourceTree(deps: TreeDeps): vscode.Disposable[] {
  const provider = new ResourceTreeProvider(deps);
  const view = vscode.window.createTreeView(resourcesViewId, { treeDataProvider: provider, showCollapseAll: true });
  const documents = new ResourceDocuments(provider, deps.log);
  const describe = (linked: LinkedEmulator | undefined) => {
    view.description = linked ? linked.endpoint.replace(/^https?:\/\//, "") : undefined;
    view.message = linked?.attached ? `Using the emulator another window runs (pid ${linked.pid}).` : undefined;
  };
  const follow = (linked: LinkedEmulator | undefined) => {
    provider.connect(linked);
    describe(linked);
  };
  follow(deps.link.current);
  return [
    provider,
    view,
    documents,
    vscode.workspace.registerFileSystemProvider(documentScheme, documents, { isCaseSensitive: true }),
    vscode.workspace.onDidOpenTextDocument((doc) => void documents.withLanguage(doc)),
    deps.link.onDidChange(follow),
    provider.onDidLoad(() => documents.changedUpstream()),
    // Decisions are made on reads too, which commit nothing and send no change event: each decided request
    // on the stream the Requests view reads fetches the recent decisions, a burst of them in one fetch.
    deps.events.onRequest(({ event }) => { if (event.decisionId !== undefined) provider.decisionsSoon(); }),
    vscode.commands.registerCommand(openNodeCommand, (node: TreeNode) => documents.open(node)),
    vscode.commands.registerCommand(treeNodesCommand, async (options?: { reload?: boolean }) => {
      if (options?.reload) await provider.reload();
      return provider.roots;
    }),
    ...treeActions({ provider, view, documents, log: deps.log, link: deps.link }),
    ...stateFileCommands({ provider, log: deps.log, link: deps.link }),
    ...leastPrivilegeActions({ provider, documents, log: deps.log }),
  ];
}
