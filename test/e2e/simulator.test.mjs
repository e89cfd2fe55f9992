// The simulator and enforce mode end to end in a real VS Code (code-server 4.100, headless Chromium): the stepped
// picker from a policy's Simulate… lens, the verdict in words, the last request offered again, the "as alice"
// chip, an outdated result marked as such, a table that fits any width, recognisable tabs and a friendly save
// error, hovers and the operator quick fix; then a denied request seen as a notification and in the Requests
// view, explained, fixed with "Add a statement that allows this", and allowed. Screenshots: test-artifacts/e2e/.
//
//   node test/e2e/simulator.test.mjs
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, GetPolicyCommand, IAMClient, ListRolesCommand, ListUsersCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { openCodeServer } from "./code-server-session.mjs";
import { exactly, until, workbench } from "./workbench-ui.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = join(root, "test-artifacts", "e2e");
const verbose = process.env.E2E_VERBOSE === "1";

const uploads = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyFromOffice",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::uploads/*",
      "Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } }
    }
  ]
}
`;
const issueSentence = "Denied: no statement allows s3:PutObject on arn:aws:s3:::uploads/a.txt — closest was OnlyFromOffice, whose IpAddress condition on aws:SourceIp failed (request 198.51.100.7, allowed 203.0.113.0/24).";

describe("simulator, decisions and requests in code-server", { timeout: 600_000 }, () => {
  let vscode;
  let ui;
  let page;
  let endpoint;
  let iam;
  let asAlice;
  const started = Date.now();

  before(async () => {
    execFileSync(process.execPath, [join(root, "esbuild.mjs")], { cwd: root, stdio: verbose ? "inherit" : "ignore" });
    vscode = await openCodeServer({
      developmentPath: root,
      settings: {
        "awsIdentityEmulator.port": 0, "awsIdentityEmulator.persist": false, "awsIdentityEmulator.mode": "enforce",
        "awsIdentityEmulator.denialNotificationSeconds": 600, "awsIdentityEmulator.policyEditor.delay": 50,
        "workbench.startupEditor": "none", "workbench.welcomePage.walkthroughs.openOnInstall": false, "workbench.tips.enabled": false, "editor.codeLens": true,
      },
      log: verbose ? (line) => process.stderr.write(line) : undefined,
    });
    page = vscode.page;
    ui = workbench(vscode);
    writeFileSync(join(vscode.folder, "uploads-policy.json"), uploads);
  });

  after(async () => {
    await vscode?.close();
    console.log(`simulator e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  async function step(name, body) {
    try {
      await body();
    } catch (err) {
      await vscode.screenshot(join(artifacts, `simulator-failed-${name}.png`)).catch(() => {});
      throw err;
    }
  }

  const lens = (text) => page.locator(".codelens-decoration a", { hasText: text }).first();
  const editorLine = (text) => page.locator(".editor-instance .view-line", { hasText: text }).first();
  /** Editor elements painted in the theme's diff colour ("inserted" for an allow, "removed" for a deny, or either). */
  const highlighted = (kind = "either") => page.evaluate((kind) => {
    const colour = (name) => {
      const probe = document.createElement("div");
      probe.style.backgroundColor = `var(--vscode-diffEditor-${name}TextBackground)`;
      document.querySelector(".monaco-workbench").appendChild(probe);
      const value = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return value;
    };
    const wanted = new Set((kind === "either" ? ["inserted", "removed"] : [kind]).map(colour));
    if (wanted.has("rgba(0, 0, 0, 0)")) throw new Error("the theme has no diff colour: nothing to compare with");
    return Array.from(document.querySelectorAll(".monaco-editor .view-overlays div, .monaco-editor .view-line span"))
      .filter((el) => wanted.has(getComputedStyle(el).backgroundColor)).length;
  }, kind);
  /** Whether the panel's page is wider than the panel (a table that does not fit scrolls sideways). */
  const panelOverflows = () => until("the panel's page", async () => {
    for (const frame of page.frames()) {
      const sizes = await frame.evaluate(() => document.querySelector("#verdict") ? [document.documentElement.scrollWidth, document.documentElement.clientWidth, getComputedStyle(document.querySelector("table.statements td")).display] : undefined).catch(() => undefined);
      if (sizes) return sizes;
    }
    return undefined;
  });

  it("starts, and a user in enforce mode exists with a key and a policy", () =>
    step("start", async () => {
      await vscode.statusBarText("AWS IAM:", 60_000);
      await vscode.runCommand("View: Close All Editors");
      await vscode.runCommand("AWS Identity Emulator: Start Emulator");
      const text = await vscode.statusBarText("AWS IAM: running on :");
      endpoint = `http://127.0.0.1:${/running on :(\d+)/.exec(text)[1]}`;
      iam = new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      await iam.send(new CreateUserCommand({ UserName: "alice" }));
      await iam.send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "uploads", PolicyDocument: uploads }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "alice" }));
      asAlice = new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey } });
    }));

  it("Simulate… asks step by step, warns about a wildcard resource, and says the verdict in words", () =>
    step("stepped", async () => {
      await ui.openFile("uploads-policy.json");
      await editorLine("OnlyFromOffice").waitFor({ timeout: 20_000 });
      await lens(exactly("Simulate…")).click();
      await until("the action step", async () => (await ui.quickInputTitle()).startsWith("Simulate uploads-policy.json: action"));
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "named in Sid OnlyFromOffice" }).first().waitFor();
      await vscode.screenshot(join(artifacts, "simulator-1-action.png"));
      await ui.pick("s3:PutObject");
      await until("the resource step", async () => (await ui.quickInputTitle()).startsWith("Simulate uploads-policy.json: resource"));
      assert.equal(await ui.input.inputValue(), "arn:aws:s3:::uploads/*");
      await page.locator(".quick-input-message", { hasText: "has a wildcard: a real request names one resource" }).waitFor({ timeout: 5_000 });
      await vscode.screenshot(join(artifacts, "simulator-2-resource.png"));
      await ui.answer("arn:aws:s3:::uploads/a.txt");
      await until("the condition key step", async () => (await ui.quickInputTitle()).startsWith("Simulate uploads-policy.json: aws:SourceIp"));
      await page.locator(".quick-input-message, .quick-input-header", { hasText: "IPAddress" }).first().waitFor({ timeout: 5_000 });
      await ui.answer("198.51.100.7");
      await ui.panelSays("#verdict", issueSentence);
      await lens("s3:PutObject: Denied").waitFor({ timeout: 10_000 });
      await vscode.screenshot(join(artifacts, "simulator-3-denied.png"));
    }));

  it("offers the last request first, and an allow is highlighted in the theme's diff colour", () =>
    step("again", async () => {
      await lens(exactly("Simulate…")).click();
      const first = page.locator(".quick-input-list .monaco-list-row").first();
      await first.waitFor();
      assert.match(await first.innerText(), /s3:PutObject arn:aws:s3:::uploads\/a\.txt aws:SourceIp=198\.51\.100\.7[\s\S]*Enter runs it again/);
      await ui.pick("s3:PutObject", { filter: "s3:PutObject" });
      // Each answer once its step shows: typed earlier, it lands in the step before (a loaded machine lags).
      await until("the resource step", async () => (await ui.quickInputTitle()).startsWith("Simulate uploads-policy.json: resource"));
      await ui.answer("arn:aws:s3:::uploads/a.txt");
      await until("the condition key step", async () => (await ui.quickInputTitle()).startsWith("Simulate uploads-policy.json: aws:SourceIp"));
      await ui.answer("203.0.113.5");
      await ui.panelSays("#verdict", "Allowed: OnlyFromOffice in identity policy uploads-policy.json allows s3:PutObject on arn:aws:s3:::uploads/a.txt.");
      await until("the deciding statement in diff colours", async () => (await highlighted("inserted")) > 0);
      await vscode.screenshot(join(artifacts, "simulator-4-allowed.png"));
      // The table fits the panel however wide it is: a narrow panel stacks each statement's cells.
      const [scroll, client, display] = await panelOverflows();
      assert.ok(scroll <= client, `the panel scrolls sideways: ${scroll} > ${client}`);
      await page.setViewportSize({ width: 900, height: 850 });
      await until("the narrow panel's stacked table", async () => { const [s, c, d] = await panelOverflows(); return s <= c && d === "block"; });
      await vscode.screenshot(join(artifacts, "simulator-5-narrow.png"));
      await page.setViewportSize({ width: 1400, height: 850 });
      assert.ok(["table-cell", "block"].includes(display));
    }));

  it("as a principal (Simulate Policy as Principal…), a chip says so and one click clears it (Simulate Without the Principal)", () =>
    step("chip", async () => {
      await lens(exactly("Simulate as principal…")).click();
      await ui.pick("alice");
      await until("the picker as alice", async () => (await ui.quickInputTitle()).startsWith("Simulate uploads-policy.json as alice: action"));
      await page.keyboard.press("Enter"); // the last request, again
      await lens("as alice").waitFor({ timeout: 10_000 });
      await page.locator(".tabs-container .tab", { hasText: "as alice" }).first().waitFor({ timeout: 10_000 });
      await vscode.screenshot(join(artifacts, "simulator-6-chip.png"));
      await lens("as alice").click();
      await lens("as alice").waitFor({ state: "detached", timeout: 10_000 });
      assert.match(await ui.panelText("h2"), /^Simulation: s3:PutObject · uploads-policy\.json$/);
    }));

  it("never leaves a stale result: a document that stops parsing marks the panel outdated, with a way to the problem", () =>
    step("stale", async () => {
      await editorLine('"Version"').click();
      await page.keyboard.press("End");
      await page.keyboard.type(" oops");
      await lens("outdated").waitFor({ timeout: 10_000 });
      assert.match(await ui.panelText("#outdated"), /^Outdated: uploads-policy\.json: the policy does not parse/);
      await until("the highlight gone", async () => (await highlighted()) === 0);
      await vscode.screenshot(join(artifacts, "simulator-7-outdated.png"));
      await ui.panelLink("Show the problem");
      // Back in the document (the link may leave focus in the Problems view), undo the typing.
      await editorLine('"Version"').click();
      await page.keyboard.press("Control+Z");
      await lens("s3:PutObject: Allowed").waitFor({ timeout: 10_000 });
      await until("the panel current again", async () => {
        // A frame may be replaced as the panel re-renders: read again next time.
        for (const frame of page.frames()) if (await frame.locator("#verdict").count().catch(() => 0)) return (await frame.locator("#outdated").count().catch(() => -1)) === 0;
        return false;
      });
    }));

  it("the result's lens shows the explanation again; the panel's Change request… asks again, Add to scenarios writes the scenario; Clear removes the result", () =>
    step("result-lenses", async () => {
      // Show Policy Simulation Explanation: the panel closed, the result's lens brings it back.
      await ui.closeTab("Simulation: s3:PutObject");
      await lens("s3:PutObject: Allowed").click();
      await ui.tab("Simulation: s3:PutObject · uploads-policy.json").waitFor({ timeout: 10_000 });
      await ui.panelSays("#verdict", "Allowed: OnlyFromOffice in identity policy uploads-policy.json allows s3:PutObject on arn:aws:s3:::uploads/a.txt.");
      // Add Simulation to Policy Scenarios: the request becomes a scenario expecting today's decision, run at once.
      const sidecar = join(vscode.folder, "uploads-policy.scenarios.json");
      assert.ok(!existsSync(sidecar));
      await ui.panelLink("Add to scenarios");
      const written = await until("the scenarios file", async () => existsSync(sidecar) && JSON.parse(readFileSync(sidecar, "utf8")));
      assert.deepEqual(written, { scenarios: [{ name: "s3:PutObject on arn:aws:s3:::uploads/a.txt", action: "s3:PutObject", resource: "arn:aws:s3:::uploads/a.txt",
        context: { "aws:SourceIp": "203.0.113.5" }, expect: "allowed" }] });
      await page.locator(".codelens-decoration", { hasText: "scenarios: 1/1 passing" }).first().waitFor({ timeout: 15_000 });
      // Change Simulated Request…: the stepped picker again, for this document.
      await ui.panelLink("Change request…");
      await until("the action step", async () => (await ui.quickInputTitle()).startsWith("Simulate uploads-policy.json: action"));
      await page.keyboard.press("Escape");
      // Clear Policy Simulation: the result's lens goes, Simulate… stays.
      await lens(exactly("Clear")).click();
      await lens("s3:PutObject: Allowed").waitFor({ state: "detached", timeout: 10_000 });
      await lens(exactly("Simulate…")).waitFor({ timeout: 5_000 });
    }));

  it("hovers explain an operator and a condition key; an unknown operator gets the nearest as a quick fix", () =>
    step("hover-fix", async () => {
      // The hover at the cursor, as a keyboard user asks for it (Ctrl+K Ctrl+I): a mouse hover races the lenses.
      const hoverAt = async (line, word, text) => {
        // The cursor on the word itself, by line and column (Go to Line/Column), not where a click lands.
        const lines = uploads.split("\n");
        const row = lines.findIndex((l) => l.includes(line) && l.includes(word));
        await editorLine(line).click();
        await page.keyboard.press("Control+G");
        await page.keyboard.type(`${row + 1}:${lines[row].indexOf(word) + 3}`);
        await page.keyboard.press("Enter");
        await page.keyboard.press("Control+K");
        await page.keyboard.press("Control+I");
        await page.locator(".monaco-hover", { hasText: text }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.press("Escape");
      };
      await hoverAt("IpAddress", "IpAddress", "The IP address is in one of the CIDR blocks");
      await hoverAt("IpAddress", "aws:SourceIp", "IPAddress");
      await vscode.runCommand("View: Close All Editors");
      writeFileSync(join(vscode.folder, "typo-policy.json"), uploads.replace('"IpAddress"', '"IPAdress"'));
      await ui.openFile("typo-policy.json");
      await editorLine("IPAdress").waitFor({ timeout: 20_000 });
      await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 20_000 });
      await editorLine("IPAdress").locator("span", { hasText: "IPAdress" }).first().click();
      const fix = page.locator(".action-widget .monaco-list-row", { hasText: 'Change to "IpAddress"' }).first();
      for (let attempt = 0; ; attempt++) {
        await page.keyboard.press("Control+.");
        try { await fix.waitFor({ timeout: 5_000 }); break; } catch (err) { if (attempt >= 3) throw err; await page.keyboard.press("Escape"); }
      }
      await page.keyboard.press("Enter");
      await page.keyboard.press("Control+S");
      await until("the fixed operator saved", async () => readFileSync(join(vscode.folder, "typo-policy.json"), "utf8").includes('"IpAddress"'));
      await vscode.runCommand("View: Close All Editors");
    }));

  it("emulator documents have recognisable tabs, and a refused save says what to do, not an encoded ARN", () =>
    step("tabs-save", async () => {
      await iam.send(new CreatePolicyCommand({ PolicyName: "s3-read", PolicyDocument: uploads }));
      await ui.showViews();
      // Clicked again if the tree re-rendered under the click (VS Code drops a row's command on each refresh).
      for (let attempt = 0; ; attempt++) {
        await ui.row("s3-read").click();
        try { await ui.tab("s3-read (emulator)").waitFor({ timeout: attempt < 2 ? 5_000 : 15_000 }); break; } catch (err) { if (attempt >= 2) throw err; }
      }
      await editorLine("OnlyFromOffice").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type(" and more");
      await page.keyboard.press("Control+S");
      const toast = ui.notification("Failed to save 's3-read (emulator)'");
      await toast.waitFor({ timeout: 15_000 });
      const text = await toast.innerText();
      assert.match(text, /MalformedPolicyDocument/);
      assert.match(text, /Nothing was saved: fix what the Problems view lists for this document, then save again\./);
      assert.ok(!/%3A|arn%/.test(text), text);
      await vscode.screenshot(join(artifacts, "simulator-9-save-error.png"));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::000000000000:policy/s3-read" }))).Policy.DefaultVersionId, "v1");
      await vscode.runCommand("Notifications: Clear All Notifications");
      await vscode.runCommand("File: Revert File");
      await vscode.runCommand("View: Close All Editors");
    }));

  it("a denial notifies once, with Explain opening the decision in the panel", () =>
    step("denial", async () => {
      // The tree's Recent decisions open before the requests: the new decision must arrive with no Refresh.
      await ui.focusOn("Recent decisions");
      const decision = "implicit deny: iam:ListRoles";
      assert.equal(await ui.row(decision).count(), 0);
      await assert.rejects(asAlice.send(new ListRolesCommand({})), { name: "AccessDenied" });
      await assert.rejects(asAlice.send(new ListRolesCommand({})), { name: "AccessDenied" });
      const toast = ui.notification("Denied: alice may not iam:ListRoles on *.");
      await toast.waitFor({ timeout: 15_000 });
      assert.equal(await page.locator(".notifications-toasts .notification-toast", { hasText: "Denied: alice" }).count(), 1, "the second denial is held back");
      await ui.row(decision).waitFor({ timeout: 10_000 });
      assert.equal(await ui.description(decision), "user/alice → *");
      await vscode.screenshot(join(artifacts, "simulator-10-denial-toast.png"));
      await toast.locator(".monaco-button", { hasText: exactly("Explain") }).click();
      await ui.panelSays("#verdict", "Denied: no statement allows iam:ListRoles.");
      assert.match(await ui.panelText(".origin"), /^Enforce mode · .+ · request .+ · arn:aws:iam::000000000000:user\/alice$/);
      await ui.tab("Decision").waitFor({ timeout: 10_000 });
    }));

  it("the Requests view lists them live, filters by principal, and a row opens its explanation", () =>
    step("requests", async () => {
      await ui.showViews();
      const requests = ui.pane("Requests");
      await requests.locator(".monaco-list-row", { hasText: "iam:ListRoles" }).first().waitFor({ timeout: 15_000 });
      const rows = await requests.locator(".monaco-list-row").allInnerTexts();
      assert.ok(rows.filter((r) => /iam:ListRoles[\s\S]*alice · denied/.test(r)).length === 2, rows.join(" | "));
      // The request recorder's: the account root (the test's own setup) is not recorded.
      assert.ok(!rows.some((r) => /root ·/.test(r)), rows.join(" | "));
      await ui.titleAction("Filter Requests by Principal…", "Requests");
      await ui.pick("alice");
      await until("only alice's requests", async () => (await requests.locator(".monaco-list-row").allInnerTexts()).every((r) => /alice/.test(r)));
      await until("the view's title says the filter", async () => /as alice/.test(await requests.locator(".pane-header").innerText()));
      await vscode.screenshot(join(artifacts, "simulator-11-requests.png"));
      await ui.titleAction("Show Requests of All Principals", "Requests");
      await until("the filter gone from the title", async () => !/as alice/.test(await requests.locator(".pane-header").innerText()));
      await requests.locator('.pane-header .action-label[aria-label="Show Requests of All Principals"]').waitFor({ state: "detached", timeout: 5_000 });
      // Explain Request from the row's context menu, the panel closed first; then a click on the row does the same.
      await vscode.runCommand("View: Close All Editors");
      await ui.contextMenu("iam:ListRoles", "Explain Request", "Requests");
      await ui.panelSays("#verdict", "Denied: no statement allows iam:ListRoles.");
      await ui.tab("Decision").waitFor({ timeout: 10_000 });
      await vscode.runCommand("View: Close All Editors");
      await requests.locator(".monaco-list-row", { hasText: "iam:ListRoles" }).first().click();
      await ui.panelSays("#verdict", "Denied: no statement allows iam:ListRoles.");
    }));

  it("Open in simulator asks again as alice; Add a statement that allows this fixes it, and the request is allowed", () =>
    step("fix", async () => {
      await ui.panelLink("Open in simulator");
      await ui.tab("Simulation: iam:ListRoles as alice").waitFor({ timeout: 15_000 });
      await ui.panelLink("Add a statement that allows this");
      await ui.pick("user/alice/uploads");
      await ui.tab("uploads (emulator · alice inline)").waitFor({ timeout: 15_000 });
      await editorLine('"Sid": "AllowIamListRoles"').waitFor({ timeout: 10_000 });
      await vscode.screenshot(join(artifacts, "simulator-12-statement.png"));
      await page.keyboard.press("Control+S");
      // Saved: the simulation re-runs with the policies as they are now (its tab brought to the front, as the
      // document may have opened over it).
      await ui.tab("Simulation: iam:ListRoles as alice").click();
      await until("the panel allowed", async () => (await ui.panelText("#verdict")).startsWith("Allowed: AllowIamListRoles"), 20_000);
      // Open Deciding Policy: the allowing policy's document, the panel's link, once its tab was closed.
      await ui.closeTab("uploads (emulator · alice inline)");
      await ui.panelLink("Open user/alice/uploads");
      await ui.tab("uploads (emulator · alice inline)").waitFor({ timeout: 15_000 });
      await editorLine('"Sid": "AllowIamListRoles"').waitFor({ timeout: 10_000 });
      // Beside the explanation, not over it (a preview editor in the panel's group used to replace it).
      assert.equal(await ui.tab("Simulation: iam:ListRoles as alice").count(), 1);
      await vscode.screenshot(join(artifacts, "simulator-13-deciding-policy.png"));
      // Change Simulated Request…: asks again as alice.
      await ui.tab("Simulation: iam:ListRoles as alice").click();
      await ui.panelLink("Change request…");
      await until("the picker as alice", async () => (await ui.quickInputTitle()).startsWith("Simulate as alice: action"));
      await page.keyboard.press("Escape");
      const roles = await asAlice.send(new ListRolesCommand({}));
      assert.ok(Array.isArray(roles.Roles));
      const requests = ui.pane("Requests");
      await requests.locator(".monaco-list-row", { hasText: /iam:ListRoles[\s\S]*alice · allowed/ }).first().waitFor({ timeout: 15_000 });
      await ui.titleAction("Clear Requests", "Requests");
      await until("the list cleared", async () => (await requests.locator(".monaco-list-row").count()) === 0);
    }));

  it("Reset Emulator empties the Requests view: its principals are gone", () =>
    step("reset", async () => {
      await assert.rejects(asAlice.send(new ListUsersCommand({})), { name: "AccessDenied" });
      const requests = ui.pane("Requests");
      await requests.locator(".monaco-list-row", { hasText: "iam:ListUsers" }).first().waitFor({ timeout: 15_000 });
      await vscode.runCommand("Notifications: Clear All Notifications");
      await ui.titleAction("Reset Emulator (Delete All Resources)");
      await ui.dialogButton("Reset");
      await until("the Requests view empty", async () => (await requests.locator(".monaco-list-row").count()) === 0);
      assert.ok(!/\d/.test(await requests.locator(".pane-header").innerText()), "no count in the view's title");
      assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users, []);
      await until("the tree's decisions reset too", async () => (await ui.description("Recent decisions")) === "none yet");
    }));
});
