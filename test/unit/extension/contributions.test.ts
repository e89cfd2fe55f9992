// package.json's contributions against the code: every node menu shows exactly on the nodes its command acts on
// (a pattern like ^(user|role) also matched userPool once), every command a menu, walkthrough or welcome names
// exists, and the settings sit in four groups with an order each.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { copyValuesOf, removeActionOf } from "../../../src/extension/tree/node-actions.js";
import { treeOf, walk, type TreeNode } from "../../../src/extension/tree/tree-model.js";
import { defaultSettings } from "../../../src/extension/emulator-settings.js";
import type { DecisionSummary } from "../../../src/extension/tree/resource-snapshot.js";
import { sampleSnapshot } from "./tree/snapshot-fixture.js";

const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8"));
const c = pkg.contributes;

const decision: DecisionSummary = { id: 7, time: "2026-11-29T09:00:00.000Z", requestId: "r", principal: "arn:aws:iam::000000000000:user/bob", action: "iam:ListUsers", resource: "*", decision: "implicitDeny", summary: "no" };
const pool = sampleSnapshot.userPools[0]!;
const base = "http://localhost:4566/_cognito/shop.auth.us-east-1.amazoncognito.com";
const snapshot = {
  ...sampleSnapshot, mode: "enforce",
  roles: [...sampleSnapshot.roles, { ...sampleSnapshot.roles[0]!, name: "AWSServiceRoleForSupport", arn: "arn:aws:iam::000000000000:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport", serviceLinked: "support.amazonaws.com" }],
  samlProviders: [{ arn: "arn:aws:iam::000000000000:saml-provider/corp", name: "corp", createDate: "2026-11-29T09:00:00.000Z", validUntil: "2027-11-29T09:00:00.000Z" }],
  // A second pool with a domain, an OAuth client, a resource server and an identity provider: their nodes have menus of their own.
  userPools: [...sampleSnapshot.userPools, {
    ...pool, id: "us-east-1_Shop", name: "shop", arn: "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Shop",
    clients: [{ ...pool.clients[0]!, id: "client2", oauth: { flows: ["code"], scopes: ["openid"], callbackUrls: ["http://localhost:3000/cb"], logoutUrls: [], identityProviders: ["COGNITO"] } }],
    domain: { domain: "shop", baseUrl: base, custom: false, managedLoginVersion: 1, urls: {
      issuer: "i", discovery: "d", jwks: "j", authorize: `${base}/oauth2/authorize`, token: `${base}/oauth2/token`, userInfo: "u", revoke: "r", logout: "l", login: "lg" } },
    resourceServers: [{ identifier: "https://api.example.com", name: "api", scopes: ["read"] }],
    identityProviders: [{ name: "Corp", type: "OIDC", identifiers: ["corp.example"] }],
  }],
};
const nodes = [...walk(treeOf(snapshot as typeof sampleSnapshot, [decision]))];
/** One node per contextValue: what a menu's viewItem clause is matched against. */
const byContext = new Map<string, TreeNode>();
for (const n of nodes) if (!byContext.has(n.contextValue)) byContext.set(n.contextValue, n);

