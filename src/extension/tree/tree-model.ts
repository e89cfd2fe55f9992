// The resource tree as data: a snapshot of the emulator (GET /_emulator/resources) becomes nodes with
// labels, descriptions, tooltips, icons and what each node's actions act on. No `vscode` import, so the
// mapping is unit-tested and benchmarked under plain Node; resource-tree.ts only renders these nodes.
import type {
  AccessKeyEntry, DecisionSummary, GroupEntry, IdentityPoolEntry, PolicyEntry, PolicyRef, PoolDomainEntry, ResourcesSnapshot, RoleEntry, UserEntry, UserPoolEntry,
} from "./resource-snapshot.js";
import { documentPath } from "./document-uris.js";

export type PrincipalKind = "user" | "group" | "role";
export type SectionId = "users" | "groups" | "roles" | "policies" | "identityProviders" | "userPools" | "identityPools" | "decisions";

/** What a node's actions act on. `type` doubles as the first part of the node's contextValue. */
export type NodeRef =
  | { type: "section"; section: SectionId }
  | { type: "folder" }
  | { type: "info" }
  | { type: "user"; name: string; arn: string; id: string }
  | { type: "group"; name: string; arn: string; id: string }
  | { type: "role"; name: string; arn: string; id: string }
  | { type: "policy"; name: string; arn: string; id?: string; awsManaged: boolean; attachmentCount: number }
  | { type: "policyVersion"; policyName: string; arn: string; versionId: string; isDefault: boolean }
  | { type: "attachedPolicy"; owner: { kind: PrincipalKind; name: string }; name: string; arn: string }
  | { type: "inlinePolicy"; owner: { kind: PrincipalKind; name: string }; name: string }
  | { type: "boundary"; owner: { kind: "user" | "role"; name: string }; name: string; arn: string }
  | { type: "trustPolicy"; role: string }
  | { type: "accessKey"; user: string; id: string; status: "Active" | "Inactive" }
  | { type: "membership"; group: string; user: string }
  | { type: "oidcProvider"; arn: string; url: string }
  | { type: "samlProvider"; arn: string; name: string }
  | { type: "userPool"; id: string; name: string; arn: string; region: string }
  | { type: "poolClient"; poolId: string; region: string; id: string; name: string; authFlows: readonly string[] }
  | { type: "poolUser"; poolId: string; region: string; username: string; sub: string }
  | { type: "poolGroup"; poolId: string; region: string; name: string }
  | { type: "poolDomain"; poolId: string; region: string; domain: string; baseUrl: string }
  | { type: "resourceServer"; poolId: string; region: string; identifier: string; name: string }
  | { type: "poolIdentityProvider"; poolId: string; region: string; name: string; providerType: string }
  | { type: "identityPool"; id: string; name: string; arn: string; region: string }
  | { type: "identityPoolRole"; poolId: string; kind: "authenticated" | "unauthenticated"; arn: string }
  | { type: "identity"; poolId: string; region: string; id: string }
  | { type: "decision"; id: number };

export interface TreeNode {
  /** Stable across refreshes, so VS Code keeps what was expanded and selected. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  /** A codicon id, e.g. "person". */
  readonly icon: string;
  /** A theme color id for the icon (key status, decisions). */
  readonly iconColor?: string;
  readonly ref: NodeRef;
  /** `type` plus flags, matched by the menus' `viewItem` clauses, e.g. "policy.customer". */
  readonly contextValue: string;
  readonly children?: readonly TreeNode[];
  /** Expanded on first show (the top-level sections). */
  readonly expanded?: boolean;
  /** A document this node opens on click (a path under the aws-iam-emulator: scheme, see document-uris.ts). */
  readonly opens?: string;
  /** Or a command it runs on click, with these arguments. */
  readonly runs?: { readonly command: string; readonly arguments: readonly unknown[] };
}

/** "2026-11-29T09:03:37.000Z" → "2026-11-29 09:03 UTC": the console's precision, without a locale. */
export function shortDate(iso: string | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function tooltipOf(title: string, rows: ReadonlyArray<[string, string | undefined]>): string {
  const lines = rows.filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => `${k}: \`${v}\``);
  return [`**${title}**`, "", ...lines.map((l) => `${l}  `)].join("\n");
}

