// Reading a data folder's history: the newest snapshot, then every journal after it, checked to be one
// unbroken sequence of records. The one flaw that loses nothing is the unfinished last batch of the newest
// journal (its fdatasync never returned, so no request was answered): it is cut off. Any other flaw, a
// damaged record with saved records after it, a missing journal or snapshot, is refused (HistoryDamaged)
// with the file and offset, and with what `aws-identity-emulator repair` would keep and drop.
import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { journalName, listDataFiles, snapshotName } from "./data-dir.js";
import { recordsAfter, scanRecords } from "./record-format.js";
import { loadSnapshot, SnapshotDamaged } from "./snapshot.js";
import type { Store } from "./store.js";

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

interface JournalRecord { s?: unknown; b?: unknown; c?: unknown; reset?: unknown; closed?: unknown }

export interface History {
  /** The snapshot loaded (its generation), if any, and its rows. */
  readonly snapshot: number | undefined;
  readonly rows: number;
  /** Journal records replayed and their bytes. */
  readonly records: number;
  readonly replayedBytes: number;
  /** The last sequence number: numbering continues above it. */
  readonly seq: number;
  readonly journals: readonly number[];
  /** The newest journal and the length of its good records: appends continue there. */
  readonly tail: { readonly generation: number; readonly bytes: number };
}

/** What repair does about damage: keep every record before it, drop every record after it. */
export interface RepairPlan {
  /** The journal cut at the damage and where (absent when a whole journal is missing). */
  readonly cut?: { readonly generation: number; readonly offset: number };
  /** Journals after the damage, dropped whole. */
  readonly droppedJournals: readonly number[];
  readonly keptRecords: number;
  /** The damaged record (when there is one) and every record after it, readable or not yet found. */
  readonly droppedRecords: number;
  readonly droppedBytes: number;
}

export class HistoryDamaged extends Error {
  constructor(readonly dir: string, readonly problem: string, readonly plan: RepairPlan | null) {
    super(`${problem} The emulator does not start from a partial history. ` + (plan
      ? `Run \`aws-identity-emulator repair --data-dir ${dir}\` to keep the ${count(plan.keptRecords, "journal record")} before ` +
        `the damage and drop the ${count(plan.droppedRecords, "record")} from it on (the original files are kept aside), or restore the folder from a backup.`
      : `Restore the missing or damaged file from a backup, or move ${dir} aside to start with an empty state.`));
    this.name = "HistoryDamaged";
  }
}

/** Stops a scan at a record that is intact but wrong (no sequence number, a gap in the numbering). */
class BadRecord { constructor(readonly offset: number, readonly reason: string) {} }

