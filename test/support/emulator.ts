// Spawns the real CLI (dist/cli.js) on a free loopback port with a temp data dir, waits for its ready
// line, and cleans both up. One emulator per test file: `const emu = useEmulator();` at the top level.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";

export const CLI = join(__dirname, "..", "..", "dist", "cli.js");

export interface ReadyLine {
  event: "ready"; endpoint: string; port: number; pid: number; mode: string; dataDir: string | null;
  accountId: string; region: string; accessKeyId: string; secretAccessKey: string; version: string;
}

export interface EmulatorProcess {
  readonly child: ChildProcess;
  readonly ready: ReadyLine;
  readonly dataDir: string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in the log, as soon as the line arrives (no polling). */
  waitForLog(pattern: RegExp, limitMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  args?: string[];
  dataDir?: string;
  env?: Record<string, string>;
}

export async function spawnEmulator(options: SpawnOptions = {}): Promise<EmulatorProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "aie-test-"));
  const child = spawn(process.execPath, [CLI, "--port", "0", "--data-dir", dataDir, "--log-level", "warn", ...(options.args ?? [])], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl === -1) return;
      child.stdout!.off("data", onData);
      const line = JSON.parse(out.slice(0, nl));
      if (line.event === "ready") resolve(line);
      else reject(new Error(`emulator failed to start: ${out.slice(0, nl)}\n${err}`));
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code} before ready:\n${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
  const waitForLog = (pattern: RegExp, limitMs = 10_000) => new Promise<RegExpMatchArray>((resolve, reject) => {
    const check = () => {
      const m = err.match(pattern);
      if (!m) return false;
      child.stderr!.off("data", onData);
      clearTimeout(timer);
      resolve(m);
      return true;
    };
    const onData = () => { check(); };
    // A bound, not a wait: the line comes with the response's log, or something is wrong.
    const timer = setTimeout(() => { child.stderr!.off("data", onData); reject(new Error(`no log line matching ${pattern} within ${limitMs} ms:\n${err}`)); }, limitMs);
    child.stderr!.on("data", onData);
    check();
  });
  return {
    child, ready, dataDir, waitForLog,
    stderr: () => err,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface UseEmulator {
  /** The running process (valid inside tests). */
  readonly process: EmulatorProcess;
  readonly endpoint: string;
  /** Config for SDK v3 clients: endpoint, region, root credentials. */
  readonly clientConfig: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  readonly env: Record<string, string>;
}

/**
 * Registers before/after hooks that start one emulator for the enclosing test file or suite. Options may be
 * computed in the before hook (a server the emulator must know the address of is started there).
 */
export function useEmulator(options: SpawnOptions | (() => Promise<SpawnOptions>) = {}): UseEmulator {
  let proc: EmulatorProcess | undefined;
  let ownDataDir = false;
  before(async () => {
    const resolved = typeof options === "function" ? await options() : options;
    ownDataDir = !resolved.dataDir;
    proc = await spawnEmulator(resolved);
  });
  after(async () => {
    if (!proc) return;
    await proc.stop();
    if (ownDataDir) rmSync(proc.dataDir, { recursive: true, force: true });
  });
  const get = () => { if (!proc) throw new Error("emulator not started: use it inside a test"); return proc; };
  return {
    get process() { return get(); },
    get endpoint() { return get().ready.endpoint; },
    get clientConfig() {
      const r = get().ready;
      return { endpoint: r.endpoint, region: r.region, credentials: { accessKeyId: r.accessKeyId, secretAccessKey: r.secretAccessKey } };
    },
    get env() {
      const r = get().ready;
      return {
        AWS_ENDPOINT_URL: r.endpoint, AWS_ACCESS_KEY_ID: r.accessKeyId, AWS_SECRET_ACCESS_KEY: r.secretAccessKey,
        AWS_REGION: r.region, AWS_DEFAULT_REGION: r.region, AWS_PAGER: "", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      };
    },
  };
}
