// The status bar item: renders the emulator state and nothing else; a click offers the state's actions.
import * as vscode from "vscode";
import type { EmulatorLink } from "./wiring/emulator-link.js";
import type { StorageHealth, UpstreamHealth } from "../admin-api/health.js";
import { statusBarViewOf } from "./status-bar-view.js";
import { ChangeEvents } from "./tree/change-events.js";
import { commandIds } from "./commands/emulator-commands.js";
import type { FeatureDeps } from "./feature-deps.js";

export function statusBar({ emulator, link }: Pick<FeatureDeps, "emulator"> & { link: Pick<EmulatorLink, "current" | "onDidChange"> }): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem("awsIdentityEmulator.status", vscode.StatusBarAlignment.Left, 50);
  item.name = "AWS Identity Emulator";
  item.command = commandIds.statusBarMenu;
  let health: StorageHealth = { state: "ok" };
  let upstreams: readonly UpstreamHealth[] = [];
  const render = () => {
    const view = statusBarViewOf(emulator.state, link.current?.attached ? link.current : undefined, link.current ? health : undefined, link.current ? upstreams : []);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.error ? new vscode.ThemeColor("statusBarItem.errorBackground")
      : view.warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  };
  // The emulator pushes its disk's health on the change stream (first on connecting): no polling.
  let events: ChangeEvents | undefined;
  let endpoint: string | undefined;
  const follow = () => {
    if (link.current?.endpoint === endpoint) { render(); return; }
    events?.dispose();
    events = undefined;
    endpoint = link.current?.endpoint;
    health = { state: "ok" };
    upstreams = [];
    if (endpoint) {
      events = new ChangeEvents({
        endpoint, onChange: () => undefined, onHealth: (h) => { health = h; render(); }, onUpstreams: (u) => { upstreams = u; render(); },
      });
    }
    render();
  };
  follow();
  item.show();
  return [item, emulator.onDidChangeState(render), link.onDidChange(follow), { dispose: () => events?.dispose() }];
}
