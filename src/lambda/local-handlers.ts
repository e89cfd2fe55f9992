// Runs functions from handler files on this machine, with no Lambda emulator: one worker process per
// function (dist/lambda-worker.js), kept warm between invocations like a Lambda execution environment, one
// invocation at a time, killed when it overruns its timeout. A worker is started afresh when a file in its
// handler's folder changed, so edits apply at the next sign-in. The handler's console output lands in the
// emulator's log. Under debugging each worker opens the inspector and waits for a debugger to attach.
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LambdaHandlerMapping } from "../config.js";
import type { Logger } from "../log.js";
import { FunctionError, functionNameOf, InvocationFailed } from "./invoker.js";
import type { ParentMessage, WorkerMessage, WorkerSpec } from "./worker-protocol.js";

export interface LocalHandlerOptions {
  readonly log: Logger;
  readonly timeoutMs: number;
  /** The worker's entry: dist/lambda-worker.js beside the CLI. */
  readonly workerScript: string;
  /** Node options the worker script itself needs (tests run src/lambda/worker.ts through tsx). */
  readonly workerExecArgv?: readonly string[];
  /** Variables every worker gets besides the emulator's own: the endpoint and credentials for SDK calls back to it. */
  readonly env: (mapping: LambdaHandlerMapping) => Record<string, string>;
  /** How long a module may take to load (Lambda's init phase allows 10 seconds). */
  readonly initTimeoutMs?: number;
  /** How long an invocation waits for a debugger to attach to its worker. */
  readonly attachTimeoutMs?: number;
}

/** A worker waiting for (or attached to) a debugger. */
export interface DebugTarget {
  readonly function: string;
  readonly file: string;
  readonly inspectorUrl: string;
  readonly port: number;
  readonly pid: number;
}

interface Pending { resolve(value: unknown): void; reject(err: Error): void; timer?: NodeJS.Timeout }

class Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly inspector: Promise<DebugTarget | undefined>;
  readonly exited: Promise<void>;
  private readonly pending = new Map<string, Pending>();
  private alive = true;
  private exitCode: number | null = null;

  constructor(readonly mapping: LambdaHandlerMapping, readonly debug: boolean, readonly filesStamp: string, options: LocalHandlerOptions, private readonly log: Logger) {
    const name = functionNameOf(mapping.function);
    const spec: WorkerSpec = {
      file: mapping.file, exportName: mapping.exportName, functionName: name, debug,
      logStreamName: `emulator/[$LATEST]${randomUUID().replaceAll("-", "")}`,
    };
    const execArgv = [...(options.workerExecArgv ?? []), ...loaderArgs(mapping.file)];
    this.child = fork(options.workerScript, [JSON.stringify(spec)], {
      cwd: dirname(mapping.file),
      execArgv,
      env: { ...process.env, ...options.env(mapping) },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    forwardLines(this.child.stdout!, (line) => log.info(`lambda ${name}: ${line}`));
    forwardLines(this.child.stderr!, (line) => log.warn(`lambda ${name}: ${line}`));
    // Exit and the end of the IPC channel both: a result sent just before exiting is read first.
    const exit = new Promise<void>((resolve) => this.child.once("exit", (code, signal) => {
      this.alive = false;
      this.exitCode = code ?? (signal ? 128 : 1);
      resolve();
    }));
    const disconnected = new Promise<void>((resolve) => this.child.once("disconnect", resolve));
    this.exited = Promise.all([exit, disconnected]).then(() => {
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new FunctionError("Runtime.ExitError", `RequestId: ${id} Error: Runtime exited with error: exit status ${this.exitCode}`));
      }
      this.pending.clear();
    });
    this.inspector = new Promise((resolve) => {
      if (!debug) { resolve(undefined); return; }
      this.child.on("message", (m: WorkerMessage) => {
        if (m.type !== "inspector") return;
        const port = Number(/:(\d+)\//.exec(m.url)?.[1] ?? 0);
        resolve({ function: mapping.function, file: mapping.file, inspectorUrl: m.url, port, pid: this.child.pid ?? 0 });
      });
      void this.exited.then(() => resolve(undefined));
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.child.on("message", (m: WorkerMessage) => {
        if (m.type === "ready") resolve();
        else if (m.type === "init-error") {
          log.warn(`lambda ${name}: ${mapping.file}#${mapping.exportName} failed to load: ${m.stack ?? m.errorMessage}`);
          reject(new FunctionError(m.errorType, m.errorMessage));
        } else if (m.type === "result") this.settle(m);
      });
      void this.exited.then(() => reject(new FunctionError("Runtime.ExitError", `Error: Runtime exited with error: exit status ${this.exitCode} before ${mapping.file} was loaded`)));
      this.child.once("error", (err) => reject(new InvocationFailed("unavailable", `Could not start a worker for ${mapping.file}: ${err.message}`)));
    });
    this.ready.catch(() => undefined);
  }

  get running(): boolean { return this.alive; }

  call(functionArn: string, event: unknown, timeoutMs: number | null): Promise<unknown> {
    if (!this.alive) return Promise.reject(new FunctionError("Runtime.ExitError", `Error: Runtime exited with error: exit status ${this.exitCode}`));
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const pending: Pending = { resolve, reject };
      if (timeoutMs !== null) {
        // Wall-clock by design: a deadline for a process, not emulated time.
        pending.timer = setTimeout(() => {
          this.pending.delete(id);
          this.kill();
          reject(new InvocationFailed("timeout", `${functionNameOf(this.mapping.function)} (${this.mapping.file}) did not return within ${timeoutMs / 1000} seconds; its worker was stopped.`));
        }, timeoutMs);
      }
      this.pending.set(id, pending);
      const message: ParentMessage = { type: "invoke", id, awsRequestId: id, invokedFunctionArn: functionArn, event, timeoutMs };
      this.child.send(message);
    });
  }

  private settle(m: Extract<WorkerMessage, { type: "result" }>): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(JSON.parse(m.payload));
    else {
      if (m.fatal) this.alive = false;
      if (m.stack) this.log.info(`lambda ${functionNameOf(this.mapping.function)}: ${m.stack}`);
      p.reject(new FunctionError(m.errorType, m.errorMessage));
    }
  }

  kill(): Promise<void> {
    if (this.alive) this.child.kill("SIGKILL");
    return this.exited;
  }
}