function section(id: SectionId, label: string, icon: string, children: TreeNode[], description?: string): TreeNode {
  return {
    id: `section:${id}`, label, icon, ref: { type: "section", section: id }, contextValue: `section.${id}`, expanded: true,
    description: description ?? String(children.length), children,
  };
}

function folder(id: string, label: string, icon: string, children: TreeNode[]): TreeNode {
  return { id, label, icon, ref: { type: "folder" }, contextValue: "folder", description: String(children.length), children };
}

function info(id: string, label: string, description: string | undefined, icon: string, tooltip?: string): TreeNode {
  return { id, label, ...(description ? { description } : {}), ...(tooltip ? { tooltip } : {}), icon, ref: { type: "info" }, contextValue: "info" };
}

function attachedPolicyNodes(parent: string, owner: { kind: PrincipalKind; name: string }, attached: readonly PolicyRef[], inline: readonly string[]): TreeNode[] {
  return [
    ...attached.map((p): TreeNode => {
      const aws = p.arn.startsWith("arn:aws:iam::aws:");
      return {
        id: `${parent}/attached/${p.arn}`, label: p.name, description: aws ? "AWS managed" : "managed", icon: "law",
        tooltip: tooltipOf(`Attached policy ${p.name}`, [["ARN", p.arn]]),
        ref: { type: "attachedPolicy", owner, name: p.name, arn: p.arn }, contextValue: `attachedPolicy.${aws ? "aws" : "customer"}`,
        opens: policyDocumentPath(p.name, p.arn, aws),
      };
    }),
    ...inline.map((name): TreeNode => ({
      id: `${parent}/inline/${name}`, label: name, description: "inline", icon: "note",
      tooltip: tooltipOf(`Inline policy ${name}`, [[owner.kind, owner.name]]),
      ref: { type: "inlinePolicy", owner, name }, contextValue: "inlinePolicy", opens: documentPath({ kind: "inlinePolicy", owner, name }),
    })),
  ];
}

/** The document path of a managed policy's default version; AWS-managed ones open read-only. */
export function policyDocumentPath(name: string, arn: string, awsManaged: boolean): string {
  return documentPath({ kind: "managedPolicy", name, arn, awsManaged });
}

function boundaryNode(parent: string, owner: { kind: "user" | "role"; name: string }, b: PolicyRef | undefined): TreeNode[] {
  if (!b) return [];
  const aws = b.arn.startsWith("arn:aws:iam::aws:");
  return [{
    id: `${parent}/boundary`, label: b.name, description: "permissions boundary", icon: "shield",
    tooltip: tooltipOf(`Permissions boundary ${b.name}`, [["ARN", b.arn]]),
    ref: { type: "boundary", owner, name: b.name, arn: b.arn }, contextValue: "boundary", opens: policyDocumentPath(b.name, b.arn, aws),
  }];
}

function tagNodes(parent: string, tags: readonly { key: string; value: string }[]): TreeNode[] {
  if (tags.length === 0) return [];
  return [folder(`${parent}/tags`, "Tags", "tag", tags.map((t) => info(`${parent}/tags/${t.key}`, t.key, t.value, "tag")))];
}

export function accessKeyNode(parent: string, user: string, k: AccessKeyEntry): TreeNode {
  return {
    id: `${parent}/keys/${k.id}`, label: k.id, description: `${k.status} · created ${shortDate(k.createDate)}`,
    icon: "key", iconColor: k.status === "Active" ? "testing.iconPassed" : "disabledForeground",
    tooltip: tooltipOf(`Access key ${k.id}`, [["User", user], ["Status", k.status], ["Created", shortDate(k.createDate)], ["Last used", k.lastUsedDate ? shortDate(k.lastUsedDate) : "never"]]),
    ref: { type: "accessKey", user, id: k.id, status: k.status }, contextValue: `accessKey.${k.status}`,
  };
}

