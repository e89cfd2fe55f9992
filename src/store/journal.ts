// The journal: every committed change appended as a framed record and fdatasynced before the request that
// made it is answered. Appends that arrive while a sync is in flight share the next write and sync (group
// commit), so concurrent writers wait on the disk together instead of one after another.
// Records: {"s":seq,"c":[[table,key,value|null],...]} (one request's changes) or {"s":seq,"reset":true}.
import { close, closeSync, fdatasync, fsyncSync, ftruncate, ftruncateSync, open, openSync, readFileSync, rmSync, write } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { FILE_MODE, fsyncDir, journalName, listDataFiles, snapshotName, type DataDirLock } from "./data-dir.js";
import { frame, scanRecords } from "./record-format.js";
import { corruptFile, cutSnapshot, SnapshotAborted, writeSnapshot, type SnapshotCut } from "./snapshot.js";
import type { Change, Persistence, Store } from "./store.js";

const openAsync = promisify(open);
const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);
const ftruncateAsync = promisify(ftruncate);
const closeAsync = promisify(close);

interface JournalRecord {
  s?: number;
  c?: Array<[string, string, unknown]>;
  reset?: boolean;
}

export interface ReplayResult {
  /** The last sequence number read (0 when the file holds none). */
  readonly seq: number;
  readonly records: number;
  /** Bytes of good records: where the next append goes. */
  readonly bytes: number;
}

/**
 * Applies a journal's records to `store`. In the newest journal (`tail`) a bad record can only be a write
 * that was cut short, so it and everything after it are dropped and the file truncated there; in an older
 * journal, which was fully synced before the next one started, it is corruption and an error.
 */
