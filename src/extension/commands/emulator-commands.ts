// Start / Stop / Restart / Show Log, the status bar's menu, and the way out of each failure: another port (a
// free one, one typed, or first who holds it), the settings, repairing damaged state, a restart after a
// crash. Failures reach the user once, from the `failed` state, so the commands never show them again.
import { fork } from "node:child_process";
import * as vscode from "vscode";
import type { EmulatorState, FailureFix } from "../emulator-state.js";
import { actionLabels, actionsOf, type EmulatorAction } from "../status-bar-view.js";
import { findFreePort } from "../free-port.js";
import { launchSpecOf, readSettings, savePort, section } from "../configuration.js";
import type { FeatureDeps } from "../feature-deps.js";
import { portHolder } from "../port-holder.js";
import type { EmulatorLink } from "../wiring/emulator-link.js";

export const commandIds = {
  start: "awsIdentityEmulator.start",
  stop: "awsIdentityEmulator.stop",
  restart: "awsIdentityEmulator.restart",
  showLog: "awsIdentityEmulator.showLog",
  useAnotherPort: "awsIdentityEmulator.useAnotherPort",
  copyEndpoint: "awsIdentityEmulator.copyEndpoint",
  openSettings: "awsIdentityEmulator.openSettings",
  repair: "awsIdentityEmulator.repairDataFolder",
  statusBarMenu: "awsIdentityEmulator.statusBarMenu",
  switchMode: "awsIdentityEmulator.switchMode",
} as const satisfies Record<EmulatorAction | "statusBarMenu" | "switchMode", string>;

type FailedState = Extract<EmulatorState, { kind: "failed" }>;

/** The buttons a failure's notification offers, by its fix; the first is what to do. */
const fixButtons: Record<FailureFix, EmulatorAction[]> = {
  choosePort: ["useAnotherPort", "showLog"],
  settings: ["openSettings", "showLog"],
  repair: ["repair", "showLog"],
  restart: ["restart", "showLog"],
  openLog: ["showLog", "start"],
};
const buttonLabels: Record<EmulatorAction, string> = {
  start: "Start Again", stop: "Stop", restart: "Restart", showLog: "Show Log", copyEndpoint: "Copy Endpoint",
  useAnotherPort: "Use Another Port…", openSettings: "Open Settings", repair: "Repair Data Folder…",
};

