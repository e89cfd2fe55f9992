// What a person can do from the tree: copy, open documents, create, delete (with DeleteConflict
// explained), attach and detach policies, access keys, Cognito pools, clients and users, sign in as a
// pool user, simulate as a principal, reset. Every change goes through /_emulator/call, so it is
// validated as AWS validates it and the tree updates from the change event it causes.
// Each command takes an optional second argument with its answers, so tests and tasks can run it
// without the prompts.
import { createHmac } from "node:crypto";
import * as vscode from "vscode";
import { wiringCommandIds } from "../wiring/app-wiring.js";
import type { EmulatorLink } from "../wiring/emulator-link.js";
import { AwsCallError, type AdminClient } from "./admin-client.js";
import { signInDocument } from "./cognito-tokens.js";
import { cascadeDeleteCalls, explainDeleteConflict } from "./delete-conflicts.js";
import { loginClients, managedLoginUrl, oauthUrlItems } from "./managed-login.js";
import { inlinePolicyPath, type AdminCall } from "./document-uris.js";
import { copyValuesOf, removeActionOf } from "./node-actions.js";
import type { ResourceDocuments } from "./resource-documents.js";
import type { ResourceTreeProvider } from "./resource-tree.js";
import { trustTemplates } from "./trust-templates.js";
import { policyDocumentPath, type NodeRef, type PrincipalKind, type TreeNode } from "./tree-model.js";

export const treeCommandIds = {
  refresh: "awsIdentityEmulator.tree.refresh",
  reset: "awsIdentityEmulator.tree.reset",
  copyArn: "awsIdentityEmulator.tree.copyArn",
  copyName: "awsIdentityEmulator.tree.copyName",
  copyId: "awsIdentityEmulator.tree.copyId",
  openDocument: "awsIdentityEmulator.tree.openDocument",
  createUser: "awsIdentityEmulator.tree.createUser",
  createGroup: "awsIdentityEmulator.tree.createGroup",
  createRole: "awsIdentityEmulator.tree.createRole",
  createPolicy: "awsIdentityEmulator.tree.createPolicy",
  createAccessKey: "awsIdentityEmulator.tree.createAccessKey",
  createInlinePolicy: "awsIdentityEmulator.tree.createInlinePolicy",
  addToGroup: "awsIdentityEmulator.tree.addToGroup",
  createUserPool: "awsIdentityEmulator.tree.createUserPool",
  createAppClient: "awsIdentityEmulator.tree.createAppClient",
  createPoolUser: "awsIdentityEmulator.tree.createPoolUser",
  delete: "awsIdentityEmulator.tree.delete",
  attachPolicies: "awsIdentityEmulator.tree.attachPolicies",
  detachPolicies: "awsIdentityEmulator.tree.detachPolicies",
  toggleAccessKey: "awsIdentityEmulator.tree.toggleAccessKey",
  setDefaultVersion: "awsIdentityEmulator.tree.setDefaultVersion",
  signIn: "awsIdentityEmulator.tree.signIn",
  openManagedLogin: "awsIdentityEmulator.tree.openManagedLogin",
  copyOAuthUrl: "awsIdentityEmulator.tree.copyOAuthUrl",
  createDomain: "awsIdentityEmulator.tree.createDomain",
  simulate: "awsIdentityEmulator.tree.simulate",
} as const;

/** Registered by the simulator (editor/principal-simulator.ts); the tree only runs it. */
export const simulateAsPrincipalCommand = "awsIdentityEmulator.simulateAsPrincipal";

export interface TreeActionDeps {
  provider: ResourceTreeProvider;
  view: vscode.TreeView<TreeNode>;
  documents: ResourceDocuments;
  log: vscode.LogOutputChannel;
  link: EmulatorLink;
}

const starterPolicy = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Starter", Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: "*" }],
};

const iamNamePattern = /^[\w+=,.@-]{1,64}$/;
const validateIamName = (v: string) => (iamNamePattern.test(v) ? undefined : "Up to 64 letters, digits and + = , . @ _ -");

