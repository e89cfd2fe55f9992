// The seed file written from live state ("Export as seed file"): the human-editable shape of seed.ts, so
// a state clicked together in the tree can be committed and started from by everyone. Loading the result
// gives the same users, groups, roles, policies, pools (with their settings, domains and resource servers),
// clients (with their settings), pool users and identity pools; what a seed cannot hold
// (OIDC providers, MFA devices, …) is listed in `leftOut`, never dropped silently.
import type { SeedDocument, SeedExport } from "../admin-api/state.js";
import { ACCESS_KEYS_TABLE, type AccessKeyRecord } from "../store/credentials.js";
import { AccountStore, type Store } from "../store/store.js";
import { iamTables, nameKey, relationKey, type Boundary, type Tag } from "../services/iam/records.js";
import { cognitoTables, key, type PoolRecord } from "../services/cognito/records.js";
import { CLIENT_DEFAULTS } from "../services/cognito/clients.js";
import { derivedClientId, derivedPoolId } from "../services/cognito/fixed-ids.js";
import { POOL_DEFAULTS } from "../services/cognito/pools.js";
import { derivedIdentityPoolId } from "../services/cognito-identity/fixed-ids.js";
import { identityTables } from "../services/cognito-identity/records.js";

/** The settings a seed keeps in its `settings` object: those it has no field of its own for, where they differ from
 * what the API would store when not given them (so an exported seed lists only what was chosen). */
function otherSettings(settings: Readonly<Record<string, unknown>>, defaults: Readonly<Record<string, unknown>>, ownFields: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (!ownFields.has(name) && value !== undefined && JSON.stringify(value) !== JSON.stringify(defaults[name])) out[name] = value;
  }
  return out;
}
// What a pool's and a client's own seed fields (and lambda_config, applied after the users) already hold.
const POOL_FIELDS = new Set(["UsernameAttributes", "AliasAttributes", "AutoVerifiedAttributes", "LambdaConfig", "SignInPolicy"]);
const CLIENT_FIELDS = new Set(["ExplicitAuthFlows", "AllowedOAuthFlowsUserPoolClient", "AllowedOAuthFlows", "AllowedOAuthScopes", "CallbackURLs", "LogoutURLs", "SupportedIdentityProviders"]);

const byName = <T>(name: (t: T) => string) => (a: T, b: T): number => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
const tagObject = (tags: readonly Tag[] | undefined): Record<string, string> | undefined =>
  tags && tags.length ? Object.fromEntries(tags.map((t) => [t.Key, t.Value])) : undefined;
const boundaryArn = (b: Boundary | undefined): string | undefined => b?.PermissionsBoundaryArn;
/** Documents as JSON objects, so the file reads and diffs as policy JSON does. */
const documentOf = (text: string): unknown => { try { return JSON.parse(text); } catch { return text; } };
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
/** Drops undefined members and empty lists/objects, so the seed holds only what differs from the defaults. */
function compact<T extends Record<string, unknown>>(entry: T): T {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) =>
    v !== undefined && !(Array.isArray(v) && v.length === 0) && !(typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))) as T;
}

/** The account's seed; pools outside `defaultRegion` carry their region. */
export function seedFromState(store: Store, accountId: string, defaultRegion: string): SeedExport {
  const leftOut: string[] = [];
  const tx = store.begin();
  const iam = iamFromState(new AccountStore(accountId, defaultRegion, tx), leftOut);
  const regions = new Set([defaultRegion]);
  for (const table of store.tablesWithPrefix(`${accountId}/`)) {
    const parts = table.id.split("/");
    if (parts.length === 4 && table.size > 0) regions.add(parts[1]!);
  }
  const pools = [...regions].sort().flatMap((region) => poolsFromState(new AccountStore(accountId, region, tx), region === defaultRegion, leftOut));
  const identityPools = [...regions].sort().flatMap((region) => identityPoolsFromState(new AccountStore(accountId, region, tx), region === defaultRegion, leftOut));
  const cognito = compact({ user_pools: pools, identity_pools: identityPools });
  const seed: SeedDocument = compact({ iam: Object.keys(iam).length ? iam : undefined, cognito: Object.keys(cognito).length ? cognito : undefined });
  return { seed, leftOut };
}

