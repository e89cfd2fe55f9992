// State files: the emulator's whole state (or one account's) as one JSON value, and back. Exports are
// deterministic (tables and rows in key order, no timestamps), so export → reset → import → export gives
// the same bytes. Imports are checked before anything changes and applied in one transaction: all or none.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { STATE_FORMAT, type ExportStateOptions, type StateFile } from "../admin-api/state.js";
import { cutSnapshot } from "../store/snapshot.js";
import type { Store, Table } from "../store/store.js";
import { VERSION } from "../version.js";
import { ACCOUNTS_TABLE, accountOfTable, isAccountId, ownerOfGlobalRow, rowsOfAccount } from "./accounts.js";
import { isMarkedSecret, markSecrets, secretFieldsOf, unmarkSecrets } from "./secrets.js";

/**
 * The format's version. Raise it when a table or record changes shape, add the step from the old version
 * to MIGRATIONS, and keep a file of the old version in test/unit/state/fixtures/: older files always load.
 */
export const STATE_VERSION = 1;

/** Version N → N + 1, on the parsed file (tables and rows), before it is checked. */
const MIGRATIONS: Readonly<Record<number, (file: StateFile) => StateFile>> = {};

export class StateFileError extends Error {}

const TABLE_ID = /^(global|\d{12})\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+){0,2}$/;
const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export function exportState(store: Store, options: ExportStateOptions = {}): StateFile {
  const { accountId } = options;
  if (accountId !== undefined && !isAccountId(accountId)) throw new StateFileError(`accountId must be 12 digits; got "${String(accountId)}".`);
  const include = options.secrets !== false;
  const tables: Record<string, Array<[string, unknown]>> = {};
  // The committed rows of one moment: a request still in flight is not half in the file.
  const cut = cutSnapshot(store, 0, 0);
  for (const { id, rows } of [...cut.tables].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const account = accountOfTable(id);
    const kept = accountId === undefined ? rows
      : account === undefined ? rows.filter(([, value]) => ownerOfGlobalRow(value) === accountId)
        : account === accountId ? rows : [];
    if (kept.length === 0) continue;
    const fields = secretFieldsOf(id);
    tables[id] = [...kept].sort(byKey).map(([key, value]) => [key, markSecrets(fields, value, include)]);
  }
  // A copy through JSON: the caller may change what it gets without touching the store's records.
  return JSON.parse(JSON.stringify({
    format: STATE_FORMAT, version: STATE_VERSION, emulator: VERSION,
    ...(accountId === undefined ? {} : { accountId }),
    secrets: include ? "included" : "omitted",
    tables,
  })) as StateFile;
}

/** Checks a parsed state file and brings it to the current version; throws StateFileError naming the path. */
export function readStateFile(value: unknown): StateFile {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new StateFileError("A state file is a JSON object.");
  const file = value as Record<string, unknown>;
  if (file.format !== STATE_FORMAT) throw new StateFileError(`$.format must be "${STATE_FORMAT}"; this is not an emulator state file.`);
  const version = file.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) throw new StateFileError("$.version must be a positive whole number.");
  if (version > STATE_VERSION) {
    throw new StateFileError(`This state file has format version ${version}, written by a newer emulator (${String(file.emulator)}); ` +
      `this one (${VERSION}) reads versions up to ${STATE_VERSION}. Upgrade aws-identity-emulator to load it.`);
  }
  let current = file as unknown as StateFile;
  for (let v = version; v < STATE_VERSION; v++) current = { ...MIGRATIONS[v]!(current), version: v + 1 };
  const { accountId, secrets, tables } = current as { accountId?: unknown; secrets?: unknown; tables?: unknown };
  if (accountId !== undefined && !isAccountId(accountId)) throw new StateFileError("$.accountId must be 12 digits.");
  if (secrets !== "included" && secrets !== "omitted") throw new StateFileError('$.secrets must be "included" or "omitted".');
  if (typeof tables !== "object" || tables === null || Array.isArray(tables)) throw new StateFileError("$.tables must be an object of table names to rows.");
  for (const [id, rows] of Object.entries(tables)) {
    const at = `$.tables[${JSON.stringify(id)}]`;
    if (!TABLE_ID.test(id)) throw new StateFileError(`${at}: "${id}" is not a table name (<account>/<service>/<name>, <account>/<region>/<service>/<name> or global/<name>).`);
    const account = accountOfTable(id);
    if (accountId !== undefined && account !== undefined && account !== accountId) {
      throw new StateFileError(`${at}: the file holds account ${String(accountId)} only, but this table is account ${account}'s.`);
    }
    if (!Array.isArray(rows)) throw new StateFileError(`${at} must be a list of [key, record] pairs.`);
    for (const [i, row] of rows.entries()) {
      if (!Array.isArray(row) || row.length !== 2 || typeof row[0] !== "string" || row[1] === null || row[1] === undefined) {
        throw new StateFileError(`${at}[${i}] must be a [key, record] pair: a string key and a record that is not null.`);
      }
      const fields = secretFieldsOf(id);
      if (typeof row[1] === "object") {
        for (const [field, fieldValue] of Object.entries(row[1] as object)) {
          if (isMarkedSecret(fieldValue) && !fields.some((f) => f.field === field)) {
            throw new StateFileError(`${at}[${i}].${field} is marked secret, but ${id} has no secret of that name.`);
          }
        }
      }
      if (account === undefined && accountId !== undefined && ownerOfGlobalRow(row[1]) !== accountId) {
        throw new StateFileError(`${at}[${i}] does not belong to account ${String(accountId)}, the only account the file holds.`);
      }
    }
  }
  return current;
}

