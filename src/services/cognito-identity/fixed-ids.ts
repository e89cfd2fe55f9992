// Seed files name their identity pools (apps hard-code the id): a pool made through CreateIdentityPool is
// moved to the id the seed asks for, or one derived from its name so a reload finds it again.
import { createHash } from "node:crypto";
import type { AccountStore } from "../../store/store.js";
import { identityIndexes, identityTables } from "./records.js";

/** "REGION:" and a UUID-shaped hash of the region and name. */
export function derivedIdentityPoolId(region: string, name: string): string {
  const hex = createHash("sha256").update(`identity-pool:${region}:${name}`).digest("hex");
  return `${region}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Moves a freshly created identity pool (no identities yet) to `id`. */
export function moveIdentityPool(store: AccountStore, fromId: string, id: string): void {
  const pools = identityTables.pools(store);
  const pool = pools.get(fromId)!;
  pools.delete(fromId);
  identityIndexes.pools(store).delete(fromId);
  pools.put(id, { ...pool, IdentityPoolId: id });
  identityIndexes.pools(store).put(id, { accountId: store.accountId, region: store.region, poolId: id });
}
