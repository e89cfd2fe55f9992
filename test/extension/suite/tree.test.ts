// The resource tree and its actions in a real VS Code, against the real bundled CLI: nodes follow changes
// made by any client, commands create and delete through /_emulator/call, documents save back with AWS's
// validation, Cognito sign-in decodes tokens, and wiring commands produce the variables for other shells.
// Run by ../runTest.ts (@vscode/test-electron + mocha, TDD), or test/e2e/extension-suite.test.mjs here.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import type { EmulatorApi } from "../../../src/extension/emulator-process.js";
import type { TreeNode } from "../../../src/extension/tree/tree-model.js";
import type { Explanation } from "../../../src/policy/index.js";

const extensionId = "aws-identity-emulator.aws-identity-emulator";
const section = "awsIdentityEmulator";
const nodesCommand = "awsIdentityEmulator.tree.nodes";
const tree = (id: string) => `awsIdentityEmulator.tree.${id}`;

function find(nodes: readonly TreeNode[], id: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inside = n.children && find(n.children, id);
    if (inside) return inside;
  }
  return undefined;
}

/** Waits until the tree shows node `id` (or stops showing it), as change events arrive. */
async function waitForNode(id: string, present = true, timeoutMs = 5000): Promise<TreeNode | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const node = find((await vscode.commands.executeCommand<TreeNode[]>(nodesCommand)) ?? [], id);
    if (present ? node : !node) return node;
    if (Date.now() > until) throw new Error(`tree node ${id} ${present ? "never appeared" : "never went away"}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

suite("Resource tree", () => {
  let api: EmulatorApi;
  let endpoint: string;
  const call = async (body: object) => {
    const res = await fetch(`${endpoint}/_emulator/call`, { method: "POST", body: JSON.stringify(body) });
    return (await res.json()) as { output?: any; error?: { code: string; message: string } };
  };

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<EmulatorApi>(extensionId)!.activate();
    await vscode.workspace.getConfiguration(section).update("port", 0, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration(section).update("persist", false, vscode.ConfigurationTarget.Workspace);
    endpoint = (await api.ensureRunning()).endpoint;
    await vscode.commands.executeCommand(tree("reset"), undefined, { confirmed: true });
  });

  suiteTeardown(async () => {
    await api.stop();
    for (const key of ["port", "persist"]) await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test("shows the seven sections, and a user another client creates without a refresh", async () => {
    const roots = await vscode.commands.executeCommand<TreeNode[]>(nodesCommand, { reload: true });
    assert.deepEqual(roots.map((n) => n.label), ["Users", "Groups", "Roles", "Policies", "Identity providers", "Cognito user pools", "Cognito identity pools"]);
    assert.equal((await call({ service: "iam", operation: "CreateUser", input: { UserName: "outside" } })).error, undefined);
    const node = await waitForNode("users/outside");
    assert.match(node!.tooltip!, /arn:aws:iam::000000000000:user\/outside/);
  });

  test("creates a role from the Lambda template and explains the DeleteConflict of deleting it with a policy attached", async () => {
    assert.equal(await vscode.commands.executeCommand(tree("createRole"), undefined, { template: "lambda", name: "fn-role" }), "fn-role");
    const role = await waitForNode("roles/fn-role");
    assert.equal(role!.description, "lambda.amazonaws.com");
    const arn = await vscode.commands.executeCommand<string>(tree("createPolicy"), undefined, { name: "fn-logs", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] }) });
    assert.deepEqual(await vscode.commands.executeCommand(tree("attachPolicies"), role, { arns: [arn] }), [arn]);
    const explained = await vscode.commands.executeCommand<string>(tree("delete"), role, { confirmed: true, cascade: false });
    assert.equal(explained, "IAM will not delete role fn-role while it still has 1 attached policy (fn-logs). Remove it first " +
      '(or choose "Remove and delete" to do it in order). AWS said: DeleteConflict: Cannot delete entity, must detach all policies first.');
    assert.equal(await vscode.commands.executeCommand(tree("delete"), role, { confirmed: true, cascade: true }), "Delete role fn-role");
    await waitForNode("roles/fn-role", false);
  });

  test("saves a trust policy document through UpdateAssumeRolePolicy and refuses a malformed one with AWS's message", async () => {
    await vscode.commands.executeCommand(tree("createRole"), undefined, { template: "ec2", name: "vm-role" });
    const uri = vscode.Uri.from({ scheme: "aws-iam-emulator", path: "/roles/vm-role/trust-policy/vm-role (emulator · trust policy)" });
    const opened = await vscode.workspace.openTextDocument(uri);
    assert.deepEqual(JSON.parse(opened.getText()).Statement[0].Principal, { Service: "ec2.amazonaws.com" });
    const lambda = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(lambda)));
    const got = await call({ service: "iam", operation: "GetRole", input: { RoleName: "vm-role" } });
    assert.deepEqual(JSON.parse(decodeURIComponent(got.output.Role.AssumeRolePolicyDocument)), lambda);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from("{not json"))), /This policy contains invalid Json\. Nothing was saved: fix what the Problems view lists/);
  });

  test("creates an access key and copies its export lines", async () => {
    await vscode.commands.executeCommand(tree("createUser"), undefined, { name: "dev" });
    const user = await waitForNode("users/dev");
    const key = await vscode.commands.executeCommand<{ AccessKeyId: string; SecretAccessKey: string }>(tree("createAccessKey"), user, { skipOffer: true });
    const keyNode = await waitForNode(`users/dev/keys/${key.AccessKeyId}`);
    assert.match(keyNode!.description!, /^Active · created /);
    const text = await vscode.commands.executeCommand<string>("awsIdentityEmulator.copyEnvironmentVariables", { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, "posix");
    assert.equal(text, [`export AWS_ENDPOINT_URL=${endpoint}`, `export AWS_ACCESS_KEY_ID=${key.AccessKeyId}`, `export AWS_SECRET_ACCESS_KEY=${key.SecretAccessKey}`,
      "export AWS_REGION=us-east-1", "export AWS_DEFAULT_REGION=us-east-1", ""].join("\n"));
    assert.equal(await vscode.env.clipboard.readText(), text);
  });

  test("creates a pool, a client and a user, then signs in as that user and shows the decoded tokens", async () => {
    const poolId = await vscode.commands.executeCommand<string>(tree("createUserPool"), undefined, { name: "shop" });
    const pool = await waitForNode(`pools/${poolId}`);
    await vscode.commands.executeCommand(tree("createAppClient"), pool, { name: "web", secret: true });
    await vscode.commands.executeCommand(tree("createPoolUser"), pool, { username: "carol", password: "Passw0rd!" });
    const user = await waitForNode(`pools/${poolId}/users/carol`);
    assert.equal(user!.description, "CONFIRMED");
    const doc = await vscode.commands.executeCommand<any>(tree("signIn"), user, { password: "Passw0rd!" });
    assert.equal(doc.idToken.claims["cognito:username"], "carol");
    assert.equal(doc.accessToken.claims.token_use, "access");
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), "aws-iam-emulator:/generated/carol-tokens.json");
    assert.equal(JSON.parse(editor.document.getText()).username, "carol");
  });

  test("a pool's domain: Create Domain…, its node with the base URL, Copy OAuth URL…, and its deletion", async () => {
    const poolId = await vscode.commands.executeCommand<string>(tree("createUserPool"), undefined, { name: "web-shop" });
    const pool = await waitForNode(`pools/${poolId}`);
    assert.equal(pool!.contextValue, "userPool");
    await vscode.commands.executeCommand(tree("createDomain"), pool, { domain: "web-shop-suite" });
    const domain = await waitForNode(`pools/${poolId}/domain`);
    const base = `${endpoint}/_cognito/web-shop-suite.auth.us-east-1.amazoncognito.com`;
    assert.equal(domain!.description, base);
    assert.equal(find((await vscode.commands.executeCommand<TreeNode[]>(nodesCommand)) ?? [], `pools/${poolId}`)!.contextValue, "userPool.domain");
    const url = await vscode.commands.executeCommand<string>(tree("copyOAuthUrl"), domain, { label: "Token endpoint" });
    assert.equal(url, `${base}/oauth2/token`);
    assert.equal(await vscode.env.clipboard.readText(), url);
    const discovery = await (await fetch(`${endpoint}/${poolId}/.well-known/openid-configuration`)).json() as { token_endpoint: string };
    assert.equal(discovery.token_endpoint, url);
    await vscode.commands.executeCommand(tree("delete"), domain, { confirmed: true });
    await waitForNode(`pools/${poolId}/domain`, false);
  });

  test("saves the state, loads it back over later changes, and exports a seed file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aie-state-files-"));
    try {
      assert.equal((await call({ service: "iam", operation: "CreateUser", input: { UserName: "kept" } })).error, undefined);
      const saved = await vscode.commands.executeCommand<string>(tree("saveState"), undefined, { path: join(dir, "state.json"), secrets: false });
      const file = JSON.parse(readFileSync(saved, "utf8"));
      assert.equal(file.format, "aws-identity-emulator-state");
      assert.equal(file.secrets, "omitted");
      assert.ok(file.tables["000000000000/iam/users"].some(([key]: [string]) => key === "kept"));
      await call({ service: "iam", operation: "CreateUser", input: { UserName: "later" } });
      await waitForNode("users/later");
      assert.ok(await vscode.commands.executeCommand<number>(tree("loadState"), undefined, { path: saved, confirmed: true }));
      await waitForNode("users/later", false);
      assert.ok(await waitForNode("users/kept"));
      const seed = await vscode.commands.executeCommand<{ path: string; leftOut: string[] }>(tree("exportSeed"), undefined, { path: join(dir, "seed.json") });
      assert.deepEqual(JSON.parse(readFileSync(seed.path, "utf8")).iam.users.map((u: { name: string }) => u.name).filter((n: string) => n === "kept"), ["kept"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("debug launches of any type get the AWS variables, their own env wins, and a launch can opt out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aie-debug-"));
    const script = join(dir, "dump-env.js");
    writeFileSync(script, 'require("fs").writeFileSync(process.argv[2], JSON.stringify(process.env));\n');
    const launch = async (name: string, extra: Record<string, unknown>): Promise<Record<string, string>> => {
      const out = join(dir, `${name}.json`);
      assert.equal(await vscode.debug.startDebugging(undefined, { type: "node", request: "launch", name, program: script, args: [out], ...extra }), true);
      const until = Date.now() + 20_000;
      while (!existsSync(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 100));
      return JSON.parse(readFileSync(out, "utf8"));
    };
    try {
      const wired = await launch("wired", { env: { AWS_REGION: "eu-west-3" } });
      assert.equal(wired.AWS_ENDPOINT_URL, endpoint);
      assert.equal(wired.AWS_ACCESS_KEY_ID, "test");
      assert.equal(wired.AWS_SECRET_ACCESS_KEY, "test");
      assert.equal(wired.AWS_REGION, "eu-west-3", "the launch configuration's own env wins");
      const optedOut = await launch("opted-out", { awsIdentityEmulator: false });
      assert.equal(optedOut.AWS_ENDPOINT_URL, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("Configure AWS Profile adds a profile with endpoint_url and keeps the ones already there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aie-profile-"));
    const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
    // The extension host's own process: the command reads these at call time, so ~/.aws stays untouched.
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
    try {
      writeFileSync(process.env.AWS_CONFIG_FILE, "[profile prod]\nregion = eu-west-1\n");
      assert.equal(await vscode.commands.executeCommand("awsIdentityEmulator.configureAwsProfile", undefined, "emulator"), "emulator");
      assert.equal(readFileSync(process.env.AWS_CONFIG_FILE, "utf8"), `[profile prod]\nregion = eu-west-1\n\n[profile emulator]\nregion = us-east-1\nendpoint_url = ${endpoint}\n`);
      assert.equal(readFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, "utf8"), "[emulator]\naws_access_key_id = test\naws_secret_access_key = test\n");
    } finally {
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE; else process.env.AWS_CONFIG_FILE = saved.config;
      if (saved.credentials === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE; else process.env.AWS_SHARED_CREDENTIALS_FILE = saved.credentials;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("empties when the emulator stops", async () => {
    await api.stop();
    assert.deepEqual(await vscode.commands.executeCommand(nodesCommand), []);
    endpoint = (await api.ensureRunning()).endpoint;
  });
});

suite("Second window", () => {
  test("attaches to the emulator another window runs on the same data folder, and lets go when it stops", async () => {
    const extension = vscode.extensions.getExtension<EmulatorApi>(extensionId)!;
    const api = await extension.activate();
    await api.stop();
    const dir = mkdtempSync(join(tmpdir(), "aie-attach-"));
    const config = vscode.workspace.getConfiguration(section);
    await config.update("port", 0, vscode.ConfigurationTarget.Workspace);
    await config.update("persist", true, vscode.ConfigurationTarget.Workspace);
    await config.update("dataDir", dir, vscode.ConfigurationTarget.Workspace);
    // The "first window": its CLI holds the folder's lock, and its endpoint file says where it listens.
    // In authenticate mode, so this window's changes must carry the other's admin token, read from its endpoint file.
    const other = spawn(process.execPath, [join(extension.extensionPath, "dist", "cli.js"), "--port", "0", "--data-dir", dir, "--log-level", "warn", "--mode", "authenticate"],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" }, stdio: ["ignore", "pipe", "ignore"] });
    try {
      const ready = await new Promise<any>((resolve, reject) => {
        other.stdout!.once("data", (d: Buffer) => resolve(JSON.parse(String(d).split("\n")[0]!)));
        other.once("exit", (code) => reject(new Error(`the other emulator exited with ${code}`)));
      });
      const { pid, endpoint, accessKeyId, secretAccessKey, region, accountId, mode, dataDir, version, adminToken } = ready;
      writeFileSync(join(dir, "emulator-endpoint.json"), JSON.stringify({ pid, endpoint, accessKeyId, secretAccessKey, region, accountId, mode, dataDir, version, adminToken }), { mode: 0o600 });
      await fetch(`${endpoint}/_emulator/call`, { method: "POST", headers: { authorization: `Bearer ${adminToken}` }, body: JSON.stringify({ service: "iam", operation: "CreateUser", input: { UserName: "from-first-window" } }) });
      // This window's own start meets the lock; instead of staying failed, it uses the running emulator.
      await api.ensureRunning().catch(() => undefined);
      assert.equal(api.getState().kind, "failed");
      const node = await waitForNode("users/from-first-window");
      assert.equal(node!.label, "from-first-window");
      assert.equal(await vscode.commands.executeCommand(tree("createUser"), undefined, { name: "from-second-window" }), "from-second-window");
      await waitForNode("users/from-second-window");
      // Start in this window now uses the other window's emulator instead of meeting the lock again.
      const afterStart = await vscode.commands.executeCommand<{ kind: string }>("awsIdentityEmulator.start");
      assert.equal(afterStart.kind, "failed", "no second emulator was started");
      other.kill("SIGTERM");
      const until = Date.now() + 10_000;
      while ((await vscode.commands.executeCommand<TreeNode[]>(nodesCommand)).length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(await vscode.commands.executeCommand(nodesCommand), []);
    } finally {
      other.kill("SIGKILL");
      await api.stop();
      for (const key of ["port", "persist", "dataDir"]) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

suite("Recent decisions (enforce mode)", () => {
  test("lists a denial with its action and principal, and opens its explanation", async () => {
    const api = await vscode.extensions.getExtension<EmulatorApi>(extensionId)!.activate();
    const config = vscode.workspace.getConfiguration(section);
    await api.stop();
    await config.update("port", 0, vscode.ConfigurationTarget.Workspace);
    await config.update("persist", false, vscode.ConfigurationTarget.Workspace);
    await config.update("mode", "enforce", vscode.ConfigurationTarget.Workspace);
    try {
      const { endpoint, adminToken } = await api.ensureRunning();
      // Enforce mode: the emulator's own API acts only with its admin token.
      const call = (body: object) => fetch(`${endpoint}/_emulator/call`, { method: "POST", headers: { authorization: `Bearer ${adminToken}` }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
      await call({ service: "iam", operation: "CreateUser", input: { UserName: "nobody" } });
      const key = (await call({ service: "iam", operation: "CreateAccessKey", input: { UserName: "nobody" } })).output.AccessKey;
      const iam = new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } });
      await assert.rejects(iam.send(new ListRolesCommand({})), (e: Error) => e.name === "AccessDenied");
      const roots = await vscode.commands.executeCommand<TreeNode[]>(nodesCommand, { reload: true });
      const decisions = roots.find((n) => n.id === "section:decisions")!;
      const denial = decisions.children!.find((d) => d.label === "implicit deny: iam:ListRoles")!;
      assert.match(denial.description!, /^user\/nobody → /);
      // A click runs the decision into the explanation panel, the engine's explanation as it was made.
      assert.equal(denial.runs!.command, "awsIdentityEmulator.openDecision");
      const e = await vscode.commands.executeCommand<Explanation>(denial.runs!.command, ...denial.runs!.arguments);
      assert.equal(e.decision, "implicitDeny");
      assert.equal(e.request.principal.arn, "arn:aws:iam::000000000000:user/nobody");
      assert.equal(e.request.action, "iam:ListRoles");
      // "Simulate as This Principal" on the user simulates its own policies, with no document open.
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      const user = roots.find((n) => n.id === "section:users")!.children!.find((n) => n.label === "nobody")!;
      const asked = await vscode.commands.executeCommand<Explanation>(tree("simulate"), user, { request: { action: "iam:ListRoles", resource: "*" } });
      assert.equal(asked.decision, "implicitDeny");
      assert.equal(asked.request.principal.arn, "arn:aws:iam::000000000000:user/nobody");
    } finally {
      await api.stop();
      for (const key of ["port", "persist", "mode"]) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
