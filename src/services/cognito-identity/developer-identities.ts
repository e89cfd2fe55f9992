// Developer-authenticated identities: the app's own backend (signed, in the pool's account) vouches for its
// users under the pool's DeveloperProviderName. GetOpenIdTokenForDeveloperIdentity, LookupDeveloperIdentity,
// MergeDeveloperIdentities, UnlinkDeveloperIdentity.
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { identityErrors } from "./errors.js";
import { deleteIdentity, link, newIdentity, ownerOf, unlink } from "./identities.js";
import { verifyLogins } from "./logins.js";
import { openIdClaims, signOpenIdToken } from "./open-id-tokens.js";
import { requireIdentityPool } from "./pools.js";
import { identityTables, key, type IdentityPoolRecord, type IdentityRecord } from "./records.js";

const DEFAULT_TOKEN_SECONDS = 900;
/** MergeDeveloperIdentities: "The number of linked logins is limited to 20" (source and destination together). */
const MAX_LINKED_LOGINS = 20;

const loginCount = (identity: IdentityRecord): number => Object.values(identity.logins).reduce((n, ids) => n + ids.length, 0);

function developerProvider(pool: IdentityPoolRecord): string {
  if (!pool.DeveloperProviderName) {
    throw identityErrors.invalidParameter(`Identity pool ${pool.IdentityPoolId} has no DeveloperProviderName: set one with UpdateIdentityPool first.`);
  }
  return pool.DeveloperProviderName;
}

function identityOf(store: AccountStore, pool: IdentityPoolRecord, identityId: string): IdentityRecord {
  const identity = identityTables.identities(store).get(key(pool.IdentityPoolId, identityId));
  if (!identity) throw identityErrors.identityNotFound(identityId);
  return identity;
}

function developerUser(store: AccountStore, pool: IdentityPoolRecord, provider: string, userIdentifier: string): IdentityRecord {
  const owner = ownerOf(store, pool.IdentityPoolId, { provider, userId: userIdentifier });
  if (owner === undefined) throw identityErrors.resourceNotFound(`Developer user identifier ${userIdentifier} is not linked to any identity in ${pool.IdentityPoolId}.`);
  return identityOf(store, pool, owner);
}

interface TokenInput {
  IdentityPoolId: string; IdentityId?: string; Logins: Record<string, string>; PrincipalTags?: Record<string, string>; TokenDuration?: number;
}

export const GetOpenIdTokenForDeveloperIdentity: Operation<TokenInput, { IdentityId: string; Token: string }> = async (ctx) => {
  const { input, store } = ctx;
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  const provider = developerProvider(pool);
  const userIdentifier = input.Logins[provider];
  if (userIdentifier === undefined) throw identityErrors.invalidParameter(`Logins must name the pool's developer provider ${provider}.`);
  const { [provider]: _developer, ...others } = input.Logins;
  const federated = await verifyLogins(ctx, pool, others);
  const now = ctx.clock.now();
  const developer = { provider, userId: userIdentifier };
  const owner = ownerOf(store, pool.IdentityPoolId, developer);
  if (input.IdentityId !== undefined && owner !== undefined && owner !== input.IdentityId) throw identityErrors.developerUserAlreadyRegistered();
  const refs = [developer, ...federated.map((l) => ({ provider: l.provider, userId: l.userId }))];
  const identityId = input.IdentityId ?? owner;
  const identity = identityId === undefined ? newIdentity(store, pool, now, refs) : link(store, identityOf(store, pool, identityId), refs, now);
  const amr = ["authenticated", provider, `${provider}:${pool.IdentityPoolId}:${userIdentifier}`, ...federated.flatMap((l) => l.amr)];
  const claims = openIdClaims(pool, { sub: identity.IdentityId, amr, principalTags: input.PrincipalTags }, input.TokenDuration ?? DEFAULT_TOKEN_SECONDS, now);
  return { IdentityId: identity.IdentityId, Token: await signOpenIdToken(pool, claims) };
};

interface LookupInput { IdentityPoolId: string; IdentityId?: string; DeveloperUserIdentifier?: string; MaxResults?: number; NextToken?: string }