/** Fills `store` from `dir`'s history; cuts an unfinished tail off the newest journal (logged). */
export function loadHistory(dir: string, store: Store, log: (line: string) => void): History {
  const files = listDataFiles(dir);
  const snapshot = files.snapshots.at(-1);
  let seq = 0;
  let rows = 0;
  if (snapshot !== undefined) {
    let loaded;
    try {
      loaded = loadSnapshot(join(dir, snapshotName(snapshot)), store);
    } catch (err) {
      throw err instanceof SnapshotDamaged ? new HistoryDamaged(dir, err.message, null) : err;
    }
    seq = loaded.seq;
    rows = loaded.rows;
  }
  // snapshot-G holds everything in the journals before G, so the history goes on at journal G.
  const first = snapshot ?? 1;
  const journals = files.journals.filter((g) => g >= first);
  let records = 0;
  let replayedBytes = 0;
  let tail = { generation: first, bytes: 0 };
  /** The first record of a journal right after the snapshot may repeat records the snapshot holds. */
  let expected: { seq: number; exact: boolean } = { seq: seq + 1, exact: snapshot === undefined };
  for (const [i, generation] of journals.entries()) {
    if (generation !== first + i) {
      const missing = first + i;
      const problem = i === 0 && snapshot === undefined
        ? `${join(dir, snapshotName(generation))} is missing: ${journalName(generation)} continues the state it held.`
        : `${join(dir, journalName(missing))} is missing: the history jumps from ` +
          `${i === 0 ? snapshotName(snapshot!) : journalName(journals[i - 1]!)} to ${journalName(generation)}.`;
      throw new HistoryDamaged(dir, problem, snapshot === undefined && i === 0 ? null : dropFrom(dir, journals.slice(i), records));
    }
    const path = join(dir, journalName(generation));
    const buf = readFileSync(path);
    const newest = i === journals.length - 1;
    const good = replay(buf, store, expected);
    records += good.records;
    if (good.problem) {
      const { offset, reason } = good.problem;
      const after = recordsAfter(buf, offset);
      // Records of a later batch (their batch starts past the damage) prove the damaged one was synced.
      const later = after.filter(({ payload }) => !(typeof (payload as JournalRecord).b === "number" && (payload as JournalRecord).b as number <= offset));
      if (!newest || later.length > 0 || good.problem instanceof BadRecord) {
        const why = good.problem instanceof BadRecord ? "" : !newest
          ? ", and it is not the newest journal, so all of it had been saved"
          : `, and ${later.length} complete record${later.length === 1 ? "" : "s"} written after it show${later.length === 1 ? "s" : ""} it had been saved`;
        const rest = dropFrom(dir, journals.slice(i + 1), 0);
        throw new HistoryDamaged(dir, `${path} is damaged at offset ${offset}: ${reason}${why}.`, {
          cut: { generation, offset },
          droppedJournals: rest.droppedJournals,
          keptRecords: records,
          droppedRecords: 1 + after.length + rest.droppedRecords,
          droppedBytes: buf.length - offset + rest.droppedBytes,
        });
      }
      // A torn last batch was never acknowledged (its fdatasync never returned), so dropping it loses no write.
      const fd = openSync(path, "r+");
      try {
        ftruncateSync(fd, offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      log(`journal ${path}: dropped ${buf.length - offset} bytes of an unfinished write at offset ${offset} (${reason})`);
    }
    replayedBytes += good.bytes;
    seq = good.seq ?? seq;
    expected = { seq: seq + 1, exact: good.seq !== undefined || expected.exact };
    tail = { generation, bytes: good.bytes };
  }
  if (snapshot !== undefined && journals.length === 0) {
    throw new HistoryDamaged(dir, `${join(dir, journalName(snapshot))} is missing: nothing continues ${snapshotName(snapshot)}.`,
      { droppedJournals: [], keptRecords: 0, droppedRecords: 0, droppedBytes: 0 });
  }
  return { snapshot, rows, records, replayedBytes, seq, journals, tail };
}

interface Replayed {
  readonly records: number;
  /** Bytes of good records. */
  readonly bytes: number;
  /** The last sequence number read, if any record was. */
  readonly seq: number | undefined;
  readonly problem: { readonly offset: number; readonly reason: string } | null;
}

/** Applies a journal's records in order until the first flaw. */
function replay(buf: Buffer, store: Store, expected: { seq: number; exact: boolean }): Replayed {
  let seq: number | undefined;
  let records = 0;
  let bytes = 0;
  let problem: Replayed["problem"];
  try {
    problem = scanRecords(buf, (payload, offset) => {
      const record = payload as JournalRecord;
      if (typeof record !== "object" || record === null || typeof record.s !== "number") throw new BadRecord(offset, "the record has no sequence number");
      const want = seq === undefined ? expected.seq : seq + 1;
      if (seq === undefined && !expected.exact ? record.s > want : record.s !== want) {
        throw new BadRecord(offset, `record ${record.s} follows record ${want - 1}, so records are missing`);
      }
      if (record.reset === true) {
        for (const table of store.allTables()) table.clear();
      } else if (Array.isArray(record.c)) {
        for (const [table, key, value] of record.c as Array<[string, string, unknown]>) store.table(table).apply(key, value ?? null);
      } else if (record.closed !== true) {
        throw new BadRecord(offset, "the record is neither changes, a reset nor a close");
      }
      seq = record.s;
      if (record.closed !== true) records++;
      bytes = offset + 8 + buf.readUInt32LE(offset);
    });
  } catch (err) {
    if (!(err instanceof BadRecord)) throw err;
    problem = err;
  }
  return { records, bytes: problem ? problem.offset : bytes, seq, problem };
}

/** The plan that keeps every record before `journals` and drops them whole. */
function dropFrom(dir: string, journals: readonly number[], keptRecords: number): RepairPlan {
  let droppedRecords = 0;
  let droppedBytes = 0;
  for (const generation of journals) {
    const buf = readFileSync(join(dir, journalName(generation)));
    let count = 0;
    const problem = scanRecords(buf, () => { count++; });
    droppedRecords += count + (problem ? 1 + recordsAfter(buf, problem.offset).length : 0);
    droppedBytes += buf.length;
  }
  return { droppedJournals: [...journals], keptRecords, droppedRecords, droppedBytes };
}
