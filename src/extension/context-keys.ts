// `awsIdentityEmulator.state` for `when` clauses: which commands the palette and menus show.
import * as vscode from "vscode";
import type { FeatureDeps } from "./feature-deps.js";

export const stateContextKey = "awsIdentityEmulator.state";

export function contextKeys({ emulator }: Pick<FeatureDeps, "emulator">): vscode.Disposable[] {
  const set = () => void vscode.commands.executeCommand("setContext", stateContextKey, emulator.state.kind);
  set();
  return [emulator.onDidChangeState(set)];
}
