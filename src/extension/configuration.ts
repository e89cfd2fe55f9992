// Reads the `awsIdentityEmulator.*` settings from VS Code and turns them into a launch of the bundled CLI;
// also the one place that writes a setting back (the port picked by "Use another port").
import { homedir } from "node:os";
import * as vscode from "vscode";
import { childEnvOf, cliArgsOf, dataDirOf, defaultSettings, type EmulatorSettings, type PathContext } from "./emulator-settings.js";
import type { LaunchSpec } from "./emulator-process.js";
import type { FeatureDeps } from "./feature-deps.js";

export const section = "awsIdentityEmulator";

export function readSettings(): EmulatorSettings {
  const c = vscode.workspace.getConfiguration(section);
  const get = <K extends keyof EmulatorSettings>(key: K): EmulatorSettings[K] => c.get(key, defaultSettings[key]);
  return {
    port: get("port"),
    host: get("host"),
    mode: get("mode"),
    dataDir: get("dataDir"),
    persist: get("persist"),
    seed: get("seed"),
    accountId: get("accountId"),
    region: get("region"),
    logLevel: get("logLevel"),
    autoStart: get("autoStart"),
    lambdaHandlers: c.get("lambda.handlers", defaultSettings.lambdaHandlers),
    lambdaEndpoint: c.get("lambda.endpoint", defaultSettings.lambdaEndpoint),
    lambdaTimeoutSeconds: c.get("lambda.timeoutSeconds", defaultSettings.lambdaTimeoutSeconds),
    allowedOrigins: get("allowedOrigins"),
    allowedHosts: get("allowedHosts"),
    upstream: get("upstream"),
  };
}

export function pathContextOf(context: vscode.ExtensionContext): PathContext {
  return {
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    // Per workspace when a folder is open; otherwise the extension's global storage.
    storageDir: (context.storageUri ?? context.globalStorageUri).fsPath,
    homeDir: homedir(),
  };
}

export function launchSpecOf(context: vscode.ExtensionContext): LaunchSpec {
  const settings = readSettings();
  const paths = pathContextOf(context);
  return {
    cliPath: vscode.Uri.joinPath(context.extensionUri, "dist", "cli.js").fsPath,
    args: cliArgsOf(settings, paths),
    env: childEnvOf(process.env),
    dataDir: dataDirOf(settings, paths),
    port: settings.port,
  };
}

/** Saves the port for this workspace (user settings when no folder is open). */
export async function savePort(port: number): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(section).update("port", port, target);
}

/**
 * A running emulator keeps the flags it started with; when the settings now mean other flags, offer the
 * restart that applies them. (Comparing flags, not change events, ignores a port that "Use another port"
 * saved for the run that is already using it.)
 */
export function settingsChangePrompt({ context, emulator }: Pick<FeatureDeps, "context" | "emulator">): vscode.Disposable[] {
  return [
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(section) || emulator.state.kind !== "running") return;
      const wanted = launchSpecOf(context).args;
      if (JSON.stringify(wanted) === JSON.stringify(emulator.args)) return;
      const choice = await vscode.window.showInformationMessage(
        "AWS Identity Emulator settings changed. Restart the emulator to apply them.",
        "Restart",
      );
      if (choice === "Restart") await emulator.restart().catch(() => undefined);
    }),
  ];
}
