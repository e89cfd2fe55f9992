// "Generate Least-Privilege Policy" on a user or role (or a recent decision's principal): Access Analyzer's
// policy generation from the emulator's request log, opened as a diff beside the principal's current
// permissions; "Apply" adds it as an inline policy, or makes it the principal's only permissions.
import * as vscode from "vscode";
import { AwsCallError, type AdminClient } from "./admin-client.js";
import type { ResourceDocuments } from "./resource-documents.js";
import type { ResourceTreeProvider } from "./resource-tree.js";
import type { TreeNode } from "./tree-model.js";

export const leastPrivilegeCommandIds = {
  generate: "awsIdentityEmulator.tree.generatePolicy",
  apply: "awsIdentityEmulator.tree.applyGeneratedPolicy",
} as const;

export const GENERATED_POLICY_NAME = "LeastPrivilege";

interface Generated { kind: "user" | "role"; name: string; arn: string; policy: string; uri: vscode.Uri }

export interface LeastPrivilegeDeps {
  provider: ResourceTreeProvider;
  documents: ResourceDocuments;
  log: vscode.LogOutputChannel;
}

/** The user or role a node stands for: itself, or a decision's caller (a session's role). */
export function principalOfNode(node: TreeNode, provider: ResourceTreeProvider): { kind: "user" | "role"; name: string; arn: string } | undefined {
  const ref = node.ref;
  if (ref.type === "user" || ref.type === "role") return { kind: ref.type, name: ref.name, arn: ref.arn };
  if (ref.type !== "decision") return undefined;
  const caller = provider.decision(ref.id)?.principal ?? "";
  const role = /:assumed-role\/([^/]+)\//.exec(caller)?.[1] ?? /:role\/(?:.*\/)?([^/]+)$/.exec(caller)?.[1];
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(caller)?.[1];
  const kind = role ? "role" : user ? "user" : undefined;
  const name = role ?? user;
  if (!kind || !name) return undefined;
  const entry = (kind === "user" ? provider.snapshot?.users : provider.snapshot?.roles)?.find((e) => e.name === name);
  return entry ? { kind, name, arn: entry.arn } : undefined;
}

function pretty(text: string): string {
  try { return JSON.stringify(JSON.parse(text), null, 2) + "\n"; } catch { return text; }
}