export function userNode(u: UserEntry): TreeNode {
  const id = `users/${u.name}`;
  const owner = { kind: "user" as const, name: u.name };
  const active = u.accessKeys.filter((k) => k.status === "Active").length;
  return {
    id, label: u.name,
    description: u.accessKeys.length ? `${plural(u.accessKeys.length, "key")}${active < u.accessKeys.length ? ` (${active} active)` : ""}` : shortDate(u.createDate),
    icon: "person",
    tooltip: tooltipOf(`User ${u.name}`, [["ARN", u.arn], ["User id", u.id], ["Created", shortDate(u.createDate)],
      ["Console password", u.consolePassword ? "yes" : "no"], ["MFA devices", u.mfaDevices.length ? String(u.mfaDevices.length) : undefined],
      ["Password last used", u.passwordLastUsed ? shortDate(u.passwordLastUsed) : undefined]]),
    ref: { type: "user", name: u.name, arn: u.arn, id: u.id }, contextValue: "user",
    children: [
      folder(`${id}/keys`, "Access keys", "key", u.accessKeys.map((k) => accessKeyNode(id, u.name, k))),
      folder(`${id}/groups`, "Groups", "organization", u.groups.map((g): TreeNode => ({
        id: `${id}/groups/${g}`, label: g, icon: "organization", ref: { type: "membership", group: g, user: u.name }, contextValue: "membership",
      }))),
      folder(`${id}/policies`, "Policies", "law", attachedPolicyNodes(id, owner, u.attachedPolicies, u.inlinePolicies)),
      ...boundaryNode(id, owner, u.boundary),
      ...tagNodes(id, u.tags),
    ],
  };
}

export function groupNode(g: GroupEntry): TreeNode {
  const id = `groups/${g.name}`;
  return {
    id, label: g.name, description: plural(g.members.length, "member"), icon: "organization",
    tooltip: tooltipOf(`Group ${g.name}`, [["ARN", g.arn], ["Group id", g.id], ["Created", shortDate(g.createDate)]]),
    ref: { type: "group", name: g.name, arn: g.arn, id: g.id }, contextValue: "group",
    children: [
      folder(`${id}/members`, "Members", "person", g.members.map((m): TreeNode => ({
        id: `${id}/members/${m}`, label: m, icon: "person", ref: { type: "membership", group: g.name, user: m }, contextValue: "membership",
      }))),
      folder(`${id}/policies`, "Policies", "law", attachedPolicyNodes(id, { kind: "group", name: g.name }, g.attachedPolicies, g.inlinePolicies)),
    ],
  };
}

/** Who may assume the role, in a few words: "lambda.amazonaws.com", "account 111122223333", … */
export function trustedBy(trustPolicy: string): string {
  let doc: unknown;
  try { doc = JSON.parse(trustPolicy); } catch { return ""; }
  const who: string[] = [];
  const statements = (doc as { Statement?: unknown }).Statement;
  for (const s of Array.isArray(statements) ? statements : [statements]) {
    const principal = (s as { Principal?: unknown } | undefined)?.Principal;
    if (principal === "*") { who.push("anyone"); continue; }
    if (!principal || typeof principal !== "object") continue;
    for (const [kind, value] of Object.entries(principal as Record<string, unknown>)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v !== "string") continue;
        const account = /^(?:arn:aws:iam::)?(\d{12})(?::root)?$/.exec(v)?.[1];
        who.push(kind === "AWS" && account ? `account ${account}` : kind === "Federated" ? v.replace(/^arn:aws:iam::\d{12}:oidc-provider\//, "") : v);
      }
    }
  }
  return [...new Set(who)].join(", ");
}

