// The status bar item: renders the emulator state and nothing else; a click offers the state's actions.
import * as vscode from "vscode";
import type { EmulatorLink } from "./wiring/emulator-link.js";
import { statusBarViewOf } from "./status-bar-view.js";
import { commandIds } from "./commands/emulator-commands.js";
import type { FeatureDeps } from "./feature-deps.js";

export function statusBar({ emulator, link }: Pick<FeatureDeps, "emulator"> & { link: Pick<EmulatorLink, "current" | "onDidChange"> }): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem("awsIdentityEmulator.status", vscode.StatusBarAlignment.Left, 50);
  item.name = "AWS Identity Emulator";
  item.command = commandIds.statusBarMenu;
  const render = () => {
    const view = statusBarViewOf(emulator.state, link.current?.attached ? link.current : undefined);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  };
  render();
  item.show();
  return [item, emulator.onDidChangeState(render), link.onDidChange(render)];
}
