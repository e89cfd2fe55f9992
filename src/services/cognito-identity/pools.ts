// Identity pools: CreateIdentityPool, DescribeIdentityPool, UpdateIdentityPool, DeleteIdentityPool,
// ListIdentityPools, and tags (TagResource, UntagResource, ListTagsForResource).
import { partitionOf } from "../../partition.js";
import { randomUUID } from "node:crypto";
import type { AccountStore } from "../../store/store.js";
import { pageOf } from "../cognito/pagination.js";
import { newSigningKey } from "../cognito/signing-keys.js";
import type { Operation } from "../operation.js";
import { identityErrors } from "./errors.js";
import { deleteIdentity } from "./identities.js";
import { identityIndexes, identityTables, key, type CognitoProvider, type IdentityPoolRecord } from "./records.js";

const TAGS_PER_POOL = 50;
const OIDC_PROVIDER_ARN = /^arn:[\w-]+:iam::\d{12}:oidc-provider\/\S+$/;
const SAML_PROVIDER_ARN = /^arn:[\w-]+:iam::\d{12}:saml-provider\/[\w._-]+$/;

/** What CreateIdentityPool and UpdateIdentityPool both take (IdentityPoolType without the id). */
export interface PoolSettings {
  IdentityPoolName: string;
  AllowUnauthenticatedIdentities: boolean;
  AllowClassicFlow?: boolean;
  SupportedLoginProviders?: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs?: string[];
  CognitoIdentityProviders?: { ProviderName?: string; ClientId?: string; ServerSideTokenCheck?: boolean }[];
  SamlProviderARNs?: string[];
  IdentityPoolTags?: Record<string, string>;
}

export const identityPoolArn = (region: string, accountId: string, poolId: string): string =>
  `arn:${partitionOf(region)}:cognito-identity:${region}:${accountId}:identitypool/${poolId}`;

export function requireIdentityPool(store: AccountStore, poolId: string): IdentityPoolRecord {
  const pool = identityTables.pools(store).get(poolId);
  if (!pool) throw identityErrors.poolNotFound(poolId);
  return pool;
}

/** The pool as DescribeIdentityPool, CreateIdentityPool and UpdateIdentityPool answer it. */
export function poolShape(pool: IdentityPoolRecord): Record<string, unknown> {
  return {
    IdentityPoolId: pool.IdentityPoolId, IdentityPoolName: pool.IdentityPoolName,
    AllowUnauthenticatedIdentities: pool.AllowUnauthenticatedIdentities, AllowClassicFlow: pool.AllowClassicFlow ?? false,
    SupportedLoginProviders: pool.SupportedLoginProviders, DeveloperProviderName: pool.DeveloperProviderName,
    OpenIdConnectProviderARNs: pool.OpenIdConnectProviderARNs, CognitoIdentityProviders: pool.CognitoIdentityProviders,
    SamlProviderARNs: pool.SamlProviderARNs, IdentityPoolTags: pool.IdentityPoolTags ?? {},
  };
}

function checkTags(tags: Record<string, string>): Record<string, string> | undefined {
  if (Object.keys(tags).some((k) => k.toLowerCase().startsWith("aws:"))) throw identityErrors.invalidParameter("Tag keys cannot start with 'aws:'.");
  if (Object.keys(tags).length > TAGS_PER_POOL) throw identityErrors.invalidParameter(`An identity pool can have at most ${TAGS_PER_POOL} tags.`);
  return Object.keys(tags).length ? tags : undefined;
}

/** The settings as the record keeps them, checked beyond what the model can say. */
function settingsOf(input: PoolSettings): Omit<IdentityPoolRecord, "IdentityPoolId" | "CreationDate" | "signingKey"> {
  const providers: CognitoProvider[] = [];
  for (const p of input.CognitoIdentityProviders ?? []) {
    if (!p.ProviderName || !p.ClientId) throw identityErrors.invalidParameter("A CognitoIdentityProvider needs both ProviderName and ClientId.");
    if (providers.some((q) => q.ProviderName === p.ProviderName && q.ClientId === p.ClientId)) {
      throw identityErrors.invalidParameter(`Duplicate CognitoIdentityProvider ${p.ProviderName} with client ${p.ClientId}.`);
    }
    providers.push({ ProviderName: p.ProviderName, ClientId: p.ClientId, ServerSideTokenCheck: p.ServerSideTokenCheck ?? false });
  }
  const bad = (input.OpenIdConnectProviderARNs ?? []).find((arn) => !OIDC_PROVIDER_ARN.test(arn));
  if (bad !== undefined) throw identityErrors.invalidParameter(`Invalid OpenIdConnectProviderARN: ${bad}`);
  const badSaml = (input.SamlProviderARNs ?? []).find((arn) => !SAML_PROVIDER_ARN.test(arn));
  if (badSaml !== undefined) throw identityErrors.invalidParameter(`Invalid SamlProviderARN: ${badSaml}`);
  const nonEmpty = <T>(list: readonly T[] | undefined) => (list?.length ? [...list] : undefined);
  return {
    IdentityPoolName: input.IdentityPoolName,
    AllowUnauthenticatedIdentities: input.AllowUnauthenticatedIdentities,
    AllowClassicFlow: input.AllowClassicFlow,
    SupportedLoginProviders: input.SupportedLoginProviders && Object.keys(input.SupportedLoginProviders).length ? input.SupportedLoginProviders : undefined,
    DeveloperProviderName: input.DeveloperProviderName,
    OpenIdConnectProviderARNs: nonEmpty(input.OpenIdConnectProviderARNs),
    CognitoIdentityProviders: nonEmpty(providers),
    SamlProviderARNs: nonEmpty(input.SamlProviderARNs),
    IdentityPoolTags: input.IdentityPoolTags && checkTags(input.IdentityPoolTags),
  };
}

