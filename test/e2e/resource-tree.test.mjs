// The resource tree end to end in a real VS Code (code-server 4.100) driven by headless Chromium, with the
// packaged .vsix: start from the welcome view, see a user made by an SDK client outside VS Code appear
// without a refresh, open and save a policy (and see AWS's MalformedPolicyDocument on a bad one), delete
// a role that still has attachments and read the conflict explained, see an identity pool with its
// identities, and find the AWS variables in an integrated terminal. Screenshots go to test-artifacts/e2e/tree-*.png.
//
//   node test/e2e/resource-tree.test.mjs          (packages the .vsix first with `npm run package`)
//   E2E_VSIX=path/to.vsix node test/e2e/resource-tree.test.mjs
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, IAMClient,
} from "@aws-sdk/client-iam";
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, CreateIdentityPoolCommand, GetIdCommand } from "@aws-sdk/client-cognito-identity";
import { cliPidsUnder, openCodeServer } from "./code-server-session.mjs";
import { workbench } from "./workbench-ui.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = join(root, "test-artifacts", "e2e");
const verbose = process.env.E2E_VERBOSE === "1";

const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const readBuckets = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] });

describe("resource tree in code-server", { timeout: 300_000 }, () => {
  let vscode;
  let endpoint;
  let iam;
  const started = Date.now();

  before(async () => {
    let vsix = process.env.E2E_VSIX;
    if (!vsix) {
      execFileSync("npm", ["run", "package"], { cwd: root, stdio: verbose ? "inherit" : ["ignore", "pipe", "pipe"] });
      vsix = join(root, "dist", "aws-identity-emulator.vsix");
    }
    assert.ok(existsSync(vsix), `${vsix} is missing`);
    // The package carries the licences of what it bundles (test/unit/third-party-notices.test.ts checks the text).
    const entries = execFileSync("python3", ["-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", vsix], { encoding: "utf8" }).split("\n");
    for (const file of ["extension/dist/THIRD-PARTY-NOTICES.txt", "extension/LICENSE.txt", "extension/dist/models/NOTICE", "extension/dist/aws-managed/NOTICE"]) {
      assert.ok(entries.includes(file), `${file} is not in the .vsix`);
    }
    vscode = await openCodeServer({
      vsix,
      settings: { "awsIdentityEmulator.port": 0, "workbench.startupEditor": "none", "workbench.tips.enabled": false, "terminal.integrated.shell.linux": "/bin/bash" },
      log: verbose ? (line) => process.stderr.write(line) : undefined,
    });
  });

  after(async () => {
    await vscode?.close();
    console.log(`resource tree e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  async function step(name, body) {
    try {
      await body();
    } catch (err) {
      await vscode.screenshot(join(artifacts, `tree-failed-${name}.png`)).catch(() => {});
      throw err;
    }
  }

  const view = () => vscode.page.locator(".pane-body", { has: vscode.page.locator(".monaco-list") }).first();
  /** A visible tree row whose label is exactly `label`. */
  const row = (label) => vscode.page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
  const notification = (text) => vscode.page.locator(".notifications-toasts .notification-toast", { hasText: text }).first();

  it("shows its own activity bar view, with a welcome that starts the emulator", () =>
    step("welcome", async () => {
      await vscode.statusBarText("AWS IAM:", 60_000);
      await vscode.page.click('.activitybar a[aria-label^="AWS Identity Emulator"]');
      const start = vscode.page.locator(".welcome-view-content .monaco-button", { hasText: "Start Emulator" });
      await start.waitFor({ state: "visible", timeout: 15_000 });
      await vscode.screenshot(join(artifacts, "tree-1-welcome.png"));
      await start.click();
      const text = await vscode.statusBarText("AWS IAM: running on :");
      endpoint = `http://127.0.0.1:${/running on :(\d+)/.exec(text)[1]}`;
      iam = new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      for (const section of ["Users", "Groups", "Roles", "Policies", "Identity providers", "Cognito user pools"]) {
        await row(section).waitFor({ state: "visible", timeout: 15_000 });
      }
    }));

  it("shows a user created by an SDK client outside VS Code, without a refresh", () =>
    step("live-user", async () => {
      const t0 = Date.now();
      await iam.send(new CreateUserCommand({ UserName: "sdk-user" }));
      await row("sdk-user").waitFor({ state: "visible", timeout: 5_000 });
      console.log(`user visible in the tree ${Date.now() - t0} ms after CreateUser answered`);
    }));

  it("opens a policy as JSON and saves it as a new default version; a malformed one fails with AWS's message", () =>
    step("policy-save", async () => {
      const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: "e2e-policy", PolicyDocument: readBuckets }))).Policy.Arn;
      await row("e2e-policy").click();
      const editor = vscode.page.locator(".editor-instance .monaco-editor").first();
      await vscode.page.locator(".tab", { hasText: "e2e-policy (emulator)" }).waitFor({ state: "visible", timeout: 10_000 });
      await editor.locator(".view-line", { hasText: "s3:ListAllMyBuckets" }).first().waitFor({ timeout: 10_000 });
      const replaceWith = async (text) => {
        await editor.click();
        await vscode.page.keyboard.press("Control+A");
        await vscode.page.keyboard.press("Delete");
        await vscode.page.keyboard.insertText(text);
        await vscode.page.keyboard.press("Control+S");
      };
      const wanted = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::e2e/*" }] };
      await replaceWith(JSON.stringify(wanted));
      let version;
      for (let i = 0; i < 50; i++) {
        version = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy.DefaultVersionId;
        if (version === "v2") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(version, "v2");
      const saved = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v2" }));
      assert.deepEqual(JSON.parse(decodeURIComponent(saved.PolicyVersion.Document)), wanted);
      await vscode.screenshot(join(artifacts, "tree-2-policy-saved.png"));

      await replaceWith('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]} and more');
      await notification("MalformedPolicyDocument: Syntax errors in policy.").waitFor({ state: "visible", timeout: 10_000 });
      await vscode.page.waitForTimeout(400);
      await vscode.screenshot(join(artifacts, "tree-3-malformed.png"));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy.DefaultVersionId, "v2");
      // Leave the editor without saving the broken text.
      await vscode.runCommand("Notifications: Clear All Notifications");
      await vscode.runCommand("File: Revert File");
      await vscode.runCommand("View: Close All Editors");
    }));

  it("explains why a role with an attached policy cannot be deleted", () =>
    step("delete-conflict", async () => {
      await iam.send(new CreateRoleCommand({ RoleName: "e2e-role", AssumeRolePolicyDocument: trust }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: "e2e-role", PolicyArn: "arn:aws:iam::000000000000:policy/e2e-policy" }));
      await row("e2e-role").waitFor({ state: "visible", timeout: 5_000 });
      // The two writes above arrive as change events that re-render the tree; a context menu opened during a
      // re-render can lose its click, so open it again until the confirmation dialog shows.
      const confirm = vscode.page.locator(".monaco-dialog-box .monaco-button", { hasText: "Delete" }).first();
      for (let attempt = 0; attempt < 4 && !(await confirm.isVisible()); attempt++) {
        await vscode.page.keyboard.press("Escape");
        await vscode.page.waitForTimeout(300);
        await row("e2e-role").click({ button: "right" });
        const item = vscode.page.locator(".context-view .action-label", { hasText: "Delete…" }).first();
        await item.waitFor({ state: "visible", timeout: 5_000 }).catch(() => {});
        // Choose it with the keyboard: the menu's last entry, activated with Enter.
        await vscode.page.keyboard.press("End");
        await vscode.page.keyboard.press("Enter");
        await confirm.waitFor({ state: "visible", timeout: 3_000 }).catch(() => {});
      }
      await confirm.click();
      const explained = notification("IAM will not delete role e2e-role while it still has 1 attached policy (e2e-policy)");
      await explained.waitFor({ state: "visible", timeout: 10_000 });
      await vscode.page.waitForTimeout(400); // the toast's slide-in, so the screenshot shows it whole
      await vscode.screenshot(join(artifacts, "tree-4-delete-conflict.png"));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: "e2e-role" }))).Role.RoleName, "e2e-role");
      await vscode.runCommand("Notifications: Clear All Notifications");
    }));

  it("gives integrated terminals the AWS variables", () =>
    step("terminal-env", async () => {
      const out = join(vscode.work, "aws-env.txt");
      await vscode.runCommand("Terminal: Create New Terminal");
      const terminal = vscode.page.locator(".terminal-wrapper.active .xterm, .terminal .xterm").first();
      await terminal.waitFor({ state: "visible", timeout: 15_000 });
      await terminal.click();
      // xterm draws on a canvas, so the prompt cannot be read: type, and type again if the shell was not ready.
      const written = () => existsSync(out) && readFileSync(out, "utf8").trim() !== "";
      for (let attempt = 0; attempt < 3 && !written(); attempt++) {
        await vscode.page.keyboard.type(`env | grep -E '^AWS_(ENDPOINT_URL|ACCESS_KEY_ID|SECRET_ACCESS_KEY|REGION|DEFAULT_REGION)=' | sort > ${out}\n`);
        for (let i = 0; i < 50 && !written(); i++) await new Promise((r) => setTimeout(r, 100));
      }
      const lines = readFileSync(out, "utf8").trim().split("\n");
      assert.deepEqual(lines, [
        "AWS_ACCESS_KEY_ID=test", "AWS_DEFAULT_REGION=us-east-1", `AWS_ENDPOINT_URL=${endpoint}`, "AWS_REGION=us-east-1", "AWS_SECRET_ACCESS_KEY=test",
      ]);
      await vscode.runCommand("Terminal: Kill All Terminals");
    }));

  it("shows users, roles, policies and a Cognito pool (the README's screenshot)", () =>
    step("overview", async () => {
      const cognito = new CognitoIdentityProviderClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: "customers" }))).UserPool.Id;
      await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
      await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "carol", MessageAction: "SUPPRESS" }));
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "carol", Password: "Passw0rd!", Permanent: true }));
      await iam.send(new CreateAccessKeyCommand({ UserName: "sdk-user" }));
      await iam.send(new AttachUserPolicyCommand({ UserName: "sdk-user", PolicyArn: "arn:aws:iam::000000000000:policy/e2e-policy" }));
      await row("customers").waitFor({ state: "visible", timeout: 5_000 });
      await vscode.runCommand("View: Close All Editors");
      await vscode.runCommand("View: Hide Panel").catch(() => vscode.page.keyboard.press("Escape"));
      for (const label of ["customers", "sdk-user", "e2e-role"]) {
        await row(label).click();
        await vscode.page.keyboard.press("ArrowRight");
      }
      await row("Access keys").waitFor({ state: "visible", timeout: 5_000 });
      await row("Access keys").click();
      await vscode.page.keyboard.press("ArrowRight");
      // A wider sidebar, so the screenshot shows descriptions (key status, trusted service) in full.
      const sidebar = await vscode.page.locator(".part.sidebar").boundingBox();
      for (const sash of await vscode.page.locator(".monaco-sash.vertical").all()) {
        const box = await sash.boundingBox();
        if (!box || !sidebar || Math.abs(box.x + box.width / 2 - (sidebar.x + sidebar.width)) > 4) continue;
        await vscode.page.mouse.move(box.x + box.width / 2, 400);
        await vscode.page.mouse.down();
        await vscode.page.mouse.move(640, 400, { steps: 8 });
        await vscode.page.mouse.up();
        break;
      }
      await vscode.runCommand("Notifications: Clear All Notifications");
      await vscode.page.mouse.move(900, 400);
      await vscode.screenshot(join(artifacts, "tree-5-overview.png"));
      await row("sdk-user").hover();
      await vscode.page.locator(".monaco-hover, .workbench-hover", { hasText: "arn:aws:iam::000000000000:user/sdk-user" }).first().waitFor({ timeout: 10_000 });
      await vscode.screenshot(join(artifacts, "tree-6-tooltip.png"));
      const labels = await view().locator(".monaco-list-row").allInnerTexts();
      for (const expected of ["sdk-user", "e2e-role", "e2e-policy", "customers"]) {
        assert.ok(labels.some((l) => l.includes(expected)), `${expected} in ${JSON.stringify(labels)}`);
      }
      // An identity pool made by an SDK client appears under its own section, with its roles and identities.
      const identityPools = new CognitoIdentityClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      const { IdentityPoolId } = await identityPools.send(new CreateIdentityPoolCommand({ IdentityPoolName: "app-identities", AllowUnauthenticatedIdentities: true }));
      await identityPools.send(new GetIdCommand({ IdentityPoolId }));
      // The tree is virtual and now long: collapse it and open the identity pools' section, as a person scrolls to it.
      await workbench(vscode).focusOn("Cognito identity pools");
      await row("app-identities").waitFor({ state: "visible", timeout: 5_000 });
      await row("app-identities").click();
      await vscode.page.keyboard.press("ArrowRight");
      await row("Identities").waitFor({ state: "visible", timeout: 5_000 });
      const poolRow = await row("app-identities").innerText();
      assert.ok(poolRow.includes(`${IdentityPoolId} · 1 identity`), poolRow);
    }));

  it("empties the tree and shows the welcome again when the emulator stops, leaving no child", () =>
    step("stop", async () => {
      await vscode.runCommand("AWS Identity Emulator: Stop Emulator");
      await vscode.statusBarText("AWS IAM: stopped");
      await vscode.page.locator(".welcome-view-content .monaco-button", { hasText: "Start Emulator" }).waitFor({ state: "visible", timeout: 10_000 });
      assert.deepEqual(cliPidsUnder(vscode.extensionsDir), []);
    }));
});
