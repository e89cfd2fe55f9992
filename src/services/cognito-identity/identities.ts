// Identities: GetId, DescribeIdentity, ListIdentities, DeleteIdentities, UnlinkIdentity, and how logins
// link to identities (one login belongs to one identity; a new login links to the identity it is presented
// with when that identity is still unauthenticated or another of its logins comes along; a guest presenting
// a login that already has an identity merges into it).
import { randomUUID } from "node:crypto";
import type { AccountStore } from "../../store/store.js";
import { pageOf } from "../cognito/pagination.js";
import type { Operation } from "../operation.js";
import { identityErrors } from "./errors.js";
import { verifyLogins, type VerifiedLogin } from "./logins.js";
import { requireIdentityPool } from "./pools.js";
import { identityIndexes, identityTables, key, storeAt, type IdentityPoolRecord, type IdentityRecord } from "./records.js";

/** A login as identities record it. */
export interface LoginRef { readonly provider: string; readonly userId: string }

/** The pool an unsigned call names, in its own account and region. */
export function locateIdentityPool(store: AccountStore, poolId: string): { store: AccountStore; pool: IdentityPoolRecord } {
  const at = identityIndexes.pools(store).get(poolId);
  const home = at && storeAt(store, at);
  const pool = home && identityTables.pools(home).get(poolId);
  if (!pool || !home) throw identityErrors.poolNotFound(poolId);
  return { store: home, pool };
}

/** The identity an id names, with its pool, in their own account and region. */
export function locateIdentity(store: AccountStore, identityId: string): { store: AccountStore; pool: IdentityPoolRecord; identity: IdentityRecord } {
  const at = identityIndexes.identities(store).get(identityId);
  const home = at && storeAt(store, at);
  const identity = home && identityTables.identities(home).get(key(at.poolId, identityId));
  const pool = home && identityTables.pools(home).get(at.poolId);
  if (!identity || !pool || !home) throw identityErrors.identityNotFound(identityId);
  return { store: home, pool, identity };
}

function loginRow(poolId: string, login: LoginRef): string {
  return key(poolId, login.provider, login.userId);
}

function save(store: AccountStore, identity: IdentityRecord): IdentityRecord {
  identityTables.identities(store).put(key(identity.IdentityPoolId, identity.IdentityId), identity);
  identityIndexes.identities(store).put(identity.IdentityId, { accountId: store.accountId, region: store.region, poolId: identity.IdentityPoolId });
  return identity;
}

/** `identity` with `logins` linked (each login row pointing at it). */
export function link(store: AccountStore, identity: IdentityRecord, logins: readonly LoginRef[], now: Date): IdentityRecord {
  const fresh = logins.filter((l) => !(identity.logins[l.provider] ?? []).includes(l.userId));
  if (!fresh.length) return identity;
  const merged: Record<string, readonly string[]> = { ...identity.logins };
  for (const l of fresh) {
    merged[l.provider] = [...(merged[l.provider] ?? []), l.userId];
    identityTables.logins(store).put(loginRow(identity.IdentityPoolId, l), identity.IdentityId);
  }
  return save(store, { ...identity, logins: merged, authenticated: true, LastModifiedDate: now.toISOString() });
}

/** `identity` without the logins `remove` names; it stays authenticated (and unusable once none are left). */
export function unlink(store: AccountStore, identity: IdentityRecord, remove: readonly LoginRef[], now: Date): IdentityRecord {
  const kept: Record<string, readonly string[]> = {};
  for (const [provider, ids] of Object.entries(identity.logins)) {
    const left = ids.filter((id) => !remove.some((r) => r.provider === provider && r.userId === id));
    if (left.length) kept[provider] = left;
  }
  for (const r of remove) identityTables.logins(store).delete(loginRow(identity.IdentityPoolId, r));
  return save(store, { ...identity, logins: kept, LastModifiedDate: now.toISOString() });
}

export function newIdentity(store: AccountStore, pool: IdentityPoolRecord, now: Date, logins: readonly LoginRef[] = []): IdentityRecord {
  const created = now.toISOString();
  const identity = save(store, {
    IdentityId: `${store.region}:${randomUUID()}`, IdentityPoolId: pool.IdentityPoolId, logins: {}, authenticated: false,
    CreationDate: created, LastModifiedDate: created,
  });
  return link(store, identity, logins, now);
}

/** The identity that owns a login, if any. */
export function ownerOf(store: AccountStore, poolId: string, login: LoginRef): string | undefined {
  return identityTables.logins(store).get(loginRow(poolId, login));
}

/** What a verified login records on its identity (the pool's own OpenID token names its identity instead). */
function loginRefs(logins: readonly VerifiedLogin[]): LoginRef[] {
  return logins.filter((l) => l.kind !== "openIdToken").map((l) => ({ provider: l.provider, userId: l.userId }));
}

/**
 * The identity `logins` act as when presented with `identity`, with their new logins linked. None may belong
 * to another identity, and an authenticated identity must see one of its own logins (or the pool's OpenID
 * token naming it) — except that a guest signing in with a login that already has an identity is merged
 * into that identity, which answers instead (as AWS does, and as Amplify expects after a guest session).
 */