export function roleNode(r: RoleEntry): TreeNode {
  const id = `roles/${r.name}`;
  const owner = { kind: "role" as const, name: r.name };
  const trusted = trustedBy(r.trustPolicy);
  return {
    id, label: r.name, description: trusted || shortDate(r.createDate), icon: "account",
    tooltip: tooltipOf(`Role ${r.name}`, [["ARN", r.arn], ["Role id", r.id], ["Created", shortDate(r.createDate)], ["Trusted by", trusted],
      ["Description", r.description], ["Max session", `${r.maxSessionDuration} s`], ["Last used", r.lastUsed?.date ? shortDate(r.lastUsed.date) : "never"],
      ["Service-linked to", r.serviceLinked]]),
    ref: { type: "role", name: r.name, arn: r.arn, id: r.id }, contextValue: r.serviceLinked ? "role.serviceLinked" : "role",
    children: [
      {
        id: `${id}/trust`, label: "Trust policy", description: trusted, icon: "shield",
        tooltip: "Who may assume this role. Open to edit: saving calls UpdateAssumeRolePolicy.",
        ref: { type: "trustPolicy", role: r.name }, contextValue: "trustPolicy", opens: documentPath({ kind: "trustPolicy", role: r.name }),
      },
      folder(`${id}/policies`, "Policies", "law", attachedPolicyNodes(id, owner, r.attachedPolicies, r.inlinePolicies)),
      ...boundaryNode(id, owner, r.boundary),
      ...(r.instanceProfiles.length ? [folder(`${id}/profiles`, "Instance profiles", "server",
        r.instanceProfiles.map((p) => info(`${id}/profiles/${p}`, p, undefined, "server")))] : []),
      info(`${id}/lastUsed`, "Last used", r.lastUsed?.date ? `${shortDate(r.lastUsed.date)}${r.lastUsed.region ? ` in ${r.lastUsed.region}` : ""}` : "never", "history"),
      ...tagNodes(id, r.tags),
    ],
  };
}

export function policyNode(p: PolicyEntry): TreeNode {
  const id = `policies/${p.arn}`;
  const used = p.attachmentCount ? `attached ${p.attachmentCount}×` : "not attached";
  return {
    id, label: p.name, description: p.awsManaged ? `AWS managed · ${used}` : `${p.defaultVersionId ?? ""} · ${used}`,
    icon: p.awsManaged ? "verified" : "law",
    tooltip: tooltipOf(`${p.awsManaged ? "AWS-managed" : "Customer-managed"} policy ${p.name}`, [["ARN", p.arn], ["Policy id", p.id],
      ["Default version", p.defaultVersionId], ["Created", shortDate(p.createDate)], ["Updated", shortDate(p.updateDate)],
      ["Attached to", `${p.attachmentCount} principal(s)`], ["Description", p.description]]),
    ref: { type: "policy", name: p.name, arn: p.arn, ...(p.id ? { id: p.id } : {}), awsManaged: p.awsManaged, attachmentCount: p.attachmentCount },
    contextValue: p.awsManaged ? "policy.aws" : "policy.customer",
    opens: policyDocumentPath(p.name, p.arn, p.awsManaged),
    ...(p.awsManaged ? {} : {
      children: p.versions.map((v): TreeNode => ({
        id: `${id}/versions/${v.id}`, label: v.id, description: v.isDefault ? `default · ${shortDate(v.createDate)}` : shortDate(v.createDate),
        icon: v.isDefault ? "star-full" : "versions",
        tooltip: tooltipOf(`${p.name} ${v.id}${v.isDefault ? " (default)" : ""}`, [["Created", shortDate(v.createDate)]]),
        ref: { type: "policyVersion", policyName: p.name, arn: p.arn, versionId: v.id, isDefault: v.isDefault },
        contextValue: v.isDefault ? "policyVersion.default" : "policyVersion",
        opens: documentPath({ kind: "policyVersion", name: p.name, arn: p.arn, versionId: v.id }),
      })),
    }),
  };
}

