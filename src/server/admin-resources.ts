// GET /_emulator/resources?accountId=…: everything the extension's resource tree shows, in one read, so
// the tree loads with one request after each change event instead of dozens of List* calls. Read-only:
// the transaction below is never committed. Relations come from the index tables the IAM families keep.
import type { EmulatorConfig } from "../config.js";
import { ACCESS_KEYS_TABLE, type AccessKeyRecord } from "../store/credentials.js";
import { AccountStore, type Store } from "../store/store.js";
import { iamTables, nameKey, relationKey, type Tag } from "../services/iam/records.js";
import { awsManagedPolicy, isAwsManagedArn } from "../services/iam/aws-managed-policies.js";
import { cognitoIndexes, cognitoTables } from "../services/cognito/records.js";
import { domainUrls, isCustomDomain, poolUrls } from "../services/cognito/urls.js";
import { identityPoolArn } from "../services/cognito-identity/pools.js";
import { identityIndexes, identityTables } from "../services/cognito-identity/records.js";
import { configuredProviderNames } from "../services/cognito-identity/roles.js";
import type {
  GroupEntry, IdentityPoolEntry, PolicyEntry, PolicyRef, PoolClientOAuth, PoolDomainEntry, ResourcesSnapshot,
  OidcProviderEntry, RoleEntry, SamlProviderEntry, TagEntry, UserEntry, UserPoolEntry,
} from "../admin-api/resources.js";

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const tagsOf = (tags: readonly Tag[] | undefined): TagEntry[] => (tags ?? []).map((t) => ({ key: t.Key, value: t.Value }));
const policyName = (arn: string): string => arn.slice(arn.lastIndexOf("/") + 1);
/** A pool may hold millions of identities; the tree shows the first ones and the count. */
const IDENTITIES_SHOWN = 200;

/** The account's resources (accountId from `?accountId=`, else the emulator's default account). */
export function resourcesSnapshot(store: Store, config: EmulatorConfig, origin: string, query?: URLSearchParams): unknown {
  const asked = query?.get("accountId");
  const accountId = asked && /^\d{12}$/.test(asked) ? asked : config.accountId;
  return snapshotOf(store, accountId, config.region, config.mode, origin);
}

/** The pool's domain with every URL it serves, from the one place Cognito's URLs are computed. */
function domainEntry(home: AccountStore, poolId: string, origin: string): PoolDomainEntry | undefined {
  const d = [...cognitoTables.domains(home).withPrefix(`${poolId}\u0000`)][0]?.[1];
  if (!d) return undefined;
  const at = domainUrls(origin, d.host);
  const pool = poolUrls(origin, poolId);
  return {
    domain: d.Domain, baseUrl: at.base, custom: isCustomDomain(d.Domain), managedLoginVersion: d.ManagedLoginVersion,
    urls: { issuer: pool.issuer, discovery: pool.discovery, jwks: pool.jwksUri, authorize: at.authorize, token: at.token, userInfo: at.userInfo, revoke: at.revoke, logout: at.logout, login: at.login },
  };
}

function clientOAuth(settings: Readonly<Record<string, unknown>>): PoolClientOAuth | undefined {
  if (settings.AllowedOAuthFlowsUserPoolClient !== true) return undefined;
  const list = (name: string): string[] => (Array.isArray(settings[name]) ? [...(settings[name] as string[])] : []);
  return { flows: list("AllowedOAuthFlows"), scopes: list("AllowedOAuthScopes"), callbackUrls: list("CallbackURLs"), logoutUrls: list("LogoutURLs"), identityProviders: list("SupportedIdentityProviders") };
}

