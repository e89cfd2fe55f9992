// Access Analyzer in the editor, against the real bundled CLI: "Generate Least-Privilege Policy" on a user
// in the tree opens the policy generated from that user's recorded requests as a diff beside its current
// permissions, and "Apply" attaches it; "What Does This Change Grant?" compares a policy's unsaved edit with
// the saved file and reports what was gained and lost.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import { IAMClient, GetUserCommand, CreateGroupCommand } from "@aws-sdk/client-iam";
import type { EmulatorApi } from "../../../src/extension/emulator-process.js";
import type { TreeNode } from "../../../src/extension/tree/tree-model.js";
import type { AccessChange } from "../../../src/policy/index.js";

const extensionId = "aws-identity-emulator.aws-identity-emulator";
const section = "awsIdentityEmulator";

function find(nodes: readonly TreeNode[], id: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inside = n.children && find(n.children, id);
    if (inside) return inside;
  }
  return undefined;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

suite("Access Analyzer in the editor", () => {
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
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await api.stop();
    for (const key of ["port", "persist"]) await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test("generates a least-privilege policy for a user from its requests, shows the diff, and applies it", async () => {
    await call({ service: "iam", operation: "CreateUser", input: { UserName: "lp-app" } });
    const key = (await call({ service: "iam", operation: "CreateAccessKey", input: { UserName: "lp-app" } })).output.AccessKey;
    const iam = new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } });
    await iam.send(new GetUserCommand({}));
    await iam.send(new CreateGroupCommand({ GroupName: "lp-group" }));

    const node = await until("the user in the tree", async () => find((await vscode.commands.executeCommand<TreeNode[]>("awsIdentityEmulator.tree.nodes", { reload: true })) ?? [], "users/lp-app"));
    const generated = await vscode.commands.executeCommand<{ policy: string; uri: vscode.Uri }>("awsIdentityEmulator.tree.generatePolicy", node);
    assert.deepEqual(JSON.parse(generated.policy), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["iam:CreateGroup"], Resource: "arn:aws:iam::000000000000:group/lp-group" },
        { Effect: "Allow", Action: ["iam:GetUser"], Resource: "arn:aws:iam::000000000000:user/lp-app" },
      ],
    });
    const tab = await until("the diff editor", () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.equal(tab.modified.toString(), generated.uri.toString());
    assert.equal(tab.original.path, "/generated/current-user-lp-app.json");

    assert.equal(await vscode.commands.executeCommand("awsIdentityEmulator.tree.applyGeneratedPolicy", generated.uri, { mode: "inline" }), "inline");
    const applied = await call({ service: "iam", operation: "GetUserPolicy", input: { UserName: "lp-app", PolicyName: "LeastPrivilege" } });
    assert.deepEqual(JSON.parse(decodeURIComponent(applied.output.PolicyDocument)), JSON.parse(generated.policy));
  });

  test("what a policy's unsaved edit grants, compared with the saved file by the engine", async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, "grant-policy.json");
    const saved = { Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:DeleteObject"], Resource: "arn:aws:s3:::reports/*" }] };
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(saved, null, 2)));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edited = { ...saved, Statement: [{ ...saved.Statement[0], Action: ["s3:GetObject", "s3:PutObject"] }] };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), JSON.stringify(edited, null, 2));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.isDirty, true);

    const change = await vscode.commands.executeCommand<AccessChange>("awsIdentityEmulator.policyEditor.whatDoesThisChangeGrant", uri);
    assert.deepEqual(change.gained, [{ action: "s3:PutObject", resources: ["arn:aws:s3:::reports/*"] }]);
    assert.deepEqual(change.lost, [{ action: "s3:DeleteObject", resources: ["arn:aws:s3:::reports/*"] }]);
    assert.equal(change.newAccess.result, "FAIL");
    const report = await until("the report beside the policy", () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === "aws-iam-emulator-report"));
    assert.match(report.getText(), /Comparing the saved file with the editor's text/);
    assert.match(report.getText(), /## Gained\n\n- `s3:PutObject` on `arn:aws:s3:::reports\/\*`/);
    assert.match(report.getText(), /## Lost\n\n- `s3:DeleteObject` on `arn:aws:s3:::reports\/\*`/);
    await vscode.commands.executeCommand("workbench.action.files.revert");
    await vscode.workspace.fs.delete(uri);
  });
});
