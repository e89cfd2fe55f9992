// Every Cognito identity pools table and record shape. Identity pools are per account and region; their
// rows are keyed by pool id first ("<poolId>\0…") so a pool's identities are read and deleted together.
// Pool and identity ids are global ("us-east-1:uuid"): GetId, GetCredentialsForIdentity and GetOpenIdToken
// are unsigned and name only an id, so two global indexes say where each lives.
import { AccountStore, type Collection } from "../../store/store.js";
import type { SigningKey } from "../cognito/records.js";

export interface CognitoProvider {
  readonly ProviderName: string;
  readonly ClientId: string;
  readonly ServerSideTokenCheck: boolean;
}

export type MatchType = "Equals" | "Contains" | "StartsWith" | "NotEqual";
export interface MappingRule { readonly Claim: string; readonly MatchType: MatchType; readonly Value: string; readonly RoleARN: string }
export interface RoleMapping {
  readonly Type: "Token" | "Rules";
  readonly AmbiguousRoleResolution?: "AuthenticatedRole" | "Deny";
  readonly RulesConfiguration?: { readonly Rules: readonly MappingRule[] };
}

/** Attributes for access control: which token claims become session tags, per identity provider. */
export interface PrincipalTagMap { readonly UseDefaults: boolean; readonly PrincipalTags?: Readonly<Record<string, string>> }

export interface IdentityPoolRecord {
  readonly IdentityPoolId: string;
  readonly IdentityPoolName: string;
  readonly AllowUnauthenticatedIdentities: boolean;
  readonly AllowClassicFlow?: boolean;
  readonly SupportedLoginProviders?: Readonly<Record<string, string>>;
  readonly DeveloperProviderName?: string;
  readonly OpenIdConnectProviderARNs?: readonly string[];
  readonly CognitoIdentityProviders?: readonly CognitoProvider[];
  readonly SamlProviderARNs?: readonly string[];
  readonly IdentityPoolTags?: Readonly<Record<string, string>>;
  /** SetIdentityPoolRoles: "authenticated" / "unauthenticated" → role ARN. */
  readonly Roles?: Readonly<Record<string, string>>;
  readonly RoleMappings?: Readonly<Record<string, RoleMapping>>;
  /** Provider name → its attribute map (SetPrincipalTagAttributeMap). */
  readonly principalTagMaps?: Readonly<Record<string, PrincipalTagMap>>;
  /** Signs the pool's OpenID tokens (GetOpenIdToken*): one RSA pair per pool, as user pools have. */
  readonly signingKey: SigningKey;
  readonly CreationDate: string;
}

export interface IdentityRecord {
  readonly IdentityId: string;
  readonly IdentityPoolId: string;
  /** Provider name (as the pool names it) → the user's identifiers there (a developer provider may hold several). */
  readonly logins: Readonly<Record<string, readonly string[]>>;
  /** Once linked to a login an identity stays authenticated: with every login unlinked it cannot be used. */
  readonly authenticated: boolean;
  readonly CreationDate: string;
  readonly LastModifiedDate: string;
}

export interface Location { readonly accountId: string; readonly region: string; readonly poolId: string }

export const key = (...parts: string[]): string => parts.join("\u0000");

/** An IAM OIDC provider ARN's name as Logins keys and role mappings use it: the issuer without its scheme. */
export const oidcProviderName = (arn: string): string => arn.slice(arn.indexOf(":oidc-provider/") + ":oidc-provider/".length);

const regional = <T>(name: string) => (store: AccountStore): Collection<T> => store.regional<T>("cognito-identity", name);

export const identityTables = {
  pools: regional<IdentityPoolRecord>("pools"),
  /** "<poolId>\0<identityId>" */
  identities: regional<IdentityRecord>("identities"),
  /** "<poolId>\0<provider>\0<user identifier>" → identity id: one login belongs to one identity. */
  logins: regional<string>("logins"),
};

export const identityIndexes = {
  /** identity pool id → its account and region */
  pools: (store: AccountStore): Collection<Location> => store.global<Location>("cognito-identity/pools"),
  /** identity id → its account, region and pool */
  identities: (store: AccountStore): Collection<Location> => store.global<Location>("cognito-identity/identities"),
};

/** The store of `at`'s account and region, sharing the request's transaction. */
export function storeAt(store: AccountStore, at: { accountId: string; region: string }): AccountStore {
  return at.accountId === store.accountId && at.region === store.region ? store : new AccountStore(at.accountId, at.region, store.tx);
}