export function snapshotOf(store: Store, accountId: string, region: string, mode: string, origin: string): ResourcesSnapshot {
  const account = new AccountStore(accountId, region, store.begin());
  const t = {
    users: iamTables.users(account), groups: iamTables.groups(account), roles: iamTables.roles(account),
    policies: iamTables.policies(account), attachments: iamTables.attachments(account), policyAttachments: iamTables.policyAttachments(account),
    inline: iamTables.inlinePolicies(account), groupMembers: iamTables.groupMembers(account), userGroups: iamTables.userGroups(account),
    roleProfiles: iamTables.roleInstanceProfiles(account), loginProfiles: iamTables.loginProfiles(account), mfa: iamTables.mfaDevices(account),
  };
  const keys = account.global<AccessKeyRecord>(ACCESS_KEYS_TABLE);
  const attached = (kind: string, name: string): PolicyRef[] =>
    [...t.attachments.withPrefix(relationKey(kind, nameKey(name), ""))].map(([, a]) => ({ name: a.PolicyName, arn: a.PolicyArn }));
  const inline = (kind: string, name: string): string[] =>
    [...t.inline.withPrefix(relationKey(kind, nameKey(name), ""))].map(([, p]) => p.PolicyName);
  const mfaByUser = new Map<string, string[]>();
  for (const device of t.mfa.values()) {
    if (device.UserName) mfaByUser.set(nameKey(device.UserName), [...(mfaByUser.get(nameKey(device.UserName)) ?? []), device.SerialNumber]);
  }

  const users: UserEntry[] = [...t.users.values()].map((u) => ({
    name: u.UserName, id: u.UserId, arn: u.Arn, path: u.Path, createDate: u.CreateDate,
    ...(u.PasswordLastUsed ? { passwordLastUsed: u.PasswordLastUsed } : {}),
    consolePassword: t.loginProfiles.has(nameKey(u.UserName)),
    mfaDevices: mfaByUser.get(nameKey(u.UserName)) ?? [],
    accessKeys: u.accessKeys.flatMap((id) => {
      const k = keys.get(id);
      return k ? [{ id, status: k.status, createDate: k.createDate, ...(k.lastUsed ? { lastUsedDate: k.lastUsed.date } : {}) }] : [];
    }),
    groups: [...t.userGroups.withPrefix(relationKey(nameKey(u.UserName), ""))].map(([, m]) => m.GroupName),
    attachedPolicies: attached("user", u.UserName),
    inlinePolicies: inline("user", u.UserName),
    ...(u.PermissionsBoundary ? { boundary: { name: policyName(u.PermissionsBoundary.PermissionsBoundaryArn), arn: u.PermissionsBoundary.PermissionsBoundaryArn } } : {}),
    tags: tagsOf(u.Tags),
  }));

  const groups: GroupEntry[] = [...t.groups.values()].map((g) => ({
    name: g.GroupName, id: g.GroupId, arn: g.Arn, path: g.Path, createDate: g.CreateDate,
    members: [...t.groupMembers.withPrefix(relationKey(nameKey(g.GroupName), ""))].map(([, m]) => m.UserName),
    attachedPolicies: attached("group", g.GroupName),
    inlinePolicies: inline("group", g.GroupName),
  }));

  const roles: RoleEntry[] = [...t.roles.values()].map((r) => ({
    name: r.RoleName, id: r.RoleId, arn: r.Arn, path: r.Path, createDate: r.CreateDate,
    ...(r.Description ? { description: r.Description } : {}),
    maxSessionDuration: r.MaxSessionDuration,
    trustPolicy: r.AssumeRolePolicyDocument,
    attachedPolicies: attached("role", r.RoleName),
    inlinePolicies: inline("role", r.RoleName),
    ...(r.PermissionsBoundary ? { boundary: { name: policyName(r.PermissionsBoundary.PermissionsBoundaryArn), arn: r.PermissionsBoundary.PermissionsBoundaryArn } } : {}),
    instanceProfiles: [...t.roleProfiles.withPrefix(relationKey(nameKey(r.RoleName), ""))].map(([, p]) => p.InstanceProfileName),
    ...(r.RoleLastUsed?.LastUsedDate ? { lastUsed: { date: r.RoleLastUsed.LastUsedDate, region: r.RoleLastUsed.Region } } : {}),
    ...(r.serviceLinked ? { serviceLinked: r.serviceLinked } : {}),
    tags: tagsOf(r.Tags),
  }));

  // Attachment counts for every policy in one pass over the reverse index (keys start with the ARN).
  const counts = new Map<string, number>();
  for (const [key] of t.policyAttachments.from()) {
    const arn = key.slice(0, key.indexOf("\u0000"));
    counts.set(arn, (counts.get(arn) ?? 0) + 1);
  }
  const policies: PolicyEntry[] = [...t.policies.values()].map((p) => ({
    name: p.PolicyName, arn: p.Arn, path: p.Path, awsManaged: false, id: p.PolicyId,
    ...(p.Description ? { description: p.Description } : {}),
    createDate: p.CreateDate, updateDate: p.UpdateDate, defaultVersionId: p.DefaultVersionId,
    attachmentCount: counts.get(p.Arn) ?? 0,
    versions: p.versions.map((v) => ({ id: v.VersionId, isDefault: v.IsDefaultVersion, createDate: v.CreateDate }))
      .sort((a, b) => Number(b.id.slice(1)) - Number(a.id.slice(1))),
  }));
  // AWS-managed policies only where this account uses them, as the console's "attached" filter shows.
  for (const [arn, count] of counts) {
    if (!isAwsManagedArn(arn)) continue;
    const known = awsManagedPolicy(arn);
    policies.push({
      name: known?.PolicyName ?? policyName(arn), arn, path: known?.Path ?? "/", awsManaged: true,
      ...(known ? { id: known.PolicyId, createDate: known.CreateDate, updateDate: known.UpdateDate, defaultVersionId: known.DefaultVersionId } : {}),
      attachmentCount: count, versions: [],
    });
  }

  // Without the scheme, as GetOpenIDConnectProvider and trust policies' condition keys name a provider.
  const oidcProviders: OidcProviderEntry[] = [...iamTables.oidcProviders(account).values()]
    .map((p) => ({ arn: p.Arn, url: p.Url.replace(/^https:\/\//, ""), clientIds: [...p.ClientIDList], createDate: p.CreateDate }));
  const samlProviders: SamlProviderEntry[] = [...iamTables.samlProviders(account).values()]
    .map((p) => ({ arn: p.Arn, name: p.Name, createDate: p.CreateDate, validUntil: p.ValidUntil }));

  const userPools: UserPoolEntry[] = [];
  for (const at of cognitoIndexes.pools(account).values()) {
    if (at.accountId !== accountId) continue;
    const home = new AccountStore(accountId, at.region, account.tx);
    const pool = cognitoTables.pools(home).get(at.poolId);
    if (!pool) continue;
    const prefix = `${pool.Id}\u0000`;
    const userGroups = new Map<string, string[]>();
    const groupSizes = new Map<string, number>();
    for (const [key] of cognitoTables.userGroups(home).withPrefix(prefix)) {
      const [, userKey, group] = key.split("\u0000") as [string, string, string];
      userGroups.set(userKey, [...(userGroups.get(userKey) ?? []), group]);
      groupSizes.set(group, (groupSizes.get(group) ?? 0) + 1);
    }
    userPools.push({
      id: pool.Id, name: pool.Name, arn: pool.Arn, region: at.region, createDate: pool.CreationDate, mfa: pool.MfaConfiguration,
      clients: [...cognitoTables.clients(home).withPrefix(prefix)].map(([, c]) => ({
        id: c.ClientId, name: c.ClientName, hasSecret: c.ClientSecret !== undefined, createDate: c.CreationDate,
        authFlows: Array.isArray(c.settings.ExplicitAuthFlows) ? (c.settings.ExplicitAuthFlows as string[]) : [],
        oauth: clientOAuth(c.settings),
      })).sort((a, b) => byName(a, b)),
      users: [...cognitoTables.users(home).withPrefix(prefix)].map(([key, u]) => {
        const email = u.Attributes.find((a) => a.Name === "email")?.Value;
        return {
          username: u.Username, sub: u.sub, status: u.UserStatus, enabled: u.Enabled, ...(email ? { email } : {}),
          createDate: u.UserCreateDate, groups: userGroups.get(key.slice(prefix.length)) ?? [],
        };
      }),
      groups: [...cognitoTables.groups(home).withPrefix(prefix)].map(([, g]) => ({
        name: g.GroupName, ...(g.Description ? { description: g.Description } : {}), ...(g.Precedence !== undefined ? { precedence: g.Precedence } : {}),
        ...(g.RoleArn ? { roleArn: g.RoleArn } : {}), members: groupSizes.get(g.GroupName) ?? 0,
      })),
      domain: domainEntry(home, pool.Id, origin),
      resourceServers: [...cognitoTables.resourceServers(home).withPrefix(prefix)].map(([, rs]) => ({ identifier: rs.Identifier, name: rs.Name, scopes: rs.Scopes.map((s) => s.ScopeName) })),
      identityProviders: [...cognitoTables.identityProviders(home).withPrefix(prefix)].map(([, p]) => ({ name: p.ProviderName, type: p.ProviderType, identifiers: [...p.IdpIdentifiers] })),
    });
  }

  const identityPools: IdentityPoolEntry[] = [];
  for (const at of identityIndexes.pools(account).values()) {
    if (at.accountId !== accountId) continue;
    const home = new AccountStore(accountId, at.region, account.tx);
    const pool = identityTables.pools(home).get(at.poolId);
    if (!pool) continue;
    const identities = [...identityTables.identities(home).withPrefix(`${pool.IdentityPoolId}\u0000`)].map(([, i]) => i);
    identityPools.push({
      id: pool.IdentityPoolId, name: pool.IdentityPoolName, arn: identityPoolArn(at.region, accountId, pool.IdentityPoolId), region: at.region,
      createDate: pool.CreationDate, allowUnauthenticated: pool.AllowUnauthenticatedIdentities, allowClassicFlow: pool.AllowClassicFlow ?? false,
      providers: [...configuredProviderNames(pool), ...(pool.DeveloperProviderName ? [pool.DeveloperProviderName] : [])],
      roles: { ...(pool.Roles?.authenticated ? { authenticated: pool.Roles.authenticated } : {}), ...(pool.Roles?.unauthenticated ? { unauthenticated: pool.Roles.unauthenticated } : {}) },
      roleMappings: Object.entries(pool.RoleMappings ?? {}).map(([provider, m]) => ({ provider, type: m.Type })),
      identityCount: identities.length,
      identities: identities.slice(0, IDENTITIES_SHOWN).map((i) => ({
        id: i.IdentityId, logins: Object.keys(i.logins), createDate: i.CreationDate, lastModifiedDate: i.LastModifiedDate,
      })),
    });
  }

  return {
    accountId, region, mode,
    users: users.sort(byName), groups: groups.sort(byName), roles: roles.sort(byName), policies: policies.sort(byName),
    oidcProviders: oidcProviders.sort((a, b) => (a.url < b.url ? -1 : 1)),
    samlProviders: samlProviders.sort(byName),
    userPools: userPools.sort(byName),
    identityPools: identityPools.sort(byName),
  };
}
