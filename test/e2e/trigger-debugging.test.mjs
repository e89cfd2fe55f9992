// "Debug Cognito Triggers" end to end in a real VS Code (code-server 4.100) driven by headless Chromium: a
// pre token generation trigger mapped to a file of the workspace (awsIdentityEmulator.lambda.handlers), a
// breakpoint set on one of its lines with F9, the command attaches VS Code's JavaScript debugger to the
// trigger's worker, a sign-in from an SDK client outside VS Code stops on the breakpoint, Continue lets it
// finish with the trigger's claim in the token, and Stop Debugging detaches. Screenshots go to
// test-artifacts/e2e/trigger-*.png.
//
//   node test/e2e/trigger-debugging.test.mjs
//
// The extension is loaded from the checkout as a development folder, as policy-editor.test.mjs does.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { openCodeServer } from "./code-server-session.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = join(root, "test-artifacts", "e2e");
const verbose = process.env.E2E_VERBOSE === "1";

const BREAK_LINE = 5;
const handlerText = `// A pre token generation trigger, debugged from VS Code.
export const handler = async (event) => {
  const username = event.userName;
  const stamp = \`debugged-\${username}\`;
  event.response = { claimsOverrideDetails: { claimsToAddOrOverride: { stamp } } };
  return event;
};
`;

describe("Debug Cognito Triggers in code-server", { timeout: 300_000 }, () => {
  let vscode;
  let endpoint;

  before(async () => {
    execFileSync(process.execPath, [join(root, "esbuild.mjs")], { cwd: root, stdio: verbose ? "inherit" : "ignore" });
    vscode = await openCodeServer({
      developmentPath: root,
      settings: {
        "awsIdentityEmulator.port": 0, "awsIdentityEmulator.persist": false,
        "awsIdentityEmulator.lambda.handlers": { "pre-token": "triggers/pre-token.mjs#handler" },
        "workbench.startupEditor": "none", "workbench.welcomePage.walkthroughs.openOnInstall": false, "workbench.tips.enabled": false,
      },
      log: verbose ? (line) => process.stderr.write(line) : undefined,
    });
    mkdirSync(join(vscode.folder, "triggers"));
    writeFileSync(join(vscode.folder, "triggers", "pre-token.mjs"), handlerText);
  });

  after(async () => {
    await vscode?.close();
  });

  async function step(name, body) {
    try {
      await body();
    } catch (err) {
      await vscode.screenshot(join(artifacts, `trigger-failed-${name}.png`)).catch(() => {});
      throw err;
    }
  }

  const page = () => vscode.page;

  /** Types into the quick input that F1 / Ctrl+P opened, and accepts the first match. */
  async function quickInput(text) {
    const input = page().locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: 10_000 });
    await input.fill(text);
    await page().waitForTimeout(300); // the list filters as it is typed
    await page().keyboard.press("Enter");
  }

  it("starts the emulator and sets a breakpoint in the trigger's source", () =>
    step("breakpoint", async () => {
      await vscode.statusBarText("AWS IAM:", 60_000);
      await vscode.runCommand("AWS Identity Emulator: Start Emulator");
      const text = await vscode.statusBarText("AWS IAM: running on :");
      endpoint = `http://127.0.0.1:${/running on :(\d+)/.exec(text)[1]}`;

      await page().keyboard.press("Control+P");
      await quickInput("pre-token.mjs");
      await page().locator(".monaco-editor .view-lines", { hasText: "claimsOverrideDetails" }).first().waitFor({ timeout: 20_000 });
      await vscode.runCommand("Go to Line/Column...");
      await quickInput(`:${BREAK_LINE}`);
      await page().keyboard.press("F9");
      await page().locator(".monaco-editor .codicon-debug-breakpoint").first().waitFor({ timeout: 10_000 });
    }));

  it("Debug Cognito Triggers attaches the debugger to the trigger's worker", () =>
    step("attach", async () => {
      await vscode.runCommand("AWS Identity Emulator: Debug Cognito Triggers");
      await page().locator(".debug-toolbar").first().waitFor({ state: "visible", timeout: 60_000 });
      await page().locator(".debug-view-content, .debug-call-stack, .pane-body", { hasText: "Cognito trigger: pre-token" }).first().waitFor({ timeout: 30_000 });
      await vscode.screenshot(join(artifacts, "trigger-debug-attached.png"));
    }));

  it("a sign-in stops on the breakpoint; Continue finishes it with the trigger's claim", () =>
    step("stop", async () => {
      const cognito = new CognitoIdentityProviderClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
      const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: "debugged",
        LambdaConfig: { PreTokenGeneration: "arn:aws:lambda:us-east-1:000000000000:function:pre-token" } }));
      const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool.Id, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
      await cognito.send(new AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username: "dana", MessageAction: "SUPPRESS" }));
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool.Id, Username: "dana", Password: "Correct-Horse-9", Permanent: true }));

      let settled = false;
      const signIn = cognito.send(new InitiateAuthCommand({ ClientId: UserPoolClient.ClientId, AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "dana", PASSWORD: "Correct-Horse-9" } })).finally(() => { settled = true; });
      // The debugger stops on the line: VS Code marks the top stack frame's line in the trigger's editor.
      await page().locator(".monaco-editor .debug-top-stack-frame-line").first().waitFor({ timeout: 60_000 });
      await page().locator(".pane-body", { hasText: /Paused on breakpoint/i }).first().waitFor({ timeout: 15_000 });
      await vscode.screenshot(join(artifacts, "trigger-breakpoint.png"));
      assert.equal(settled, false, "the sign-in waits while the trigger is paused");

      await page().keyboard.press("F5");
      const out = await signIn;
      const idToken = JSON.parse(Buffer.from(out.AuthenticationResult.IdToken.split(".")[1], "base64url").toString("utf8"));
      assert.equal(idToken.stamp, "debugged-dana");
    }));

  it("Stop Debugging Cognito Triggers detaches", () =>
    step("detach", async () => {
      await vscode.runCommand("AWS Identity Emulator: Stop Debugging Cognito Triggers");
      await page().locator(".debug-toolbar").first().waitFor({ state: "hidden", timeout: 30_000 });
      const status = await (await fetch(`${endpoint}/_emulator/lambda`)).json();
      assert.equal(status.debugging, false);
      assert.deepEqual(status.handlers.map((h) => [h.function, h.file.endsWith("/triggers/pre-token.mjs"), h.exportName]), [["pre-token", true, "handler"]]);
    }));
});
