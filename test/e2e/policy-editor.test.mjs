// The policy editor end to end in a real VS Code (code-server 4.100 = VS Code 1.100) driven by headless Chromium:
// open a policy with a typo, see it in Problems with its range, apply the quick fix, run Simulate… from the
// CodeLens and see the decision, the statement decorations and the explanation panel; scenario results in a lens.
//
//   node test/e2e/policy-editor.test.mjs
//
// The editor's mocha tests (test/extension/suite/policy-editor.test.ts) run with the rest of the suite in
// extension-suite.test.mjs. The extension is loaded from the checkout as a development folder.
// Needs what code-server.test.mjs needs (test/e2e/install-code-server.sh). Screenshots: test-artifacts/e2e/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openCodeServer } from "./code-server-session.mjs";
import { workbench } from "./workbench-ui.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = join(root, "test-artifacts", "e2e");
const verbose = process.env.E2E_VERBOSE === "1";

const policyText = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["s3:GetObjct", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
    },
    {
      "Sid": "NoSecrets",
      "Effect": "Deny",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/secret/*"
    }
  ]
}
`;
const scenarios = {
  principal: "arn:aws:iam::000000000000:user/alice",
  scenarios: [
    { name: "reads a report", action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv", expect: "allowed", decidingSid: "ReadReports" },
    { name: "no secrets", action: "s3:GetObject", resource: "arn:aws:s3:::reports/secret/k", expect: "explicitDeny" },
  ],
};

/** The checkout itself is the extension under development: build it (bundles and the editor catalog). */
async function extensionFolder() {
  execFileSync(process.execPath, [join(root, "esbuild.mjs")], { cwd: root, stdio: verbose ? "inherit" : "ignore" });
  return root;
}

describe("policy editor in code-server", { timeout: 300_000 }, () => {
  let vscode;
  let work;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), "policy-editor-e2e-"));
    const developmentPath = await extensionFolder();
    vscode = await openCodeServer({
      developmentPath,
      settings: {
        "workbench.startupEditor": "none", "workbench.welcomePage.walkthroughs.openOnInstall": false, "workbench.tips.enabled": false,
        "awsIdentityEmulator.policyEditor.delay": 50, "editor.codeLens": true,
      },
      log: verbose ? (line) => process.stderr.write(line) : undefined,
    });
    writeFileSync(join(vscode.folder, "reports-policy.json"), policyText);
    writeFileSync(join(vscode.folder, "reports-policy.scenarios.json"), JSON.stringify(scenarios, null, 2));
  });

  after(async () => {
    await vscode?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function step(name, body) {
    try {
      await body();
    } catch (err) {
      await vscode.screenshot(join(artifacts, `policy-editor-failed-${name}.png`)).catch(() => {});
      throw err;
    }
  }

  const page = () => vscode.page;

  it("shows the mistyped action in Problems with its line and column", () =>
    step("problems", async () => {
      await vscode.statusBarText("AWS IAM:", 60_000); // activated (onStartupFinished)
      // Opened from the Explorer, as a person would. The files were written after the window opened, and the
      // file watcher does not always tell the Explorer: refresh it until they show.
      const file = page().locator(".explorer-folders-view .monaco-list-row", { hasText: /^reports-policy\.json$/ }).first();
      for (let attempt = 0; ; attempt++) {
        try {
          await file.waitFor({ timeout: 3_000 });
          break;
        } catch (err) {
          if (attempt >= 10) throw err;
          await vscode.runCommand("Refresh Explorer");
        }
      }
      await file.click();
      await page().locator(".monaco-editor .view-lines", { hasText: "GetObjct" }).first().waitFor({ timeout: 20_000 });
      await page().locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 30_000 });

      await vscode.runCommand("View: Focus Problems");
      const row = page().locator(".markers-panel .monaco-list-row", { hasText: "The action s3:GetObjct does not exist" }).first();
      await row.waitFor({ timeout: 15_000 });
      const col = policyText.split("\n")[6].indexOf('"s3:GetObjct"') + 1;
      const text = (await row.innerText()).replace(/\s+/g, " ");
      assert.match(text, /The action s3:GetObjct does not exist\. Did you mean s3:GetObject\?/);
      assert.match(text, /INVALID_ACTION/);
      assert.ok(text.includes(`[Ln 7, Col ${col}]`), text);
      await vscode.screenshot(join(artifacts, "policy-editor-1-problem.png"));
    }));

  it("applies the quick fix", () =>
    step("quick-fix", async () => {
      await page().locator(".markers-panel .monaco-list-row", { hasText: "The action s3:GetObjct does not exist" }).first().click();
      await page().keyboard.press("Enter"); // reveal the problem in the editor: the cursor lands on its range
      await page().locator(".monaco-editor.focused").first().waitFor({ timeout: 10_000 });
      const fix = page().locator(".action-widget .monaco-list-row", { hasText: 'Change to "s3:GetObject"' }).first();
      for (let attempt = 0; ; attempt++) {
        await page().keyboard.press("Control+.");
        try {
          await fix.waitFor({ timeout: 5_000 });
          break;
        } catch (err) {
          if (attempt >= 3) throw err;
          await page().keyboard.press("Escape");
        }
      }
      await vscode.screenshot(join(artifacts, "policy-editor-2-quick-fix.png"));
      await page().keyboard.press("Enter"); // the preferred fix is the focused row
      await page().keyboard.press("Control+s");
      const end = Date.now() + 15_000;
      while (!readFileSync(join(vscode.folder, "reports-policy.json"), "utf8").includes('"Action": ["s3:GetObject", "s3:ListBucket"]')) {
        assert.ok(Date.now() < end, "the fixed document was not saved");
        await new Promise((r) => setTimeout(r, 200));
      }
      await page().locator(".markers-panel .monaco-list-row", { hasText: "The action s3:GetObjct does not exist" }).waitFor({ state: "detached", timeout: 15_000 });
    }));

  it("shows the scenario results above the policy", () =>
    step("scenarios", async () => {
      await page().locator(".codelens-decoration", { hasText: "scenarios: 2/2 passing" }).first().waitFor({ timeout: 20_000 });
    }));

  it("Simulate… from the CodeLens shows the decision, the statement verdicts and the explanation panel", () =>
    step("simulate", async () => {
      await page().locator(".codelens-decoration a", { hasText: /^Simulate…$/ }).first().click();
      // Step by step: the action, then the resource.
      const input = page().locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: 10_000 });
      await input.fill("s3:GetObject");
      await page().keyboard.press("Enter");
      await page().locator(".quick-input-title", { hasText: "resource" }).waitFor({ timeout: 10_000 });
      await input.fill("arn:aws:s3:::reports/q1.csv");
      await page().keyboard.press("Enter");
      const lens = page().locator(".codelens-decoration", { hasText: 'Allowed by an identity-based policy (statement "ReadReports"' }).first();
      await lens.waitFor({ timeout: 20_000 });
      // The webview panel opens beside the editor, titled for the request.
      await page().locator(".tab", { hasText: "Simulation: s3:GetObject" }).first().waitFor({ timeout: 20_000 });
      // Statement verdicts are after-line decorations: VS Code renders them as generated CSS rules.
      const decorations = await page().evaluate(() => {
        const texts = [];
        for (const sheet of Array.from(document.styleSheets)) {
          let rules;
          try { rules = Array.from(sheet.cssRules); } catch { continue; }
          for (const r of rules) if (/content:/.test(r.cssText) && /(decides|does not match|matches)/.test(r.cssText)) texts.push(r.cssText);
        }
        return texts.join("\n");
      });
      assert.match(decorations, /◆ decides: allowed \(identity\)/);
      assert.match(decorations, /✗ resource does not match/);
      await vscode.screenshot(join(artifacts, "policy-editor-3-simulated.png"));
    }));

  it("from the palette: Show Policy Simulation Explanation, Add Simulation to Policy Scenarios, Clear Policy Simulation", () =>
    step("palette", async () => {
      const resultLens = page().locator(".codelens-decoration", { hasText: 'Allowed by an identity-based policy (statement "ReadReports"' }).first();
      const panelTab = page().locator(".tab", { hasText: "Simulation: s3:GetObject" }).first();
      await workbench(vscode).closeTab("Simulation: s3:GetObject");
      // The policy's editor active again, as a person clicks into it before F1.
      await page().locator(".monaco-editor .view-line", { hasText: "ReadReports" }).first().click();
      await vscode.runCommand("AWS Identity Emulator: Show Policy Simulation Explanation");
      await panelTab.waitFor({ timeout: 15_000 });
      await page().locator(".monaco-editor .view-line", { hasText: "ReadReports" }).first().click();
      await vscode.runCommand("AWS Identity Emulator: Add Simulation to Policy Scenarios");
      const sidecar = join(vscode.folder, "reports-policy.scenarios.json");
      const end = Date.now() + 15_000;
      while (JSON.parse(readFileSync(sidecar, "utf8")).scenarios.length < 3) {
        assert.ok(Date.now() < end, "the scenario was not added");
        await new Promise((r) => setTimeout(r, 200));
      }
      const { principal, scenarios: written } = JSON.parse(readFileSync(sidecar, "utf8"));
      assert.equal(principal, scenarios.principal);
      const { context, ...added } = written[2];
      assert.deepEqual(added, { name: "s3:GetObject on arn:aws:s3:::reports/q1.csv", action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv", expect: "allowed" });
      assert.deepEqual(context ?? {}, {}, "no condition key was asked");
      await page().locator(".codelens-decoration", { hasText: "scenarios: 3/3 passing" }).first().waitFor({ timeout: 20_000 });
      await page().locator(".monaco-editor .view-line", { hasText: "ReadReports" }).first().click();
      await vscode.runCommand("AWS Identity Emulator: Clear Policy Simulation");
      await resultLens.waitFor({ state: "detached", timeout: 10_000 });
      await page().locator(".codelens-decoration a", { hasText: /^Simulate…$/ }).first().waitFor({ timeout: 5_000 });
    }));
});
