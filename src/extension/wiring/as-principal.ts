// Apps run under the identity they will have in production: "Open Terminal as…" gives a terminal the keys of a
// user or a role session (and nothing of the window's own AWS variables), "Debug as…" starts a launch
// configuration with them; a launch configuration can ask for it itself with "awsIdentityEmulator":
// { "principal": "app-role" }. In enforce mode the emulator then allows exactly what that principal may do.
import * as vscode from "vscode";
import { listPrincipals } from "../../editor-core/principal-policies.js";
import { pickPrincipalFrom, principalName } from "../editor/principal-source.js";
import type { TreeNode } from "../tree/tree-model.js";
import { awsEnvironment, principalShell } from "./aws-environment.js";
import type { EmulatorLink, LinkedEmulator } from "./emulator-link.js";
import { resolvePrincipal, type PrincipalCredentialStore, type PrincipalCredentials } from "./principal-credentials.js";

export const asPrincipalCommandIds = {
  openTerminal: "awsIdentityEmulator.openTerminalAsPrincipal",
  debug: "awsIdentityEmulator.debugAsPrincipal",
  treeOpenTerminal: "awsIdentityEmulator.tree.openTerminal",
  treeDebug: "awsIdentityEmulator.tree.debug",
} as const;

/** Set once an app ran as a principal: the walkthrough's step completes on it, after the picker is done. */
const ranAsPrincipalContextKey = "awsIdentityEmulator.ranAsPrincipal";

/** The launch attribute that names the principal a debug session runs as. */
export interface LaunchPrincipal { principal: string }

export function launchPrincipalOf(config: vscode.DebugConfiguration): string | undefined {
  const v = config.awsIdentityEmulator as unknown;
  return v && typeof v === "object" && typeof (v as LaunchPrincipal).principal === "string" ? (v as LaunchPrincipal).principal : undefined;
}

export interface AsPrincipalDeps {
  link: Pick<EmulatorLink, "current">;
  credentials: PrincipalCredentialStore;
  log: vscode.LogOutputChannel;
}

type Target = { principalArn?: string } | TreeNode | undefined;

const notRunning = "The AWS Identity Emulator is not running. Start it first (AWS Identity Emulator: Start Emulator).";