export const LookupDeveloperIdentity: Operation<LookupInput, { IdentityId: string; DeveloperUserIdentifierList: string[]; NextToken?: string }> = ({ input, store }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  const provider = developerProvider(pool);
  if (input.IdentityId === undefined && input.DeveloperUserIdentifier === undefined) {
    throw identityErrors.invalidParameter("Either IdentityId or DeveloperUserIdentifier must be given.");
  }
  const identity = input.IdentityId !== undefined ? identityOf(store, pool, input.IdentityId) : developerUser(store, pool, provider, input.DeveloperUserIdentifier!);
  if (input.DeveloperUserIdentifier !== undefined && !(identity.logins[provider] ?? []).includes(input.DeveloperUserIdentifier)) {
    throw identityErrors.resourceNotFound(`Developer user identifier ${input.DeveloperUserIdentifier} is not linked to identity ${identity.IdentityId}.`);
  }
  const all = [...(identity.logins[provider] ?? [])];
  const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
  if (!Number.isInteger(start) || start < 0 || start > all.length) throw identityErrors.invalidParameter("Invalid NextToken.");
  const end = start + (input.MaxResults ?? 60);
  return { IdentityId: identity.IdentityId, DeveloperUserIdentifierList: all.slice(start, end), NextToken: end < all.length ? String(end) : undefined };
};

interface MergeInput { SourceUserIdentifier: string; DestinationUserIdentifier: string; DeveloperProviderName: string; IdentityPoolId: string }

export const MergeDeveloperIdentities: Operation<MergeInput, { IdentityId: string }> = ({ input, store, clock }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  const provider = developerProvider(pool);
  if (input.DeveloperProviderName !== provider) throw identityErrors.invalidParameter(`DeveloperProviderName ${input.DeveloperProviderName} is not the pool's (${provider}).`);
  const source = developerUser(store, pool, provider, input.SourceUserIdentifier);
  const destination = developerUser(store, pool, provider, input.DestinationUserIdentifier);
  if (source.IdentityId === destination.IdentityId) return { IdentityId: destination.IdentityId };
  // One identity cannot be two users of the same public provider.
  for (const [other, ids] of Object.entries(source.logins)) {
    const theirs = other === provider ? undefined : destination.logins[other];
    if (theirs?.length && ids.some((id) => !theirs.includes(id))) {
      throw identityErrors.conflict(`The source and destination identities are linked to ${other} as different users.`);
    }
  }
  if (loginCount(source) + loginCount(destination) > MAX_LINKED_LOGINS) {
    throw identityErrors.limitExceeded(`The number of linked logins is limited to ${MAX_LINKED_LOGINS}.`);
  }
  // Every login of the source identity moves to the destination; the source identity is gone.
  const moved = Object.entries(source.logins).flatMap(([p, ids]) => ids.map((userId) => ({ provider: p, userId })));
  deleteIdentity(store, source);
  return { IdentityId: link(store, destination, moved, clock.now()).IdentityId };
};

interface UnlinkDeveloperInput { IdentityId: string; IdentityPoolId: string; DeveloperProviderName: string; DeveloperUserIdentifier: string }

export const UnlinkDeveloperIdentity: Operation<UnlinkDeveloperInput, Record<string, never>> = ({ input, store, clock }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  const provider = developerProvider(pool);
  if (input.DeveloperProviderName !== provider) throw identityErrors.invalidParameter(`DeveloperProviderName ${input.DeveloperProviderName} is not the pool's (${provider}).`);
  const identity = identityOf(store, pool, input.IdentityId);
  if (!(identity.logins[provider] ?? []).includes(input.DeveloperUserIdentifier)) {
    throw identityErrors.resourceNotFound(`Developer user identifier ${input.DeveloperUserIdentifier} is not linked to identity ${identity.IdentityId}.`);
  }
  unlink(store, identity, [{ provider, userId: input.DeveloperUserIdentifier }], clock.now());
  return {};
};

export const operations = { GetOpenIdTokenForDeveloperIdentity, LookupDeveloperIdentity, MergeDeveloperIdentities, UnlinkDeveloperIdentity };