export function replayJournal(path: string, store: Store, tail: boolean, log: (line: string) => void): ReplayResult {
  const buf = readFileSync(path);
  let seq = 0;
  let records = 0;
  const problem = scanRecords(buf, (payload, offset) => {
    const record = payload as JournalRecord;
    if (typeof record.s !== "number") throw corruptFile(path, offset, "a record has no sequence number");
    if (record.reset === true) {
      for (const table of store.allTables()) table.clear();
    } else if (Array.isArray(record.c)) {
      for (const [table, key, value] of record.c) store.table(table).apply(key, value ?? null);
    } else {
      throw corruptFile(path, offset, "a record is neither changes nor a reset");
    }
    seq = record.s;
    records++;
  });
  if (!problem) return { seq, records, bytes: buf.length };
  if (!tail) throw corruptFile(path, problem.offset, problem.reason);
  // A torn last record was never acknowledged (its fdatasync never returned), so dropping it loses no write.
  const fd = openSync(path, "r+");
  try {
    ftruncateSync(fd, problem.offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  log(`journal ${path}: dropped ${buf.length - problem.offset} bytes of an unfinished write at offset ` +
    `${problem.offset} (${problem.reason})`);
  return { seq, records, bytes: problem.offset };
}

export interface JournalOptions {
  /** Once the journal is this large, the state is snapshotted and a new journal started. */
  readonly compactAfterBytes: number;
  readonly log: (line: string) => void;
  /** Test hook, awaited between each batch's write and its fdatasync (holds a sync "in flight"). */
  readonly beforeSync?: () => Promise<void>;
}

export interface JournalStats {
  /** Records accepted (changes and resets). */
  appends: number;
  /** fdatasync calls on the journal: one per batch of records. */
  syncs: number;
  /** Snapshots started. */
  compactions: number;
}

/** Where the journal stands after loading: the file appends continue. */
export interface JournalStart {
  readonly generation: number;
  readonly fd: number;
  readonly bytes: number;
  readonly seq: number;
}

interface Waiter {
  readonly buf: Buffer;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

export class Journal implements Persistence {
  readonly description: string;
  readonly stats: JournalStats = { appends: 0, syncs: 0, compactions: 0 };
  private fd: number;
  private generation: number;
  private bytes: number;
  private seq: number;
  private queue: Waiter[] = [];
  private writing = false;
  private rotateRequested = false;
  private readonly idleWaiters: Array<() => void> = [];
  private compaction: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  private broken: Error | null = null;

  constructor(
    private readonly dir: string,
    private readonly store: Store,
    start: JournalStart,
    private readonly lock: DataDirLock,
    private readonly options: JournalOptions,
  ) {
    this.description = `file:${dir}`;
    this.fd = start.fd;
    this.generation = start.generation;
    this.bytes = start.bytes;
    this.seq = start.seq;
  }

  /** The current journal file's generation and size (for tests and the log). */
  get position(): { generation: number; bytes: number } {
    return { generation: this.generation, bytes: this.bytes };
  }

  append(changes: readonly Change[]): Promise<void> {
    return this.enqueue(() => ({ s: ++this.seq, c: changes.map((c) => [c.table, c.key, c.value ?? null]) }));
  }

  appendReset(): Promise<void> {
    return this.enqueue(() => ({ s: ++this.seq, reset: true }));
  }

  /** Snapshots as soon as the writer is free (used at start-up when the replayed journals are long). */
  compactSoon(): void {
    this.rotateRequested = true;
    this.wake();
  }

  /** Resolves when no append is queued or being written and no snapshot is being written. */
  async settled(): Promise<void> {
    while (this.writing || this.compaction) {
      if (this.writing) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      if (this.compaction) await this.compaction;
    }
  }

  /** Writes what is queued, stops any snapshot in progress, closes the file and releases the folder. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.settled();
      } finally {
        closeSync(this.fd);
        this.lock.release();
      }
    })();
    return this.closing;
  }

  private enqueue(record: () => object): Promise<void> {
    if (this.closing) return Promise.reject(new Error(`the store in ${this.dir} is closed`));
    if (this.broken) return Promise.reject(this.broken);
    const buf = frame(JSON.stringify(record()));
    this.stats.appends++;
    // Queued synchronously: once a transaction's commit() returns, its record is in line for this journal.
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ buf, resolve, reject });
      this.wake();
    });
  }

  private wake(): void {
    if (this.writing) return;
    this.writing = true;
    // A microtask's delay gathers every append made in the same turn of the event loop into one batch.
    queueMicrotask(() => void this.writeLoop());
  }

  private async writeLoop(): Promise<void> {
    while (this.queue.length > 0 || (this.rotateRequested && !this.closing && !this.broken)) {
      if (this.queue.length > 0) await this.writeBatch();
      const due = this.rotateRequested || this.bytes >= this.options.compactAfterBytes;
      if (due && !this.compaction && !this.closing && !this.broken) await this.rotate();
      else if (this.compaction) this.rotateRequested = false;
    }
    this.writing = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async writeBatch(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const buf = batch.length === 1 ? batch[0]!.buf : Buffer.concat(batch.map((w) => w.buf));
    try {
      if (this.broken) throw this.broken;
      await this.writeAll(buf);
    } catch (err) {
      await this.undoPartialWrite(err as Error);
      for (const w of batch) w.reject(err as Error);
      return;
    }
    try {
      if (this.options.beforeSync) await this.options.beforeSync();
      await fdatasyncAsync(this.fd);
      this.stats.syncs++;
    } catch (err) {
      // After a failed fsync Linux may have dropped the dirty pages, so a retry would prove nothing: stop writing.
      this.broken = this.failure(err as Error);
      for (const w of batch) w.reject(this.broken);
      return;
    }
    this.bytes += buf.length;
    for (const w of batch) w.resolve();
  }

  private async writeAll(buf: Buffer): Promise<void> {
    for (let done = 0; done < buf.length;) done += (await writeAsync(this.fd, buf, done, buf.length - done)).bytesWritten;
  }

  /** A failed write (a full disk) leaves part of a batch that was never acknowledged: cut it off. */
  private async undoPartialWrite(err: Error): Promise<void> {
    if (this.broken) return;
    try {
      await ftruncateAsync(this.fd, this.bytes);
    } catch {
      this.broken = this.failure(err);
    }
  }

  private failure(err: Error): Error {
    return new Error(`the journal ${join(this.dir, journalName(this.generation))} could not be written ` +
      `(${err.message}); restart the emulator once the disk is healthy.`, { cause: err });
  }

  /**
   * Starts journal G+1 and snapshots the state into snapshot-(G+1) in the background. Runs between batches,
   * so every record before the switch is in journal G and every record after it in G+1; the snapshot's rows
   * are cut after the switch, and replaying G+1 on top of them reaches the same state whichever of its
   * records the cut already holds, because each record carries whole values.
   */
  private async rotate(): Promise<void> {
    this.rotateRequested = false;
    const next = this.generation + 1;
    let fd: number;
    try {
      fd = await openAsync(join(this.dir, journalName(next)), "a", FILE_MODE);
      fsyncDir(this.dir);   // the new journal's entry must be durable before any record in it is acknowledged
    } catch (err) {
      this.options.log(`compaction postponed: cannot start ${journalName(next)} (${(err as Error).message})`);
      return;
    }
    const previous = this.fd;
    this.fd = fd;
    this.generation = next;
    this.bytes = 0;
    this.stats.compactions++;
    try {
      await closeAsync(previous);
      const cut = cutSnapshot(this.store, next, this.seq);
      this.compaction = this.snapshot(cut).finally(() => { this.compaction = null; });
    } catch (err) {
      // Appends go on into the new journal; the old one stays until a later snapshot covers it.
      this.options.log(`compaction failed, keeping the journals: ${(err as Error).message}`);
    }
  }

  private async snapshot(cut: SnapshotCut): Promise<void> {
    const started = Date.now();
    try {
      const bytes = await writeSnapshot(this.dir, cut, () => this.closing !== null);
      removeSupersededFiles(this.dir, cut.generation);
      const rows = cut.tables.reduce((n, t) => n + t.rows.length, 0);
      this.options.log(`compacted the journal into ${snapshotName(cut.generation)}: ${rows} rows, ${bytes} bytes, ` +
        `${Date.now() - started} ms`);
    } catch (err) {
      if (err instanceof SnapshotAborted) return;
      // Nothing is lost: the older journals stay until a later snapshot covers them.
      this.options.log(`compaction failed, keeping the journals: ${(err as Error).message}`);
    }
  }
}

/** Deletes journals and snapshots older than `generation`, whose contents snapshot-`generation` holds. */
export function removeSupersededFiles(dir: string, generation: number): void {
  const files = listDataFiles(dir);
  for (const g of files.journals) if (g < generation) rmSync(join(dir, journalName(g)), { force: true });
  for (const g of files.snapshots) if (g < generation) rmSync(join(dir, snapshotName(g)), { force: true });
}
