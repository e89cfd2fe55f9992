// The emulator this window talks to: its own child while that runs, or (second window of the same
// workspace) the one another window runs on the same data folder. The tree, terminals and debug
// sessions follow this link rather than the process state alone, so a second window shows and uses the
// running emulator instead of failing on its port or lock.
import { existsSync, readFileSync, rmSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { dataDirOf } from "../emulator-settings.js";
import { pathContextOf, readSettings } from "../configuration.js";
import type { FeatureDeps } from "../feature-deps.js";
import type { EmulatorState, RunningDetails } from "../emulator-state.js";
import { endpointFileName, endpointRecordOf, isProcessAlive, parseEndpointRecord, type EndpointRecord } from "./endpoint-file.js";

export type LinkedEmulator = Pick<RunningDetails, "endpoint" | "accessKeyId" | "secretAccessKey" | "region" | "accountId" | "mode" | "pid" | "adminToken"> & {
  readonly dataDir: string | null;
  /** true: another window's emulator. */
  readonly attached: boolean;
};

export const attachedContextKey = "awsIdentityEmulator.attached";

export class EmulatorLink implements vscode.Disposable {
  private linked: LinkedEmulator | undefined;
  private readonly changed = new vscode.EventEmitter<LinkedEmulator | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private watcher: FSWatcher | undefined;
  private written: string | undefined;

  constructor(private readonly deps: Pick<FeatureDeps, "emulator" | "context" | "log">) {
    this.subscriptions.push(deps.emulator.onDidChangeState((s) => this.onState(s)));
    this.onState(deps.emulator.state);
  }

  get current(): LinkedEmulator | undefined {
    return this.linked;
  }

  /** The data folder the settings name now (where a running window leaves its endpoint file). */
  private dataDir(): string | null {
    return dataDirOf(readSettings(), pathContextOf(this.deps.context));
  }

  private onState(s: EmulatorState): void {
    if (s.kind === "running") {
      this.stopWatching();
      this.set({ ...s, attached: false });
      if (s.dataDir) this.writeEndpointFile({ ...s, dataDir: s.dataDir });
      return;
    }
    if (this.written) {
      rmIfOurs(this.written, this.linked?.pid);
      this.written = undefined;
    }
    if (this.linked && !this.linked.attached) this.set(undefined);
    // Stopped or failed (the lock or port taken by another window): look for that window's emulator.
    if (s.kind === "stopped" || s.kind === "failed") void this.recheck();
  }

  /** Attaches to another window's emulator if one runs on our data folder, detaches if it went away. */
  async recheck(): Promise<void> {
    const own = this.deps.emulator.state.kind;
    if (own === "running" || own === "starting") return;
    const dir = this.dataDir();
    if (!dir) return;
    this.watchFolder(dir);
    const record = readRecord(join(dir, endpointFileName));
    const alive = record && isProcessAlive(record.pid) && (await healthy(record));
    if (alive && record) {
      if (this.linked?.attached && this.linked.pid === record.pid) return;
      this.deps.log.info(`Attached to the emulator another window runs on ${record.endpoint} (pid ${record.pid}, data ${record.dataDir}).`);
      this.set({ ...record, attached: true });
    } else if (this.linked?.attached) {
      this.deps.log.info("The emulator of the other window has stopped.");
      this.set(undefined);
    }
  }

  private writeEndpointFile(running: RunningDetails & { dataDir: string }): void {
    const path = join(running.dataDir, endpointFileName);
    try {
      writeFileSync(path, JSON.stringify(endpointRecordOf(running)) + "\n", { mode: 0o600 });
      this.written = path;
    } catch (err) {
      this.deps.log.warn(`Could not write ${path} (other windows will not attach): ${(err as Error).message}`);
    }
  }

  /** While detached, a window starting or stopping its emulator on our folder is seen at once. */
  private watchFolder(dir: string): void {
    if (this.watcher || !existsSync(dir)) return;
    try {
      this.watcher = watch(dir, (_event, name) => {
        if (name === endpointFileName) void this.recheck();
      });
    } catch {
      this.watcher = undefined; // not watchable (network file system): attach happens on the next state change
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private set(next: LinkedEmulator | undefined): void {
    this.linked = next;
    void vscode.commands.executeCommand("setContext", attachedContextKey, next?.attached === true);
    this.changed.fire(next);
  }

  dispose(): void {
    this.stopWatching();
    if (this.written) rmIfOurs(this.written, this.linked?.pid);
    this.subscriptions.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}

function readRecord(path: string): EndpointRecord | undefined {
  try {
    return parseEndpointRecord(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

function rmIfOurs(path: string, pid: number | undefined): void {
  const record = readRecord(path);
  if (record && record.pid !== pid) return;
  rmSync(path, { force: true });
}

async function healthy(record: EndpointRecord): Promise<boolean> {
  try {
    const res = await fetch(`${record.endpoint}/_emulator/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { persistence?: { dataDir?: string | null } };
    return res.ok && body.persistence?.dataDir === record.dataDir;
  } catch {
    return false;
  }
}
