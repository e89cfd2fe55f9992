// Opening a data folder: take the lock, load the newest snapshot, replay the journals after it, and attach
// the journal so every later commit is on disk before it is acknowledged.
import { openSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureDataDir, FILE_MODE, fsyncDir, journalName, listDataFiles, lockDataDir, snapshotName } from "./data-dir.js";
import { Journal, removeSupersededFiles, replayJournal, type JournalOptions } from "./journal.js";
import { loadSnapshot } from "./snapshot.js";
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
    const files = listDataFiles(dir);
    const snapshot = files.snapshots.at(-1);
    let seq = 0;
    let rows = 0;
    if (snapshot !== undefined) {
      const loaded = loadSnapshot(join(dir, snapshotName(snapshot)), store);
      seq = loaded.seq;
      rows = loaded.rows;
    }
    // snapshot-G holds everything in the journals before G, so replay starts at journal G.
    const journals = files.journals.filter((g) => snapshot === undefined || g >= snapshot);
    for (let i = 1; i < journals.length; i++) {
      if (journals[i] !== journals[i - 1]! + 1) {
        throw new Error(`${join(dir, journalName(journals[i - 1]! + 1))} is missing, so the state after it cannot be ` +
          `rebuilt. Restore the data folder from a backup, or move it aside to start with an empty state.`);
      }
    }
    let records = 0;
    let replayedBytes = 0;
    let tail = { generation: snapshot ?? 1, bytes: 0 };
    for (const [i, generation] of journals.entries()) {
      const result = replayJournal(join(dir, journalName(generation)), store, i === journals.length - 1, journalOptions.log);
      seq = Math.max(seq, result.seq);
      records += result.records;
      replayedBytes += result.bytes;
      tail = { generation, bytes: result.bytes };
    }
    removeSupersededFiles(dir, snapshot ?? 0);
    const path = join(dir, journalName(tail.generation));
    const fd = openSync(path, "a", FILE_MODE);
    if (journals.length === 0) fsyncDir(dir);
    else if (statSync(path).size !== tail.bytes) throw new Error(`${path} changed while it was being loaded.`);
    const journal = new Journal(dir, store, { generation: tail.generation, fd, bytes: tail.bytes, seq }, lock, journalOptions);
    store.attach(journal);
    // Long journals (a crash before compaction, or a compaction stopped by shutdown) slow every start: fold them now.
    if (replayedBytes >= journalOptions.compactAfterBytes) journal.compactSoon();
    const ms = Math.round(performance.now() - started);
    journalOptions.log(`loaded ${dir}: ${snapshot === undefined ? "no snapshot" : snapshotName(snapshot)} ` +
      `(${rows} rows) + ${records} journal records in ${ms} ms`);
    return { store, journal, loaded: { rows, records, ms } };
  } catch (err) {
    lock.release();
    throw err;
  }
}