export function userPoolNode(pool: UserPoolEntry): TreeNode {
  const id = `pools/${pool.id}`;
  const where = { poolId: pool.id, region: pool.region };
  return {
    id, label: pool.name, description: `${pool.id} · ${plural(pool.users.length, "user")}`, icon: "organization",
    tooltip: tooltipOf(`User pool ${pool.name}`, [["Id", pool.id], ["ARN", pool.arn], ["Region", pool.region], ["Created", shortDate(pool.createDate)], ["MFA", pool.mfa]]),
    ref: { type: "userPool", id: pool.id, name: pool.name, arn: pool.arn, region: pool.region }, contextValue: pool.domain ? "userPool.domain" : "userPool",
    children: [
      ...(pool.domain ? [domainNode(pool, pool.domain)] : []),
      folder(`${id}/clients`, "App clients", "plug", pool.clients.map((c): TreeNode => ({
        id: `${id}/clients/${c.id}`, label: c.name, description: `${c.id}${c.hasSecret ? " · secret" : ""}${c.oauth ? " · OAuth" : ""}`, icon: "plug",
        tooltip: tooltipOf(`App client ${c.name}`, [["Client id", c.id], ["Client secret", c.hasSecret ? "yes" : "no"], ["Auth flows", c.authFlows.join(", ") || "default"],
          ["OAuth flows", c.oauth?.flows.join(", ")], ["OAuth scopes", c.oauth?.scopes.join(" ")], ["Callback URLs", c.oauth?.callbackUrls.join(", ")],
          ["Identity providers", c.oauth?.identityProviders.join(", ")], ["Created", shortDate(c.createDate)]]),
        ref: { type: "poolClient", ...where, id: c.id, name: c.name, authFlows: c.authFlows },
        contextValue: c.oauth && pool.domain && c.oauth.flows.some((f) => f !== "client_credentials") ? "poolClient.oauth" : "poolClient",
      }))),
      folder(`${id}/users`, "Users", "person", pool.users.map((u): TreeNode => ({
        id: `${id}/users/${u.username}`, label: u.username, description: `${u.status}${u.enabled ? "" : " · disabled"}${u.email && u.email !== u.username ? ` · ${u.email}` : ""}`,
        icon: "person", iconColor: u.enabled && u.status === "CONFIRMED" ? "testing.iconPassed" : "disabledForeground",
        tooltip: tooltipOf(`Pool user ${u.username}`, [["sub", u.sub], ["Status", u.status], ["Enabled", u.enabled ? "yes" : "no"], ["Email", u.email], ["Groups", u.groups.join(", ")], ["Created", shortDate(u.createDate)]]),
        ref: { type: "poolUser", ...where, username: u.username, sub: u.sub }, contextValue: "poolUser",
      }))),
      folder(`${id}/groups`, "Groups", "organization", pool.groups.map((g): TreeNode => ({
        id: `${id}/groups/${g.name}`, label: g.name, description: plural(g.members, "member"), icon: "organization",
        tooltip: tooltipOf(`Pool group ${g.name}`, [["Description", g.description], ["Precedence", g.precedence === undefined ? undefined : String(g.precedence)], ["Role", g.roleArn]]),
        ref: { type: "poolGroup", ...where, name: g.name }, contextValue: "poolGroup",
      }))),
      folder(`${id}/resourceServers`, "Resource servers", "server", pool.resourceServers.map((rs): TreeNode => ({
        id: `${id}/resourceServers/${rs.identifier}`, label: rs.name, description: `${rs.identifier} · ${plural(rs.scopes.length, "scope")}`, icon: "server",
        tooltip: tooltipOf(`Resource server ${rs.name}`, [["Identifier", rs.identifier], ["Scopes", rs.scopes.map((s) => `${rs.identifier}/${s}`).join(" ")]]),
        ref: { type: "resourceServer", ...where, identifier: rs.identifier, name: rs.name }, contextValue: "resourceServer",
      }))),
      folder(`${id}/identityProviders`, "Identity providers", "link-external", pool.identityProviders.map((p): TreeNode => ({
        id: `${id}/identityProviders/${p.name}`, label: p.name, description: p.type, icon: "link-external",
        tooltip: tooltipOf(`Identity provider ${p.name}`, [["Type", p.type], ["Identifiers", p.identifiers.join(", ")]]),
        ref: { type: "poolIdentityProvider", ...where, name: p.name, providerType: p.type }, contextValue: "poolIdentityProvider",
      }))),
    ],
  };
}

