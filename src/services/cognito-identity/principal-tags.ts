// Attributes for access control: GetPrincipalTagAttributeMap, SetPrincipalTagAttributeMap, and the session
// tags (aws:PrincipalTag/*) a login's claims become when its provider has a map. AWS's defaults map the
// tag "username" to the token's sub and "client" to its aud.
import type { Tag } from "../iam/records.js";
import type { Operation } from "../operation.js";
import { identityErrors } from "./errors.js";
import type { VerifiedLogin } from "./logins.js";
import { requireIdentityPool } from "./pools.js";
import { identityTables, type IdentityPoolRecord, type PrincipalTagMap } from "./records.js";
import { configuredProviderNames } from "./roles.js";

const DEFAULT_TAGS: Readonly<Record<string, string>> = { username: "sub", client: "aud" };

interface MapInput { IdentityPoolId: string; IdentityProviderName: string; UseDefaults?: boolean; PrincipalTags?: Record<string, string> }

/** A user pool is named with or without its app client; other providers as in their Logins key. */
function knownProvider(pool: IdentityPoolRecord, name: string): boolean {
  return configuredProviderNames(pool).includes(name) || (pool.CognitoIdentityProviders ?? []).some((p) => p.ProviderName === name);
}

export const SetPrincipalTagAttributeMap: Operation<MapInput, Record<string, unknown>> = ({ input, store }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  if (!knownProvider(pool, input.IdentityProviderName)) {
    throw identityErrors.invalidParameter(`${input.IdentityProviderName} is not an identity provider of identity pool ${pool.IdentityPoolId}.`);
  }
  const map: PrincipalTagMap = { UseDefaults: input.UseDefaults ?? false, PrincipalTags: input.PrincipalTags };
  identityTables.pools(store).put(pool.IdentityPoolId, { ...pool, principalTagMaps: { ...pool.principalTagMaps, [input.IdentityProviderName]: map } });
  return { IdentityPoolId: pool.IdentityPoolId, IdentityProviderName: input.IdentityProviderName, ...map };
};

export const GetPrincipalTagAttributeMap: Operation<Omit<MapInput, "UseDefaults" | "PrincipalTags">, Record<string, unknown>> = ({ input, store }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  if (!knownProvider(pool, input.IdentityProviderName)) {
    throw identityErrors.resourceNotFound(`${input.IdentityProviderName} is not an identity provider of identity pool ${pool.IdentityPoolId}.`);
  }
  const map = pool.principalTagMaps?.[input.IdentityProviderName];
  return { IdentityPoolId: pool.IdentityPoolId, IdentityProviderName: input.IdentityProviderName, UseDefaults: map?.UseDefaults ?? false, PrincipalTags: map?.PrincipalTags };
};

/** The session tags `login` brings: its provider's map (with or without the app client) applied to its claims. */
export function principalTagsOf(pool: IdentityPoolRecord, login: VerifiedLogin): Tag[] {
  const maps = pool.principalTagMaps ?? {};
  const map = maps[login.roleMappingKey] ?? maps[login.provider];
  if (!map) return [];
  const mapping = map.UseDefaults && login.kind !== "saml" ? { ...DEFAULT_TAGS, ...map.PrincipalTags } : { ...map.PrincipalTags };
  const tags: Tag[] = [];
  for (const [Key, claim] of Object.entries(mapping)) {
    const value = login.claims[claim];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") tags.push({ Key, Value: String(value) });
  }
  return tags;
}

export const operations = { GetPrincipalTagAttributeMap, SetPrincipalTagAttributeMap };