function iamFromState(store: AccountStore, leftOut: string[]): Record<string, unknown> {
  const t = iamTables;
  const attached = (kind: string, name: string): string[] =>
    [...t.attachments(store).withPrefix(relationKey(kind, nameKey(name), ""))].map(([, a]) => a.PolicyArn);
  const inline = (kind: string, name: string): Record<string, unknown> => Object.fromEntries(
    [...t.inlinePolicies(store).withPrefix(relationKey(kind, nameKey(name), ""))].map(([, p]) => [p.PolicyName, documentOf(p.PolicyDocument)]));
  const keys = store.global<AccessKeyRecord>(ACCESS_KEYS_TABLE);

  const policies = [...t.policies(store).values()].sort(byName((p) => p.PolicyName)).map((p) => {
    if (p.versions.length > 1) leftOut.push(`policy ${p.PolicyName}: only its default version (${p.DefaultVersionId}) of ${p.versions.length}`);
    const document = p.versions.find((v) => v.VersionId === p.DefaultVersionId)!.Document;
    return compact({ name: p.PolicyName, path: p.Path === "/" ? undefined : p.Path, document: documentOf(document), description: p.Description, tags: tagObject(p.Tags) });
  });
  const groups = [...t.groups(store).values()].sort(byName((g) => g.GroupName)).map((g) => compact({
    name: g.GroupName, path: g.Path === "/" ? undefined : g.Path, policies: inline("group", g.GroupName), managed_policies: attached("group", g.GroupName),
  }));
  const roles = [...t.roles(store).values()].filter((r) => !r.serviceLinked).sort(byName((r) => r.RoleName)).map((r) => compact({
    name: r.RoleName, path: r.Path === "/" ? undefined : r.Path, assume_role_policy: documentOf(r.AssumeRolePolicyDocument),
    description: r.Description, max_session_duration: r.MaxSessionDuration === 3600 ? undefined : r.MaxSessionDuration,
    permissions_boundary: boundaryArn(r.PermissionsBoundary), tags: tagObject(r.Tags),
    policies: inline("role", r.RoleName), managed_policies: attached("role", r.RoleName),
  }));
  const serviceLinked = [...t.roles(store).values()].filter((r) => r.serviceLinked).length;
  if (serviceLinked) leftOut.push(plural(serviceLinked, "service-linked role"));
  const users = [...t.users(store).values()].sort(byName((u) => u.UserName)).map((u) => {
    const accessKeys = u.accessKeys.flatMap((id) => {
      const k = keys.get(id);
      if (!k) return [];
      if (k.status !== "Active") leftOut.push(`user ${u.UserName}: access key ${id} is loaded Active (it is Inactive here)`);
      return [{ access_key_id: k.accessKeyId, secret_access_key: k.secretAccessKey }];
    });
    return compact({
      name: u.UserName, path: u.Path === "/" ? undefined : u.Path, tags: tagObject(u.Tags), permissions_boundary: boundaryArn(u.PermissionsBoundary),
      groups: [...t.userGroups(store).withPrefix(relationKey(nameKey(u.UserName), ""))].map(([, m]) => m.GroupName),
      access_keys: accessKeys, policies: inline("user", u.UserName), managed_policies: attached("user", u.UserName),
    });
  });
  const counts: Array<[number, string]> = [
    [t.instanceProfiles(store).size, "instance profile"], [t.loginProfiles(store).size, "console password"],
    [t.mfaDevices(store).size, "MFA device"], [t.oidcProviders(store).size, "OpenID Connect provider"],
    [t.samlProviders(store).size, "SAML provider"], [t.account(store).size, "account setting (alias, password policy)"],
  ];
  for (const [n, what] of counts) if (n) leftOut.push(plural(n, what, what.endsWith(")") ? what : `${what}s`));
  return compact({ policies, groups, roles, users });
}