export function treeActions(deps: TreeActionDeps): vscode.Disposable[] {
  const { provider, documents, log } = deps;

  const client = (): AdminClient => {
    if (!provider.client) throw new UserFacingError("The AWS Identity Emulator is not running. Start it first.");
    return provider.client;
  };
  /** Runs a call; AWS errors are shown as AWS worded them, and the command resolves with undefined. */
  const run = async <T = Record<string, any>>(call: AdminCall): Promise<T> => {
    const output = await client().call<T>(call);
    await provider.reload();
    return output;
  };
  const ask = (title: string, prompt: string, value = "", validate?: (v: string) => string | undefined, password = false) =>
    vscode.window.showInputBox({ title, prompt, value, validateInput: validate, password, ignoreFocusOut: true });
  const reveal = async (id: string) => {
    const node = provider.find(id);
    if (node) await deps.view.reveal(node, { select: true, focus: false, expand: false }).then(undefined, () => undefined);
  };
  const copy = async (what: "arn" | "name" | "id", node: TreeNode) => {
    const value = copyValuesOf(node.ref)[what];
    if (!value) return void vscode.window.showInformationMessage(`${node.label} has no ${what === "arn" ? "ARN" : what}.`);
    await vscode.env.clipboard.writeText(value);
    void vscode.window.setStatusBarMessage(`Copied ${value}`, 3000);
    return value;
  };

  const createUser = async (_node?: TreeNode, preset?: { name?: string }) => {
    const name = preset?.name ?? await ask("Create User", "User name", "", validateIamName);
    if (!name) return;
    await run({ service: "iam", operation: "CreateUser", input: { UserName: name } });
    await reveal(`users/${name}`);
    return name;
  };

  const createGroup = async (_node?: TreeNode, preset?: { name?: string }) => {
    const name = preset?.name ?? await ask("Create Group", "Group name", "", validateIamName);
    if (!name) return;
    await run({ service: "iam", operation: "CreateGroup", input: { GroupName: name } });
    await reveal(`groups/${name}`);
    return name;
  };

  const createRole = async (_node?: TreeNode, preset?: { name?: string; template?: string; answer?: string }) => {
    const template = preset?.template ? trustTemplates.find((t) => t.id === preset.template)
      : (await vscode.window.showQuickPick(trustTemplates.map((t) => ({ label: t.label, detail: t.detail, t })), { title: "Create Role: who may assume it?" }))?.t;
    if (!template) return;
    const answer = template.asks ? preset?.answer ?? await ask(`Create Role: ${template.label}`, template.asks.prompt, "", template.asks.validate) : "";
    if (answer === undefined) return;
    const name = preset?.name ?? await ask("Create Role", "Role name", "", validateIamName);
    if (!name) return;
    const document = template.document(answer, { accountId: deps.link.current?.accountId ?? "000000000000", oidcProviders: provider.snapshot?.oidcProviders ?? [] });
    await run({ service: "iam", operation: "CreateRole", input: { RoleName: name, AssumeRolePolicyDocument: JSON.stringify(document) } });
    await reveal(`roles/${name}`);
    return name;
  };

  const createPolicy = async (_node?: TreeNode, preset?: { name?: string; document?: string }) => {
    const name = preset?.name ?? await ask("Create Policy", "Policy name (you edit its document next)", "", (v) => (/^[\w+=,.@-]{1,128}$/.test(v) ? undefined : "Up to 128 letters, digits and + = , . @ _ -"));
    if (!name) return;
    const out = await run<{ Policy: { Arn: string } }>({ service: "iam", operation: "CreatePolicy", input: { PolicyName: name, PolicyDocument: preset?.document ?? JSON.stringify(starterPolicy, null, 2) } });
    if (!preset) await documents.openPath(policyDocumentPath(name, out.Policy.Arn, false));
    return out.Policy.Arn;
  };

  const createInlinePolicy = async (node: TreeNode, preset?: { name?: string }) => {
    const owner = ownerOf(node.ref);
    if (!owner) return;
    const name = preset?.name ?? await ask(`Add inline policy to ${owner.kind} ${owner.name}`, "Inline policy name", "", validateIamName);
    if (!name) return;
    const op = `Put${owner.kind === "user" ? "User" : owner.kind === "group" ? "Group" : "Role"}Policy`;
    const field = `${owner.kind === "user" ? "User" : owner.kind === "group" ? "Group" : "Role"}Name`;
    await run({ service: "iam", operation: op, input: { [field]: owner.name, PolicyName: name, PolicyDocument: JSON.stringify(starterPolicy, null, 2) } });
    if (!preset) await documents.openPath(inlinePolicyPath(owner, name));
    return name;
  };

  const createAccessKey = async (node: TreeNode, preset?: { skipOffer?: boolean }) => {
    if (node.ref.type !== "user") return;
    const user = node.ref.name;
    const out = await run<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>({ service: "iam", operation: "CreateAccessKey", input: { UserName: user } });
    const { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey } = out.AccessKey;
    if (preset?.skipOffer) return out.AccessKey;
    const copyLines = "Copy export lines";
    const profile = "Create AWS profile";
    const choice = await vscode.window.showInformationMessage(
      `Access key ${accessKeyId} created for ${user}. Its secret is shown only now: copy it as environment variables, or save it as a named AWS profile.`,
      copyLines, profile,
    );
    if (choice === copyLines) await vscode.commands.executeCommand(wiringCommandIds.copyEnvironment, { accessKeyId, secretAccessKey }, "posix");
    if (choice === profile) await vscode.commands.executeCommand(wiringCommandIds.configureProfile, { accessKeyId, secretAccessKey });
    return out.AccessKey;
  };

  const addToGroup = async (node: TreeNode, preset?: { group?: string }) => {
    if (node.ref.type !== "user") return;
    const user = node.ref.name;
    const current = new Set(provider.snapshot?.users.find((u) => u.name === user)?.groups ?? []);
    const group = preset?.group ?? (await vscode.window.showQuickPick(
      (provider.snapshot?.groups ?? []).filter((g) => !current.has(g.name)).map((g) => ({ label: g.name, description: `${g.members.length} members` })),
      { title: `Add ${user} to group` }))?.label;
    if (!group) return;
    await run({ service: "iam", operation: "AddUserToGroup", input: { UserName: user, GroupName: group } });
    return group;
  };

  const attachPolicies = async (node: TreeNode, preset?: { arns?: string[] }) => {
    const owner = ownerOf(node.ref);
    if (!owner) return;
    const attached = new Set(attachedArns(provider, owner));
    let arns = preset?.arns;
    if (!arns) {
      const items = await policyItems(client(), attached);
      const picked = await vscode.window.showQuickPick(items, { title: `Attach policies to ${owner.kind} ${owner.name}`, canPickMany: true, matchOnDescription: true, placeHolder: "Type to filter: customer policies first, then AWS managed" });
      arns = picked?.map((p) => p.arn);
    }
    if (!arns?.length) return;
    for (const arn of arns) await client().call({ service: "iam", operation: `Attach${cap(owner.kind)}Policy`, input: { [`${cap(owner.kind)}Name`]: owner.name, PolicyArn: arn } });
    await provider.reload();
    return arns;
  };

  const detachPolicies = async (node: TreeNode, preset?: { arns?: string[] }) => {
    if (node.ref.type === "attachedPolicy") return remove(node, { confirmed: true });
    const owner = ownerOf(node.ref);
    if (!owner) return;
    const policies = attachedRefs(provider, owner);
    const arns = preset?.arns ?? (await vscode.window.showQuickPick(policies.map((p) => ({ label: p.name, description: p.arn, arn: p.arn })),
      { title: `Detach policies from ${owner.kind} ${owner.name}`, canPickMany: true }))?.map((p) => p.arn);
    if (!arns?.length) return;
    for (const arn of arns) await client().call({ service: "iam", operation: `Detach${cap(owner.kind)}Policy`, input: { [`${cap(owner.kind)}Name`]: owner.name, PolicyArn: arn } });
    await provider.reload();
    return arns;
  };

  /** Deletes, detaches or removes what the node shows, after a modal confirmation. */
  const remove = async (node: TreeNode, preset?: { confirmed?: boolean; cascade?: boolean }): Promise<string | undefined> => {
    const action = removeActionOf(node.ref);
    if (!action) return;
    if (!preset?.confirmed) {
      const ok = await vscode.window.showWarningMessage(`${action.title}?`, { modal: true, detail: action.verb === "Delete" ? "This cannot be undone." : undefined }, action.verb);
      if (ok !== action.verb) return;
    }
    try {
      await client().call(action.call);
    } catch (err) {
      if (!(err instanceof AwsCallError && err.code === "DeleteConflict" && action.conflictTarget && provider.snapshot)) throw err;
      const target = action.conflictTarget.type === "policy" ? action.conflictTarget : { type: action.conflictTarget.type, name: action.conflictTarget.name };
      const explanation = explainDeleteConflict(target, provider.snapshot, err.message);
      log.info(explanation);
      const cascade = "Remove and delete";
      const choice = preset?.cascade === undefined ? await vscode.window.showErrorMessage(explanation, cascade) : preset.cascade ? cascade : undefined;
      if (choice !== cascade) return explanation;
      for (const call of cascadeDeleteCalls(target, provider.snapshot)) await client().call(call);
    }
    await provider.reload();
    return action.title;
  };

  const toggleAccessKey = async (node: TreeNode) => {
    if (node.ref.type !== "accessKey") return;
    const status = node.ref.status === "Active" ? "Inactive" : "Active";
    await run({ service: "iam", operation: "UpdateAccessKey", input: { UserName: node.ref.user, AccessKeyId: node.ref.id, Status: status } });
    return status;
  };

  const setDefaultVersion = async (node: TreeNode) => {
    if (node.ref.type !== "policyVersion") return;
    await run({ service: "iam", operation: "SetDefaultPolicyVersion", input: { PolicyArn: node.ref.arn, VersionId: node.ref.versionId } });
    return node.ref.versionId;
  };

  const createUserPool = async (_node?: TreeNode, preset?: { name?: string }) => {
    const name = preset?.name ?? await ask("Create User Pool", "Pool name", "", (v) => (/^[\w\s+=,.@-]{1,128}$/.test(v) ? undefined : "Up to 128 letters, digits, spaces and + = , . @ _ -"));
    if (!name) return;
    const out = await run<{ UserPool: { Id: string } }>({ service: "cognito-idp", operation: "CreateUserPool", input: { PoolName: name }, region: deps.link.current?.region });
    await reveal(`pools/${out.UserPool.Id}`);
    return out.UserPool.Id;
  };

  const createAppClient = async (node: TreeNode, preset?: { name?: string; secret?: boolean }) => {
    const pool = poolOf(node.ref);
    if (!pool) return;
    const name = preset?.name ?? await ask("Create App Client", "Client name", "app", (v) => (/^[\w\s+=,.@-]{1,128}$/.test(v) ? undefined : "Up to 128 letters, digits, spaces and + = , . @ _ -"));
    if (!name) return;
    const secret = preset?.secret ?? (await vscode.window.showQuickPick([
      { label: "Public client (no secret)", detail: "Browser and mobile apps; SRP and password sign-in", secret: false },
      { label: "Confidential client (with secret)", detail: "Server-side apps; requests carry a SECRET_HASH", secret: true },
    ], { title: "Create App Client" }))?.secret;
    if (secret === undefined) return;
    const out = await run<{ UserPoolClient: { ClientId: string } }>({
      service: "cognito-idp", operation: "CreateUserPoolClient", region: pool.region,
      input: { UserPoolId: pool.poolId, ClientName: name, GenerateSecret: secret, ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
    });
    return out.UserPoolClient.ClientId;
  };

  const createPoolUser = async (node: TreeNode, preset?: { username?: string; password?: string; email?: string }) => {
    const pool = poolOf(node.ref);
    if (!pool) return;
    const username = preset?.username ?? await ask("Create Pool User", "Username", "", (v) => (v.trim() ? undefined : "A username is required."));
    if (!username) return;
    const password = preset?.password ?? await ask("Create Pool User", `Password for ${username} (set as permanent, so the user is CONFIRMED)`, "", (v) => (v.length >= 6 ? undefined : "At least 6 characters; the pool's password policy decides the rest."), true);
    if (!password) return;
    const email = preset?.email ?? (username.includes("@") ? username : undefined);
    await client().call({
      service: "cognito-idp", operation: "AdminCreateUser", region: pool.region,
      input: { UserPoolId: pool.poolId, Username: username, MessageAction: "SUPPRESS", ...(email ? { UserAttributes: [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }] } : {}) },
    });
    await run({ service: "cognito-idp", operation: "AdminSetUserPassword", region: pool.region, input: { UserPoolId: pool.poolId, Username: username, Password: password, Permanent: true } });
    return username;
  };

  const signIn = async (node: TreeNode, preset?: { clientId?: string; password?: string; newPassword?: string }) => {
    if (node.ref.type !== "poolUser") return;
    const { poolId, region, username } = node.ref;
    const pool = provider.snapshot?.userPools.find((p) => p.id === poolId);
    const clients = pool?.clients ?? [];
    if (!clients.length) return void vscode.window.showWarningMessage(`User pool ${poolId} has no app client. Create one (right-click the pool), then sign in.`);
    const clientId = preset?.clientId ?? (clients.length === 1 ? clients[0]!.id : (await vscode.window.showQuickPick(
      clients.map((c) => ({ label: c.name, description: c.id, id: c.id, detail: c.authFlows.includes("ALLOW_ADMIN_USER_PASSWORD_AUTH") ? undefined : "ADMIN_USER_PASSWORD_AUTH is not enabled on this client" })),
      { title: `Sign in as ${username} through…` }))?.id);
    if (!clientId) return;
    const password = preset?.password ?? await ask(`Sign in as ${username}`, "Password", "", undefined, true);
    if (!password) return;
    const c = client();
    const described = await c.call<{ UserPoolClient: { ClientSecret?: string } }>({ service: "cognito-idp", operation: "DescribeUserPoolClient", region, input: { UserPoolId: poolId, ClientId: clientId } });
    const secret = described.UserPoolClient.ClientSecret;
    // A confidential client proves itself with HMAC-SHA256(secret, username + clientId).
    const secretHash = secret ? { SECRET_HASH: createHmac("sha256", secret).update(username + clientId).digest("base64") } : {};
    let answer = await c.call<{ AuthenticationResult?: object; ChallengeName?: string; Session?: string }>({
      service: "cognito-idp", operation: "AdminInitiateAuth", region,
      input: { UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password, ...secretHash } },
    });
    if (answer.ChallengeName === "NEW_PASSWORD_REQUIRED") {
      const newPassword = preset?.newPassword ?? await ask(`Sign in as ${username}`, "This user must choose a new password", "", undefined, true);
      if (!newPassword) return;
      answer = await c.call({
        service: "cognito-idp", operation: "AdminRespondToAuthChallenge", region,
        input: { UserPoolId: poolId, ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: answer.Session, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword, ...secretHash } },
      });
    }
    if (!answer.AuthenticationResult) {
      return void vscode.window.showInformationMessage(`Cognito asks for the ${answer.ChallengeName} challenge; answer it from your app (the tree signs in with a password only).`);
    }
    const doc = signInDocument({ poolId, clientId, username }, answer.AuthenticationResult);
    await documents.showGenerated(`${username}-tokens.json`, JSON.stringify(doc, null, 2) + "\n");
    await provider.reload();
    return doc;
  };

  /** The snapshot's entry of the pool a node belongs to (the pool itself, its domain, one of its clients). */
  const poolEntry = (ref: NodeRef) => {
    const id = ref.type === "userPool" ? ref.id : "poolId" in ref ? ref.poolId : undefined;
    return id ? provider.snapshot?.userPools.find((p) => p.id === id) : undefined;
  };

  const openManagedLogin = async (node: TreeNode, preset?: { clientId?: string }) => {
    const pool = poolEntry(node.ref);
    if (!pool) return;
    if (!pool.domain) return void vscode.window.showWarningMessage(`User pool ${pool.name} has no domain: create one (right-click the pool, Create Domain…) to serve its managed login.`);
    const candidates = loginClients(pool.clients).filter((c) => node.ref.type !== "poolClient" || c.id === node.ref.id);
    if (!candidates.length) {
      return void vscode.window.showWarningMessage(`No app client of ${pool.name} signs users in through the managed login: allow the code or implicit OAuth flow and add a callback URL to one.`);
    }
    const chosen = preset?.clientId ? candidates.find((c) => c.id === preset.clientId) : candidates.length === 1 ? candidates[0]
      : (await vscode.window.showQuickPick(candidates.map((c) => ({ label: c.name, description: c.id, detail: `returns to ${c.oauth!.callbackUrls[0]}`, c })), { title: `Open the managed login of ${pool.name} for…` }))?.c;
    if (!chosen) return;
    const url = managedLoginUrl(pool.domain, chosen);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return url;
  };

  const copyOAuthUrl = async (node: TreeNode, preset?: { label?: string }) => {
    const domain = poolEntry(node.ref)?.domain;
    if (!domain) return;
    const items = oauthUrlItems(domain);
    const picked = preset?.label ? items.find((i) => i.label === preset.label)
      : (await vscode.window.showQuickPick(items.map((i) => ({ label: i.label, detail: i.url, i })), { title: "Copy an OAuth 2.0 URL of this pool" }))?.i;
    if (!picked) return;
    await vscode.env.clipboard.writeText(picked.url);
    void vscode.window.setStatusBarMessage(`Copied ${picked.url}`, 3000);
    return picked.url;
  };

  const createDomain = async (node: TreeNode, preset?: { domain?: string }) => {
    if (node.ref.type !== "userPool") return;
    const domain = preset?.domain ?? await ask("Create Domain", "Domain prefix: lower-case letters, digits and hyphens (the emulator serves it at /_cognito/<prefix>.auth.<region>.amazoncognito.com)",
      "", (v) => (/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(v) ? undefined : "Lower-case letters, digits and hyphens, not starting or ending with a hyphen"));
    if (!domain) return;
    await run({ service: "cognito-idp", operation: "CreateUserPoolDomain", region: node.ref.region, input: { UserPoolId: node.ref.id, Domain: domain } });
    await reveal(`pools/${node.ref.id}/domain`);
    return domain;
  };

  /** The principal's own policies, whatever editor is open: the simulator asks for the request. */
  const simulate = async (node: TreeNode, preset?: { request?: unknown }) => {
    if (node.ref.type !== "user" && node.ref.type !== "role") return;
    return vscode.commands.executeCommand(simulateAsPrincipalCommand, { principalArn: node.ref.arn, ...(preset?.request ? { request: preset.request } : {}) });
  };

  const reset = async (_node?: TreeNode, preset?: { confirmed?: boolean }) => {
    if (!preset?.confirmed) {
      const ok = await vscode.window.showWarningMessage("Reset the emulator?", { modal: true, detail: "Every user, role, policy and Cognito pool is deleted; the emulator keeps running." }, "Reset");
      if (ok !== "Reset") return;
    }
    await client().reset();
    await provider.reload();
    return true;
  };

  const openDocument = (node: TreeNode) => documents.open(node);

  const commands: Record<keyof typeof treeCommandIds, (node: TreeNode, preset?: any) => unknown> = {
    refresh: () => provider.reload(),
    reset,
    copyArn: (node) => copy("arn", node),
    copyName: (node) => copy("name", node),
    copyId: (node) => copy("id", node),
    openDocument,
    createUser, createGroup, createRole, createPolicy, createAccessKey, createInlinePolicy, addToGroup,
    createUserPool, createAppClient, createPoolUser,
    delete: remove,
    attachPolicies, detachPolicies, toggleAccessKey, setDefaultVersion, signIn, openManagedLogin, copyOAuthUrl, createDomain, simulate,
  };
  return Object.entries(commands).map(([key, handler]) =>
    vscode.commands.registerCommand(treeCommandIds[key as keyof typeof treeCommandIds], async (node: TreeNode, preset?: unknown) => {
      try {
        return await handler(node, preset);
      } catch (err) {
        showError(err, log);
        return undefined;
      }
    }));
}

