// Seed files name their pools and clients (apps hard-code these ids): a pool or client made through the
// operations is moved to the id the seed asks for, or one derived from its name so reloads find it again.
import { createHash } from "node:crypto";
import type { AccountStore } from "../../store/store.js";
import { poolArn } from "./pools.js";
import { cognitoIndexes, cognitoTables, key, type PoolRecord, type UserRecord, type Verifier } from "./records.js";
import { removeUser, saveUser, userKeyOf } from "./user-records.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";

function derived(seed: string, alphabet: string, length: number): string {
  const digest = createHash("sha256").update(seed).digest();
  return [...digest.subarray(0, length)].map((b) => alphabet[b % alphabet.length]).join("");
}

export const derivedPoolId = (region: string, name: string): string => `${region}_${derived(`pool:${region}:${name}`, ALNUM, 9)}`;
export const derivedClientId = (poolId: string, name: string): string => derived(`client:${poolId}:${name}`, LOWER, 26);

/** Moves a freshly created pool (no clients, users or groups yet) to `id`. */
export function movePool(store: AccountStore, fromId: string, id: string): void {
  const pools = cognitoTables.pools(store);
  const pool = pools.get(fromId)!;
  pools.delete(fromId);
  cognitoIndexes.pools(store).delete(fromId);
  pools.put(id, { ...pool, Id: id, Arn: poolArn(store.region, store.accountId, id) });
  cognitoIndexes.pools(store).put(id, { accountId: store.accountId, region: store.region, poolId: id });
}

/** Moves a freshly created client to `id`. */
export function moveClient(store: AccountStore, poolId: string, fromId: string, id: string): void {
  const clients = cognitoTables.clients(store);
  const client = clients.get(key(poolId, fromId))!;
  clients.delete(key(poolId, fromId));
  cognitoIndexes.clients(store).delete(fromId);
  clients.put(key(poolId, id), { ...client, ClientId: id });
  cognitoIndexes.clients(store).put(id, { accountId: store.accountId, region: store.region, poolId });
}

/**
 * Gives a freshly created user (no groups, codes or sessions yet) the sub a seed names, and with it the
 * username where the pool names users by their sub (email or phone sign-in), so tokens and apps keep it.
 */
export function moveUserSub(store: AccountStore, pool: PoolRecord, userKey: string, sub: string): { userKey: string; user: UserRecord } {
  const user = cognitoTables.users(store).get(key(pool.Id, userKey))!;
  if (user.sub === sub) return { userKey, user };
  const username = user.Username === user.sub ? sub : user.Username;
  const moved: UserRecord = { ...user, sub, Username: username, Attributes: user.Attributes.map((a) => (a.Name === "sub" ? { Name: "sub", Value: sub } : a)) };
  removeUser(store, pool, userKey, user);
  const movedKey = userKeyOf(pool, username);
  saveUser(store, pool, movedKey, moved);
  return { userKey: movedKey, user: moved };
}

/** Sets a user's SRP verifier as an exported seed carries it (the password itself is never stored). */
export function setVerifier(store: AccountStore, pool: PoolRecord, userKey: string, password: Verifier, temporary: boolean, now: Date): void {
  const user = cognitoTables.users(store).get(key(pool.Id, userKey))!;
  cognitoTables.users(store).put(key(pool.Id, userKey), {
    ...user, password, UserStatus: temporary ? "FORCE_CHANGE_PASSWORD" : "CONFIRMED",
    temporaryPasswordExpires: temporary ? new Date(now.getTime() + pool.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000).toISOString() : undefined,
  });
}