function poolsFromState(store: AccountStore, defaultRegion: boolean, leftOut: string[]): Record<string, unknown>[] {
  const pools = [...cognitoTables.pools(store).values()].sort(byName((p) => p.Name));
  return pools.map((pool) => {
    const clients = [...cognitoTables.clients(store).withPrefix(key(pool.Id, ""))].map(([, c]) => {
      const oauth = c.settings.AllowedOAuthFlowsUserPoolClient === true;
      const providers = (c.settings.SupportedIdentityProviders as string[] | undefined) ?? [];
      const external = providers.filter((p) => p !== "COGNITO");
      if (external.length) leftOut.push(`pool ${pool.Name}: client ${c.ClientName}'s identity providers ${external.join(", ")}`);
      return compact({
        name: c.ClientName, id: c.ClientId === derivedClientId(pool.Id, c.ClientName) ? undefined : c.ClientId,
        secret: c.ClientSecret, explicit_auth_flows: c.settings.ExplicitAuthFlows as string[] | undefined,
        ...(oauth && {
          allowed_oauth_flows: c.settings.AllowedOAuthFlows as string[] | undefined, allowed_oauth_scopes: c.settings.AllowedOAuthScopes as string[] | undefined,
          callback_urls: c.settings.CallbackURLs as string[] | undefined, logout_urls: c.settings.LogoutURLs as string[] | undefined,
          supported_identity_providers: providers.filter((p) => p === "COGNITO"),
        }),
        settings: otherSettings(c.settings, CLIENT_DEFAULTS, CLIENT_FIELDS),
      });
    });
    const domainRow = [...cognitoTables.domains(store).withPrefix(key(pool.Id, ""))][0]?.[1];
    if (domainRow?.CustomDomainConfig) leftOut.push(`pool ${pool.Name}: its custom domain ${domainRow.Domain} (a seed makes prefix domains)`);
    const resourceServers = [...cognitoTables.resourceServers(store).withPrefix(key(pool.Id, ""))].map(([, r]) => compact({
      identifier: r.Identifier, name: r.Name,
      scopes: r.Scopes.map((s) => (s.ScopeDescription === s.ScopeName ? s.ScopeName : { name: s.ScopeName, description: s.ScopeDescription })),
    }));
    const groups = [...cognitoTables.groups(store).withPrefix(key(pool.Id, ""))].map(([, g]) => compact({
      name: g.GroupName, description: g.Description, precedence: g.Precedence, role_arn: g.RoleArn,
    }));
    const users = [...cognitoTables.users(store).withPrefix(key(pool.Id, ""))].map(([rowKey, u]) => {
      const userKey = rowKey.slice(pool.Id.length + 1);
      if (u.UserStatus === "UNCONFIRMED" || u.UserStatus === "RESET_REQUIRED") leftOut.push(`pool ${pool.Name}: user ${u.Username} is loaded as ${u.password ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD"} (it is ${u.UserStatus} here)`);
      if (u.totpEnabled) leftOut.push(`pool ${pool.Name}: user ${u.Username}'s software token (MFA)`);
      if (u.smsMfaEnabled || u.emailMfaEnabled) leftOut.push(`pool ${pool.Name}: user ${u.Username}'s SMS and email MFA settings`);
      const named = userNamed(pool, u.Username, u.sub, u.Attributes);
      return compact({
        username: named, sub: u.sub,
        // The SRP verifier, not the password: it signs in with the same password once loaded.
        password_verifier: u.password && { salt: u.password.salt, verifier: u.password.verifier },
        temporary: u.UserStatus === "FORCE_CHANGE_PASSWORD" ? true : undefined,
        attributes: Object.fromEntries(u.Attributes.filter((a) => a.Name !== "sub").map((a) => [a.Name, a.Value ?? ""])),
        groups: [...cognitoTables.userGroups(store).withPrefix(key(pool.Id, userKey, ""))].map(([k]) => k.slice(k.lastIndexOf("\u0000") + 1)),
        enabled: u.Enabled ? undefined : false,
      });
    });
    // Rows a seed has no place for: devices, external identity providers and the identities linked to users
    // through them, passkeys (the same counting as the IAM rows above).
    const poolCounts: Array<[{ withPrefix(prefix: string): Iterable<unknown> }, string, string?]> = [
      [cognitoTables.devices(store), "remembered or tracked device"], [cognitoTables.identityProviders(store), "identity provider"],
      [cognitoTables.providerLinks(store), "external identity linked to a user", "external identities linked to users"],
      [cognitoTables.webAuthnCredentials(store), "registered passkey"],
    ];
    for (const [table, one, many] of poolCounts) {
      const n = [...table.withPrefix(key(pool.Id, ""))].length;
      if (n) leftOut.push(`pool ${pool.Name}: ${plural(n, one, many)}`);
    }
    if (pool.smsMfa || pool.emailMfa) leftOut.push(`pool ${pool.Name}: its SMS and email MFA configuration`);
    if (pool.webAuthn) leftOut.push(`pool ${pool.Name}: its passkey configuration (WebAuthnConfiguration)`);
    const triggers = pool.settings.LambdaConfig as Record<string, unknown> | undefined;
    const policy = pool.passwordPolicy;
    return compact({
      name: pool.Name, id: pool.Id === derivedPoolId(store.region, pool.Name) ? undefined : pool.Id, region: defaultRegion ? undefined : store.region,
      username_attributes: pool.settings.UsernameAttributes as string[] | undefined,
      alias_attributes: pool.settings.AliasAttributes as string[] | undefined,
      auto_verified_attributes: pool.settings.AutoVerifiedAttributes as string[] | undefined,
      password_policy: {
        minimum_length: policy.MinimumLength, require_uppercase: policy.RequireUppercase, require_lowercase: policy.RequireLowercase,
        require_numbers: policy.RequireNumbers, require_symbols: policy.RequireSymbols, temporary_password_validity_days: policy.TemporaryPasswordValidityDays,
      },
      mfa: pool.MfaConfiguration === "OFF" ? undefined : pool.MfaConfiguration,
      // The functions as ARNs; the handler files that run them are the emulator's options, not its state.
      lambda_config: triggers && Object.keys(triggers).length ? triggers : undefined,
      custom_attributes: pool.schema.filter((a) => a.Name.startsWith("custom:")).map((a) => compact({ name: a.Name.slice(7), type: a.AttributeDataType === "String" ? undefined : a.AttributeDataType })),
      settings: { ...otherSettings(pool.settings, POOL_DEFAULTS, POOL_FIELDS), ...(pool.settings.SignInPolicy !== undefined && { Policies: { SignInPolicy: pool.settings.SignInPolicy } }) },
      domain: domainRow && !domainRow.CustomDomainConfig ? domainRow.Domain : undefined, resource_servers: resourceServers,
      clients, groups, users,
    });
  });
}

