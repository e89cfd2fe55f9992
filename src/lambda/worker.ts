// The child process one local handler runs in (bundled as dist/lambda-worker.js, forked by
// local-handlers.ts): it loads the module once, then runs one invocation at a time with a Lambda context
// object, as the Node.js runtime calls a handler (async, or with a callback). Console output goes to
// stdout as "<request id>\t<LEVEL>\t<message>", the way Lambda writes it; the emulator logs each line.
// Under "Debug Cognito triggers" it opens the inspector and waits for the debugger before loading the
// module, so breakpoints anywhere in the handler's source bind before its first line runs.
import * as inspector from "node:inspector";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import type { ParentMessage, WorkerMessage, WorkerSpec } from "./worker-protocol.js";

const spec = JSON.parse(process.argv[2] ?? "{}") as WorkerSpec;
let currentRequest = "";
let currentInvocation: string | undefined;

function send(message: WorkerMessage, then?: () => void): void {
  process.send?.(message, undefined, undefined, then ? () => then() : undefined);
}

// Lambda's levels for the console methods.
const LEVELS = { log: "INFO", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG", trace: "TRACE" } as const;
for (const [method, level] of Object.entries(LEVELS) as [keyof typeof LEVELS, string][]) {
  console[method] = (...args: unknown[]) => {
    const stream = level === "ERROR" || level === "WARN" ? process.stderr : process.stdout;
    stream.write(`${currentRequest || "INIT"}\t${level}\t${format(...args)}\n`);
    // Under a debugger the Debug Console shows it too (inspector.console reaches only the debugger).
    if (spec.debug) (inspector.console[method] as (...a: unknown[]) => void)(...args);
  };
}

function errorFields(err: unknown): { errorType: string; errorMessage: string; stack?: string } {
  if (err instanceof Error) return { errorType: err.name || err.constructor?.name || "Error", errorMessage: err.message, stack: err.stack };
  if (typeof err === "string") return { errorType: "string", errorMessage: err };
  return { errorType: typeof err, errorMessage: (() => { try { return JSON.stringify(err); } catch { return String(err); } })() };
}

// A throw outside the handler's promise (a timer, an event handler) ends the invocation as Lambda's
// runtime does: reported as the function's error, then the process exits and the next call starts afresh.
function fatal(err: unknown): void {
  const fields = errorFields(err);
  console.error(fields.stack ?? `${fields.errorType}: ${fields.errorMessage}`);
  if (currentInvocation) send({ type: "result", id: currentInvocation, ok: false, ...fields, fatal: true }, () => process.exit(1));
  else process.exit(1);
}
process.on("uncaughtException", fatal);
process.on("unhandledRejection", (reason) => fatal(reason instanceof Error ? reason : Object.assign(new Error(String(reason)), { name: "Runtime.UnhandledPromiseRejection" })));
// The emulator went away (or stopped us): so do we.
process.on("disconnect", () => process.exit(0));

type Handler = (event: unknown, context: Record<string, unknown>, callback: (err?: unknown, value?: unknown) => void) => unknown;

function exportOf(module: Record<string, unknown>, path: string): unknown {
  const walk = (root: unknown) => path.split(".").reduce<unknown>((at, key) => (at !== null && typeof at === "object") || typeof at === "function" ? (at as Record<string, unknown>)[key] : undefined, root);
  return walk(module) ?? walk(module.default);
}

async function load(): Promise<Handler> {
  const module = await import(pathToFileURL(spec.file).href) as Record<string, unknown>;
  const handler = exportOf(module, spec.exportName);
  if (typeof handler !== "function") {
    throw Object.assign(new Error(`${spec.file}#${spec.exportName} is undefined or not exported`), { name: "Runtime.HandlerNotFound" });
  }
  return handler as Handler;
}

function run(handler: Handler, event: unknown, context: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(value);
    };
    // The legacy completion methods some handlers still use.
    Object.assign(context, {
      done: finish, succeed: (value: unknown) => finish(null, value), fail: (err: unknown) => finish(err ?? new Error("handled")),
    });
    const out = handler(event, context, finish);
    if (out !== null && typeof out === "object" && typeof (out as Promise<unknown>).then === "function") {
      (out as Promise<unknown>).then((value) => finish(null, value), (err: unknown) => finish(err ?? new Error("Rejected with no reason")));
    } else if (handler.length < 3) {
      finish(null, out);
    }
  });
}

async function main(): Promise<void> {
  if (spec.debug) {
    inspector.open(0, "127.0.0.1", false);
    // The message must leave before waitForDebugger blocks this thread.
    await new Promise<void>((resolve) => send({ type: "inspector", url: inspector.url() ?? "" }, resolve));
    inspector.waitForDebugger();
  }
  let handler: Handler;
  try {
    handler = await load();
  } catch (err) {
    const fields = errorFields(err);
    send({ type: "init-error", ...fields, errorType: fields.errorType.startsWith("Runtime.") ? fields.errorType : "Runtime.ImportModuleError" });
    return;
  }
  send({ type: "ready" });
  process.on("message", (message: ParentMessage) => {
    if (message.type !== "invoke") return;
    const started = performance.now();
    currentRequest = message.awsRequestId;
    currentInvocation = message.id;
    const context: Record<string, unknown> = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: spec.functionName,
      functionVersion: "$LATEST",
      invokedFunctionArn: message.invokedFunctionArn,
      memoryLimitInMB: "128",
      awsRequestId: message.awsRequestId,
      logGroupName: `/aws/lambda/${spec.functionName}`,
      logStreamName: spec.logStreamName,
      // Monotonic, not the wall clock: the emulator's clock may be moved by tests.
      getRemainingTimeInMillis: () => message.timeoutMs === null ? 900_000 : Math.max(0, Math.round(message.timeoutMs - (performance.now() - started))),
    };
    run(handler, message.event, context).then(
      (value) => {
        let payload: string;
        try { payload = JSON.stringify(value === undefined ? null : value); }
        catch (err) { send({ type: "result", id: message.id, ok: false, errorType: "Runtime.MarshalError", errorMessage: (err as Error).message }); return; }
        send({ type: "result", id: message.id, ok: true, payload });
      },
      (err: unknown) => send({ type: "result", id: message.id, ok: false, ...errorFields(err) }),
    ).finally(() => { currentInvocation = undefined; currentRequest = ""; });
  });
}

void main();
