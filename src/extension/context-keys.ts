// `awsIdentityEmulator.state` (and, when failed, `awsIdentityEmulator.failure`) for `when` clauses: which
// commands the palette and menus show, and which welcome the view shows.
import * as vscode from "vscode";
import type { FeatureDeps } from "./feature-deps.js";

export const stateContextKey = "awsIdentityEmulator.state";
/** While failed: which fix the welcome view offers (choosePort, settings, repair, restart, openLog). */
export const failureContextKey = "awsIdentityEmulator.failure";
/** While running: its mode (the walkthrough's enforce step completes on it). */
export const modeContextKey = "awsIdentityEmulator.mode";

export function contextKeys({ emulator }: Pick<FeatureDeps, "emulator">): vscode.Disposable[] {
  const set = () => {
    const s = emulator.state;
    void vscode.commands.executeCommand("setContext", failureContextKey, s.kind === "failed" ? s.fix ?? "openLog" : "");
    void vscode.commands.executeCommand("setContext", modeContextKey, s.kind === "running" ? s.mode : "");
    void vscode.commands.executeCommand("setContext", stateContextKey, s.kind);
  };
  set();
  return [emulator.onDidChangeState(set)];
}