/** Identity pools with their providers, roles and role mappings; their identities are the apps' to make. */
function identityPoolsFromState(store: AccountStore, defaultRegion: boolean, leftOut: string[]): Record<string, unknown>[] {
  const pools = [...identityTables.pools(store).values()].sort(byName((p) => p.IdentityPoolName));
  return pools.map((pool) => {
    const name = pool.IdentityPoolName;
    const identities = [...identityTables.identities(store).withPrefix(key(pool.IdentityPoolId, ""))].length;
    if (identities) leftOut.push(`identity pool ${name}: ${plural(identities, "identity", "identities")} (a seed makes pools, apps make identities)`);
    if (pool.principalTagMaps) leftOut.push(`identity pool ${name}: attributes for access control (SetPrincipalTagAttributeMap)`);
    const userPools = (pool.CognitoIdentityProviders ?? []).flatMap((p) => {
      const m = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/(\1_[0-9a-zA-Z]+)$/.exec(p.ProviderName);
      if (!m) { leftOut.push(`identity pool ${name}: provider ${p.ProviderName}`); return []; }
      return [compact({ user_pool_id: m[2], client_id: p.ClientId, server_side_token_check: p.ServerSideTokenCheck || undefined })];
    });
    return compact({
      name, id: pool.IdentityPoolId === derivedIdentityPoolId(store.region, name) ? undefined : pool.IdentityPoolId,
      region: defaultRegion ? undefined : store.region,
      allow_unauthenticated: pool.AllowUnauthenticatedIdentities || undefined, allow_classic_flow: pool.AllowClassicFlow || undefined,
      user_pools: userPools, openid_connect_provider_arns: pool.OpenIdConnectProviderARNs, saml_provider_arns: pool.SamlProviderARNs,
      supported_login_providers: pool.SupportedLoginProviders, developer_provider_name: pool.DeveloperProviderName,
      roles: pool.Roles,
      role_mappings: pool.RoleMappings && Object.fromEntries(Object.entries(pool.RoleMappings).map(([provider, m]) => [provider, compact({
        type: m.Type, ambiguous_role_resolution: m.AmbiguousRoleResolution,
        rules: m.RulesConfiguration?.Rules.map((r) => ({ claim: r.Claim, match_type: r.MatchType, value: r.Value, role: r.RoleARN })),
      })])),
      tags: pool.IdentityPoolTags,
    });
  });
}

/** The name a seed creates the user by: pools that sign in with email or phone take that, not the sub. */
function userNamed(pool: PoolRecord, username: string, sub: string, attributes: readonly { Name: string; Value?: string }[]): string {
  if (username !== sub) return username;
  const by = (pool.settings.UsernameAttributes as string[] | undefined) ?? [];
  for (const name of by) {
    const value = attributes.find((a) => a.Name === name)?.Value;
    if (value) return value;
  }
  return username;
}