/** The pool's domain: where its managed login and OAuth 2.0 endpoints are served. */
function domainNode(pool: UserPoolEntry, domain: PoolDomainEntry): TreeNode {
  return {
    id: `pools/${pool.id}/domain`, label: domain.domain, description: domain.baseUrl, icon: "globe",
    tooltip: tooltipOf(`Domain ${domain.domain}`, [["Served at", domain.baseUrl], ["Kind", domain.custom ? "custom domain" : "prefix domain"],
      ["Managed login version", String(domain.managedLoginVersion)], ["Authorize", domain.urls.authorize], ["Token", domain.urls.token], ["Issuer", domain.urls.issuer]]),
    ref: { type: "poolDomain", poolId: pool.id, region: pool.region, domain: domain.domain, baseUrl: domain.baseUrl }, contextValue: "poolDomain",
  };
}

const roleName = (arn: string): string => arn.slice(arn.lastIndexOf("/") + 1);

export function identityPoolNode(pool: IdentityPoolEntry): TreeNode {
  const id = `identityPools/${pool.id}`;
  const guests = pool.allowUnauthenticated ? "guests allowed" : "no guests";
  const roleNodes = (["authenticated", "unauthenticated"] as const).flatMap((kind): TreeNode[] => {
    const arn = pool.roles[kind];
    if (!arn) return [info(`${id}/roles/${kind}`, kind, "no role: GetCredentialsForIdentity answers InvalidIdentityPoolConfigurationException", "circle-slash")];
    return [{
      id: `${id}/roles/${kind}`, label: roleName(arn), description: kind, icon: "account",
      tooltip: tooltipOf(`${kind === "authenticated" ? "Authenticated" : "Unauthenticated (guest)"} role of ${pool.name}`, [["ARN", arn]]),
      ref: { type: "identityPoolRole", poolId: pool.id, kind, arn }, contextValue: "identityPoolRole",
    }];
  });
  const shown = pool.identities.length < pool.identityCount ? `${pool.identities.length} of ${pool.identityCount}` : String(pool.identityCount);
  return {
    id, label: pool.name, description: `${pool.id} · ${plural(pool.identityCount, "identity", "identities")}`, icon: "key",
    tooltip: tooltipOf(`Identity pool ${pool.name}`, [["Id", pool.id], ["ARN", pool.arn], ["Region", pool.region], ["Created", shortDate(pool.createDate)],
      ["Unauthenticated identities", pool.allowUnauthenticated ? "allowed" : "not allowed"], ["Basic (classic) flow", pool.allowClassicFlow ? "enabled" : "disabled"]]),
    ref: { type: "identityPool", id: pool.id, name: pool.name, arn: pool.arn, region: pool.region }, contextValue: "identityPool",
    children: [
      folder(`${id}/roles`, "Roles", "account", [
        ...roleNodes,
        ...pool.roleMappings.map((m) => info(`${id}/roles/mapping/${m.provider}`, m.provider, `role mapping: ${m.type}`, "list-tree")),
      ]),
      folder(`${id}/providers`, "Identity providers", "globe", [
        ...pool.providers.map((p) => info(`${id}/providers/${p}`, p, undefined, "globe")),
        info(`${id}/providers/guests`, "Unauthenticated", guests, pool.allowUnauthenticated ? "pass" : "circle-slash"),
      ]),
      { ...folder(`${id}/identities`, "Identities", "person", pool.identities.map((i): TreeNode => ({
        id: `${id}/identities/${i.id}`, label: i.id, description: i.logins.length ? i.logins.join(", ") : "unauthenticated", icon: i.logins.length ? "person" : "person-add",
        tooltip: tooltipOf(`Identity ${i.id}`, [["Logins", i.logins.join(", ") || "none (guest)"], ["Created", shortDate(i.createDate)], ["Last modified", shortDate(i.lastModifiedDate)]]),
        ref: { type: "identity", poolId: pool.id, region: pool.region, id: i.id }, contextValue: "identity",
      }))), description: shown },
    ],
  };
}
/** The explanation panel opens a decision (editor/principal-simulator.ts registers it). */
export const openDecisionCommand = "awsIdentityEmulator.openDecision";