export const CreateIdentityPool: Operation<PoolSettings, Record<string, unknown>> = async ({ input, store, clock }) => {
  const settings = settingsOf(input);
  const pool: IdentityPoolRecord = {
    ...settings, IdentityPoolId: `${store.region}:${randomUUID()}`, signingKey: await newSigningKey(), CreationDate: clock.now().toISOString(),
  };
  identityTables.pools(store).put(pool.IdentityPoolId, pool);
  identityIndexes.pools(store).put(pool.IdentityPoolId, { accountId: store.accountId, region: store.region, poolId: pool.IdentityPoolId });
  return poolShape(pool);
};

export const DescribeIdentityPool: Operation<{ IdentityPoolId: string }, Record<string, unknown>> = ({ input, store }) =>
  poolShape(requireIdentityPool(store, input.IdentityPoolId));

export const UpdateIdentityPool: Operation<PoolSettings & { IdentityPoolId: string }, Record<string, unknown>> = ({ input, store }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  if (pool.DeveloperProviderName !== undefined && input.DeveloperProviderName !== undefined && input.DeveloperProviderName !== pool.DeveloperProviderName) {
    throw identityErrors.invalidParameter("The developer provider name of an identity pool cannot be changed once it is set.");
  }
  // As AWS: members left out go back to their defaults; roles, mappings and tags (unless given) stay.
  const settings = settingsOf({ ...input, DeveloperProviderName: input.DeveloperProviderName ?? pool.DeveloperProviderName });
  const next: IdentityPoolRecord = {
    ...pool, ...settings, IdentityPoolTags: input.IdentityPoolTags !== undefined ? settings.IdentityPoolTags : pool.IdentityPoolTags,
  };
  identityTables.pools(store).put(pool.IdentityPoolId, next);
  return poolShape(next);
};

export const DeleteIdentityPool: Operation<{ IdentityPoolId: string }, Record<string, never>> = ({ input, store }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  // Each identity with its login rows and its global index entry, as DeleteIdentities removes one.
  for (const [, identity] of [...identityTables.identities(store).withPrefix(key(pool.IdentityPoolId, ""))]) deleteIdentity(store, identity);
  identityTables.pools(store).delete(pool.IdentityPoolId);
  identityIndexes.pools(store).delete(pool.IdentityPoolId);
  return {};
};

export const ListIdentityPools: Operation<{ MaxResults: number; NextToken?: string }, { IdentityPools: unknown[]; NextToken?: string }> = ({ input, store }) => {
  const page = pageOf(identityTables.pools(store), "", input.NextToken, input.MaxResults, () => true,
    (p) => ({ IdentityPoolId: p.IdentityPoolId, IdentityPoolName: p.IdentityPoolName }));
  return { IdentityPools: page.items, NextToken: page.next };
};

function poolByArn(store: AccountStore, arn: string): IdentityPoolRecord {
  const id = /^arn:[\w-]+:cognito-identity:[^:]+:\d{12}:identitypool\/(.+)$/.exec(arn)?.[1];
  const pool = id ? identityTables.pools(store).get(id) : undefined;
  if (!pool || identityPoolArn(store.region, store.accountId, pool.IdentityPoolId) !== arn) {
    throw identityErrors.resourceNotFound(`The resource ${arn} does not exist.`);
  }
  return pool;
}

export const TagResource: Operation<{ ResourceArn: string; Tags: Record<string, string> }, Record<string, never>> = ({ input, store }) => {
  const pool = poolByArn(store, input.ResourceArn);
  identityTables.pools(store).put(pool.IdentityPoolId, { ...pool, IdentityPoolTags: checkTags({ ...pool.IdentityPoolTags, ...input.Tags }) });
  return {};
};

export const UntagResource: Operation<{ ResourceArn: string; TagKeys: string[] }, Record<string, never>> = ({ input, store }) => {
  const pool = poolByArn(store, input.ResourceArn);
  const kept = Object.fromEntries(Object.entries(pool.IdentityPoolTags ?? {}).filter(([k]) => !input.TagKeys.includes(k)));
  identityTables.pools(store).put(pool.IdentityPoolId, { ...pool, IdentityPoolTags: checkTags(kept) });
  return {};
};

export const ListTagsForResource: Operation<{ ResourceArn: string }, { Tags: Record<string, string> }> = ({ input, store }) =>
  ({ Tags: { ...poolByArn(store, input.ResourceArn).IdentityPoolTags } });

export const operations = {
  CreateIdentityPool, DescribeIdentityPool, UpdateIdentityPool, DeleteIdentityPool, ListIdentityPools,
  TagResource, UntagResource, ListTagsForResource,
};
