// End to end in a real VS Code (code-server 4.100 = VS Code 1.100) driven by headless Chromium: the packaged
// .vsix, installed into a fresh profile, run from the command palette as a user would.
//
//   node test/e2e/code-server.test.mjs          (packages the .vsix first with `npm run package`)
//   E2E_VSIX=path/to.vsix node test/e2e/code-server.test.mjs
//
// Needs: Debian's chromium, ripgrep and libkrb5-dev (test/e2e/install-code-server.sh installs them and
// code-server into ~/.cache on first run, about 2 minutes). Screenshots go to test-artifacts/e2e/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateUserCommand, IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { argvOf, cliPidsUnder, openCodeServer } from "./code-server-session.mjs";
import { exactly, until, workbench } from "./workbench-ui.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = join(root, "test-artifacts", "e2e");
const verbose = process.env.E2E_VERBOSE === "1";

/** An unsigned STS call, as the seed documents' curl examples make it (mode none accepts it). */
async function callerArn(port) {
  const res = await fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "Action=GetCallerIdentity&Version=2011-06-15",
  });
  assert.equal(res.status, 200);
  return /<Arn>([^<]+)<\/Arn>/.exec(await res.text())?.[1];
}

async function health(port) {
  const res = await fetch(`http://127.0.0.1:${port}/_emulator/health`);
  return { status: res.status, body: await res.json() };
}

