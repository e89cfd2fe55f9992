// The extension in a real VS Code: commands, the state machine behind them, the status bar's menu, and the
// exported API, against the real bundled CLI. Run by ../runTest.ts (@vscode/test-electron + mocha, TDD).
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import * as vscode from "vscode";
import type { EmulatorApi } from "../../../src/extension/emulator-process.js";
import type { EmulatorState } from "../../../src/extension/emulator-state.js";
import { statusBarViewOf } from "../../../src/extension/status-bar-view.js";

const extensionId = "aws-identity-emulator.aws-identity-emulator";
const section = "awsIdentityEmulator";

async function health(endpoint: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${endpoint}/_emulator/health`);
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, unknown>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function running(api: EmulatorApi): Extract<EmulatorState, { kind: "running" }> {
  const s = api.getState();
  assert.equal(s.kind, "running", `expected running, got ${JSON.stringify(s)}`);
  return s as Extract<EmulatorState, { kind: "running" }>;
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
}

suite("AWS Identity Emulator extension", () => {
  let api: EmulatorApi;
  const kinds: string[] = [];

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<EmulatorApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed`);
    api = await extension.activate();
    api.onDidChangeState((s) => kinds.push(s.kind));
  });

  setup(async () => {
    // Port 0: any free port, so tests never meet a real emulator on 4566.
    await setSetting("port", 0);
    kinds.length = 0;
  });

  teardown(async () => {
    await api.stop();
    for (const key of ["port", "mode", "persist"]) await setSetting(key, undefined);
  });

  test("contributes Start, Stop, Restart and Show Log", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ["start", "stop", "restart", "showLog"]) assert.ok(commands.includes(`${section}.${id}`), id);
  });

  test("is stopped after activation: activating forks nothing", () => {
    assert.deepEqual(api.getState(), { kind: "stopped" });
  });

  test("Start Emulator moves stopped → starting → running, and the endpoint answers", async () => {
    const state = (await vscode.commands.executeCommand(`${section}.start`)) as EmulatorState;
    assert.deepEqual(kinds, ["starting", "running"]);
    assert.equal(state.kind, "running");
    const s = running(api);
    assert.equal(s.endpoint, `http://127.0.0.1:${s.port}`);
    const body = await health(s.endpoint);
    assert.equal(body.status, "ok");
    assert.equal(body.mode, "none");
    // State goes to the extension's storage for this workspace.
    assert.match(String(s.dataDir), /workspaceStorage[\\/][^\\/]+[\\/]aws-identity-emulator\.aws-identity-emulator[\\/]emulator-state$/);
    assert.equal(statusBarViewOf(s).text, `$(shield) AWS IAM: running on :${s.port}`);
  });

  test("ensureRunning shares one start between concurrent callers", async () => {
    const [a, b] = await Promise.all([api.ensureRunning(), api.ensureRunning()]);
    assert.deepEqual(a, b);
    assert.deepEqual(Object.keys(a).sort(), ["accessKeyId", "adminToken", "endpoint", "region", "secretAccessKey"]);
    assert.match(a.adminToken, /^[\w-]{43}$/);
    assert.equal(a.accessKeyId, "test");
    assert.equal(a.region, "us-east-1");
    assert.deepEqual(kinds, ["starting", "running"]);
  });

  test("Restart Emulator replaces the process", async () => {
    await api.ensureRunning();
    const first = running(api).pid;
    await vscode.commands.executeCommand(`${section}.restart`);
    const second = running(api).pid;
    assert.notEqual(second, first);
    assert.equal(isAlive(first), false);
    assert.deepEqual(kinds, ["starting", "running", "stopping", "stopped", "starting", "running"]);
  });

  test("Stop Emulator stops the child and leaves no process", async () => {
    await api.ensureRunning();
    const { pid, endpoint } = running(api);
    await vscode.commands.executeCommand(`${section}.stop`);
    assert.deepEqual(api.getState(), { kind: "stopped" });
    assert.equal(isAlive(pid), false);
    await assert.rejects(fetch(`${endpoint}/_emulator/health`));
  });

  test("settings become the CLI's flags", async () => {
    await setSetting("mode", "authenticate");
    await setSetting("persist", false);
    const s = (await vscode.commands.executeCommand(`${section}.start`)) as EmulatorState;
    assert.equal(s.kind, "running");
    const body = await health(running(api).endpoint);
    assert.equal(body.mode, "authenticate");
    assert.deepEqual(body.persistence, { kind: "memory", dataDir: null, state: "ok" });
    assert.equal(running(api).dataDir, null);
  });

  test("a taken port fails naming it, and Use Another Port saves a free one and runs there", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      await setSetting("port", taken);
      const failed = (await vscode.commands.executeCommand(`${section}.start`)) as EmulatorState;
      assert.deepEqual(failed, { kind: "failed", reason: `Port ${taken} is in use by another process.`, fix: "choosePort", port: taken });
      assert.equal(statusBarViewOf(failed).text, "$(error) AWS IAM: failed");

      await vscode.commands.executeCommand(`${section}.useAnotherPort`, { free: true });
      const s = running(api);
      assert.notEqual(s.port, taken);
      assert.equal(vscode.workspace.getConfiguration(section).inspect<number>("port")?.workspaceValue, s.port);
      assert.deepEqual(kinds, ["starting", "failed", "stopped", "starting", "running"]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test("the status bar's menu offers Start when stopped, and picking it starts the emulator", async () => {
    const menu = vscode.commands.executeCommand(`${section}.statusBarMenu`);
    // The quick pick opens with its first item, Start Emulator, selected.
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
    await menu;
    assert.equal(running(api).kind, "running");
  });
});