export function claimIdentity(store: AccountStore, identity: IdentityRecord, logins: readonly VerifiedLogin[], now: Date): IdentityRecord {
  const named = logins.filter((l) => l.kind === "openIdToken").map((l) => l.userId);
  if (named.some((id) => id !== identity.IdentityId)) throw identityErrors.loginsDontMatch();
  const refs = loginRefs(logins);
  const owners = refs.map((l) => ownerOf(store, identity.IdentityPoolId, l));
  const others = new Set(owners.filter((o) => o !== undefined && o !== identity.IdentityId));
  if (others.size) {
    if (identity.authenticated || named.length || others.size > 1) throw identityErrors.loginsDontMatch();
    const owner = identityTables.identities(store).get(key(identity.IdentityPoolId, [...others][0]!))!;
    deleteIdentity(store, identity);
    return link(store, owner, refs, now);
  }
  if (identity.authenticated && !named.length && !owners.includes(identity.IdentityId)) throw identityErrors.loginsDontMatch();
  return link(store, identity, refs, now);
}

export const GetId: Operation<{ IdentityPoolId: string; AccountId?: string; Logins?: Record<string, string> }, { IdentityId: string }> = async (ctx) => {
  const { input, clock } = ctx;
  const { store, pool } = locateIdentityPool(ctx.store, input.IdentityPoolId);
  if (input.AccountId !== undefined && input.AccountId !== store.accountId) throw identityErrors.poolNotFound(input.IdentityPoolId);
  const now = clock.now();
  if (!input.Logins || !Object.keys(input.Logins).length) {
    if (!pool.AllowUnauthenticatedIdentities) throw identityErrors.unauthenticatedNotSupported();
    return { IdentityId: newIdentity(store, pool, now).IdentityId };
  }
  const verified = await verifyLogins({ ...ctx, store }, pool, input.Logins);
  // The pool's own OpenID token names its identity; otherwise the logins' owner, or a new identity.
  const named = verified.find((l) => l.kind === "openIdToken")?.userId;
  const refs = loginRefs(verified);
  const owners = new Set(refs.map((l) => ownerOf(store, pool.IdentityPoolId, l)).filter((o) => o !== undefined));
  if (named === undefined && owners.size > 1) throw identityErrors.conflict("The logins belong to different identities.");
  const id = named ?? [...owners][0];
  const identity = id === undefined ? undefined : identityTables.identities(store).get(key(pool.IdentityPoolId, id));
  if (named !== undefined && !identity) throw identityErrors.identityNotFound(named);
  if (!identity) return { IdentityId: newIdentity(store, pool, now, refs).IdentityId };
  return { IdentityId: claimIdentity(store, identity, verified, now).IdentityId };
};

function describe(identity: IdentityRecord): Record<string, unknown> {
  return {
    IdentityId: identity.IdentityId, Logins: Object.keys(identity.logins),
    CreationDate: new Date(identity.CreationDate), LastModifiedDate: new Date(identity.LastModifiedDate),
  };
}

export const DescribeIdentity: Operation<{ IdentityId: string }, Record<string, unknown>> = ({ input, store }) => {
  const found = locateIdentity(store, input.IdentityId);
  if (found.store.accountId !== store.accountId) throw identityErrors.identityNotFound(input.IdentityId);
  return describe(found.identity);
};

export const ListIdentities: Operation<{ IdentityPoolId: string; MaxResults: number; NextToken?: string; HideDisabled?: boolean }, Record<string, unknown>> = ({ input, store }) => {
  const pool = requireIdentityPool(store, input.IdentityPoolId);
  const page = pageOf(identityTables.identities(store), key(pool.IdentityPoolId, ""), input.NextToken, input.MaxResults, () => true, describe);
  return { IdentityPoolId: pool.IdentityPoolId, Identities: page.items, NextToken: page.next };
};

/** Removes an identity, its login rows and its index entry. */
export function deleteIdentity(store: AccountStore, identity: IdentityRecord): void {
  for (const [provider, ids] of Object.entries(identity.logins)) {
    for (const userId of ids) identityTables.logins(store).delete(loginRow(identity.IdentityPoolId, { provider, userId }));
  }
  identityTables.identities(store).delete(key(identity.IdentityPoolId, identity.IdentityId));
  identityIndexes.identities(store).delete(identity.IdentityId);
}

export const DeleteIdentities: Operation<{ IdentityIdsToDelete: string[] }, { UnprocessedIdentityIds: unknown[] }> = ({ input, store }) => {
  const unprocessed: unknown[] = [];
  for (const id of input.IdentityIdsToDelete) {
    const at = identityIndexes.identities(store).get(id);
    if (!at) continue; // already gone: deleting it again succeeds
    if (at.accountId !== store.accountId) { unprocessed.push({ IdentityId: id, ErrorCode: "AccessDenied" }); continue; }
    const home = storeAt(store, at);
    const identity = identityTables.identities(home).get(key(at.poolId, id));
    if (identity) deleteIdentity(home, identity);
  }
  return { UnprocessedIdentityIds: unprocessed };
};

export const UnlinkIdentity: Operation<{ IdentityId: string; Logins: Record<string, string>; LoginsToRemove: string[] }, Record<string, never>> = async (ctx) => {
  const { input } = ctx;
  const { store, pool, identity } = locateIdentity(ctx.store, input.IdentityId);
  const verified = await verifyLogins({ ...ctx, store }, pool, input.Logins);
  const refs = loginRefs(verified);
  if (!refs.length || refs.some((l) => ownerOf(store, pool.IdentityPoolId, l) !== identity.IdentityId)) throw identityErrors.loginsDontMatch();
  const remove = input.LoginsToRemove.flatMap((provider) => (identity.logins[provider] ?? []).map((userId) => ({ provider, userId })));
  unlink(store, identity, remove, ctx.clock.now());
  return {};
};

export const operations = { GetId, DescribeIdentity, ListIdentities, DeleteIdentities, UnlinkIdentity };