export function asPrincipal(deps: AsPrincipalDeps): vscode.Disposable[] {
  const arnOf = (target: Target): string | undefined => {
    if (!target) return undefined;
    if ("ref" in target) return target.ref.type === "user" || target.ref.type === "role" ? target.ref.arn : undefined;
    return target.principalArn;
  };

  const pick = async (emulator: LinkedEmulator, title: string): Promise<string | undefined> => {
    const principals = await listPrincipals(emulator.endpoint);
    if (!principals.length) {
      void vscode.window.showInformationMessage("The emulator has no users or roles yet: create one in the AWS Identity Emulator view first.");
      return undefined;
    }
    return pickPrincipalFrom(principals, title);
  };

  const credentialsFor = async (target: Target, title: string): Promise<PrincipalCredentials | undefined> => {
    const emulator = deps.link.current;
    if (!emulator) { void vscode.window.showWarningMessage(notRunning); return undefined; }
    const arn = arnOf(target) ?? await pick(emulator, title);
    if (!arn) return undefined;
    return deps.credentials.credentials(emulator, arn);
  };

  const openTerminal = async (target?: Target): Promise<vscode.Terminal | undefined> => {
    const c = await credentialsFor(target, "Open a terminal as which principal?");
    if (!c) return undefined;
    const name = principalName(c.principalArn);
    const terminal = vscode.window.createTerminal({
      name: `AWS as ${name}`,
      ...principalShell(awsEnvironment(c), vscode.env.shell || process.env.SHELL || "/bin/sh"),
      iconPath: new vscode.ThemeIcon(/:role\//.test(c.principalArn) ? "account" : "person"),
      message: `AWS variables point at ${c.endpoint} as ${c.principalArn}${c.expires ? ` (a role session until ${c.expires})` : ""}.`,
    });
    terminal.show();
    deps.log.info(`Opened a terminal as ${c.principalArn}.`);
    void vscode.commands.executeCommand("setContext", ranAsPrincipalContextKey, true);
    return terminal;
  };

  const debug = async (target?: Target, preset?: { configuration?: string }): Promise<boolean> => {
    const emulator = deps.link.current;
    if (!emulator) { void vscode.window.showWarningMessage(notRunning); return false; }
    const arn = arnOf(target) ?? await pick(emulator, "Debug as which principal?");
    if (!arn) return false;
    const folder = vscode.workspace.workspaceFolders?.[0];
    const configurations = vscode.workspace.getConfiguration("launch", folder).get<vscode.DebugConfiguration[]>("configurations", []);
    if (!configurations.length) {
      const add = "Add a launch configuration";
      const choice = await vscode.window.showInformationMessage(
        `No launch configuration to run as ${principalName(arn)}. Add one to .vscode/launch.json that runs as this principal?`, add);
      if (choice !== add || !folder) return false;
      await addLaunchConfiguration(folder, arn);
      return false;
    }
    const chosen = preset?.configuration ? configurations.find((c) => c.name === preset.configuration)
      : configurations.length === 1 ? configurations[0]
        : (await vscode.window.showQuickPick(configurations.map((c) => ({ label: c.name, description: c.type, c })), { title: `Debug as ${principalName(arn)}: which launch configuration?` }))?.c;
    if (!chosen) return false;
    void vscode.commands.executeCommand("setContext", ranAsPrincipalContextKey, true);
    return vscode.debug.startDebugging(folder, { ...chosen, awsIdentityEmulator: { principal: arn } satisfies LaunchPrincipal });
  };

  return [
    vscode.commands.registerCommand(asPrincipalCommandIds.openTerminal, (t?: Target) => guard(deps.log, () => openTerminal(t))),
    vscode.commands.registerCommand(asPrincipalCommandIds.debug, (t?: Target, preset?: { configuration?: string }) => guard(deps.log, () => debug(t, preset))),
    vscode.commands.registerCommand(asPrincipalCommandIds.treeOpenTerminal, (t?: Target) => guard(deps.log, () => openTerminal(t))),
    vscode.commands.registerCommand(asPrincipalCommandIds.treeDebug, (t?: Target) => guard(deps.log, () => debug(t))),
  ];
}

/** The credentials a launch configuration asks for with "awsIdentityEmulator": { "principal": … }. */
export async function launchCredentials(deps: AsPrincipalDeps, config: vscode.DebugConfiguration): Promise<PrincipalCredentials | "cancel" | undefined> {
  const wanted = launchPrincipalOf(config);
  const emulator = deps.link.current;
  if (!wanted || !emulator) return undefined;
  const arn = await resolvePrincipal(emulator, wanted);
  if (!arn) {
    void vscode.window.showErrorMessage(`Launch "${config.name}" runs as "${wanted}", which the emulator does not know: name a user or role (alice, role/app, or an ARN).`);
    return "cancel";
  }
  return (await deps.credentials.credentials(emulator, arn)) ?? "cancel";
}

async function addLaunchConfiguration(folder: vscode.WorkspaceFolder, arn: string): Promise<void> {
  const launch = vscode.workspace.getConfiguration("launch", folder);
  const configurations = launch.get<vscode.DebugConfiguration[]>("configurations", []);
  const name = principalName(arn);
  await launch.update("configurations", [...configurations, {
    type: "node", request: "launch", name: `Run as ${name}`, program: "${file}",
    awsIdentityEmulator: { principal: /:role\//.test(arn) ? `role/${name}` : name },
  }], vscode.ConfigurationTarget.WorkspaceFolder);
  await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, ".vscode", "launch.json"));
}

async function guard<T>(log: vscode.LogOutputChannel, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (err) {
    log.error(`Running as a principal failed: ${(err as Error).stack ?? String(err)}`);
    void vscode.window.showErrorMessage(`AWS Identity Emulator: ${(err as Error).message}`);
    return undefined;
  }
}
