// Opening a data folder: take the lock, load the history (newest snapshot + the journals after it), and
// attach the journal so every later commit is on disk before it is acknowledged.
import { openSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureDataDir, FILE_MODE, fsyncDir, journalName, lockDataDir, snapshotName } from "./data-dir.js";
import { loadHistory } from "./history.js";
import { Journal, removeSupersededFiles, type JournalOptions } from "./journal.js";
import { Store } from "./store.js";

export const DEFAULT_COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

export interface DurableStoreOptions {
  /** Journal size that triggers a snapshot (default 8 MiB). */
  compactAfterBytes?: number;
  log?: (line: string) => void;
  /** Test hook: awaited between each batch's write and its fdatasync. */
  beforeSync?: () => Promise<void>;
}

export interface DurableStore {
  readonly store: Store;
  readonly journal: Journal;
  /** What loading found, for the start-up log. */
  readonly loaded: { readonly rows: number; readonly records: number; readonly ms: number };
}

export async function openDurableStore(dataDir: string, options: DurableStoreOptions = {}): Promise<Store> {
  return (await openDurable(dataDir, options)).store;
}

/** As openDurableStore, also handing back the journal (its stats and position) for tests and benchmarks. */
export async function openDurable(dataDir: string, options: DurableStoreOptions = {}): Promise<DurableStore> {
  const started = performance.now();
  const dir = resolve(dataDir);
  const journalOptions: JournalOptions = {
    compactAfterBytes: options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES,
    log: options.log ?? (() => undefined),
    beforeSync: options.beforeSync,
  };
  ensureDataDir(dir);
  const lock = lockDataDir(dir);
  try {
    const store = new Store();
    const history = loadHistory(dir, store, journalOptions.log);
    removeSupersededFiles(dir, history.snapshot ?? 0);
    const { tail } = history;
    const path = join(dir, journalName(tail.generation));
    const fd = openSync(path, "a", FILE_MODE);
    if (history.journals.length === 0) fsyncDir(dir);
    else if (statSync(path).size !== tail.bytes) throw new Error(`${path} changed while it was being loaded.`);
    const journal = new Journal(dir, store, { generation: tail.generation, fd, bytes: tail.bytes, seq: history.seq }, lock, journalOptions);
    store.attach(journal);
    // Long journals (a crash before compaction, or a compaction stopped by shutdown) slow every start: fold them now.
    if (history.replayedBytes >= journalOptions.compactAfterBytes) journal.compactSoon();
    const ms = Math.round(performance.now() - started);
    journalOptions.log(`loaded ${dir}: ${history.snapshot === undefined ? "no snapshot" : snapshotName(history.snapshot)} ` +
      `(${history.rows} rows) + ${history.records} journal records in ${ms} ms`);
    return { store, journal, loaded: { rows: history.rows, records: history.records, ms } };
  } catch (err) {
    lock.release();
    throw err;
  }
}
