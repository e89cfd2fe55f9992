// Snapshots: every table's rows at one moment, written aside and renamed into place so a snapshot file
// is either complete or absent. Records use the journal's framing:
//   {"snapshot":1,"generation":G,"seq":S}  then  {"t":"<table>","r":[[key,value],...]}...  then  {"end":true,"rows":N}
import { readFileSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { FILE_MODE, fsyncDir, snapshotName } from "./data-dir.js";
import { frame, scanRecords } from "./record-format.js";
import type { Store } from "./store.js";

const FORMAT_VERSION = 1;
const ROWS_PER_RECORD = 1000;
const WRITE_BYTES = 1024 * 1024;

/** The rows a snapshot will write, copied in one synchronous step so they are one consistent moment. */
export interface SnapshotCut {
  readonly generation: number;
  /** The journal sequence number when the cut was taken: numbering continues above it. */
  readonly seq: number;
  readonly tables: ReadonlyArray<{ readonly id: string; readonly rows: Array<[string, unknown]> }>;
}

export function cutSnapshot(store: Store, generation: number, seq: number): SnapshotCut {
  // The tables hold only durable rows (a commit is applied once its record is synced), so they are exactly
  // the state after record `seq`.
  const tables: Array<{ id: string; rows: Array<[string, unknown]> }> = [];
  for (const table of store.allTables()) if (table.size > 0) tables.push({ id: table.id, rows: [...table.entries()] });
  return { generation, seq, tables };
}

export class SnapshotAborted extends Error {
  constructor() { super("snapshot aborted: the store is closing"); }
}

/** Writes `cut` as snapshot-G: temporary file, fsync, rename, fsync the folder. Returns its size. */
export async function writeSnapshot(dir: string, cut: SnapshotCut, aborted: () => boolean): Promise<number> {
  const path = join(dir, snapshotName(cut.generation));
  const tmp = `${path}.tmp`;
  const file = await open(tmp, "w", FILE_MODE);
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const add = (record: object): void => {
    const buf = frame(JSON.stringify(record));
    pending.push(buf);
    pendingBytes += buf.length;
  };
  const flush = async (): Promise<void> => {
    const buf = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    for (let done = 0; done < buf.length;) done += (await file.write(buf, done, buf.length - done)).bytesWritten;
    bytes += buf.length;
  };
  try {
    let rows = 0;
    add({ snapshot: FORMAT_VERSION, generation: cut.generation, seq: cut.seq });
    for (const table of cut.tables) {
      for (let i = 0; i < table.rows.length; i += ROWS_PER_RECORD) {
        const chunk = table.rows.slice(i, i + ROWS_PER_RECORD);
        add({ t: table.id, r: chunk });
        rows += chunk.length;
        // Writing in slices keeps the event loop (and the requests waiting on it) moving during a big snapshot.
        if (pendingBytes >= WRITE_BYTES) {
          await flush();
          if (aborted()) throw new SnapshotAborted();
        }
      }
    }
    add({ end: true, rows });
    await flush();
    await file.sync();
  } catch (err) {
    await file.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await file.close();
  await rename(tmp, path);
  fsyncDir(dir);
  return bytes;
}

export interface LoadedSnapshot {
  readonly seq: number;
  readonly rows: number;
  readonly bytes: number;
}

interface SnapshotRecord {
  snapshot?: number;
  seq?: number;
  end?: boolean;
  rows?: number;
  t?: string;
  r?: Array<[string, unknown]>;
}

/** Fills `store` from a snapshot file. A snapshot is renamed into place only when complete, so any flaw is an error. */
export function loadSnapshot(path: string, store: Store): LoadedSnapshot {
  const buf = readFileSync(path);
  let seq = -1;
  let rows = 0;
  let ended = false;
  const problem = scanRecords(buf, (payload, offset) => {
    const record = payload as SnapshotRecord;
    if (seq < 0) {
      if (record.snapshot !== FORMAT_VERSION || typeof record.seq !== "number") {
        throw corruptFile(path, offset, `it does not start with a version ${FORMAT_VERSION} snapshot header`);
      }
      seq = record.seq;
    } else if (ended) {
      throw corruptFile(path, offset, "records follow its end record");
    } else if (record.end === true) {
      if (record.rows !== rows) throw corruptFile(path, offset, `it promises ${record.rows} rows but holds ${rows}`);
      ended = true;
    } else if (typeof record.t === "string" && Array.isArray(record.r)) {
      const table = store.table(record.t);
      for (const [key, value] of record.r) table.apply(key, value);
      rows += record.r.length;
    } else {
      throw corruptFile(path, offset, "a record is neither rows nor an end record");
    }
  });
  if (problem) throw corruptFile(path, problem.offset, problem.reason);
  if (!ended) throw corruptFile(path, buf.length, "it has no end record");
  return { seq, rows, bytes: buf.length };
}

/** A snapshot that cannot be read: it was renamed into place complete, so this is damage, never a torn write. */
export class SnapshotDamaged extends Error {
  constructor(readonly path: string, readonly offset: number, readonly reason: string) {
    super(`${path} is damaged at offset ${offset}: ${reason}.`);
    this.name = "SnapshotDamaged";
  }
}

function corruptFile(path: string, offset: number, reason: string): SnapshotDamaged {
  return new SnapshotDamaged(path, offset, reason);
}
