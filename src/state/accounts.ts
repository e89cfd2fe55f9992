// Accounts: the 12-digit-key accounts every emulator holds, made explicit. newAccount() hands out an id no
// table and no earlier newAccount() has used, so parallel test files and workers never see each other's
// users, roles or pools; resetAccount() empties one account and leaves the others alone.
import type { AccountEntry, NewAccount } from "../admin-api/state.js";
import type { Clock } from "../clock.js";
import type { Store, Table } from "../store/store.js";

/** Accounts handed out by newAccount(), so an account still empty is not handed out twice. */
export const ACCOUNTS_TABLE = "global/accounts";
/** Handed-out ids count up from here: far from 000000000000 and from the 123456789012 examples use. */
const FIRST_ACCOUNT = 100_000_000_001;
const ACCOUNT_ID = /^\d{12}$/;

export const isAccountId = (value: unknown): value is string => typeof value === "string" && ACCOUNT_ID.test(value);

/** The account a table belongs to, or undefined for "global/…" tables. */
export function accountOfTable(tableId: string): string | undefined {
  const first = tableId.slice(0, tableId.indexOf("/"));
  return isAccountId(first) ? first : undefined;
}

/**
 * The account a row of a "global/…" index belongs to: its `accountId` field, or the value itself when the
 * index maps a name to an account (account aliases). Every global index the services keep says whose it is.
 */
export function ownerOfGlobalRow(value: unknown): string | undefined {
  if (isAccountId(value)) return value;
  if (typeof value === "object" && value !== null && isAccountId((value as { accountId?: unknown }).accountId)) {
    return (value as { accountId: string }).accountId;
  }
  return undefined;
}

const registry = (store: Store): Table<AccountEntry> => store.table<AccountEntry>(ACCOUNTS_TABLE);

export function listAccounts(store: Store): AccountEntry[] {
  return [...registry(store).values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
}

// One allocation at a time per store: the id is chosen and written before the next caller looks.
const allocating = new WeakMap<Store, Promise<unknown>>();

export function newAccount(store: Store, clock: Clock, defaults: { accountId: string; rootSecretAccessKey: string }): Promise<NewAccount> {
  const run = (allocating.get(store) ?? Promise.resolve()).catch(() => undefined).then(async () => {
    const used = new Set<string>([defaults.accountId, ...[...registry(store).entries()].map(([id]) => id)]);
    for (const table of store.allTables()) {
      if (table.size === 0) continue;
      const account = accountOfTable(table.id);
      if (account) used.add(account);
      else for (const value of table.values()) { const owner = ownerOfGlobalRow(value); if (owner) used.add(owner); }
    }
    let n = FIRST_ACCOUNT;
    while (used.has(String(n))) n++;
    const accountId = String(n);
    await store.transact((tx) => tx.put(registry(store), accountId, { accountId, createdAt: clock.now().toISOString() }));
    return { accountId, accessKeyId: accountId, secretAccessKey: defaults.rootSecretAccessKey };
  });
  allocating.set(store, run);
  return run;
}

/** Every row of one account: its tables, and the global index rows it owns (not its registry entry). */
export function* rowsOfAccount(store: Store, accountId: string): Generator<[Table<unknown>, string]> {
  for (const table of store.allTables()) {
    if (table.id === ACCOUNTS_TABLE) continue;
    const account = accountOfTable(table.id);
    if (account === accountId) {
      for (const [key] of [...table.entries()]) yield [table, key];
    } else if (account === undefined) {
      for (const [key, value] of [...table.entries()]) if (ownerOfGlobalRow(value) === accountId) yield [table, key];
    }
  }
}

/** Empties one account in one transaction; it stays handed out. */
export function resetAccount(store: Store, accountId: string): Promise<number> {
  return store.transact((tx) => {
    let rows = 0;
    for (const [table, key] of [...rowsOfAccount(store, accountId)]) { tx.delete(table, key); rows++; }
    return rows;
  });
}
