// The policy editor in a real VS Code: Problems entries with their ranges, quick fixes, completion, hovers,
// Simulate… with its CodeLens, and scenario files. Mocha (TDD) in the extension host, like ../suite/; bundle
// this file beside ../suite/index.ts (see runTest.ts) to run it with @vscode/test-electron.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { Explanation } from "../../../src/policy/index.js";
import { simulate } from "../../../src/editor-core/simulation.js";

const extensionId = "aws-identity-emulator.aws-identity-emulator";

const policyText = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "ReadReports", "Effect": "Allow", "Action": ["s3:GetObjct", "s3:ListBucket"], "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"] },
    { "Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/secret/*" }
  ]
}
`;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A diagnostic's code, whether plain or linked to AWS's check reference. */
function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === "object" ? d.code.value : d.code;
}

suite("Policy editor", () => {
  let folder: vscode.Uri;
  let policyUri: vscode.Uri;
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    await vscode.extensions.getExtension(extensionId)!.activate();
    folder = vscode.workspace.workspaceFolders![0]!.uri;
    policyUri = vscode.Uri.joinPath(folder, "reports-policy.json");
    await vscode.workspace.fs.writeFile(policyUri, Buffer.from(policyText));
    doc = await vscode.workspace.openTextDocument(policyUri);
    await vscode.window.showTextDocument(doc);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    for (const name of ["reports-policy.json", "reports-policy.scenarios.json"]) {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, name)).then(undefined, () => undefined);
    }
  });

  test("a mistyped action shows in Problems as Access Analyzer's INVALID_ACTION, with its span", async () => {
    const d = await until("the INVALID_ACTION diagnostic", () => vscode.languages.getDiagnostics(policyUri).find((x) => codeOf(x) === "INVALID_ACTION"));
    assert.equal(d.message, "The action s3:GetObjct does not exist. Did you mean s3:GetObject?");
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, "IAM Access Analyzer");
    assert.equal((d.code as { target: vscode.Uri }).target.toString(true), "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action");
    const col = doc.lineAt(3).text.indexOf('"s3:GetObjct"');
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [3, col, 3, col + 13]);
  });

  test("the quick fix corrects it, and the diagnostic goes away", async () => {
    const d = vscode.languages.getDiagnostics(policyUri).find((x) => codeOf(x) === "INVALID_ACTION")!;
    // The renderer learns of diagnostics a moment after the extension host sets them, and code actions are
    // asked for from there: until then the provider sees no diagnostic to fix.
    const actions = await until("the quick fixes", async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", policyUri, d.range, vscode.CodeActionKind.QuickFix.value);
      return all.length ? all : undefined;
    });
    const fix = actions.find((a) => a.title === 'Change to "s3:GetObject"');
    assert.ok(fix, actions.map((a) => a.title).join(", "));
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.ok(doc.lineAt(3).text.includes('"Action": ["s3:GetObject", "s3:ListBucket"]'));
    await until("the diagnostic to clear", () => (vscode.languages.getDiagnostics(policyUri).some((x) => codeOf(x) === "INVALID_ACTION") ? undefined : true));
    await doc.save();
  });

  test("completion offers a service's actions", async () => {
    const line = doc.lineAt(3).text;
    const position = new vscode.Position(3, line.indexOf("s3:ListBucket") + 5);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", policyUri, position);
    const labels = list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
    assert.ok(labels.includes("s3:GetObject") && labels.includes("s3:PutObject"), labels.slice(0, 20).join(", "));
  });

  test("hovering an action shows its access level and resource types", async () => {
    const position = new vscode.Position(3, doc.lineAt(3).text.indexOf("s3:ListBucket") + 4);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", policyUri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : (c as vscode.MarkdownString).value))).join("\n");
    assert.match(text, /\*\*s3:ListBucket\*\* — List/);
    assert.match(text, /\| bucket \| `arn:\$\{Partition\}:s3:::\$\{BucketName\}` \|  \|/);
  });

  test("Simulate… runs the engine in-process and equals a direct simulation", async () => {
    const input = "s3:GetObject arn:aws:s3:::reports/q1.csv";
    const e = await vscode.commands.executeCommand<Explanation>("awsIdentityEmulator.policyEditor.simulate", { uri: policyUri.toString(), input });
    assert.equal(e.decision, "allowed");
    assert.equal(e.decidingStatement?.sid, "ReadReports");
    const direct = simulate(doc.getText(), "identity", { action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv" },
      { source: { kind: "identity", name: "reports-policy.json" } }).explanation;
    assert.deepEqual(JSON.parse(JSON.stringify(e)), JSON.parse(JSON.stringify(direct)));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", policyUri, 20);
    const titles = lenses.map((l) => l.command?.title ?? "");
    assert.ok(titles.includes("Simulate…") && titles.includes("Simulate as principal…"));
    assert.equal(titles.filter((t) => t === "Simulate…").length, 3, "one on the document, one per statement");
    assert.ok(titles.some((t) => t.startsWith("$(pass-filled) s3:GetObject: Allowed by an identity-based policy (statement \"ReadReports\"")), titles.join(" | "));
  });

  test("a scenario file re-runs on save and reports pass and fail", async () => {
    const scenarios = {
      scenarios: [
        { name: "reads a report", action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv", expect: "allowed" },
        { name: "reads a secret", action: "s3:GetObject", resource: "arn:aws:s3:::reports/secret/k", expect: "allowed" },
      ],
    };
    const sidecar = vscode.Uri.joinPath(folder, "reports-policy.scenarios.json");
    await vscode.workspace.fs.writeFile(sidecar, Buffer.from(JSON.stringify(scenarios, null, 2)));
    const results = await vscode.commands.executeCommand<{ pass: boolean | undefined; message: string }[]>("awsIdentityEmulator.policyEditor.runScenarios", { uri: policyUri.toString() });
    assert.deepEqual(results.map((r) => r.pass), [true, false]);
    assert.match(results[1]!.message, /^expected allowed, got explicitDeny\./);
    const failures = await until("the failing scenario's diagnostic", () => {
      const ds = vscode.languages.getDiagnostics(sidecar);
      return ds.length ? ds : undefined;
    });
    assert.equal(failures.length, 1);
    assert.match(failures[0]!.message, /^Scenario "reads a secret" fails: expected allowed, got explicitDeny\./);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", policyUri, 20);
    assert.ok(lenses.some((l) => l.command?.title === "$(error) scenarios: 1/2 passing"));
  });
});
