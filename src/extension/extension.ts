// Composition root: the only file that knows every feature. Activation stays cheap (no fork, no I/O)
// unless awsIdentityEmulator.autoStart asks for the emulator at start-up.
import * as vscode from "vscode";
import { EmulatorProcess, type EmulatorApi } from "./emulator-process.js";
import { launchSpecOf, readSettings, settingsChangePrompt } from "./configuration.js";
import { statusBar } from "./status-bar.js";
import { contextKeys } from "./context-keys.js";
import { emulatorCommands } from "./commands/emulator-commands.js";
import type { FeatureDeps } from "./feature-deps.js";
import { EmulatorLink } from "./wiring/emulator-link.js";
import { resourceTree } from "./tree/resource-tree.js";
import { appWiring } from "./wiring/app-wiring.js";
import { policyEditor } from "./editor/index.js";
import { triggerDebugging } from "./triggers/trigger-debugging.js";
import { EmulatorEvents } from "./emulator-events.js";
import { requestsView } from "./requests/requests-view.js";

let emulator: EmulatorProcess | undefined;

export function activate(context: vscode.ExtensionContext): EmulatorApi {
  const log = vscode.window.createOutputChannel("AWS Identity Emulator", { log: true });
  emulator = new EmulatorProcess({ launch: () => launchSpecOf(context), log });
  const deps: FeatureDeps = { context, log, emulator };
  const link = new EmulatorLink(deps); // this window's emulator, or the one another window runs on the same data folder
  const events = new EmulatorEvents(link);
  context.subscriptions.push(
    log,
    emulator,
    ...contextKeys(deps),
    ...statusBar({ ...deps, link }),
    ...emulatorCommands({ ...deps, link }),
    ...settingsChangePrompt(deps),
    link,
    ...resourceTree({ ...deps, link, events }),
    ...appWiring({ ...deps, link }),
    events,
    ...policyEditor({ ...deps, link, events }),
    ...requestsView({ events }),
    ...triggerDebugging({ ...deps, link }),
  );
  // A failure is shown by the `failed` state's message; nothing to catch here.
  // autoStart goes through the Start command, which attaches to another window's emulator instead.
  if (readSettings().autoStart) void vscode.commands.executeCommand("awsIdentityEmulator.start");
  return emulator.api;
}

/** VS Code waits for this promise: the child gets SIGTERM, then SIGKILL after 3 s. */
export function deactivate(): Promise<void> | undefined {
  const stopping = emulator?.dispose();
  emulator = undefined;
  return stopping;
}