class UserFacingError extends Error {}

function showError(err: unknown, log: vscode.LogOutputChannel): void {
  if (err instanceof AwsCallError) {
    log.warn(`${err.operation}: ${err.code}: ${err.message}`);
    void vscode.window.showErrorMessage(`${err.operation} failed: ${err.code}: ${err.message}`);
  } else if (err instanceof UserFacingError) {
    void vscode.window.showWarningMessage(err.message);
  } else {
    log.error(`Tree action failed: ${(err as Error).stack ?? String(err)}`);
    void vscode.window.showErrorMessage(`AWS Identity Emulator: ${(err as Error).message}`);
  }
}

const cap = (kind: PrincipalKind): "User" | "Group" | "Role" => (kind === "user" ? "User" : kind === "group" ? "Group" : "Role");

function ownerOf(ref: NodeRef): { kind: PrincipalKind; name: string } | undefined {
  if (ref.type === "user" || ref.type === "group" || ref.type === "role") return { kind: ref.type, name: ref.name };
  return undefined;
}

function poolOf(ref: NodeRef): { poolId: string; region: string } | undefined {
  if (ref.type === "userPool") return { poolId: ref.id, region: ref.region };
  return undefined;
}

function attachedRefs(provider: ResourceTreeProvider, owner: { kind: PrincipalKind; name: string }): { name: string; arn: string }[] {
  const s = provider.snapshot;
  if (!s) return [];
  const list = owner.kind === "user" ? s.users : owner.kind === "group" ? s.groups : s.roles;
  return [...(list.find((x) => x.name === owner.name)?.attachedPolicies ?? [])];
}

function attachedArns(provider: ResourceTreeProvider, owner: { kind: PrincipalKind; name: string }): string[] {
  return attachedRefs(provider, owner).map((p) => p.arn);
}

/** Customer policies, then every AWS-managed one (ListPolicies pages through the bundled catalog). */
async function policyItems(client: AdminClient, attached: Set<string>): Promise<Array<vscode.QuickPickItem & { arn: string }>> {
  const items: Array<vscode.QuickPickItem & { arn: string }> = [];
  for (const scope of ["Local", "AWS"] as const) {
    let marker: string | undefined;
    do {
      const page = await client.call<{ Policies?: { PolicyName: string; Arn: string; AttachmentCount?: number }[]; IsTruncated?: boolean; Marker?: string }>(
        { service: "iam", operation: "ListPolicies", input: { Scope: scope, MaxItems: 1000, ...(marker ? { Marker: marker } : {}) } });
      for (const p of page.Policies ?? []) {
        if (!attached.has(p.Arn)) items.push({ label: p.PolicyName, description: scope === "AWS" ? "AWS managed" : "customer managed", detail: p.Arn, arn: p.Arn });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  }
  return items;
}
