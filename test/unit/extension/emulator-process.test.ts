import { describe, it, afterEach } from "node:test";
import assert from "node:assert/strict";
import { fork, type ChildProcess, type ForkOptions } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorProcess, EmulatorStartError, stderrLineOf, type EmulatorLog, type LaunchSpec } from "../../../src/extension/emulator-process.js";
import type { EmulatorState } from "../../../src/extension/emulator-state.js";

const fakeCli = join(__dirname, "fixtures", "fake-cli.mjs");

interface Harness {
  emulator: EmulatorProcess;
  states: string[];
  logs: string[];
  forks: { args: string[]; options: ForkOptions }[];
}

const made: EmulatorProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((e) => e.dispose()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function harness(behave: string, overrides: Partial<LaunchSpec> = {}, timing: { stopGraceMs?: number; startTimeoutMs?: number } = {}): Harness {
  const states: string[] = [];
  const logs: string[] = [];
  const forks: Harness["forks"] = [];
  const log: EmulatorLog = {
    debug: (m) => logs.push(`debug ${m}`),
    info: (m) => logs.push(`info ${m}`),
    warn: (m) => logs.push(`warn ${m}`),
    error: (m) => logs.push(`error ${m}`),
  };
  const emulator = new EmulatorProcess({
    log,
    ...timing,
    launch: () => ({ cliPath: fakeCli, args: ["--port", "4566", "--behave", behave], env: process.env, dataDir: null, port: 4566, ...overrides }),
    fork: (path: string, args: string[], options: ForkOptions): ChildProcess => {
      forks.push({ args, options });
      return fork(path, args, options);
    },
  });
  emulator.onDidChangeState((s: EmulatorState) => states.push(s.kind === "failed" ? `failed:${s.fix}` : s.kind));
  made.push(emulator);
  return { emulator, states, logs, forks };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("EmulatorProcess", () => {
  it("moves starting → running on the ready line and exposes its connection", async () => {
    const h = harness("ready");
    const running = await h.emulator.start();
    assert.deepEqual(h.states, ["starting", "running"]);
    assert.equal(running.endpoint, "http://127.0.0.1:4566");
    assert.equal(running.port, 4566);
    assert.equal(running.mode, "none");
    assert.equal(running.dataDir, null);
    assert.deepEqual(await h.emulator.api.ensureRunning(), {
      endpoint: "http://127.0.0.1:4566", accessKeyId: "test", secretAccessKey: "test", region: "us-east-1", adminToken: "admin-token-0123456789",
    });
    assert.equal(h.emulator.api.getState(), h.emulator.state);
  });

  it("forks without the host's execArgv, with the launch's args and an IPC channel", async () => {
    const h = harness("ready");
    await h.emulator.start();
    assert.equal(h.forks.length, 1);
    assert.deepEqual(h.forks[0].options.execArgv, []);
    assert.deepEqual(h.forks[0].options.stdio, ["ignore", "pipe", "pipe", "ipc"]);
    assert.ok(h.logs.includes('info fake cli args=["--port","4566","--behave","ready"] execArgv=[]'), h.logs.join("\n"));
    assert.ok(h.logs.includes("info a line that is not an event"));
  });

  it("shares one child between concurrent starts", async () => {
    const h = harness("ready");
    const [a, b, c] = await Promise.all([h.emulator.start(), h.emulator.start(), h.emulator.api.ensureRunning()]);
    assert.equal(h.forks.length, 1);
    assert.equal(a.pid, b.pid);
    assert.equal(c.endpoint, a.endpoint);
    assert.deepEqual(h.states, ["starting", "running"]);
  });

  it("stops with SIGTERM and leaves no process", async () => {
    const h = harness("ready");
    const { pid } = await h.emulator.start();
    assert.deepEqual(h.emulator.args, ["--port", "4566", "--behave", "ready"]);
    await h.emulator.stop();
    assert.equal(h.emulator.args, undefined);
    assert.deepEqual(h.states, ["starting", "running", "stopping", "stopped"]);
    assert.equal(isAlive(pid), false);
    assert.ok(h.logs.includes("info The emulator process exited (code 0)."), h.logs.join("\n"));
  });

  it("sends SIGKILL when the child ignores SIGTERM past the grace period", async () => {
    const h = harness("ignore-term", {}, { stopGraceMs: 150 });
    const { pid } = await h.emulator.start();
    await h.emulator.stop();
    assert.equal(h.emulator.state.kind, "stopped");
    assert.equal(isAlive(pid), false);
    assert.ok(h.logs.some((l) => l.startsWith("warn The emulator (pid") && l.endsWith("sending SIGKILL.")), h.logs.join("\n"));
    assert.ok(h.logs.includes("info The emulator process exited (signal SIGKILL)."));
  });

  it("restarts as a new process", async () => {
    const h = harness("ready");
    const first = await h.emulator.start();
    const second = await h.emulator.restart();
    assert.notEqual(second.pid, first.pid);
    assert.equal(isAlive(first.pid), false);
    assert.deepEqual(h.states, ["starting", "running", "stopping", "stopped", "starting", "running"]);
  });

  it("reports a taken port by number, with the choosePort fix", async () => {
    const h = harness("in-use");
    await assert.rejects(h.emulator.start(), (e: unknown) => e instanceof EmulatorStartError && e.message === "Port 4566 is in use by another process.");
    assert.deepEqual(h.emulator.state, { kind: "failed", reason: "Port 4566 is in use by another process.", fix: "choosePort", port: 4566 });
    assert.deepEqual(h.states, ["starting", "failed:choosePort"]);
  });

  it("reports another fatal start error with the CLI's own message", async () => {
    const h = harness("fatal");
    await assert.rejects(h.emulator.start(), EmulatorStartError);
    assert.deepEqual(h.emulator.state, { kind: "failed", reason: "Seed file /x/seed.json: users[0].access_key_id is missing.", fix: "openLog" });
  });

  it("gives the exit, not the last log line, when the child dies before it is ready", async () => {
    const h = harness("crash-before-ready");
    await assert.rejects(h.emulator.start(), EmulatorStartError);
    assert.deepEqual(h.emulator.state, { kind: "failed", reason: "The emulator exited before it was ready: it exited with code 2.", fix: "openLog" });
    assert.ok(h.logs.includes("info Error: cannot read data dir"), "the child's own words stay in the log");
  });

  it("moves running → failed with the Restart fix when the child exits on its own", async () => {
    const h = harness("crash-after-ready");
    await h.emulator.start();
    const failed = await new Promise<EmulatorState>((resolve) => h.emulator.onDidChangeState((s) => s.kind === "failed" && resolve(s)));
    assert.deepEqual(failed, { kind: "failed", reason: "The emulator stopped unexpectedly: it exited with code 7.", fix: "restart" });
    assert.ok(h.logs.includes("error journal is corrupt"), "a child's ERROR line keeps its level");
  });

  it("says a killed child was killed, and why that happens", async () => {
    const h = harness("ready");
    const running = await h.emulator.start();
    const failed = new Promise<EmulatorState>((resolve) => h.emulator.onDidChangeState((s) => s.kind === "failed" && resolve(s)));
    process.kill(running.pid, "SIGKILL");
    assert.deepEqual(await failed, { kind: "failed", reason: "The emulator stopped unexpectedly: it was killed (SIGKILL: out of memory, or another program ended it).", fix: "restart" });
  });

  it("offers the fix the CLI's error code calls for, and logs each failure once", async () => {
    const config = harness("config-error");
    await assert.rejects(config.emulator.start());
    assert.deepEqual(config.emulator.state, { kind: "failed", reason: "--region must not be empty.", fix: "settings" });
    const damaged = harness("damaged");
    await assert.rejects(damaged.emulator.start());
    assert.equal((damaged.emulator.state as { fix?: string }).fix, "repair");
    const inUse = harness("in-use");
    await assert.rejects(inUse.emulator.start());
    const lines = inUse.logs.filter((l) => /in use/.test(l));
    assert.deepEqual(lines, ["error Port 4566 is in use by another process. Stop it, or set awsIdentityEmulator.port and start again."], inUse.logs.join("\n"));
    assert.equal(new Set(inUse.logs).size, inUse.logs.length, `no line twice:\n${inUse.logs.join("\n")}`);
  });

  it("kills a child that never reports ready", async () => {
    const h = harness("hang", {}, { startTimeoutMs: 300 });
    await assert.rejects(h.emulator.start(), EmulatorStartError);
    assert.deepEqual(h.emulator.state, { kind: "failed", reason: "The emulator did not report ready within 0.3 s and was stopped.", fix: "openLog" });
  });

  it("starts again from failed, and stop() clears a failure", async () => {
    const h = harness("fatal");
    await assert.rejects(h.emulator.start());
    await h.emulator.stop();
    assert.deepEqual(h.states, ["starting", "failed:openLog", "stopped"]);
  });

  it("rejects the pending start when stopped before ready", async () => {
    const h = harness("hang");
    const starting = h.emulator.start();
    await h.emulator.stop();
    await assert.rejects(starting, (e: unknown) => e instanceof EmulatorStartError && e.message === "The emulator was stopped before it was ready.");
    assert.deepEqual(h.states, ["starting", "stopping", "stopped"]);
  });

  it("fails without forking when the bundled CLI is missing", async () => {
    const h = harness("ready", { cliPath: "/nonexistent/dist/cli.js" });
    await assert.rejects(h.emulator.start(), EmulatorStartError);
    assert.equal(h.forks.length, 0);
    assert.deepEqual(h.emulator.state, {
      kind: "failed", fix: "openLog",
      reason: "The emulator's entry point /nonexistent/dist/cli.js is missing: rebuild the extension (npm run build).",
    });
  });

  it("creates the data folder before the fork", async () => {
    const root = mkdtempSync(join(tmpdir(), "emulator-process-"));
    dirs.push(root);
    const dataDir = join(root, "a", "b");
    const h = harness("ready", { dataDir });
    await h.emulator.start();
    assert.equal(existsSync(dataDir), true);
  });

  it("keeps notifying other listeners when one throws, and logs the error", async () => {
    const h = harness("ready");
    h.emulator.onDidChangeState(() => {
      throw new Error("listener broke");
    });
    await h.emulator.start();
    assert.deepEqual(h.states, ["starting", "running"]);
    assert.ok(h.logs.includes("error A listener of the emulator state failed: Error: listener broke"));
  });

  it("stops the child on dispose and refuses to start after", async () => {
    const h = harness("ready");
    const { pid } = await h.emulator.start();
    await h.emulator.dispose();
    assert.equal(isAlive(pid), false);
    await assert.rejects(h.emulator.start(), /shutting down/);
  });
});

describe("stderrLineOf", () => {
  it("takes the CLI's own time and level off, keeping the level", () => {
    assert.deepEqual(stderrLineOf("2026-11-29T08:33:41.560Z WARN  enforce behaves as authenticate"), { level: "warn", message: "enforce behaves as authenticate" });
    assert.deepEqual(stderrLineOf("DEBUG POST / 200"), { level: "debug", message: "POST / 200" });
  });

  it("logs anything else (a Node stack line) as info, unchanged", () => {
    assert.deepEqual(stderrLineOf("    at Object.<anonymous> (/x/cli.js:1:1)"), { level: "info", message: "    at Object.<anonymous> (/x/cli.js:1:1)" });
  });
});