export function leastPrivilegeActions({ provider, documents, log }: LeastPrivilegeDeps): vscode.Disposable[] {
  const generated = new Map<string, Generated>();
  const client = (): AdminClient => {
    if (!provider.client) throw new Error("The AWS Identity Emulator is not running. Start it first.");
    return provider.client;
  };

  /** The principal's identity policies as one document: what the generated policy would replace. */
  const currentPermissions = async (arn: string): Promise<string> => {
    const entity = await client().principalPolicies(arn);
    const statements: unknown[] = [];
    for (const p of entity.identity ?? []) {
      try {
        const st = (JSON.parse(p.document) as { Statement?: unknown }).Statement;
        statements.push(...(Array.isArray(st) ? st : st ? [st] : []));
      } catch { /* an unparsable stored document adds nothing to compare */ }
    }
    return pretty(JSON.stringify({ Version: "2012-10-17", Statement: statements }));
  };

  const generate = async (node: TreeNode, preset?: { open?: boolean }): Promise<Generated | undefined> => {
    const principal = principalOfNode(node, provider);
    if (!principal) return void vscode.window.showInformationMessage("Generate a least-privilege policy from a user, a role, or a decision one of them caused.");
    const { jobId } = await client().call<{ jobId: string }>({ service: "access-analyzer", operation: "StartPolicyGeneration", input: { policyGenerationDetails: { principalArn: principal.arn } } });
    const result = await client().call<{ jobDetails: { status: string; jobError?: { message: string } }; generatedPolicyResult: { generatedPolicies?: { policy: string }[] } }>(
      { service: "access-analyzer", operation: "GetGeneratedPolicy", input: { jobId } });
    if (result.jobDetails.status !== "SUCCEEDED") {
      return void vscode.window.showWarningMessage(`Policy generation for ${principal.name} ${result.jobDetails.status.toLowerCase()}: ${result.jobDetails.jobError?.message ?? ""}`);
    }
    const policies = result.generatedPolicyResult.generatedPolicies ?? [];
    if (policies.length === 0) {
      return void vscode.window.showInformationMessage(`The emulator has recorded no requests by ${principal.name} yet: run your app with its credentials, then generate again.`);
    }
    const merged = { Version: "2012-10-17", Statement: policies.flatMap((p) => (JSON.parse(p.policy) as { Statement: unknown[] }).Statement) };
    const policy = pretty(JSON.stringify(merged));
    const current = documents.putGenerated(`current-${principal.kind}-${principal.name}.json`, await currentPermissions(principal.arn));
    const uri = documents.putGenerated(`least-privilege-${principal.kind}-${principal.name}.json`, policy);
    const entry: Generated = { ...principal, policy, uri };
    generated.set(uri.toString(), entry);
    if (preset?.open !== false) {
      await vscode.commands.executeCommand("vscode.diff", current, uri, `${principal.name}: current permissions ↔ least privilege from recorded requests`, { preview: false });
    }
    return entry;
  };

  const apply = async (target?: vscode.Uri | TreeNode, preset?: { mode?: "inline" | "replace" }): Promise<string | undefined> => {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    const entry = uri && generated.get(uri.toString());
    if (!entry) return void vscode.window.showInformationMessage("Generate a least-privilege policy first (the resource tree's context menu on a user or role).");
    const mode = preset?.mode ?? (await vscode.window.showQuickPick([
      { label: `Add as inline policy ${GENERATED_POLICY_NAME}`, detail: "Keeps the principal's other policies.", mode: "inline" as const },
      { label: "Replace its permissions", detail: `Makes ${GENERATED_POLICY_NAME} its only policy: other inline policies are deleted and managed policies detached.`, mode: "replace" as const },
    ], { title: `Apply the generated policy to ${entry.name}` }))?.mode;
    if (!mode) return undefined;
    const Kind = entry.kind === "user" ? "User" : "Role";
    const nameField = `${Kind}Name`;
    const c = client();
    await c.call({ service: "iam", operation: `Put${Kind}Policy`, input: { [nameField]: entry.name, PolicyName: GENERATED_POLICY_NAME, PolicyDocument: JSON.stringify(JSON.parse(entry.policy)) } });
    if (mode === "replace") {
      const list = entry.kind === "user" ? provider.snapshot?.users : provider.snapshot?.roles;
      const row = list?.find((e) => e.name === entry.name);
      for (const name of row?.inlinePolicies ?? []) {
        if (name !== GENERATED_POLICY_NAME) await c.call({ service: "iam", operation: `Delete${Kind}Policy`, input: { [nameField]: entry.name, PolicyName: name } });
      }
      for (const p of row?.attachedPolicies ?? []) await c.call({ service: "iam", operation: `Detach${Kind}Policy`, input: { [nameField]: entry.name, PolicyArn: p.arn } });
    }
    await provider.reload();
    void vscode.window.setStatusBarMessage(`${GENERATED_POLICY_NAME} applied to ${entry.name}`, 4000);
    return mode;
  };

  const guarded = <A extends unknown[]>(f: (...args: A) => Promise<unknown>) => async (...args: A) => {
    try { return await f(...args); } catch (err) {
      const message = err instanceof AwsCallError ? `${err.operation} failed: ${err.code}: ${err.message}` : (err as Error).message;
      log.warn(`least-privilege policy: ${message}`);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  };
  return [
    vscode.commands.registerCommand(leastPrivilegeCommandIds.generate, guarded(generate)),
    vscode.commands.registerCommand(leastPrivilegeCommandIds.apply, guarded(apply)),
  ];
}
