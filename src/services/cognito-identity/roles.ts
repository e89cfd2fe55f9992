// The roles an identity pool hands out: SetIdentityPoolRoles, GetIdentityPoolRoles, and which role an
// identity gets (the unauthenticated role; for logins, the provider's role mapping — the token's
// cognito:preferred_role / cognito:roles, or the first matching rule — else the authenticated role).
import type { Operation } from "../operation.js";
import { identityErrors } from "./errors.js";
import type { VerifiedLogin } from "./logins.js";
import { requireIdentityPool } from "./pools.js";
import { identityTables, oidcProviderName, type IdentityPoolRecord, type MappingRule, type RoleMapping } from "./records.js";

const ROLE_ARN = /^arn:[\w-]+:iam::\d{12}:role\/[\u0021-\u007e]+$/;

/** The names a pool's providers go by in RoleMappings and principal tag maps. */
export function configuredProviderNames(pool: IdentityPoolRecord): string[] {
  return [
    ...(pool.CognitoIdentityProviders ?? []).map((p) => `${p.ProviderName}:${p.ClientId}`),
    ...(pool.OpenIdConnectProviderARNs ?? []).map(oidcProviderName),
    ...(pool.SamlProviderARNs ?? []),
    ...Object.keys(pool.SupportedLoginProviders ?? {}),
  ];
}

function checkRoleArn(arn: string): void {
  if (!ROLE_ARN.test(arn)) throw identityErrors.invalidParameter(`${arn} is not a valid IAM role ARN.`);
}

function checkMappings(pool: IdentityPoolRecord, mappings: Record<string, RoleMapping>): void {
  const known = new Set(configuredProviderNames(pool));
  for (const [provider, m] of Object.entries(mappings)) {
    if (!known.has(provider)) throw identityErrors.invalidParameter(`${provider} is not a valid RoleMapping ProviderName or is not a configured provider.`);
    if (!m.AmbiguousRoleResolution) throw identityErrors.invalidParameter(`AmbiguousRoleResolution is required for the ${m.Type} role mapping of ${provider}.`);
    if (m.Type === "Rules") {
      if (!m.RulesConfiguration) throw identityErrors.invalidParameter(`RulesConfiguration is required for the Rules role mapping of ${provider}.`);
      for (const rule of m.RulesConfiguration.Rules) checkRoleArn(rule.RoleARN);
    } else if (m.RulesConfiguration) {
      throw identityErrors.invalidParameter(`RulesConfiguration is only valid for a Rules role mapping (${provider} has Type ${m.Type}).`);
    }
  }
}

export const SetIdentityPoolRoles: Operation<{ IdentityPoolId: string; Roles: Record<string, string>; RoleMappings?: Record<string, RoleMapping> }, Record<string, never>> = ({ input, store }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  for (const arn of Object.values(input.Roles)) checkRoleArn(arn);
  checkMappings(pool, input.RoleMappings ?? {});
  identityTables.pools(store).put(pool.IdentityPoolId, {
    ...pool,
    Roles: Object.keys(input.Roles).length ? { ...input.Roles } : undefined,
    RoleMappings: input.RoleMappings && Object.keys(input.RoleMappings).length ? input.RoleMappings : undefined,
  });
  return {};
};

export const GetIdentityPoolRoles: Operation<{ IdentityPoolId: string }, Record<string, unknown>> = ({ input, store }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  return { IdentityPoolId: pool.IdentityPoolId, Roles: pool.Roles ?? {}, RoleMappings: pool.RoleMappings };
};

/** Whether the claim's value (a string, or any member of a list such as cognito:groups) satisfies the rule. */
export function ruleMatches(rule: MappingRule, claims: Readonly<Record<string, unknown>>): boolean {
  const raw = claims[rule.Claim];
  if (raw === undefined) return false;
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  switch (rule.MatchType) {
    case "Equals": return values.includes(rule.Value);
    case "NotEqual": return !values.includes(rule.Value);
    case "StartsWith": return values.some((v) => v.startsWith(rule.Value));
    case "Contains": return values.some((v) => v.includes(rule.Value));
  }
}

function authenticatedRole(pool: IdentityPoolRecord): string {
  const arn = pool.Roles?.authenticated;
  if (!arn) throw identityErrors.invalidConfiguration();
  return arn;
}

/** The role for an identity signing in with `logins` (none: unauthenticated), as GetCredentialsForIdentity picks it. */
export function roleFor(pool: IdentityPoolRecord, logins: readonly VerifiedLogin[], customRoleArn: string | undefined): string {
  if (!logins.length) {
    const arn = pool.Roles?.unauthenticated;
    if (!arn) throw identityErrors.invalidConfiguration();
    return arn;
  }
  const mapped = logins.find((l) => pool.RoleMappings?.[l.roleMappingKey]);
  if (!mapped) {
    // A SAML response that names roles picks among them (CustomRoleArn when it names several).
    const offered = logins.find((l) => l.kind === "saml" && l.tokenRoles?.roles.length)?.tokenRoles?.roles;
    if (offered && customRoleArn && offered.includes(customRoleArn)) return customRoleArn;
    if (offered?.length === 1) return offered[0]!;
    return authenticatedRole(pool);
  }
  const mapping = pool.RoleMappings![mapped.roleMappingKey]!;
  let chosen: string | undefined;
  if (mapping.Type === "Token") {
    const roles = mapped.tokenRoles?.roles ?? [];
    if (customRoleArn !== undefined) {
      if (!roles.includes(customRoleArn)) throw identityErrors.invalidParameter(`CustomRoleArn ${customRoleArn} is not one of the roles in the token.`);
      chosen = customRoleArn;
    } else {
      chosen = mapped.tokenRoles?.preferred ?? (roles.length === 1 ? roles[0] : undefined);
    }
  } else {
    chosen = mapping.RulesConfiguration?.Rules.find((rule) => ruleMatches(rule, mapped.claims))?.RoleARN;
  }
  if (chosen) return chosen;
  if (mapping.AmbiguousRoleResolution === "Deny") throw identityErrors.ambiguousRoleDenied();
  return authenticatedRole(pool);
}

export const operations = { SetIdentityPoolRoles, GetIdentityPoolRoles };