export interface ImportResult { readonly rows: number; readonly accountId?: string }

/**
 * Replaces the state with the file's: all of it, or, for a one-account file, that account only (its global
 * index rows, such as access keys, may not belong to another account here). One transaction.
 */
export async function importState(store: Store, value: unknown): Promise<ImportResult> {
  const file = readStateFile(value);
  const incoming: Array<[Table<unknown>, string, unknown]> = [];
  for (const [id, rows] of Object.entries(file.tables)) {
    const table = store.table<unknown>(id);
    const fields = secretFieldsOf(id);
    for (const [key, record] of rows) incoming.push([table, key, await unmarkSecrets(fields, record)]);
  }
  const accountId = file.accountId;
  if (accountId !== undefined) {
    for (const [table, key] of incoming) {
      if (accountOfTable(table.id) !== undefined || table.id === ACCOUNTS_TABLE) continue;
      const owner = ownerOfGlobalRow(table.get(key));
      if (owner !== undefined && owner !== accountId) {
        throw new StateFileError(`${table.id} "${key}" belongs to account ${owner} here, so account ${accountId}'s file cannot take it. ` +
          `Reset account ${owner} first, or load the file into an emulator without it.`);
      }
    }
  }
  // One transaction, run again if a request commits in between: the file replaces what is there at commit.
  await store.transact((tx) => {
    if (accountId === undefined) {
      for (const table of store.allTables()) for (const [key] of [...table.entries()]) tx.delete(table, key);
    } else {
      for (const [table, key] of [...rowsOfAccount(store, accountId)]) tx.delete(table, key);
    }
    for (const [table, key, record] of incoming) tx.put(table, key, record);
  });
  return { rows: incoming.length, ...(accountId === undefined ? {} : { accountId }) };
}

/** Reads and parses a state file from disk; the message names the file. */
export function readStateFileAt(path: string): unknown {
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (err) { throw new StateFileError(`State file ${path} cannot be read: ${(err as Error).message}`); }
  try { return JSON.parse(text); } catch (err) { throw new StateFileError(`State file ${path} is not valid JSON: ${(err as Error).message}`); }
}

/** --import-state: the file at `path` replaces the state; a problem names the file. */
export async function importStateFileAt(store: Store, path: string): Promise<ImportResult> {
  const value = readStateFileAt(path);
  try {
    return await importState(store, value);
  } catch (err) {
    if (err instanceof StateFileError) throw new StateFileError(`State file ${path}: ${err.message}`);
    throw err;
  }
}

/** Writes a state file whole or not at all (beside it, then renamed), indented so it diffs well in git. */
export function writeStateFileAt(path: string, file: StateFile): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, path);
}
