// "Debug Cognito Triggers": the emulator restarts its local trigger handlers with the inspector open, each
// waiting for a debugger; this window attaches VS Code's JavaScript debugger to each (and to any worker that
// starts later, announced on the event stream), so breakpoints in a trigger's source stop a sign-in. "Stop
// Debugging Cognito Triggers" (or the emulator stopping) detaches and lets the handlers run freely again.
import * as vscode from "vscode";
import type { LambdaDebugTarget } from "../../admin-api/lambda.js";
import type { FeatureDeps } from "../feature-deps.js";
import { AdminClient } from "../tree/admin-client.js";
import { ChangeEvents } from "../tree/change-events.js";
import type { EmulatorLink } from "../wiring/emulator-link.js";

export const triggerCommandIds = {
  debug: "awsIdentityEmulator.debugTriggers",
  stop: "awsIdentityEmulator.stopDebuggingTriggers",
} as const;

export const debuggingContextKey = "awsIdentityEmulator.debuggingTriggers";
/** Marks the debug configurations this feature starts, so it knows its own sessions. */
const MARK = "awsIdentityEmulatorTrigger";

/** The attach configuration for one worker: VS Code's Node debugger (js-debug) on its inspector port. */
export function attachConfiguration(target: LambdaDebugTarget): vscode.DebugConfiguration {
  const name = target.function.includes(":function:") ? target.function.slice(target.function.indexOf(":function:") + 10) : target.function;
  return {
    type: "node", request: "attach", name: `Cognito trigger: ${name}`, address: "127.0.0.1", port: target.port,
    // The worker that calls the handler is the emulator's, not the user's: step over it.
    continueOnAttach: true, skipFiles: ["<node_internals>/**", "**/lambda-worker.js"], [MARK]: target.pid,
    // Not an app of the user's: no AWS variables to add (app wiring skips configurations that say so).
    awsIdentityEmulator: false,
  };
}

interface Debugging { readonly endpoint: string; readonly adminToken: string; readonly events: ChangeEvents; readonly attached: Set<number> }

export function triggerDebugging({ log, link }: Pick<FeatureDeps, "log"> & { link: Pick<EmulatorLink, "current" | "onDidChange"> }): vscode.Disposable[] {
  let active: Debugging | undefined;
  const sessions = new Set<vscode.DebugSession>();

  const setContext = (on: boolean) => void vscode.commands.executeCommand("setContext", debuggingContextKey, on);

  const attach = async (target: LambdaDebugTarget): Promise<void> => {
    if (!active || active.attached.has(target.pid)) return;
    active.attached.add(target.pid);
    log.info(`Attaching the debugger to ${target.file} (${target.function}, pid ${target.pid}, ${target.inspectorUrl}).`);
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], attachConfiguration(target));
    if (!started) log.warn(`The debugger did not attach to ${target.file}: is the JavaScript debugger (ms-vscode.js-debug) enabled?`);
  };

  const stop = async (notifyEmulator = true): Promise<void> => {
    const was = active;
    active = undefined;
    setContext(false);
    if (!was) return;
    was.events.dispose();
    for (const session of [...sessions]) await vscode.debug.stopDebugging(session);
    if (notifyEmulator) await new AdminClient(was.endpoint, was.adminToken).lambdaDebug(false).catch((err: Error) => log.warn(`Could not stop trigger debugging: ${err.message}`));
    log.info("Cognito triggers run without the debugger again.");
  };

  const debug = async (): Promise<readonly LambdaDebugTarget[]> => {
    let running = link.current;
    if (!running) {
      await vscode.commands.executeCommand("awsIdentityEmulator.start");
      running = link.current;
    }
    if (!running) throw new Error("The emulator is not running: start it, then debug its triggers.");
    await stop(false);
    const client = new AdminClient(running.endpoint, running.adminToken);
    const answer = await client.lambdaDebug(true);
    active = {
      endpoint: running.endpoint, adminToken: running.adminToken, attached: new Set(),
      // Workers that start later (after an edit, or a crash) announce themselves: attach to them too.
      events: new ChangeEvents({
        endpoint: running.endpoint, onChange: () => undefined,
        onEvent: (event, data) => { if (event === "lambda-debug") void attach(JSON.parse(data) as LambdaDebugTarget); },
      }),
    };
    setContext(true);
    if (answer.targets.length === 0) {
      void vscode.window.showWarningMessage("No Cognito trigger runs from a local handler file, so there is nothing to debug here. " +
        "Map functions to files in the awsIdentityEmulator.lambda.handlers setting (or the seed file's \"lambda\" section); " +
        "triggers served by a Lambda endpoint are debugged where that endpoint runs them.", "Open Settings")
        .then((choice) => { if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", "awsIdentityEmulator.lambda"); });
    }
    for (const target of answer.targets) await attach(target);
    return answer.targets;
  };

  return [
    vscode.commands.registerCommand(triggerCommandIds.debug, () => debug().catch((err: Error) => {
      void vscode.window.showErrorMessage(`Debug Cognito Triggers: ${err.message}`);
      return [];
    })),
    vscode.commands.registerCommand(triggerCommandIds.stop, () => stop()),
    vscode.debug.onDidStartDebugSession((session) => { if (session.configuration[MARK] !== undefined) sessions.add(session); }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (!sessions.delete(session)) return;
      // A worker restarted under the debugger can be attached again.
      active?.attached.delete(session.configuration[MARK] as number);
    }),
    // The emulator went away: its workers did too.
    link.onDidChange((current) => { if (!current && active) void stop(false); }),
    { dispose: () => { active?.events.dispose(); active = undefined; } },
  ];
}
