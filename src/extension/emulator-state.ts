// The emulator child's lifecycle as data: the states, and the one table of edges between them.
// No `vscode` import, so the table is unit-tested with node:test.

export type AuthMode = "none" | "authenticate" | "enforce";

/**
 * What a user can do about a failure; the welcome view, the status bar and the notification offer it.
 * choosePort: another process holds the port. settings: a setting names something unusable (CONFIG).
 * repair: the saved state is damaged (`repair` keeps what precedes the damage). restart: it crashed while
 * running. openLog: anything else, where the log says why.
 */
export type FailureFix = "choosePort" | "settings" | "repair" | "restart" | "openLog";

export interface RunningDetails {
  pid: number;
  endpoint: string;
  host: string;
  port: number;
  mode: AuthMode;
  /** null when the emulator keeps its state in memory (`persist: false`). */
  dataDir: string | null;
  accountId: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  version: string;
  /** What the emulator's /_emulator/ endpoints that act require in authenticate and enforce modes. */
  adminToken: string;
}

export type EmulatorState =
  | { kind: "stopped" }
  | { kind: "starting"; pid: number }
  | ({ kind: "running" } & RunningDetails)
  | { kind: "stopping"; pid: number }
  | { kind: "failed"; reason: string; fix?: FailureFix; port?: number };

export type StateKind = EmulatorState["kind"];

/** Every allowed edge. Anything else is a bug in EmulatorProcess, and moveTo throws. */
export const transitions: Readonly<Record<StateKind, readonly StateKind[]>> = {
  stopped: ["starting", "failed"], // failed: fork itself threw (e.g. dist/cli.js missing)
  starting: ["running", "stopping", "failed"],
  running: ["stopping", "failed"], // failed: the child exited without being asked to
  stopping: ["stopped"],
  failed: ["starting", "stopped"], // stopped: the user dismissed the failure with Stop
};

export function canMove(from: StateKind, to: StateKind): boolean {
  return transitions[from].includes(to);
}
