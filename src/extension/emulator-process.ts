// The emulator as a child process of the extension host, and the one state machine that the status bar,
// context keys, notifications and the exported API listen to. No `vscode` import: the event type below is
// structurally a vscode.Event, so this class runs (and is tested) under plain Node too.
import { fork as nodeFork, type ChildProcess, type ForkOptions } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { LineSplitter, parseCliEvent, type ErrorEvent } from "./cli-events.js";
import { canMove, type EmulatorState, type FailureFix } from "./emulator-state.js";

export interface Disposable {
  dispose(): unknown;
}
/** Same shape as vscode.Event: subscribing returns what unsubscribes. */
export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

/** What the process writes to; a vscode.LogOutputChannel fits. */
export interface EmulatorLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** How to run the CLI this time; read again on every start, so changed settings apply on restart. */
export interface LaunchSpec {
  cliPath: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Created before the fork, so a bad path fails here with a message naming it. */
  dataDir: string | null;
  /** The port asked for (0 = any), named in the message when it is taken. */
  port: number;
}

export interface EmulatorProcessOptions {
  launch: () => LaunchSpec;
  log: EmulatorLog;
  /** Between SIGTERM and SIGKILL on stop. */
  stopGraceMs?: number;
  /** A child that has not printed its ready line by then is killed and reported. */
  startTimeoutMs?: number;
  fork?: (modulePath: string, args: string[], options: ForkOptions) => ChildProcess;
}

export type RunningState = Extract<EmulatorState, { kind: "running" }>;
export type FailedState = Extract<EmulatorState, { kind: "failed" }>;

/** What a client needs to talk to the emulator. */
export interface EmulatorConnection {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** For the emulator's own endpoints that act (/_emulator/call, reset, clock, cognito/codes): Authorization: Bearer adminToken. */
  adminToken: string;
}

/** The API other extensions get from `extensions.getExtension(…).activate()`. */
export interface EmulatorApi {
  getState(): EmulatorState;
  onDidChangeState: Event<EmulatorState>;
  /** Starts the emulator unless it runs already; concurrent callers share one start. */
  ensureRunning(): Promise<EmulatorConnection>;
  stop(): Promise<void>;
}

/** A start that ended in `failed`; the state carries the reason shown to the user. */
export class EmulatorStartError extends Error {
  constructor(readonly state: FailedState | { kind: "stopped" | "stopping" }, message: string) {
    super(message);
    this.name = "EmulatorStartError";
  }
}

class Emitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  constructor(private readonly onListenerError: (err: unknown) => void) {}

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = (e: T) => listener.call(thisArgs, e);
    this.listeners.add(bound);
    const subscription = { dispose: () => this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      // One broken listener must not keep the state from the others; its error is logged, not swallowed.
      try {
        listener(value);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

export class EmulatorProcess implements Disposable {
  private current: EmulatorState = { kind: "stopped" };
  private readonly emitter: Emitter<EmulatorState>;
  private child: ChildProcess | undefined;
  private childArgs: readonly string[] | undefined;
  private pendingStart: Promise<RunningState> | undefined;
  private settleStart: { resolve(s: RunningState): void; reject(e: Error): void } | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly stopGraceMs: number;
  private readonly startTimeoutMs: number;
  private readonly forkFn: NonNullable<EmulatorProcessOptions["fork"]>;
  private disposed = false;

  constructor(private readonly options: EmulatorProcessOptions) {
    this.stopGraceMs = options.stopGraceMs ?? 3000;
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.forkFn = options.fork ?? nodeFork;
    this.emitter = new Emitter((err) => options.log.error(`A listener of the emulator state failed: ${String(err)}`));
  }

  readonly onDidChangeState: Event<EmulatorState> = (listener, thisArgs, disposables) =>
    this.emitter.event(listener, thisArgs, disposables);

  get state(): EmulatorState {
    return this.current;
  }

  /** The flags the current child was started with; undefined when there is no child. */
  get args(): readonly string[] | undefined {
    return this.child ? this.childArgs : undefined;
  }

  readonly api: EmulatorApi = {
    getState: () => this.current,
    onDidChangeState: this.onDidChangeState,
    ensureRunning: async () => {
      const s = await this.start();
      return { endpoint: s.endpoint, accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, region: s.region, adminToken: s.adminToken };
    },
    stop: () => this.stop(),
  };

  /** Idempotent: resolves with the running state, or rejects with an EmulatorStartError. */
  start(): Promise<RunningState> {
    const s = this.current;
    if (this.disposed) return Promise.reject(new Error("The emulator extension is shutting down."));
    if (s.kind === "running") return Promise.resolve(s);
    if (s.kind === "starting" && this.pendingStart) return this.pendingStart;
    if (s.kind === "stopping") return this.exited.then(() => this.start());
    return this.launch();
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the child has exited. */
  stop(): Promise<void> {
    const s = this.current;
    if (s.kind === "failed") this.moveTo({ kind: "stopped" });
    if ((s.kind === "starting" || s.kind === "running") && this.child) {
      const child = this.child;
      this.moveTo({ kind: "stopping", pid: s.pid });
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        this.options.log.warn(`The emulator (pid ${s.pid}) did not exit ${this.stopGraceMs} ms after SIGTERM; sending SIGKILL.`);
        child.kill("SIGKILL");
      }, this.stopGraceMs);
      void this.exited.then(() => clearTimeout(timer));
    }
    return this.exited;
  }

  async restart(): Promise<RunningState> {
    await this.stop();
    return this.start();
  }

  /** Deactivation: stop the child so no emulator outlives the window. */
  dispose(): Promise<void> {
    const stopped = this.stop();
    this.disposed = true;
    this.emitter.clear();
    return stopped;
  }

  private launch(): Promise<RunningState> {
    let spec: LaunchSpec;
    try {
      spec = this.options.launch();
      if (!existsSync(spec.cliPath)) {
        throw new Error(`The emulator's entry point ${spec.cliPath} is missing: rebuild the extension (npm run build).`);
      }
      if (spec.dataDir !== null) {
        try {
          mkdirSync(spec.dataDir, { recursive: true });
        } catch (err) {
          throw new Error(`The data folder ${spec.dataDir} cannot be created (${(err as Error).message}): set awsIdentityEmulator.dataDir to a folder you own, or turn off awsIdentityEmulator.persist.`);
        }
      }
    } catch (err) {
      return this.failBeforeFork((err as Error).message);
    }

    this.options.log.info(`Starting the emulator: ${spec.cliPath} ${spec.args.join(" ")}`);
    let child: ChildProcess;
    try {
      // execArgv []: never hand the extension host's own flags (inspector, loaders) to the CLI.
      child = this.forkFn(spec.cliPath, spec.args, { execArgv: [], env: spec.env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
    } catch (err) {
      return this.failBeforeFork(`The emulator could not be started: ${(err as Error).message}`);
    }
    this.child = child;
    this.childArgs = [...spec.args];
    let resolveExited!: () => void;
    this.exited = new Promise((r) => (resolveExited = r));
    this.pendingStart = new Promise<RunningState>((resolve, reject) => (this.settleStart = { resolve, reject }));
    // Callers that ignore the promise (a status bar click) must not produce an unhandled rejection; the
    // failure reaches the user through the `failed` state.
    this.pendingStart.catch(() => undefined);
    this.moveTo({ kind: "starting", pid: child.pid ?? 0 });

    let errorEvent: ErrorEvent | undefined;
    let timedOut = false;
    const startTimer = setTimeout(() => {
      if (this.child === child && this.current.kind === "starting") {
        timedOut = true;
        child.kill("SIGKILL");
      }
    }, this.startTimeoutMs);
    // If the extension host itself exits, take the child along rather than leave an orphan on the port.
    const killOnHostExit = () => child.kill("SIGKILL");
    process.once("exit", killOnHostExit);

    const stdout = new LineSplitter((line) => {
      const event = parseCliEvent(line);
      if (event?.event === "ready") {
        clearTimeout(startTimer);
        if (this.child !== child || this.current.kind !== "starting") return;
        const { event: _event, ...details } = event;
        const running: RunningState = { kind: "running", ...details, pid: child.pid ?? event.pid };
        this.options.log.info(`The emulator is ready on ${running.endpoint} (pid ${running.pid}, mode ${running.mode}, data ${running.dataDir ?? "in memory"}).`);
        this.moveTo(running);
        this.settleStart?.resolve(running);
        this.settleStart = undefined;
      } else if (event?.event === "error") {
        // The CLI has written the same message to stderr, where it was logged already.
        errorEvent = event;
      } else if (line.trim()) {
        this.options.log.info(line);
      }
    });
    const stderr = new LineSplitter((line) => {
      if (!line.trim()) return;
      const { level, message } = stderrLineOf(line);
      this.options.log[level](message);
    });
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => stdout.push(chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));

    let finished = false;
    const finish = (how: string, code: number | null) => {
      if (finished) return;
      finished = true;
      stdout.flush();
      stderr.flush();
      clearTimeout(startTimer);
      process.removeListener("exit", killOnHostExit);
      if (this.child === child) this.child = undefined;
      const before = this.current;
      this.options.log.info(`The emulator process exited (${how}).`);
      if (before.kind === "stopping") {
        this.moveTo({ kind: "stopped" });
        this.settleStart?.reject(new EmulatorStartError({ kind: "stopped" }, "The emulator was stopped before it was ready."));
      } else if (before.kind === "starting" || before.kind === "running") {
        const failed = failureOf(before.kind, how, code, errorEvent, timedOut, this.startTimeoutMs, spec.port);
        // An error the CLI reported is in the log already (its stderr); say only what the log lacks.
        if (!errorEvent) this.options.log.error(failed.reason);
        this.moveTo(failed);
        this.settleStart?.reject(new EmulatorStartError(failed, failed.reason));
      }
      this.settleStart = undefined;
      this.pendingStart = undefined;
      resolveExited();
    };
    child.on("close", (code, signal) => finish(signal ? `signal ${signal}` : `code ${code}`, code));
    child.on("error", (err) => {
      // A spawn failure never produces 'close'; an error after spawn (a failed kill) is only logged.
      if (child.pid === undefined) finish(`could not spawn: ${err.message}`, null);
      else this.options.log.warn(`The emulator process reported: ${err.message}`);
    });
    return this.pendingStart;
  }

  private failBeforeFork(reason: string): Promise<RunningState> {
    const failed: FailedState = { kind: "failed", reason, fix: "openLog" };
    this.options.log.error(reason);
    this.moveTo(failed);
    return Promise.reject(new EmulatorStartError(failed, reason));
  }

  private moveTo(next: EmulatorState): void {
    if (!canMove(this.current.kind, next.kind)) {
      throw new Error(`EmulatorProcess: no edge ${this.current.kind} → ${next.kind}`);
    }
    this.current = next;
    this.emitter.fire(next);
  }
}

/** Why a child that was not asked to stop has exited, in words a user can act on. */
function failureOf(
  was: "starting" | "running",
  how: string,
  code: number | null,
  errorEvent: ErrorEvent | undefined,
  timedOut: boolean,
  startTimeoutMs: number,
  port: number,
): FailedState {
  if (errorEvent?.code === "EADDRINUSE" || code === 3) {
    const taken = errorEvent?.port ?? port;
    return { kind: "failed", reason: `Port ${taken} is in use by another process.`, fix: "choosePort", port: taken };
  }
  if (errorEvent) {
    const fix = errorEvent.code === "CONFIG" ? "settings" : errorEvent.code === "DATA_DAMAGED" ? "repair" : "openLog";
    return { kind: "failed", reason: errorEvent.message, fix };
  }
  if (timedOut) {
    return { kind: "failed", reason: `The emulator did not report ready within ${startTimeoutMs / 1000} s and was stopped.`, fix: "openLog" };
  }
  if (was === "starting") return { kind: "failed", reason: `The emulator exited before it was ready: ${exitWords(how, code)}.`, fix: "openLog" };
  return { kind: "failed", reason: `The emulator stopped unexpectedly: ${exitWords(how, code)}.`, fix: "restart" };
}

/** "it exited with code 7", "it was killed (SIGKILL: out of memory, or another program ended it)". */
export function exitWords(how: string, code: number | null): string {
  const signal = /^signal (\w+)$/.exec(how)?.[1];
  if (signal === "SIGKILL") return "it was killed (SIGKILL: out of memory, or another program ended it)";
  if (signal === "SIGTERM" || signal === "SIGINT") return `another program stopped it (${signal})`;
  if (signal) return `it ended on ${signal}`;
  if (/^could not spawn/.test(how)) return how;
  return code === 0 ? "it exited without an error (code 0)" : `it exited with code ${code}`;
}

/**
 * A child's stderr line at its own level. The CLI writes `<ISO time> LEVEL  message`; the log channel
 * stamps its own time and level, so both are taken off rather than shown twice.
 */
export function stderrLineOf(line: string): { level: "error" | "warn" | "info" | "debug"; message: string } {
  const m = /^(?:\d{4}-\d\d-\d\dT\S+\s+)?(ERROR|WARN|INFO|DEBUG)\b\s*(.*)$/.exec(line);
  if (!m) return { level: "info", message: line };
  return { level: m[1].toLowerCase() as "error" | "warn" | "info" | "debug", message: m[2] };
}