const decisionWords = { allowed: "allow", explicitDeny: "explicit deny", implicitDeny: "implicit deny" } as const;

export function decisionNode(d: DecisionSummary): TreeNode {
  const allowed = d.decision === "allowed";
  return {
    id: `decisions/${d.id}`, label: `${decisionWords[d.decision]}: ${d.action}`, description: `${shortName(d.principal)} → ${d.resource}`,
    icon: allowed ? "pass" : "error", iconColor: allowed ? "testing.iconPassed" : "testing.iconFailed",
    tooltip: tooltipOf(`${decisionWords[d.decision]} ${d.action}`, [["Principal", d.principal], ["Resource", d.resource], ["Time", d.time], ["Request id", d.requestId]]) + `\n\n${d.summary}`,
    ref: { type: "decision", id: d.id }, contextValue: "decision", runs: { command: openDecisionCommand, arguments: [d.id] },
  };
}

/** "arn:aws:sts::000000000000:assumed-role/app/session" → "assumed-role/app/session". */
function shortName(arn: string): string {
  const parts = arn.split(":");
  return parts.length >= 6 ? parts.slice(5).join(":") : arn;
}

/** The whole tree for a snapshot; `decisions` only in enforce mode (the section is absent otherwise). */
export function treeOf(snapshot: ResourcesSnapshot, decisions?: readonly DecisionSummary[]): TreeNode[] {
  const customer = snapshot.policies.filter((p) => !p.awsManaged);
  const aws = snapshot.policies.filter((p) => p.awsManaged);
  const sections: TreeNode[] = [
    section("users", "Users", "person", snapshot.users.map(userNode)),
    section("groups", "Groups", "organization", snapshot.groups.map(groupNode)),
    section("roles", "Roles", "account", snapshot.roles.map(roleNode)),
    section("policies", "Policies", "law", [
      ...customer.map(policyNode),
      ...(aws.length ? [folder("policies/aws-managed", "AWS managed (attached)", "verified", aws.map(policyNode))] : []),
    ], `${customer.length} customer${aws.length ? `, ${aws.length} AWS` : ""}`),
    section("identityProviders", "Identity providers", "globe", [
      ...snapshot.oidcProviders.map((p): TreeNode => ({
        id: `oidc/${p.arn}`, label: p.url, description: `OIDC · ${plural(p.clientIds.length, "audience")}`, icon: "globe",
        tooltip: tooltipOf(`OIDC provider ${p.url}`, [["ARN", p.arn], ["Audiences", p.clientIds.join(", ")], ["Created", shortDate(p.createDate)]]),
        ref: { type: "oidcProvider", arn: p.arn, url: p.url }, contextValue: "oidcProvider",
      })),
      ...snapshot.samlProviders.map((p): TreeNode => ({
        id: `saml/${p.arn}`, label: p.name, description: "SAML", icon: "globe",
        tooltip: tooltipOf(`SAML provider ${p.name}`, [["ARN", p.arn], ["Created", shortDate(p.createDate)], ["Valid until", shortDate(p.validUntil)]]),
        ref: { type: "samlProvider", arn: p.arn, name: p.name }, contextValue: "samlProvider",
      })),
    ]),
    section("userPools", "Cognito user pools", "organization", snapshot.userPools.map(userPoolNode)),
    // An emulator from before identity pools answers without the list.
    section("identityPools", "Cognito identity pools", "key", (snapshot.identityPools ?? []).map(identityPoolNode)),
  ];
  if (decisions) {
    const denied = decisions.filter((d) => d.decision !== "allowed").length;
    sections.push(section("decisions", "Recent decisions", "checklist", decisions.map(decisionNode),
      decisions.length ? `${decisions.length}, ${denied} denied` : "none yet"));
  }
  return sections;
}

/** Every node, depth first: what "find by id" and the benchmark walk. */
export function* walk(nodes: readonly TreeNode[]): Generator<TreeNode> {
  for (const n of nodes) {
    yield n;
    if (n.children) yield* walk(n.children);
  }
}