const all = (...values: string[]) => values;
const principals = all("user", "role", "role.serviceLinked");
/** Where each node command belongs, in the context menu (inline buttons are checked to be a subset). */
const expected: Record<string, string[]> = {
  "awsIdentityEmulator.tree.copyArn": all("user", "group", "role", "role.serviceLinked", "policy.aws", "policy.customer", "policyVersion", "policyVersion.default",
    "attachedPolicy.aws", "attachedPolicy.customer", "boundary", "oidcProvider", "samlProvider", "userPool", "userPool.domain", "identityPool"),
  "awsIdentityEmulator.tree.copyName": all("user", "group", "role", "role.serviceLinked", "policy.aws", "policy.customer", "attachedPolicy.aws", "attachedPolicy.customer",
    "inlinePolicy", "boundary", "membership", "samlProvider", "userPool", "userPool.domain", "poolClient", "poolClient.oauth", "poolUser", "poolGroup", "poolDomain",
    "resourceServer", "poolIdentityProvider", "identityPool"),
  "awsIdentityEmulator.tree.copyId": all("user", "group", "role", "role.serviceLinked", "policy.customer", "accessKey.Active", "accessKey.Inactive", "userPool", "userPool.domain",
    "poolClient", "poolClient.oauth", "poolUser", "resourceServer", "decision", "identityPool", "identity"),
  "awsIdentityEmulator.tree.openDocument": all("trustPolicy", "inlinePolicy", "attachedPolicy.aws", "attachedPolicy.customer", "boundary", "policy.aws", "policy.customer", "policyVersion", "policyVersion.default"),
  "awsIdentityEmulator.openDecision": all("decision"),
  "awsIdentityEmulator.addAllowStatement": all("decision"),
  "awsIdentityEmulator.tree.simulate": principals,
  "awsIdentityEmulator.tree.openTerminal": principals,
  "awsIdentityEmulator.tree.debug": principals,
  "awsIdentityEmulator.tree.createAccessKey": all("user"),
  "awsIdentityEmulator.tree.addToGroup": all("user"),
  "awsIdentityEmulator.tree.createInlinePolicy": all("user", "group", "role"),
  "awsIdentityEmulator.tree.attachPolicies": all("user", "group", "role"),
  "awsIdentityEmulator.tree.detachPolicies": all("user", "group", "role", "attachedPolicy.aws", "attachedPolicy.customer"),
  "awsIdentityEmulator.tree.createAppClient": all("userPool", "userPool.domain"),
  "awsIdentityEmulator.tree.createPoolUser": all("userPool", "userPool.domain"),
  "awsIdentityEmulator.tree.createDomain": all("userPool"),
  "awsIdentityEmulator.tree.openManagedLogin": all("userPool.domain", "poolDomain", "poolClient.oauth"),
  "awsIdentityEmulator.tree.copyOAuthUrl": all("userPool.domain", "poolDomain"),
  "awsIdentityEmulator.tree.generatePolicy": all("user", "role", "decision"),
  "awsIdentityEmulator.tree.signIn": all("poolUser"),
  "awsIdentityEmulator.tree.toggleAccessKey": all("accessKey.Active", "accessKey.Inactive"),
  "awsIdentityEmulator.tree.setDefaultVersion": all("policyVersion"),
  "awsIdentityEmulator.tree.delete": all("user", "group", "role", "policy.customer", "policyVersion", "inlinePolicy", "boundary", "accessKey.Active", "accessKey.Inactive",
    "membership", "oidcProvider", "samlProvider", "userPool", "userPool.domain", "poolClient", "poolClient.oauth", "poolUser", "poolGroup", "poolDomain",
    "resourceServer", "poolIdentityProvider", "identityPool", "identity"),
  "awsIdentityEmulator.tree.createUser": all("section.users"),
  "awsIdentityEmulator.tree.createGroup": all("section.groups"),
  "awsIdentityEmulator.tree.createRole": all("section.roles"),
  "awsIdentityEmulator.tree.createPolicy": all("section.policies"),
  "awsIdentityEmulator.tree.createUserPool": all("section.userPools"),
};

/** Evaluates a resources-view `when` clause for a node's contextValue (the only forms the menus use). */
function shows(when: string, contextValue: string): boolean {
  if (!when.startsWith("view == awsIdentityEmulator.resources && viewItem =~ ")) return false;
  const m = /viewItem =~ \/(.+)\/$/.exec(when);
  assert.ok(m, when);
  return new RegExp(m[1]!).test(contextValue);
}

const itemMenus = c.menus["view/item/context"] as { command: string; when: string; group: string }[];
const contexts = [...byContext.keys()];

