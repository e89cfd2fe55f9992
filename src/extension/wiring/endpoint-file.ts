// How a second window finds the emulator the first one runs on the same data folder: the running window
// writes `emulator-endpoint.json` beside the journal (the CLI ignores files it does not own), and removes
// it when its emulator stops. A window whose own start would fail on the folder's lock reads it instead.
// It carries the admin token, so it is written 0600 in the data folder (0700) only its owner can read.
// No `vscode` import.
import type { AuthMode, RunningDetails } from "../emulator-state.js";

export const endpointFileName = "emulator-endpoint.json";

export interface EndpointRecord {
  readonly pid: number;
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly accountId: string;
  readonly mode: AuthMode;
  readonly dataDir: string;
  readonly version: string;
  readonly adminToken: string;
}

export function endpointRecordOf(running: RunningDetails & { dataDir: string }): EndpointRecord {
  const { pid, endpoint, accessKeyId, secretAccessKey, region, accountId, mode, dataDir, version, adminToken } = running;
  return { pid, endpoint, accessKeyId, secretAccessKey, region, accountId, mode, dataDir, version, adminToken };
}

export function parseEndpointRecord(text: string): EndpointRecord | undefined {
  let v: Record<string, unknown>;
  try { v = JSON.parse(text) as Record<string, unknown>; } catch { return undefined; }
  if (typeof v !== "object" || v === null || typeof v.pid !== "number") return undefined;
  const strings = ["endpoint", "accessKeyId", "secretAccessKey", "region", "accountId", "mode", "dataDir", "version", "adminToken"];
  if (!strings.every((k) => typeof v[k] === "string")) return undefined;
  if (!/^https?:\/\/[^/]+$/.test(v.endpoint as string)) return undefined;
  return v as unknown as EndpointRecord;
}

/** Signal 0 checks that the process exists without touching it; EPERM means it exists under another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