export function emulatorCommands({ emulator, log, link, context }: Pick<FeatureDeps, "emulator" | "log" | "context"> & { link: Pick<EmulatorLink, "current" | "recheck"> }): vscode.Disposable[] {
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

  /** A free port, one typed, or first who holds the taken one; the choice is saved for this workspace. */
  const useAnotherPort = async (preset?: { port?: number; free?: boolean }): Promise<EmulatorState> => {
    const state = emulator.state;
    const taken = state.kind === "failed" ? state.port ?? readSettings().port : readSettings().port;
    const where = vscode.workspace.workspaceFolders?.length ? "this workspace's settings (.vscode/settings.json)" : "your user settings";
    let port = preset?.port ?? (preset?.free ? await findFreePort(readSettings().host) : undefined);
    while (port === undefined) {
      const free = await findFreePort(readSettings().host);
      type Choice = vscode.QuickPickItem & { choice: "free" | "type" | "holder" };
      const picked = await vscode.window.showQuickPick<Choice>([
        { label: `$(zap) Use free port ${free}`, detail: `Saves awsIdentityEmulator.port = ${free} in ${where}, then starts.`, choice: "free" },
        { label: "$(edit) Type a port…", detail: `Saved in ${where}; 0 picks a free port at every start.`, choice: "type" },
        { label: `$(search) Show what holds port ${taken}`, detail: "The process listening on it, so you can stop it instead.", choice: "holder" },
      ], { title: `Port ${taken} is in use`, placeHolder: "Start the emulator on another port, or find what holds this one" });
      if (!picked) return emulator.state;
      if (picked.choice === "free") port = free;
      else if (picked.choice === "type") {
        const typed = await vscode.window.showInputBox({
          title: "Start the emulator on port…", prompt: `Saved as awsIdentityEmulator.port in ${where}. 0 picks a free port at every start.`, value: String(free),
          validateInput: (v) => (/^\d+$/.test(v) && Number(v) <= 65535 ? undefined : "A port is a number from 0 to 65535."),
        });
        if (typed === undefined) continue;
        port = Number(typed);
      } else {
        const holder = await portHolder(taken).catch(() => undefined);
        const ours = holder && /dist[\\/]cli\.js/.test(holder.command) ? " (an AWS Identity Emulator, perhaps of another window or a terminal)" : "";
        await vscode.window.showInformationMessage(holder
          ? `Port ${taken} is held by process ${holder.pid}${ours}: ${holder.command || "(command line not readable)"}`
          : `No process of yours listens on port ${taken} now (it may belong to another user, or have stopped): start again, or pick another port.`,
        { modal: true });
      }
    }
    await savePort(port);
    log.info(`Saved awsIdentityEmulator.port = ${port} in ${where}; starting on it.`);
    return restart();
  };

  const copyEndpoint = async () => {
    const s = emulator.state;
    if (s.kind !== "running") return;
    await vscode.env.clipboard.writeText(s.endpoint);
    void vscode.window.setStatusBarMessage(`Copied ${s.endpoint}`, 3000);
  };

  // Only this extension's settings, in their groups.
  const openSettings = () => vscode.commands.executeCommand("workbench.action.openSettings", `@ext:${context.extension.id}`);

  /** `aws-identity-emulator repair`: keeps every record before the damage, sets the rest aside, then starts. */
  const repair = async (): Promise<EmulatorState> => {
    const spec = launchSpecOf(context);
    if (!spec.dataDir) { void vscode.window.showInformationMessage("The emulator keeps its state in memory: there is nothing on disk to repair."); return emulator.state; }
    const confirm = "Repair";
    const ok = await vscode.window.showWarningMessage(`Repair ${spec.dataDir}?`, { modal: true,
      detail: "Every record before the damage is kept; the damaged record and those after it are dropped. The original files are moved into a repaired-N folder beside them, so nothing is deleted." }, confirm);
    if (ok !== confirm) return emulator.state;
    const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = fork(spec.cliPath, ["repair", "--data-dir", spec.dataDir!], { execArgv: [], env: spec.env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
      let text = "";
      child.stdout?.on("data", (d) => (text += String(d)));
      child.stderr?.on("data", (d) => (text += String(d)));
      child.on("close", (code) => resolve({ code, text: text.trim() }));
      child.on("error", (err) => resolve({ code: 1, text: err.message }));
    });
    for (const line of output.text.split("\n")) if (line) log.info(`repair: ${line}`);
    if (output.code !== 0) {
      void vscode.window.showErrorMessage(`Repair failed: ${output.text.split("\n").pop()}`, "Show Log").then((c) => (c ? showLog() : undefined));
      return emulator.state;
    }
    void vscode.window.showInformationMessage(`Repaired: ${output.text.split("\n")[0] ?? "done"} Starting the emulator.`);
    return start();
  };

  /** none / authenticate / enforce, saved for this workspace and applied at once. */
  const switchMode = async (preset?: { mode?: string }): Promise<EmulatorState> => {
    const current = readSettings().mode;
    const mode = preset?.mode ?? (await vscode.window.showQuickPick([
      { label: "enforce", detail: "Authenticate, then authorize every request with IAM policies, as AWS does: see what your app may really do." },
      { label: "authenticate", detail: "The access key must exist and the SigV4 signature must verify." },
      { label: "none", detail: "Every request is allowed; unknown access keys act as the account's root." },
    ].map((m) => ({ ...m, description: m.label === current ? "current" : undefined })), { title: "How should the emulator check requests?", ignoreFocusOut: true }))?.label;
    if (!mode || mode === current) return emulator.state;
    // Stopped first, so the settings change is not also offered as a restart.
    const wasRunning = emulator.state.kind === "running";
    if (wasRunning) await emulator.stop();
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(section).update("mode", mode, target);
    log.info(`Saved awsIdentityEmulator.mode = ${mode}.`);
    return wasRunning ? start() : emulator.state;
  };

  const run: Record<EmulatorAction, () => unknown> = { start, stop, restart, showLog, useAnotherPort, copyEndpoint, openSettings, repair };

  const statusBarMenu = async () => {
    const state = emulator.state;
    const picked = await vscode.window.showQuickPick(
      actionsOf(state).map((action) => ({ label: actionLabels[action], action })),
      { title: "AWS Identity Emulator", placeHolder: placeholderOf(state) },
    );
    if (picked) await run[picked.action]();
  };

  /** A crash: the exit reason with Restart, gone once the emulator runs again (a progress notice can close). */
  const crashNotice = (state: FailedState) => vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `AWS Identity Emulator: ${state.reason}` },
    (progress) => {
      progress.report({ message: `[Restart](command:${commandIds.restart}) · [Show Log](command:${commandIds.showLog})` });
      return new Promise<void>((resolve) => {
        const watch = emulator.onDidChangeState((s) => { if (s.kind !== "failed") { watch.dispose(); resolve(); } });
      });
    });

  const showFailure = async (state: FailedState) => {
    const fix = state.fix ?? "openLog";
    if (fix === "restart") return crashNotice(state);
    const buttons = fixButtons[fix];
    const choice = await vscode.window.showErrorMessage(`AWS Identity Emulator: ${state.reason}`, ...buttons.map((b) => buttonLabels[b]));
    const action = buttons.find((b) => buttonLabels[b] === choice);
    if (action) await run[action]();
  };

  return [
    vscode.commands.registerCommand(commandIds.start, start),
    vscode.commands.registerCommand(commandIds.stop, stop),
    vscode.commands.registerCommand(commandIds.restart, restart),
    vscode.commands.registerCommand(commandIds.showLog, showLog),
    vscode.commands.registerCommand(commandIds.useAnotherPort, useAnotherPort),
    vscode.commands.registerCommand(commandIds.copyEndpoint, copyEndpoint),
    vscode.commands.registerCommand(commandIds.openSettings, openSettings),
    vscode.commands.registerCommand(commandIds.repair, repair),
    vscode.commands.registerCommand(commandIds.switchMode, switchMode),
    vscode.commands.registerCommand(commandIds.statusBarMenu, statusBarMenu),
    emulator.onDidChangeState((s) => {
      if (s.kind === "failed") void showFailure(s);
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
