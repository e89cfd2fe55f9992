// Every command of the resource tree and of the walkthrough, run from the menu a person uses (the walkthrough's
// buttons, view title buttons and their "…" menu, a node's inline buttons and context menu) in a real VS Code
// (code-server 4.100 in headless Chromium), checking what the person then sees. A menu that loses its command,
// or shows on the wrong node (Simulate on a user pool), fails here. Screenshots: test-artifacts/e2e/menus-*.png.
//
//   node test/e2e/tree-menus.test.mjs
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreatePolicyVersionCommand, CreateUserCommand, GetUserPolicyCommand, IAMClient, ListAttachedUserPoliciesCommand, ListGroupsForUserCommand, ListRolesCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { openCodeServer } from "./code-server-session.mjs";
import { exactly, until, workbench } from "./workbench-ui.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = join(root, "test-artifacts", "e2e");
const verbose = process.env.E2E_VERBOSE === "1";

/** A program the debug sessions run: it writes the AWS variables it was given where the test reads them. */
const envProgram = (out) => `require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("AWS_")))));\n`;

describe("every tree and walkthrough command from its menu, in code-server", { timeout: 600_000 }, () => {
  let vscode;
  let ui;
  let page;
  let home;
  let endpoint;
  let iam;
  const started = Date.now();
  const debugOut = () => join(vscode.work, "debug-env.json");

  before(async () => {
    execFileSync(process.execPath, [join(root, "esbuild.mjs")], { cwd: root, stdio: verbose ? "inherit" : "ignore" });
    // Configure AWS Profile writes where AWS_CONFIG_FILE says: never the real home.
    home = mkdtempSync(join(tmpdir(), "menus-e2e-home-"));
    process.env.AWS_CONFIG_FILE = join(home, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, "credentials");
    vscode = await openCodeServer({
      developmentPath: root,
      settings: {
        "awsIdentityEmulator.port": 0, "workbench.startupEditor": "none",
        "workbench.welcomePage.walkthroughs.openOnInstall": false, "workbench.tips.enabled": false, "terminal.integrated.shell.linux": "/bin/bash",
        "awsIdentityEmulator.notifyOnDenial": false,
      },
      log: verbose ? (line) => process.stderr.write(line) : undefined,
    });
    page = vscode.page;
    ui = workbench(vscode);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
    writeFileSync(join(vscode.folder, "print-env.js"), envProgram(debugOut()));
    mkdirSync(join(vscode.folder, ".vscode"), { recursive: true });
    writeFileSync(join(vscode.folder, ".vscode", "launch.json"), JSON.stringify({ version: "0.2.0", configurations: [
      { type: "node", request: "launch", name: "print env", program: "${workspaceFolder}/print-env.js" },
    ] }, null, 2));
  });

  after(async () => {
    await vscode?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    console.log(`tree menus e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  async function step(name, body) {
    try {
      await body();
    } catch (err) {
      await vscode.screenshot(join(artifacts, `menus-failed-${name}.png`)).catch(() => {});
      throw err;
    }
  }

  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  /**
   * Clicks a walkthrough step's button until `opened()` says its command ran: the page re-renders as steps
   * complete (the next one expands), and a click during that is lost.
   */
  const walkthroughButton = async (stepTitle, button, opened) => {
    const stepRow = page.locator(".getting-started-step", { hasText: stepTitle }).first();
    const b = stepRow.locator(".button-link, .monaco-button", { hasText: exactly(button) }).first();
    for (let attempt = 0; ; attempt++) {
      await stepRow.waitFor({ timeout: 15_000 });
      if (!(await b.isVisible())) await stepRow.locator(".step-title, h3").first().click();
      await b.waitFor({ state: "visible", timeout: 10_000 });
      await b.click();
      try {
        await until(`${button} to run`, opened, 5_000);
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  };
  const titled = (prefix) => async () => (await ui.quickInputTitle()).startsWith(prefix);
  /** Waits for the emulator to run again in `mode` after a switch (on a new free port: the setting is 0), and uses it. */
  const runningIn = (mode) => until(`the emulator back in ${mode} mode`, async () => {
    const text = await page.locator(".statusbar-item", { hasText: "AWS IAM:" }).first().innerText().catch(() => "");
    const port = /running on :(\d+)/.exec(text)?.[1];
    if (!port) return false;
    const health = await fetch(`http://127.0.0.1:${port}/_emulator/health`).then((r) => r.json()).catch(() => undefined);
    if (health?.mode !== mode) return false;
    endpoint = `http://127.0.0.1:${port}`;
    return true;
  }, 60_000);
  const openWalkthrough = async () => {
    // The picker can lose its first keystrokes to a notification taking focus: ask again, as a person would.
    for (let attempt = 0; ; attempt++) {
      await vscode.runCommand("Notifications: Clear All Notifications");
      await vscode.runCommand("Welcome: Open Walkthrough...");
      try { await ui.pick("Get started with the AWS Identity Emulator"); break; } catch (err) {
        if (attempt >= 2) throw err;
        await page.keyboard.press("Escape");
      }
    }
    await page.locator(".getting-started-category-title, h2", { hasText: "Get started with the AWS Identity Emulator" }).first().waitFor({ timeout: 15_000 });
  };
  /** Runs `line` in the active terminal until `done()` holds (the first keystrokes can beat the shell). */
  const typeInTerminal = async (line, done) => {
    const terminal = page.locator(".terminal-wrapper.active .xterm, .terminal .xterm").first();
    await terminal.waitFor({ state: "visible", timeout: 15_000 });
    await terminal.click();
    for (let attempt = 0; attempt < 4 && !done(); attempt++) {
      await page.keyboard.type(`${line}\n`);
      await until("the terminal's command", async () => done(), 5_000).catch(() => undefined);
    }
    assert.ok(done(), `the terminal did not run: ${line}`);
  };
  const callerOf = async (env) => (await new STSClient({ endpoint, region: "us-east-1",
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN } }).send(new GetCallerIdentityCommand({}))).Arn;

  it("walkthrough: Start Emulator and Create User… run from its steps", () =>
    step("walkthrough-start", async () => {
      await vscode.statusBarText("AWS IAM:", 60_000);
      await vscode.runCommand("View: Close All Editors");
      await openWalkthrough();
      await vscode.screenshot(join(artifacts, "menus-1-walkthrough.png"));
      await walkthroughButton("Start the emulator", "Start Emulator", async () => /AWS IAM: (starting|running)/.test(await page.locator(".statusbar-item", { hasText: "AWS IAM:" }).first().innerText()));
      const text = await vscode.statusBarText("AWS IAM: running on :");
      endpoint = `http://127.0.0.1:${/running on :(\d+)/.exec(text)[1]}`;
      iam = new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      await walkthroughButton("Create a user", "Create User…", titled("Create User"));
      await ui.answer("alice");
      await ui.row("alice").waitFor({ timeout: 10_000 }).catch(async () => {
        await vscode.screenshot(join(artifacts, "menus-debug-create.png"));
        console.log("DEBUG title:", await ui.quickInputTitle(), "input visible:", await ui.input.isVisible(), "toasts:", await page.locator(".notifications-toasts").innerText().catch(() => ""));
      });
      await ui.showViews();
      await ui.row("alice").waitFor({ timeout: 15_000 });
    }));

  it("walkthrough: Open Terminal as Principal…, Switch Mode…, Show Requests and Simulate as Principal…", () =>
    step("walkthrough-rest", async () => {
      await openWalkthrough();
      await walkthroughButton("Run your app as that user", "Open Terminal as Principal…", titled("Open a terminal as which principal?"));
      await ui.pick("alice");
      await page.locator(".part.panel", { hasText: "AWS as alice" }).first().waitFor({ timeout: 20_000 });
      await vscode.screenshot(join(artifacts, "menus-terminal-as.png"));
      await vscode.runCommand("Terminal: Kill All Terminals");
      await openWalkthrough();
      await walkthroughButton("Enforce IAM policies", "Switch Mode…", titled("How should the emulator check requests?"));
      await ui.pick("enforce");
      await runningIn("enforce");
      await openWalkthrough();
      await walkthroughButton("See why a request was denied", "Show Requests", async () => ui.pane("Requests").locator(".pane-header").isVisible());
      await openWalkthrough();
      await walkthroughButton("Simulate before your app finds out", "Simulate as Principal…", titled("Simulate as which principal?"));
      await ui.pick("alice");
      await until("the stepped picker", async () => (await ui.quickInputTitle()).startsWith("Simulate as alice: action"));
      await page.keyboard.press("Escape");
      await vscode.runCommand("View: Close All Editors");
    }));

  it("view title: Create User…, the … menu's Create Role… / Create Policy… / Create User Pool…, a section's inline Create Group…", () =>
    step("create", async () => {
      iam = new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      await ui.showViews();
      await ui.titleAction("Create User…");
      await ui.answer("bob");
      await ui.row("bob").waitFor({ timeout: 10_000 });
      await ui.inline("Groups", "Create Group…");
      await ui.answer("devs");
      await ui.row("devs").waitFor({ timeout: 10_000 });
      await ui.titleAction("Create Role…");
      await ui.pick("AWS Lambda");
      await ui.answer("app-role");
      await ui.row("app-role").waitFor({ timeout: 10_000 });
      await ui.titleAction("Create Policy…");
      await ui.answer("s3-read");
      await ui.tab("s3-read (emulator)").waitFor({ timeout: 15_000 });
      await ui.titleAction("Create User Pool…");
      await ui.answer("customers");
      await ui.row("customers").waitFor({ timeout: 10_000 });
      await vscode.runCommand("View: Close All Editors");
      assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users.map((u) => u.UserName).sort(), ["alice", "bob"]);
    }));

  it("a user's menu: Create Access Key, Add to Group…, Add Inline Policy…, Attach / Detach Policies…, Copy ARN / Name / Id", () =>
    step("user-menu", async () => {
      await ui.focusOn("Users");
      await ui.contextMenu("alice", "Create Access Key");
      await ui.notification("created for alice").waitFor({ timeout: 10_000 });
      await vscode.runCommand("Notifications: Clear All Notifications");
      await ui.contextMenu("alice", "Add to Group…", "Resources", { asks: true });
      await ui.pick("devs");
      await until("alice in devs", async () => (await iam.send(new ListGroupsForUserCommand({ UserName: "alice" }))).Groups.length === 1);
      await ui.contextMenu("alice", "Add Inline Policy…", "Resources", { asks: true });
      await ui.answer("uploads");
      await ui.tab("uploads (emulator · alice inline)").waitFor({ timeout: 15_000 });
      await vscode.runCommand("View: Close All Editors");
      await ui.contextMenu("alice", "Attach Policies…", "Resources", { asks: true });
      await ui.input.fill("s3-read");
      // In a multi-select pick, clicking a row ticks it.
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "s3-read" }).first().click();
      await page.keyboard.press("Enter");
      await until("s3-read attached", async () => (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: "alice" }))).AttachedPolicies.length === 1);
      await ui.contextMenu("alice", "Detach Policies…", "Resources", { asks: true });
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "s3-read" }).first().click();
      await page.keyboard.press("Enter");
      await until("s3-read detached", async () => (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: "alice" }))).AttachedPolicies.length === 0);
      // Copies are safe to run again: the menu is opened again if a refresh (Detach's) closed it unrun.
      await ui.contextMenu("alice", "Copy ARN", "Resources", { shows: async () => (await clipboard()) === "arn:aws:iam::000000000000:user/alice" });
      await ui.contextMenu("alice", "Copy Name", "Resources", { shows: async () => (await clipboard()) === "alice" });
      await ui.contextMenu("alice", "Copy Id", "Resources", { shows: async () => /^AIDA/.test(await clipboard()) });
    }));

  it("an access key's Activate / Deactivate, a version's Set as Default Version and Open Document", () =>
    step("key-and-version", async () => {
      await ui.focusOn("Users");
      await ui.expand("alice");
      await ui.expand("Access keys");
      // The keys render a moment after their folder opens (seen in CI: the labels read before them).
      let key;
      await until("alice's access key in the tree", async () => (key = (await ui.rowLabels()).find((l) => /^AKIA/.test(l))) !== undefined);
      await ui.contextMenu(key, "Activate / Deactivate Access Key");
      await until("the key inactive", async () => (await ui.description(key)).startsWith("Inactive"));
      const arn = "arn:aws:iam::000000000000:policy/s3-read";
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, SetAsDefault: true, PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }) }));
      await ui.focusOn("Policies");
      await ui.expand("s3-read");
      await ui.row("v1").waitFor({ timeout: 10_000 });
      await ui.contextMenu("v1", "Set as Default Version");
      await until("v1 the default", async () => (await ui.description("v1")).startsWith("default"));
      await ui.contextMenu("v2", "Open Document");
      await ui.tab("s3-read (emulator · v2)").waitFor({ timeout: 15_000 });
      await ui.inline("v1", "Open Document");
      await ui.tab("s3-read (emulator · v1)").waitFor({ timeout: 15_000 });
      await vscode.runCommand("View: Close All Editors");
    }));

  it("a pool's menu: Create App Client…, Create Pool User…; a pool user's Sign in as This Cognito User…; no Simulate or Detach on a pool", () =>
    step("pool-menu", async () => {
      await ui.focusOn("Cognito user pools");
      const poolMenu = await ui.menuOf("customers");
      assert.ok(!poolMenu.includes("Simulate as This Principal…") && !poolMenu.includes("Detach Policies…"), poolMenu.join(" | "));
      assert.ok(poolMenu.includes("Create App Client…"));
      await ui.contextMenu("customers", "Create App Client…", "Resources", { asks: true });
      await ui.answer("web");
      await ui.pick("Public client");
      // The client in the tree before the next button: a click while the pool's row re-renders is lost.
      await ui.expand("customers");
      await ui.expand("App clients", "Resources", 3);
      await ui.row("web", "Resources", 4).waitFor({ timeout: 10_000 });
      await ui.inline("customers", "Create Pool User…");
      await ui.answer("carol");
      await ui.answer("Passw0rd!");
      await ui.expand("customers");
      await ui.expand("Users", "Resources", 3);
      await ui.row("carol").waitFor({ timeout: 10_000 });
      await ui.contextMenu("carol", "Sign in as This Cognito User…", "Resources", { asks: true });
      await ui.answer("Passw0rd!");
      await ui.tab("carol-tokens.json").waitFor({ timeout: 15_000 });
      await page.locator(".editor-instance .view-line", { hasText: '"username": "carol"' }).first().waitFor({ timeout: 10_000 });
      await vscode.runCommand("View: Close All Editors");
    }));

  it("Simulate as This Principal… simulates alice's own policies with no editor open", () =>
    step("simulate", async () => {
      await ui.focusOn("Users", "Roles");
      await ui.contextMenu("alice", "Simulate as This Principal…", "Resources", { asks: true });
      await until("the action step", async () => (await ui.quickInputTitle()).startsWith("Simulate as alice: action"));
      await ui.answer("iam:ListRoles");
      await until("the resource step", async () => (await ui.quickInputTitle()).startsWith("Simulate as alice: resource"));
      assert.equal(await ui.input.inputValue(), "*");
      await page.keyboard.press("Enter");
      await ui.panelSays("#verdict", "Denied: no statement allows iam:ListRoles.");
      await ui.tab("Simulation: iam:ListRoles as alice").waitFor({ timeout: 10_000 });
      await vscode.screenshot(join(artifacts, "menus-2-simulated.png"));
      await vscode.runCommand("View: Close All Editors");
    }));

  it("Open Terminal as This Principal: the terminal's keys are alice's", () =>
    step("terminal-as", async () => {
      const out = join(vscode.work, "terminal-env.json");
      await ui.contextMenu("alice", "Open Terminal as This Principal");
      // alice has two keys (the walkthrough's terminal, Create Access Key), one deactivated above: if it was the
      // terminal's, a new key needs one to go, and the inactive one is offered.
      const question = page.locator(".monaco-dialog-box", { hasText: "alice already has two access keys" });
      const terminal = page.locator(".terminal-wrapper.active .xterm, .terminal .xterm").first();
      await until("a terminal, or the question which key goes", async () => (await question.isVisible()) || (await terminal.isVisible()));
      if (await question.isVisible()) await page.locator(".monaco-dialog-box .monaco-button", { hasText: /^Delete AKIA\w+ and create one$/ }).click();
      await typeInTerminal(`node -e '${envProgram(out).trim().replace(/'/g, "'\\''")}'`, () => existsSync(out));
      const env = JSON.parse(readFileSync(out, "utf8"));
      assert.equal(env.AWS_ENDPOINT_URL, endpoint);
      assert.equal(await callerOf(env), "arn:aws:iam::000000000000:user/alice");
      await vscode.runCommand("Terminal: Kill All Terminals");
    }));

  it("Debug as This Principal… and Debug as Principal… run the launch configuration with the principal's keys", () =>
    step("debug-as", async () => {
      await ui.contextMenu("app-role", "Debug as This Principal…");
      const asRole = JSON.parse(await until("the role's debug session", async () => existsSync(debugOut()) && readFileSync(debugOut(), "utf8"), 60_000));
      assert.equal(await callerOf(asRole), "arn:aws:sts::000000000000:assumed-role/app-role/vscode");
      rmSync(debugOut());
      // As a person does, the next one once this session has ended; from the palette (the view's "…" menu lost
      // its picker to the ending session in code-server now and then).
      await until("the role's debug session ended", async () => !(await page.locator(".debug-toolbar").isVisible().catch(() => false)), 30_000);
      await vscode.runCommand("AWS Identity Emulator: Debug as Principal…");
      await ui.pick("alice");
      const asUser = JSON.parse(await until("alice's debug session", async () => existsSync(debugOut()) && readFileSync(debugOut(), "utf8"), 60_000));
      assert.equal(await callerOf(asUser), "arn:aws:iam::000000000000:user/alice");
    }));

  it("a decision's Explain Decision and Add a Statement That Allows This…, then the request is allowed", () =>
    step("decision", async () => {
      const out = join(vscode.work, "terminal-env.json");
      const env = JSON.parse(readFileSync(out, "utf8"));
      const asAlice = new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } });
      await assert.rejects(asAlice.send(new ListRolesCommand({})), { name: "AccessDenied" });
      // No Refresh: the decision reaches the tree by itself.
      await ui.focusOn("Recent decisions");
      const label = "implicit deny: iam:ListRoles";
      await ui.row(label).waitFor({ timeout: 15_000 });
      // Refresh Resources reloads what the tree already shows.
      await ui.titleAction("Refresh Resources");
      await ui.row(label).waitFor({ timeout: 15_000 });
      await ui.inline(label, "Explain Decision");
      await ui.panelSays("#verdict", "Denied: no statement allows iam:ListRoles.");
      await ui.contextMenu(label, "Add a Statement That Allows This…", "Resources", { asks: true });
      await ui.pick("user/alice/uploads");
      await ui.tab("uploads (emulator · alice inline)").waitFor({ timeout: 15_000 });
      await page.locator(".editor-instance .view-line", { hasText: '"Sid": "AllowIamListRoles"' }).first().waitFor({ timeout: 10_000 });
      await vscode.screenshot(join(artifacts, "menus-3-statement-added.png"));
      await page.keyboard.press("Control+S");
      await until("the statement saved", async () => decodeURIComponent((await iam.send(new GetUserPolicyCommand({ UserName: "alice", PolicyName: "uploads" }))).PolicyDocument).includes("AllowIamListRoles"));
      assert.ok((await asAlice.send(new ListRolesCommand({}))).Roles.some((r) => r.RoleName === "app-role"));
      await vscode.runCommand("View: Close All Editors");
    }));

  /**
   * Answers VS Code's save dialog (in code-server, a path in the quick input) with `path`, once it shows its
   * suggestion `suggested` (typed before, the suggestion arriving overwrites it).
   */
  const saveAs = async (suggested, path) => {
    await ui.input.waitFor({ state: "visible", timeout: 10_000 });
    await until(`the dialog's suggestion ${suggested}`, async () => (await ui.input.inputValue()).endsWith(`/${suggested}`));
    await ui.input.fill(path);
    await until("the path typed", async () => (await ui.input.inputValue()) === path);
    await ui.input.press("Enter");
  };

  it("the … menu's Configure AWS Profile… and Copy Environment Variables…", () =>
    step("wiring", async () => {
      await ui.titleAction("Configure AWS Profile…");
      await ui.answer("emulator");
      await until("the profile written", async () => existsSync(process.env.AWS_CONFIG_FILE) && readFileSync(process.env.AWS_CONFIG_FILE, "utf8").includes(`endpoint_url = ${endpoint}`));
      await ui.titleAction("Copy Environment Variables…");
      await ui.pick("bash / zsh / sh");
      await until("the export lines copied", async () => (await clipboard()).includes(`export AWS_ENDPOINT_URL=${endpoint}`));
      await vscode.runCommand("Notifications: Clear All Notifications");
    }));

  it("the … menu's Save State As…, Export as Seed File… and Load State… write and load what the emulator holds", () =>
    step("state-files", async () => {
      const statePath = join(vscode.folder, "team-state.json");
      await ui.titleAction("Save State As…");
      await saveAs("emulator-state.json", statePath);
      await ui.pick("Leave secrets out");
      await ui.notification("Saved the emulator's state to team-state.json (without secrets).").waitFor({ timeout: 15_000 });
      const state = JSON.parse(readFileSync(statePath, "utf8"));
      assert.equal(state.format, "aws-identity-emulator-state");
      assert.deepEqual(state.tables["000000000000/iam/users"].map(([name]) => name).sort(), ["alice", "bob"]);
      assert.equal(state.secrets, "omitted");
      await vscode.runCommand("Notifications: Clear All Notifications");

      const seedPath = join(vscode.folder, "team-seed.json");
      await ui.titleAction("Export as Seed File…");
      await saveAs("seed.json", seedPath);
      const toast = ui.notification("Wrote team-seed.json: start from it with the awsIdentityEmulator.seed setting or --seed.");
      await toast.waitFor({ timeout: 15_000 });
      const seed = JSON.parse(readFileSync(seedPath, "utf8"));
      assert.deepEqual(seed.iam.users.map((u) => u.name), ["alice", "bob"]);
      assert.deepEqual(seed.iam.users[0].groups, ["devs"]);
      assert.deepEqual(seed.cognito.user_pools.map((p) => p.name), ["customers"]);
      await toast.locator(".monaco-button", { hasText: exactly("Open") }).click();
      await ui.tab("team-seed.json").waitFor({ timeout: 15_000 });
      await vscode.runCommand("Notifications: Clear All Notifications");
      await vscode.runCommand("View: Close All Editors");

      // Load State… from the same menu: a user made after the save goes, the saved ones stay.
      await iam.send(new CreateUserCommand({ UserName: "dora" }));
      await ui.focusOn("Users");
      await ui.row("dora").waitFor({ timeout: 15_000 });
      await ui.titleAction("Load State…");
      // The open dialog lists the workspace folder: pick the file in it, as a person does.
      await until("the dialog's folder", async () => (await ui.input.inputValue().catch(() => "")).endsWith("/project/"));
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "team-state.json" }).first().click();
      // Picking a file accepts it; should the dialog only fill it in, OK does.
      const confirm = page.locator(".monaco-dialog-box", { hasText: "Replace everything the emulator holds with the state in team-state.json?" });
      await confirm.waitFor({ timeout: 3_000 }).catch(() => page.locator(".quick-input-widget .monaco-button", { hasText: exactly("OK") }).click());
      await confirm.waitFor({ timeout: 10_000 });
      await ui.dialogButton("Load");
      await ui.notification(/^Loaded team-state\.json: \d+ records\.$/).waitFor({ timeout: 15_000 });
      await until("the tree without dora", async () => (await ui.description("Users")) === "2");
      await ui.focusOn("Users");
      await ui.row("bob").waitFor({ timeout: 15_000 });
      assert.equal(await ui.row("dora").count(), 0);
      assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users.map((u) => u.UserName).sort(), ["alice", "bob"]);
      await vscode.runCommand("Notifications: Clear All Notifications");
    }));

  it("the view title's Switch Mode (none / authenticate / enforce)… marks the current mode and restarts in the one picked", () =>
    step("switch-mode", async () => {
      await ui.titleAction("Switch Mode (none / authenticate / enforce)…");
      await until("the mode picker", titled("How should the emulator check requests?"));
      const current = page.locator(".quick-input-list .monaco-list-row", { hasText: "current" });
      await current.first().waitFor({ timeout: 10_000 });
      assert.match(await current.first().innerText(), /^enforce/);
      await ui.pick(/^authenticate/); // not the enforce row, whose detail says "Authenticate, then authorize"
      await runningIn("authenticate");
      assert.equal(JSON.parse(readFileSync(join(vscode.folder, ".vscode", "settings.json"), "utf8"))["awsIdentityEmulator.mode"], "authenticate");
      // Authenticate mode has no decisions: the tree drops the section.
      await ui.showViews();
      await ui.row("Recent decisions").waitFor({ state: "detached", timeout: 15_000 });
    }));

  it("Delete…, Reset Emulator, Open Emulator Settings and Stop Emulator from the view", () =>
    step("delete-reset-stop", async () => {
      await ui.focusOn("Users");
      await ui.contextMenu("bob", "Delete…");
      await ui.dialogButton("Delete");
      await ui.row("bob").waitFor({ state: "detached", timeout: 10_000 });
      await ui.titleAction("Reset Emulator (Delete All Resources)");
      await ui.dialogButton("Reset");
      await ui.row("alice").waitFor({ state: "detached", timeout: 10_000 });
      await ui.titleAction("Open Emulator Settings");
      await ui.tab("Settings").waitFor({ timeout: 15_000 });
      // The settings come in their four groups.
      for (const group of ["Emulator", "Enforcement", "Editor", "Wiring"]) {
        // A TOC row reads "Emulator (9)" while the search filters to this extension.
        await page.locator(".settings-toc-container .monaco-list-row", { hasText: new RegExp(`^${group}( \\(\\d+\\))?$`) }).first().waitFor({ timeout: 15_000 });
      }
      await vscode.screenshot(join(artifacts, "menus-4-settings.png"));
      await vscode.runCommand("View: Close All Editors");
      await ui.titleAction("Stop Emulator");
      await vscode.statusBarText("AWS IAM: stopped");
      await page.locator(".welcome-view-content .monaco-button", { hasText: "Start Emulator" }).first().waitFor({ timeout: 10_000 });
    }));
});
