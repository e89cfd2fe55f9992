// Save State As…, Load State… and Export as Seed File… on the tree's title menu: the emulator's state file
// (docs/testing.md) to keep or share, and the human-editable seed shape a team commits and starts from.
// Each command takes an optional argument with its answers (a path, whether to keep secrets, a
// confirmation), so tests and tasks run it without dialogs.
import * as vscode from "vscode";
import type { AdminClient } from "./admin-client.js";
import type { ResourceTreeProvider } from "./resource-tree.js";
import type { EmulatorLink } from "../wiring/emulator-link.js";

export const stateCommandIds = {
  saveState: "awsIdentityEmulator.tree.saveState",
  loadState: "awsIdentityEmulator.tree.loadState",
  exportSeed: "awsIdentityEmulator.tree.exportSeed",
} as const;

export interface StateFileDeps {
  readonly provider: ResourceTreeProvider;
  readonly link: EmulatorLink;
  readonly log: vscode.LogOutputChannel;
}

const nameOf = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf("/") + 1);
const inWorkspace = (name: string): vscode.Uri | undefined => {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder && vscode.Uri.joinPath(folder, name);
};
const jsonBytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value, null, 2) + "\n", "utf8");

export function stateFileCommands({ provider, link, log }: StateFileDeps): vscode.Disposable[] {
  const client = (): AdminClient => {
    if (!provider.client) throw new Error("The AWS Identity Emulator is not running. Start it first.");
    return provider.client;
  };
  const target = async (path: string | undefined, name: string, title: string): Promise<vscode.Uri | undefined> =>
    path ? vscode.Uri.file(path) : vscode.window.showSaveDialog({ title, defaultUri: inWorkspace(name), filters: { JSON: ["json"] } });

  const saveState = async (preset?: { path?: string; secrets?: boolean }) => {
    const uri = await target(preset?.path, "emulator-state.json", "Save Emulator State");
    if (!uri) return;
    const secrets = preset?.secrets ?? (await vscode.window.showQuickPick([
      { label: "Include secrets", detail: "Access key secrets, password verifiers, signing keys: the state works as it is when loaded.", secrets: true },
      { label: "Leave secrets out", detail: "To share or commit: loading it makes new ones, and credentials must be set again.", secrets: false },
    ], { title: "Save Emulator State" }))?.secrets;
    if (secrets === undefined) return;
    const state = await client().exportState({ secrets });
    await vscode.workspace.fs.writeFile(uri, jsonBytes(state));
    void vscode.window.showInformationMessage(`Saved the emulator's state to ${nameOf(uri)}${secrets ? "" : " (without secrets)"}.`);
    return uri.fsPath;
  };

  const loadState = async (preset?: { path?: string; confirmed?: boolean }) => {
    const uri = preset?.path ? vscode.Uri.file(preset.path)
      : (await vscode.window.showOpenDialog({ title: "Load Emulator State", defaultUri: inWorkspace(""), filters: { JSON: ["json"] }, canSelectMany: false }))?.[0];
    if (!uri) return;
    let file: { accountId?: string };
    try {
      file = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString("utf8"));
    } catch (err) {
      throw new Error(`${nameOf(uri)} is not a JSON file: ${(err as Error).message}`);
    }
    if (!preset?.confirmed) {
      const what = file?.accountId ? `account ${file.accountId}'s users, roles, policies and pools` : "everything the emulator holds";
      const ok = await vscode.window.showWarningMessage(`Replace ${what} with the state in ${nameOf(uri)}?`, { modal: true }, "Load");
      if (ok !== "Load") return;
    }
    const result = await client().importState(file);
    await provider.reload();
    void vscode.window.showInformationMessage(`Loaded ${nameOf(uri)}: ${result.rows} records${result.accountId ? ` into account ${result.accountId}` : ""}.`);
    return result.rows;
  };

  const exportSeed = async (preset?: { path?: string }) => {
    const { seed, leftOut } = await client().exportSeed(link.current?.accountId);
    const uri = await target(preset?.path, "seed.json", "Export as Seed File");
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, jsonBytes(seed));
    const message = `Wrote ${nameOf(uri)}: start from it with the awsIdentityEmulator.seed setting or --seed.` +
      (leftOut.length ? ` A seed file cannot hold: ${leftOut.join("; ")}.` : "");
    if (!preset) {
      void vscode.window.showInformationMessage(message, "Open").then((choice) => {
        if (choice === "Open") void vscode.window.showTextDocument(uri);
      });
    }
    return { path: uri.fsPath, leftOut };
  };

  const commands = { saveState, loadState, exportSeed };
  return Object.entries(commands).map(([key, handler]) =>
    vscode.commands.registerCommand(stateCommandIds[key as keyof typeof commands], async (...args: unknown[]) => {
      // From the view's title menu the first argument is not ours; from executeCommand it is the preset.
      const preset = args.find((a) => typeof a === "object" && a !== null && !("ref" in a)) as never;
      try {
        return await handler(preset);
      } catch (err) {
        log.warn(`${key}: ${(err as Error).message}`);
        void vscode.window.showErrorMessage(`AWS Identity Emulator: ${(err as Error).message}`);
        return undefined;
      }
    }));
}
