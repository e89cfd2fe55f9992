// Apps started from VS Code reach the emulator with no setup: terminals get the AWS variables while it
// runs (VS Code's environment variable collection, removed when it stops), debug launches of any type get
// them too (opt out per launch with "awsIdentityEmulator": false), "Configure AWS Profile" writes a named
// profile for shells outside VS Code, and "Copy Environment Variables" gives the lines for any shell.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import * as vscode from "vscode";
import { section } from "../configuration.js";
import type { FeatureDeps } from "../feature-deps.js";
import { awsEnvironment, exportLines, type EmulatorEndpoint, type ShellKind } from "./aws-environment.js";
import { awsFilePaths, isValidProfileName, profileFiles } from "./aws-profile-files.js";
import type { EmulatorLink } from "./emulator-link.js";
import { asPrincipal, launchCredentials, type AsPrincipalDeps } from "./as-principal.js";
import { PrincipalCredentialStore } from "./principal-credentials.js";

export const wiringCommandIds = {
  configureProfile: "awsIdentityEmulator.configureAwsProfile",
  copyEnvironment: "awsIdentityEmulator.copyEnvironmentVariables",
} as const;

export interface WiringDeps extends Pick<FeatureDeps, "context" | "log"> {
  link: EmulatorLink;
}

export function appWiring(deps: WiringDeps): vscode.Disposable[] {
  const asDeps = { link: deps.link, log: deps.log, credentials: new PrincipalCredentialStore(deps.context.secrets, deps.log) };
  return [
    ...terminalEnvironment(deps),
    ...debugEnvironment(deps, asDeps),
    ...asPrincipal(asDeps),
    vscode.commands.registerCommand(wiringCommandIds.configureProfile, (credentials?: Partial<EmulatorEndpoint>, name?: string) => configureProfile(deps, credentials, name)),
    vscode.commands.registerCommand(wiringCommandIds.copyEnvironment, (credentials?: Partial<EmulatorEndpoint>, shell?: ShellKind) => copyEnvironment(deps, credentials, shell)),
  ];
}

const setting = <T>(key: string, fallback: T): T => vscode.workspace.getConfiguration(section).get<T>(key, fallback);

function terminalEnvironment({ context, link }: WiringDeps): vscode.Disposable[] {
  const collection = context.environmentVariableCollection;
  // Never restored from a previous session: the emulator may not be running after a reload.
  collection.persistent = false;
  const apply = () => {
    collection.clear();
    const current = link.current;
    if (!current || !setting("wireTerminals", true)) return;
    collection.description = new vscode.MarkdownString(`AWS variables pointing at the AWS Identity Emulator on ${current.endpoint}`);
    for (const [k, v] of Object.entries(awsEnvironment(current))) collection.replace(k, v);
  };
  apply();
  return [
    link.onDidChange(apply),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(`${section}.wireTerminals`)) apply(); }),
  ];
}

/** The property a resolved launch carries so its Debug Console can say which variables it got. */
const injectedNote = "awsIdentityEmulatorNote";

function debugEnvironment({ link, log }: WiringDeps, asDeps: AsPrincipalDeps): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugConfigurationProvider("*", {
      async resolveDebugConfiguration(_folder, config) {
        const current = link.current;
        if (!current || !setting("wireDebugSessions", true) || config.awsIdentityEmulator === false) return config;
        // An attach (a debugger's own child session among them) joins a process whose environment is set.
        if (config.request === "attach") return config;
        const as = await launchCredentials(asDeps, config);
        if (as === "cancel") return undefined; // the launch named a principal that cannot be had: do not run it as root
        // What the launch config sets itself wins over ours.
        config.env = { ...awsEnvironment(as ?? current), ...(config.env ?? {}) };
        const who = as ? as.principalArn : `the account root (${current.accessKeyId})`;
        config[injectedNote] = `AWS Identity Emulator: AWS_ENDPOINT_URL=${current.endpoint}, credentials of ${who}.`;
        log.info(`Debug session "${config.name}": AWS variables point at ${current.endpoint} as ${who}.`);
        return config;
      },
    }),
    // The Run view's hint: the session's Debug Console says what it was given.
    vscode.debug.onDidStartDebugSession((session) => {
      const note = session.configuration[injectedNote];
      // A debugger's child session (js-debug's per process) inherits the program's environment: no second note.
      if (typeof note === "string" && !session.parentSession && vscode.debug.activeDebugSession === session) vscode.debug.activeDebugConsole.appendLine(note);
    }),
  ];
}

/** The credentials to write: given ones (a new access key) over the emulator's root ones. */
function endpointFor(link: EmulatorLink, given?: Partial<EmulatorEndpoint>): EmulatorEndpoint | undefined {
  const current = link.current;
  if (!current) return undefined;
  return { endpoint: current.endpoint, region: current.region, accessKeyId: given?.accessKeyId ?? current.accessKeyId, secretAccessKey: given?.secretAccessKey ?? current.secretAccessKey };
}

const notRunning = "The AWS Identity Emulator is not running. Start it first (AWS Identity Emulator: Start Emulator).";

async function configureProfile({ link, log }: WiringDeps, given?: Partial<EmulatorEndpoint>, presetName?: string): Promise<string | undefined> {
  const e = endpointFor(link, given);
  if (!e) return void vscode.window.showWarningMessage(notRunning);
  const name = presetName ?? await vscode.window.showInputBox({
    title: "Configure AWS Profile",
    prompt: "Profile name to write in ~/.aws/config and ~/.aws/credentials (other profiles are kept as they are)",
    value: setting("profileName", "emulator"),
    validateInput: (v) => (isValidProfileName(v) ? undefined : "Letters, digits and . _ - + @ only."),
  });
  if (!name) return undefined;
  const paths = awsFilePaths();
  const read = (p: string) => { try { return readFileSync(p, "utf8"); } catch { return ""; } };
  const next = profileFiles(name, e, { config: read(paths.config), credentials: read(paths.credentials) });
  for (const [path, text, mode] of [[paths.config, next.config, 0o644], [paths.credentials, next.credentials, 0o600]] as const) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, text, { mode });
    if (path === paths.credentials) chmodSync(path, 0o600);
  }
  log.info(`Wrote profile ${name} to ${paths.config} and ${paths.credentials}.`);
  const copy = "Copy command";
  // Not awaited: the command resolves once the files are written, whatever the person does with the message.
  void vscode.window.showInformationMessage(
    `Profile "${name}" points at ${e.endpoint}. Use it with: aws --profile ${name} sts get-caller-identity, or AWS_PROFILE=${name} for SDKs.`, copy,
  ).then((choice) => (choice === copy ? vscode.env.clipboard.writeText(`aws --profile ${name} sts get-caller-identity`) : undefined));
  return name;
}

const shells: ReadonlyArray<{ label: string; shell: ShellKind }> = [
  { label: "bash / zsh / sh", shell: "posix" },
  { label: "fish", shell: "fish" },
  { label: "PowerShell", shell: "powershell" },
  { label: "cmd.exe", shell: "cmd" },
];

async function copyEnvironment({ link }: WiringDeps, given?: Partial<EmulatorEndpoint>, presetShell?: ShellKind): Promise<string | undefined> {
  const e = endpointFor(link, given);
  if (!e) return void vscode.window.showWarningMessage(notRunning);
  const shell = presetShell ?? (await vscode.window.showQuickPick(shells, { title: "Copy Environment Variables for…" }))?.shell;
  if (!shell) return undefined;
  const text = exportLines(awsEnvironment(e), shell);
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage("Copied the AWS variables for the emulator", 3000);
  return text;
}