describe("node menus", () => {
  it("cover every kind of node the tree makes", () => {
    assert.deepEqual(contexts.sort(), ["accessKey.Active", "accessKey.Inactive", "attachedPolicy.aws", "attachedPolicy.customer", "boundary", "decision", "folder", "group", "identity", "identityPool", "identityPoolRole", "info",
      "inlinePolicy", "membership", "oidcProvider", "poolClient", "poolClient.oauth", "poolDomain", "poolGroup", "poolIdentityProvider", "poolUser", "policy.aws", "policy.customer", "policyVersion", "policyVersion.default",
      "role", "role.serviceLinked", "samlProvider", "section.decisions", "section.groups", "section.identityPools", "section.identityProviders", "section.policies", "section.roles",
      "resourceServer", "section.userPools", "section.users", "trustPolicy", "user", "userPool", "userPool.domain"].sort());
  });

  it("show each command exactly on the nodes it acts on, never on a lookalike (userPool is not a user)", () => {
    for (const [command, want] of Object.entries(expected)) {
      const entries = itemMenus.filter((e) => e.command === command && e.when.includes("awsIdentityEmulator.resources"));
      assert.ok(entries.length, `${command} has no node menu`);
      const menu = entries.find((e) => e.group !== "inline") ?? entries[0]!;
      assert.deepEqual(contexts.filter((cv) => shows(menu.when, cv)).sort(), [...want].sort(), command);
      for (const inline of entries.filter((e) => e.group === "inline")) {
        const on = contexts.filter((cv) => shows(inline.when, cv));
        assert.ok(on.every((cv) => want.includes(cv)), `${command}'s inline button shows on ${on.filter((cv) => !want.includes(cv))}`);
      }
    }
    assert.deepEqual(itemMenus.filter((e) => e.when.includes("awsIdentityEmulator.resources") && !(e.command in expected)).map((e) => e.command), [], "a node menu without an expectation here");
  });

  it("offer copy and delete only where the node has the value or the removal (no menu item that does nothing)", () => {
    const on = (command: string) => expected[command]!.map((cv) => byContext.get(cv)!);
    for (const [command, what] of [["awsIdentityEmulator.tree.copyArn", "arn"], ["awsIdentityEmulator.tree.copyName", "name"], ["awsIdentityEmulator.tree.copyId", "id"]] as const) {
      for (const n of on(command)) assert.ok(copyValuesOf(n.ref)[what], `${command} on ${n.contextValue} copies nothing`);
    }
    for (const n of on("awsIdentityEmulator.tree.delete")) assert.ok(removeActionOf(n.ref), `Delete on ${n.contextValue} removes nothing`);
    for (const n of on("awsIdentityEmulator.tree.openDocument")) assert.ok(n.opens, `Open on ${n.contextValue} opens nothing`);
    for (const n of on("awsIdentityEmulator.tree.simulate")) assert.match((n.ref as { arn?: string }).arn ?? "", /:(user|role)\//);
  });
});

describe("commands named anywhere", () => {
  const declared = new Set((c.commands as { command: string }[]).map((x) => x.command));
  const builtIn = /^(workbench\.|vscode\.)|^awsIdentityEmulator\.(resources|requests)\.focus$/;
  const links = (text: string) => [...text.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!);

  it("exist: every menu entry, walkthrough step and welcome link", () => {
    for (const [menu, entries] of Object.entries(c.menus) as [string, { command: string }[]][]) {
      for (const e of entries) assert.ok(declared.has(e.command), `${menu} names ${e.command}, which is not declared`);
    }
    for (const step of c.walkthroughs[0].steps) {
      for (const id of [...links(step.description), ...step.completionEvents.filter((e: string) => e.startsWith("onCommand:")).map((e: string) => e.slice(10))]) {
        assert.ok(declared.has(id) || builtIn.test(id), `walkthrough step ${step.id} names ${id}`);
      }
    }
    for (const w of c.viewsWelcome) for (const id of links(w.contents)) assert.ok(declared.has(id) || builtIn.test(id), `welcome of ${w.view} names ${id}`);
  });

  it("the walkthrough leads from start to a denial explained, each step done when its outcome is", () => {
    const steps = c.walkthroughs[0].steps as { id: string; completionEvents: string[] }[];
    assert.deepEqual(steps.map((s) => s.id), ["start", "createUser", "runAsPrincipal", "enforce", "requests", "simulate"]);
    // Not on the command: the page takes focus as a step completes, and the command's input box would lose it.
    for (const s of steps) assert.ok(s.completionEvents.every((e) => /^on(Context|View):/.test(e)), `${s.id}: ${s.completionEvents}`);
  });

  it("a failed emulator's welcome says failed and offers that failure's fix", () => {
    for (const [fix, command] of [["choosePort", "useAnotherPort"], ["settings", "openSettings"], ["repair", "repairDataFolder"], ["restart", "restart"], ["openLog", "showLog"]]) {
      const w = c.viewsWelcome.find((x: { when: string }) => x.when.includes(`awsIdentityEmulator.failure == ${fix}`));
      assert.ok(w, fix);
      assert.match(w.contents, /^(Failed to start|The emulator stopped unexpectedly)/);
      assert.ok(links(w.contents)[0] === `awsIdentityEmulator.${command}`, `${fix} leads with ${command}`);
    }
  });
});

describe("settings", () => {
  const groups = c.configuration as { title: string; order: number; properties: Record<string, { order: number; default: unknown }> }[];

  it("sit in the groups Emulator, Enforcement, Editor and Wiring, each with its own order", () => {
    assert.deepEqual(groups.map((g) => g.title), ["Emulator", "Enforcement", "Editor", "Wiring"]);
    const orders = groups.flatMap((g) => Object.values(g.properties).map((p) => p.order));
    assert.equal(new Set(orders).size, orders.length, `order values repeat: ${orders}`);
    assert.ok(groups.every((g, i) => g.order === i));
    assert.deepEqual(Object.keys(groups[1]!.properties), ["awsIdentityEmulator.mode", "awsIdentityEmulator.notifyOnDenial", "awsIdentityEmulator.denialNotificationSeconds"]);
  });

  it("default to what the extension assumes", () => {
    const props = Object.assign({}, ...groups.map((g) => g.properties)) as Record<string, { default: unknown }>;
    // lambdaHandlers is the setting awsIdentityEmulator.lambda.handlers.
    const key = (k: string) => `awsIdentityEmulator.${k.replace(/^lambda([A-Z])/, (_, c: string) => `lambda.${c.toLowerCase()}`)}`;
    for (const [k, v] of Object.entries(defaultSettings)) assert.deepEqual(props[key(k)]?.default, v, k);
  });
});
