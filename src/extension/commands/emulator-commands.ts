// Start / Stop / Restart / Show Log, the status bar's menu, and the error message that offers a way out
// of a failure (another port, or the log). Failures reach the user once, from the `failed` state, so the
// commands themselves never show them a second time.
import * as vscode from "vscode";
import type { EmulatorState } from "../emulator-state.js";
import { actionLabels, actionsOf, type EmulatorAction } from "../status-bar-view.js";
import { findFreePort } from "../free-port.js";
import { readSettings, savePort } from "../configuration.js";
import type { FeatureDeps } from "../feature-deps.js";
import type { EmulatorLink } from "../wiring/emulator-link.js";

export const commandIds = {
  start: "awsIdentityEmulator.start",
  stop: "awsIdentityEmulator.stop",
  restart: "awsIdentityEmulator.restart",
  showLog: "awsIdentityEmulator.showLog",
  useAnotherPort: "awsIdentityEmulator.useAnotherPort",
  copyEndpoint: "awsIdentityEmulator.copyEndpoint",
  statusBarMenu: "awsIdentityEmulator.statusBarMenu",
} as const satisfies Record<EmulatorAction | "statusBarMenu", string>;

const useAnotherPortLabel = "Use another port";
const openLogLabel = "Open Log";

export function emulatorCommands({ emulator, log, link }: Pick<FeatureDeps, "emulator" | "log"> & { link: Pick<EmulatorLink, "current" | "recheck"> }): vscode.Disposable[] {
  // Each command resolves with the state it ended in, so a caller (a test, a task) can await it.
  const start = async (): Promise<EmulatorState> => {
    // A second window of the workspace uses the emulator the first one runs instead of failing on its lock.
    await link.recheck();
    const other = link.current?.attached ? link.current : undefined;
    if (other) {
      log.info(`Not starting a second emulator: another window runs one on ${other.endpoint} (pid ${other.pid}) with this data folder.`);
      void vscode.window.showInformationMessage(`AWS Identity Emulator: using the emulator another window runs on ${other.endpoint}.`);
      return emulator.state;
    }
    return emulator.start().catch(() => emulator.state);
  };
  const stop = async (): Promise<EmulatorState> => {
    await emulator.stop();
    return emulator.state;
  };
  const restart = async (): Promise<EmulatorState> => emulator.restart().catch(() => emulator.state);
  const showLog = () => log.show(true);
  const useAnotherPort = async (): Promise<EmulatorState> => {
    const port = await findFreePort(readSettings().host);
    await savePort(port);
    log.info(`Saved awsIdentityEmulator.port = ${port}; starting on it.`);
    return restart();
  };
  const copyEndpoint = async () => {
    const s = emulator.state;
    if (s.kind !== "running") return;
    await vscode.env.clipboard.writeText(s.endpoint);
    void vscode.window.setStatusBarMessage(`Copied ${s.endpoint}`, 3000);
  };
  const run: Record<EmulatorAction, () => unknown> = { start, stop, restart, showLog, useAnotherPort, copyEndpoint };

  const statusBarMenu = async () => {
    const state = emulator.state;
    const picked = await vscode.window.showQuickPick(
      actionsOf(state).map((action) => ({ label: actionLabels[action], action })),
      { title: "AWS Identity Emulator", placeHolder: placeholderOf(state) },
    );
    if (picked) await run[picked.action]();
  };

  return [
    vscode.commands.registerCommand(commandIds.start, start),
    vscode.commands.registerCommand(commandIds.stop, stop),
    vscode.commands.registerCommand(commandIds.restart, restart),
    vscode.commands.registerCommand(commandIds.showLog, showLog),
    vscode.commands.registerCommand(commandIds.useAnotherPort, useAnotherPort),
    vscode.commands.registerCommand(commandIds.copyEndpoint, copyEndpoint),
    vscode.commands.registerCommand(commandIds.statusBarMenu, statusBarMenu),
    emulator.onDidChangeState((s) => {
      if (s.kind === "failed") void showFailure(s, run);
    }),
  ];
}

function placeholderOf(state: EmulatorState): string {
  switch (state.kind) {
    case "running":
      return `Running on ${state.endpoint}`;
    case "failed":
      return state.reason;
    default:
      return `The emulator is ${state.kind}.`;
  }
}

async function showFailure(state: Extract<EmulatorState, { kind: "failed" }>, run: Record<EmulatorAction, () => unknown>) {
  if (state.fix === "choosePort") {
    const choice = await vscode.window.showErrorMessage(
      `AWS Identity Emulator: ${state.reason} Stop that process, or use another port (saved as awsIdentityEmulator.port for this workspace).`,
      useAnotherPortLabel,
      openLogLabel,
    );
    if (choice === useAnotherPortLabel) await run.useAnotherPort();
    else if (choice === openLogLabel) await run.showLog();
    return;
  }
  const choice = await vscode.window.showErrorMessage(`AWS Identity Emulator: ${state.reason}`, openLogLabel);
  if (choice === openLogLabel) await run.showLog();
}
