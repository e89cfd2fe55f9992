// Local handler files run in worker processes: callback, async and TypeScript handlers get the event and a
// Lambda context object; their console lands in the emulator's log; a throw is the function's error; an
// overrun kills the worker; an edit reloads the code; close() leaves no process behind.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import type { LambdaHandlerMapping } from "../../../src/config.js";
import type { Logger } from "../../../src/log.js";
import { FunctionError, InvocationFailed } from "../../../src/lambda/invoker.js";
import { LocalHandlers } from "../../../src/lambda/local-handlers.js";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "lambda");
// The worker bundled as the CLI ships it (node starts it in a fraction of the time tsx would take).
const BUILD = mkdtempSync(join(tmpdir(), "aie-worker-"));
const WORKER = join(BUILD, "lambda-worker.js");
before(() => {
  buildSync({ entryPoints: [join(__dirname, "..", "..", "..", "src", "lambda", "worker.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", outfile: WORKER, logLevel: "warning" });
});
after(() => rmSync(BUILD, { recursive: true, force: true }));
const ARN = "arn:aws:lambda:eu-west-1:000000000000:function:pre-token";

/** A log that keeps its lines; logged(test) resolves once a line passes the test (one already written, or the next). */
function recordingLog(): Logger & { lines: string[]; logged(test: (line: string) => boolean): Promise<void> } {
  const lines: string[] = [];
  const waiting = new Set<{ test: (line: string) => boolean; resolve: () => void }>();
  const at = (level: string) => (m: string) => {
    const line = `${level} ${m}`;
    lines.push(line);
    for (const w of waiting) if (w.test(line)) { waiting.delete(w); w.resolve(); }
  };
  const logged = (test: (line: string) => boolean) =>
    lines.some(test) ? Promise.resolve() : new Promise<void>((resolve) => { waiting.add({ test, resolve }); });
  return { lines, logged, error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug"), enabled: () => true };
}

function runner(log: Logger, timeoutMs = 5000): LocalHandlers {
  return new LocalHandlers({
    log, timeoutMs, workerScript: WORKER,
    env: () => ({ AWS_REGION: "eu-west-1" }),
  });
}

const map = (file: string, exportName = "handler", fn = "pre-token"): LambdaHandlerMapping => ({ function: fn, file: join(FIXTURES, file), exportName });

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe("local handler files", () => {
  const log = recordingLog();
  const handlers = runner(log);
  after(() => handlers.close());

  it("a callback handler gets the event and a Lambda context, and its console reaches the log", async () => {
    const out = await handlers.invoke(map("callback.cjs"), ARN, { userName: "alice" }) as Record<string, any>;
    assert.equal(out.userName, "alice");
    assert.equal(out.seen.functionName, "pre-token");
    assert.equal(out.seen.arn, ARN);
    assert.equal(out.seen.memory, "128");
    assert.equal(out.seen.region, "eu-west-1");
    assert.match(out.seen.requestId, /^[0-9a-f-]{36}$/);
    assert.ok(out.seen.remaining > 4000 && out.seen.remaining <= 5000, `remaining time ${out.seen.remaining}`);
    await log.logged((l) => l === `info lambda pre-token: ${out.seen.requestId}\tINFO\tcallback handler for alice`);
  });

  it("an async ES module export, reached by a dotted path; console.warn is a WARN line", async () => {
    assert.deepEqual(await handlers.invoke(map("async.mjs", "handlers.echo", "echo"), ARN, { a: 1 }), { echoed: { a: 1 } });
    await log.logged((l) => /^warn lambda echo: [0-9a-f-]{36}\tWARN\twarned \{ n: 1 \}$/.test(l));
  });

  it("a TypeScript handler runs through the project's tsx", async () => {
    const event = { request: { userAttributes: { email: "ann@example.com" } } };
    assert.deepEqual(await handlers.invoke(map("typed.ts", "handler", "typed"), ARN, event), { tier: "gold", email: "ann@example.com" });
  });

  it("a thrown error, or an error passed to the callback, is the function's error with Lambda's type and message", async () => {
    await assert.rejects(handlers.invoke(map("async.mjs", "throws", "throws"), ARN, {}),
      (e: unknown) => e instanceof FunctionError && e.errorType === "AccessError" && e.errorMessage === "Email not verified");
    await assert.rejects(handlers.invoke(map("callback.cjs", "fails", "fails"), ARN, {}),
      (e: unknown) => e instanceof FunctionError && e.errorType === "string" && e.errorMessage === "Bad password");
  });

  it("a missing export is Runtime.HandlerNotFound; a missing file Runtime.ImportModuleError", async () => {
    await assert.rejects(handlers.invoke(map("async.mjs", "notAFunction", "nf"), ARN, {}),
      (e: unknown) => e instanceof FunctionError && e.errorType === "Runtime.HandlerNotFound" && e.errorMessage === `${join(FIXTURES, "async.mjs")}#notAFunction is undefined or not exported`);
    await assert.rejects(handlers.invoke(map("nowhere.js", "handler", "gone"), ARN, {}),
      (e: unknown) => e instanceof FunctionError && e.errorType === "Runtime.ImportModuleError" && /Cannot find module/.test(e.errorMessage));
  });

  it("a throw outside the handler's promise ends the invocation with that error; the next call gets a fresh worker", async () => {
    const crash = map("async.mjs", "crashes", "crashy");
    await assert.rejects(handlers.invoke(crash, ARN, {}), (e: unknown) => e instanceof FunctionError && e.errorType === "TypeError" && e.errorMessage === "boom later");
    await assert.rejects(handlers.invoke(crash, ARN, {}), (e: unknown) => e instanceof FunctionError && e.errorMessage === "boom later");
  });
});

describe("deadlines, edits and shutdown", () => {
  it("an invocation that overruns the timeout fails as a timeout and its worker is killed", async () => {
    const log = recordingLog();
    const handlers = runner(log, 300);
    try {
      const slow = map("async.mjs", "slow", "slow");
      await assert.rejects(handlers.invoke(slow, ARN, {}),
        (e: unknown) => e instanceof InvocationFailed && e.kind === "timeout" && e.reason === `slow (${join(FIXTURES, "async.mjs")}) did not return within 0.3 seconds; its worker was stopped.`);
      // The queue moves on: the next call of another function is not held up.
      assert.deepEqual(await handlers.invoke(map("async.mjs", "handlers.echo", "slow"), ARN, 1), { echoed: 1 });
    } finally {
      await handlers.close();
    }
  });

  it("an edited handler runs its new code at the next invocation; close() stops every worker", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aie-handler-"));
    const file = join(dir, "h.cjs");
    const handlers = runner(recordingLog());
    try {
      writeFileSync(file, "exports.handler = async () => ({ version: 1, pid: process.pid });\n");
      const first = await handlers.invoke({ function: "h", file, exportName: "handler" }, ARN, {}) as { version: number; pid: number };
      assert.equal(first.version, 1);
      const again = await handlers.invoke({ function: "h", file, exportName: "handler" }, ARN, {}) as { pid: number };
      assert.equal(again.pid, first.pid, "a warm worker is reused");
      copyFileSync(file, join(dir, "backup.cjs")); // any change in the folder counts
      writeFileSync(file, "exports.handler = async () => ({ version: 2, pid: process.pid });\n");
      const edited = await handlers.invoke({ function: "h", file, exportName: "handler" }, ARN, {}) as { version: number; pid: number };
      assert.equal(edited.version, 2);
      assert.notEqual(edited.pid, first.pid);
      await handlers.close(); // resolves once every worker has exited
      assert.equal(alive(edited.pid), false);
      await assert.rejects(handlers.invoke({ function: "h", file, exportName: "handler" }, ARN, {}), (e: unknown) => e instanceof InvocationFailed && e.kind === "unavailable");
    } finally {
      await handlers.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