export class LocalHandlers {
  private readonly workers = new Map<string, Worker>();
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly debugListeners = new Set<(target: DebugTarget) => void>();
  private debugging = false;
  private closed = false;

  constructor(private readonly options: LocalHandlerOptions) {}

  get debug(): boolean { return this.debugging; }

  /** Runs the mapped handler with `event`; one invocation at a time per function, in arrival order. */
  invoke(mapping: LambdaHandlerMapping, functionArn: string, event: unknown): Promise<unknown> {
    const key = mapping.function;
    const task = async () => {
      const worker = this.workerFor(mapping);
      await within(worker.ready, this.debugging ? this.options.attachTimeoutMs ?? 120_000 : this.options.initTimeoutMs ?? 10_000, () => {
        if (!this.debugging) void worker.kill();
        return this.debugging
          ? new InvocationFailed("unavailable", `No debugger attached to ${mapping.file}: run "Debug Cognito Triggers" again, or stop debugging to run triggers without one.`)
          : new InvocationFailed("timeout", `${mapping.file} did not finish loading within ${(this.options.initTimeoutMs ?? 10_000) / 1000} seconds.`);
      });
      return worker.call(functionArn, event, this.debugging ? null : this.options.timeoutMs);
    };
    const run = (this.tails.get(key) ?? Promise.resolve()).then(task, task);
    this.tails.set(key, run.catch(() => undefined));
    return run;
  }

  /** A debugger-aware restart: every worker stops; with `enabled`, one starts per mapping and waits for a debugger. */
  async setDebug(enabled: boolean, mappings: readonly LambdaHandlerMapping[]): Promise<DebugTarget[]> {
    this.debugging = enabled;
    await Promise.all([...this.workers.values()].map((w) => w.kill()));
    this.workers.clear();
    if (!enabled) return [];
    const targets = await Promise.all(mappings.map((m) => within(this.workerFor(m).inspector, 10_000, () => undefined).catch(() => undefined)));
    return targets.filter((t): t is DebugTarget => t !== undefined);
  }

  /** Workers started later under debugging (a restart after an edit or a crash) announce themselves here. */
  onDebugTarget(listener: (target: DebugTarget) => void): () => void {
    this.debugListeners.add(listener);
    return () => this.debugListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers.values()].map((w) => w.kill()));
    this.workers.clear();
  }

  private workerFor(mapping: LambdaHandlerMapping): Worker {
    if (this.closed) throw new InvocationFailed("unavailable", "The emulator is shutting down.");
    const stamp = filesStamp(mapping.file);
    const current = this.workers.get(mapping.function);
    if (current && current.running && current.debug === this.debugging && current.mapping.file === mapping.file &&
        current.mapping.exportName === mapping.exportName && (this.debugging || current.filesStamp === stamp)) return current;
    if (current) void current.kill();
    const worker = new Worker(mapping, this.debugging, stamp, this.options, this.options.log);
    this.workers.set(mapping.function, worker);
    if (this.debugging) {
      void worker.inspector.then((target) => {
        if (!target) return;
        this.options.log.info(`lambda ${functionNameOf(mapping.function)}: waiting for a debugger on ${target.inspectorUrl}`);
        for (const listener of this.debugListeners) listener(target);
      });
    }
    return worker;
  }
}

/** Changes when any file beside the handler changes: the worker then restarts with the new code. */
function filesStamp(file: string): string {
  const dir = dirname(file);
  let stamp = "";
  try {
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(c|m)?(j|t)sx?$|\.json$/.test(name)) continue;
      try { stamp += `${name}:${statSync(join(dir, name)).mtimeMs};`; } catch { /* removed meanwhile */ }
    }
  } catch {
    return "";
  }
  return stamp;
}

/** Node options that let the worker load a TypeScript handler: the project's own tsx, or Node's type stripping. */
export function loaderArgs(file: string): string[] {
  if (!/\.(c|m)?tsx?$/.test(file)) return [];
  try {
    return ["--import", pathToFileURL(createRequire(file).resolve("tsx")).href];
  } catch {
    // no tsx in the handler's project
  }
  if ((process.features as { typescript?: unknown }).typescript) return [];
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 6)) return ["--experimental-strip-types"];
  throw new FunctionError("Runtime.ImportModuleError",
    `${file} is TypeScript, which Node.js ${process.version} cannot load by itself: add tsx to its project (npm install --save-dev tsx), or run the emulator on Node.js 22.6 or later.`);
}

function forwardLines(stream: NodeJS.ReadableStream, write: (line: string) => void): void {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) !== -1) {
      const line = buffer.slice(0, nl).replace(/\r$/, "");
      buffer = buffer.slice(nl + 1);
      if (line) write(line);
    }
  });
  stream.on("end", () => { if (buffer) write(buffer); });
}

/** `promise`, or the error `onTimeout` makes after `ms` (wall-clock: a process deadline). */
function within<T>(promise: Promise<T>, ms: number, onTimeout: () => Error | T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      const out = onTimeout();
      if (out instanceof Error) reject(out); else resolve(out);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
