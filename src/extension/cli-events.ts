// The CLI's machine-readable stdout: one JSON object per line, `{"event":"ready",…}` once it listens, or
// `{"event":"error",…}` before a fatal exit. Human log lines go to stderr and are never parsed.
import type { AuthMode, RunningDetails } from "./emulator-state.js";

export interface ReadyEvent extends Omit<RunningDetails, "pid"> {
  event: "ready";
  pid: number;
}

export interface ErrorEvent {
  event: "error";
  /** e.g. "EADDRINUSE" (exit code 3), or another fatal start error (exit code 1). */
  code: string;
  message: string;
  port?: number;
}

export type CliEvent = ReadyEvent | ErrorEvent;

const modes: readonly AuthMode[] = ["none", "authenticate", "enforce"];

/** Parses one stdout line; undefined for anything that is not a well-formed event (it is only logged). */
export function parseCliEvent(line: string): CliEvent | undefined {
  const text = line.trim();
  if (!text.startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.event === "error") {
    if (typeof v.code !== "string" || typeof v.message !== "string") return undefined;
    return {
      event: "error",
      code: v.code,
      message: v.message,
      ...(typeof v.port === "number" ? { port: v.port } : {}),
    };
  }
  if (v.event !== "ready") return undefined;
  const strings = ["endpoint", "host", "accountId", "region", "accessKeyId", "secretAccessKey", "version", "adminToken"] as const;
  if (!strings.every((k) => typeof v[k] === "string")) return undefined;
  if (typeof v.port !== "number" || typeof v.pid !== "number") return undefined;
  if (!modes.includes(v.mode as AuthMode)) return undefined;
  if (v.dataDir !== null && typeof v.dataDir !== "string") return undefined;
  return {
    event: "ready",
    endpoint: v.endpoint as string,
    host: v.host as string,
    port: v.port,
    pid: v.pid,
    mode: v.mode as AuthMode,
    dataDir: (v.dataDir as string | null | undefined) ?? null,
    accountId: v.accountId as string,
    region: v.region as string,
    accessKeyId: v.accessKeyId as string,
    secretAccessKey: v.secretAccessKey as string,
    version: v.version as string,
    adminToken: v.adminToken as string,
  };
}

/** Splits a byte stream into lines, holding a partial last line until its newline arrives. */
export class LineSplitter {
  private pending = "";
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const parts = (this.pending + chunk).split(/\r?\n/);
    this.pending = parts.pop() ?? "";
    for (const line of parts) this.onLine(line);
  }

  /** Delivers a last line that had no newline (the stream ended). */
  flush(): void {
    if (this.pending) this.onLine(this.pending);
    this.pending = "";
  }
}