describe("extension in code-server", { timeout: 300_000 }, () => {
  let vscode;
  let blocker;
  let blockedPort;
  let chosenPort;
  let dataDir;

  before(async () => {
    let vsix = process.env.E2E_VSIX;
    if (!vsix) {
      execFileSync("npm", ["run", "package"], { cwd: root, stdio: verbose ? "inherit" : ["ignore", "pipe", "pipe"] });
      vsix = join(root, "dist", "aws-identity-emulator.vsix");
    }
    assert.ok(existsSync(vsix), `${vsix} is missing`);
    // A port someone else holds, so Start meets EADDRINUSE first.
    blocker = createServer();
    await new Promise((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    blockedPort = blocker.address().port;
    vscode = await openCodeServer({
      vsix,
      settings: { "awsIdentityEmulator.port": blockedPort, "workbench.startupEditor": "none" },
      log: verbose ? (line) => process.stderr.write(line) : undefined,
    });
    await vscode.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(vscode.page.url()).origin });
  });

  after(async () => {
    await vscode?.close();
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve()));
  });

  // Steps of one user session, in order; a failed step leaves a screenshot of what the user saw.
  async function step(name, body) {
    try {
      await body();
    } catch (err) {
      await vscode.screenshot(join(artifacts, `failed-${name}.png`)).catch(() => {});
      throw err;
    }
  }

  it("activates at start-up with a stopped status bar item, without forking", () =>
    step("activation", async () => {
      assert.equal(await vscode.statusBarText("AWS IAM:", 60_000), "AWS IAM: stopped");
      assert.deepEqual(cliPidsUnder(vscode.extensionsDir), []);
      await vscode.screenshot(join(artifacts, "1-stopped.png"));
    }));

  it("names the taken port, and the view says it failed and what to do", () =>
    step("port-in-use", async () => {
      await vscode.runCommand("AWS Identity Emulator: Start Emulator");
      assert.equal(await vscode.statusBarText("AWS IAM: failed"), "AWS IAM: failed");
      const toast = vscode.page.locator(".notifications-toasts", { hasText: `Port ${blockedPort} is in use by another process.` });
      await toast.waitFor({ state: "visible", timeout: 10_000 });
      await workbench(vscode).showViews();
      await vscode.page.locator(".welcome-view-content", { hasText: "Failed to start: another process holds the emulator's port." }).waitFor({ timeout: 10_000 });
      await vscode.page.locator(".welcome-view-content .monaco-button", { hasText: "Use Another Port…" }).waitFor();
      await vscode.screenshot(join(artifacts, "2-port-in-use.png"));
    }));

  it("Use Another Port… shows who holds the port, then saves a free port for the workspace and runs there", () =>
    step("use-another-port", async () => {
      const ui = workbench(vscode);
      await vscode.page.locator(".welcome-view-content .monaco-button", { hasText: "Use Another Port…" }).click();
      await ui.pick(`Show what holds port ${blockedPort}`);
      const dialog = vscode.page.locator(".monaco-dialog-box", { hasText: `Port ${blockedPort} is held by process ${process.pid}` });
      await dialog.waitFor({ timeout: 15_000 });
      assert.match(await dialog.innerText(), /node/);
      await vscode.screenshot(join(artifacts, "2b-port-holder.png"));
      await ui.dialogButton("OK");
      const choice = vscode.page.locator(".quick-input-list .monaco-list-row", { hasText: /Use free port \d+/ }).first();
      await choice.waitFor({ timeout: 10_000 });
      assert.match(await choice.innerText(), /Saves awsIdentityEmulator\.port = \d+ in this workspace's settings \(\.vscode\/settings\.json\), then starts\./);
      await choice.click();
      const text = await vscode.statusBarText("AWS IAM: running on :");
      chosenPort = Number(/running on :(\d+)/.exec(text)[1]);
      assert.notEqual(chosenPort, blockedPort);
      const saved = JSON.parse(readFileSync(join(vscode.folder, ".vscode", "settings.json"), "utf8"));
      assert.equal(saved["awsIdentityEmulator.port"], chosenPort);

      const { status, body } = await health(chosenPort);
      assert.equal(status, 200);
      assert.equal(body.status, "ok");
      assert.equal(body.mode, "none");
      assert.deepEqual(body.services, ["iam", "sts", "cognito-idp", "cognito-identity", "access-analyzer"]);
      // A real AWS call: the packaged CLI found its service models inside the .vsix.
      assert.equal(await callerArn(chosenPort), "arn:aws:iam::000000000000:root");
      // One child, forked with the settings as flags; its state in the extension's storage for this workspace.
      const pids = cliPidsUnder(vscode.extensionsDir);
      assert.equal(pids.length, 1);
      const argv = argvOf(pids[0]);
      assert.deepEqual(argv.slice(2, 14), ["--port", String(chosenPort), "--host", "127.0.0.1", "--mode", "none",
        "--account-id", "000000000000", "--region", "us-east-1", "--log-level", "info"]);
      dataDir = argv[argv.indexOf("--data-dir") + 1];
      assert.match(dataDir, /\/User\/workspaceStorage\/[^/]+\/aws-identity-emulator\.aws-identity-emulator\/emulator-state$/);
      assert.ok(dataDir.startsWith(vscode.userDataDir), dataDir);
      assert.deepEqual(body.persistence, { kind: "file", dataDir, state: "ok" });
    }));

  it("Show Emulator Log shows the emulator's own log lines, each once", () =>
    step("show-log", async () => {
      await vscode.runCommand("AWS Identity Emulator: Show Emulator Log");
      const line = vscode.page.locator(".part.panel .view-line", { hasText: `ready on http://127.0.0.1:${chosenPort}` }).first();
      await line.waitFor({ state: "visible", timeout: 15_000 });
      const lines = (await vscode.page.locator(".part.panel .view-line").allInnerTexts()).map((l) => l.replace(/\u00a0/g, " ").replace(/^\S+ \S+ \[\w+\] /, ""));
      // The view renders only the lines on screen (spaces as no-break spaces): the ready line is, and it must be
      // there once, not twice (each line of the child's stderr reaches the channel once; a unit test covers the splitting).
      assert.equal(lines.filter((l) => l.includes(`The emulator is ready on http://127.0.0.1:${chosenPort}`)).length, 1, lines.join("\n"));
      await vscode.screenshot(join(artifacts, "3-running.png"));
    }));

  /** Clicks the status bar item (Emulator Actions) and returns the actions its menu offers. */
  const statusBarMenu = async () => {
    await vscode.page.locator(".statusbar-item", { hasText: "AWS IAM:" }).first().click();
    const ui = workbench(vscode);
    await ui.input.waitFor({ state: "visible", timeout: 10_000 });
    assert.equal(await ui.quickInputTitle(), "AWS Identity Emulator");
    await vscode.page.locator(".quick-input-list .monaco-list-row").first().waitFor({ timeout: 10_000 });
    // The rows shown now (the list keeps the last picker's rows, hidden), by their labels.
    return vscode.page.evaluate(() => Array.from(document.querySelectorAll(".quick-input-widget .quick-input-list .monaco-list-row"))
      .filter((row) => row.offsetParent !== null).map((row) => row.getAttribute("aria-label").replace(/^[\w-]+ {2}/, ""))); // "copy  Copy…": its icon first
  };
  const clipboard = () => vscode.page.evaluate(() => navigator.clipboard.readText());

  it("the status bar item's menu offers what fits a running emulator; Copy Endpoint URL copies it, there and from the palette", () =>
    step("status-bar-menu", async () => {
      const endpoint = `http://127.0.0.1:${chosenPort}`;
      assert.deepEqual(await statusBarMenu(), ["Copy Endpoint URL", "Restart Emulator", "Stop Emulator", "Show Emulator Log"]);
      await workbench(vscode).pick("Copy Endpoint URL");
      await until("the endpoint copied", async () => (await clipboard()) === endpoint);
      await vscode.page.evaluate(() => navigator.clipboard.writeText(""));
      await vscode.runCommand("AWS Identity Emulator: Copy Endpoint URL");
      await until("the endpoint copied again", async () => (await clipboard()) === endpoint);
    }));

  it("Stop Emulator stops it and leaves no emulator process", () =>
    step("stop", async () => {
      await vscode.runCommand("AWS Identity Emulator: Stop Emulator");
      assert.equal(await vscode.statusBarText("AWS IAM: stopped"), "AWS IAM: stopped");
      assert.deepEqual(cliPidsUnder(vscode.extensionsDir), []);
      await assert.rejects(health(chosenPort));
      await vscode.screenshot(join(artifacts, "4-stopped-again.png"));
    }));

  it("Start Emulator runs again on the saved port", () =>
    step("start-again", async () => {
      await vscode.runCommand("AWS Identity Emulator: Start Emulator");
      assert.equal(await vscode.statusBarText("AWS IAM: running on :"), `AWS IAM: running on :${chosenPort}`);
      assert.equal((await health(chosenPort)).body.status, "ok");
    }));

  it("a damaged journal: Start fails naming the damage; Repair Data Folder… from the palette keeps what came before it and starts", () =>
    step("repair", async () => {
      const iam = new IAMClient({ endpoint: `http://127.0.0.1:${chosenPort}`, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      for (const name of ["u1", "u2", "u3"]) await iam.send(new CreateUserCommand({ UserName: name }));
      // Stopped from the status bar item's menu.
      assert.ok((await statusBarMenu()).includes("Stop Emulator"));
      await workbench(vscode).pick("Stop Emulator");
      await vscode.statusBarText("AWS IAM: stopped");
      // A byte flipped in u2's record, with u3's after it: a bad disk, not a torn last write.
      let damagedAt;
      let journal;
      for (const file of readdirSync(dataDir).filter((f) => /^journal-\d+\.log$/.test(f))) {
        const bytes = readFileSync(join(dataDir, file));
        for (let at = 0; at < bytes.length; at += 8 + bytes.readUInt32LE(at)) {
          if (bytes.subarray(at + 8, at + 8 + bytes.readUInt32LE(at)).toString().includes('"000000000000/iam/users","u2"')) {
            bytes[at + 30] ^= 0x20;
            writeFileSync(join(dataDir, file), bytes);
            damagedAt = at;
            journal = join(dataDir, file);
          }
        }
      }
      assert.ok(journal, "u2's record was not found in the journal");
      await vscode.runCommand("AWS Identity Emulator: Start Emulator");
      await vscode.statusBarText("AWS IAM: failed");
      await workbench(vscode).notification(`${journal} is damaged at offset ${damagedAt}`).waitFor({ timeout: 15_000 });
      await workbench(vscode).showViews();
      await vscode.page.locator(".welcome-view-content", { hasText: "Failed to start: the state saved in the data folder is damaged" }).waitFor({ timeout: 10_000 });
      await vscode.screenshot(join(artifacts, "4b-damaged.png"));
      await vscode.runCommand("Notifications: Clear All Notifications");
      await vscode.runCommand("AWS Identity Emulator: Repair Data Folder…");
      await vscode.page.locator(".monaco-dialog-box", { hasText: `Repair ${dataDir}?` }).waitFor({ timeout: 10_000 });
      await workbench(vscode).dialogButton("Repair");
      await workbench(vscode).notification(`Repaired: Found: ${journal} is damaged at offset ${damagedAt}`).waitFor({ timeout: 15_000 });
      assert.equal(await vscode.statusBarText("AWS IAM: running on :"), `AWS IAM: running on :${chosenPort}`);
      assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users.map((u) => u.UserName), ["u1"]);
      assert.ok(existsSync(join(dataDir, "repaired-1", journal.slice(dataDir.length + 1))), "the damaged original is kept aside");
      await vscode.runCommand("Notifications: Clear All Notifications");
    }));

  it("a crash gives the exit reason and Restart, and the notice goes once it runs again", () =>
    step("crash", async () => {
      const [pid] = cliPidsUnder(vscode.extensionsDir);
      process.kill(pid, "SIGKILL");
      await vscode.statusBarText("AWS IAM: failed");
      const notice = vscode.page.locator(".notifications-toasts .notification-toast", { hasText: "The emulator stopped unexpectedly: it was killed (SIGKILL: out of memory, or another program ended it)." }).first();
      await notice.waitFor({ timeout: 15_000 });
      await vscode.page.locator(".welcome-view-content", { hasText: "The emulator stopped unexpectedly." }).waitFor({ timeout: 10_000 });
      await vscode.screenshot(join(artifacts, "5-crashed.png"));
      await notice.locator("a", { hasText: exactly("Restart") }).click();
      assert.equal(await vscode.statusBarText("AWS IAM: running on :"), `AWS IAM: running on :${chosenPort}`);
      await notice.waitFor({ state: "detached", timeout: 10_000 });
    }));

  it("leaves no emulator process when the editor's server goes away", () =>
    step("server-exit", async () => {
      assert.equal(cliPidsUnder(vscode.extensionsDir).length, 1);
      await vscode.stopServer();
      // The child exits on SIGTERM from deactivate() or on its IPC channel closing; give it a moment.
      for (let i = 0; i < 50 && cliPidsUnder(vscode.extensionsDir).length; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(cliPidsUnder(vscode.extensionsDir), []);
    }));
});
