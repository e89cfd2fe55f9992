// The journal: every committed change appended as a framed record and fdatasynced before the request that
// made it is answered. Appends that arrive while a sync is in flight share the next write and sync (group
// commit), so concurrent writers wait on the disk together instead of one after another.
// Records: {"s":seq,"b":batch,"c":[[table,key,value|null],...]} (one request's changes), {"s":seq,"b":batch,"reset":true},
// or {"s":seq,"b":batch,"closed":true} (a clean shutdown). Sequence numbers have no gaps; "b" is the offset
// where the record's batch (one write and one fdatasync) starts, so a reader can tell a record of a later
// batch, which proves every batch before it was synced, from the rest of an unfinished one (history.ts).
import { close, closeSync, fdatasync, ftruncate, open, rmSync, write } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { FILE_MODE, fsyncDir, journalName, listDataFiles, snapshotName, type DataDirLock } from "./data-dir.js";
import { frame } from "./record-format.js";
import { cutSnapshot, SnapshotAborted, writeSnapshot, type SnapshotCut } from "./snapshot.js";
import { StorageRefused, type Change, type Persistence, type Store } from "./store.js";

const openAsync = promisify(open);
const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);
const ftruncateAsync = promisify(ftruncate);
const closeAsync = promisify(close);

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
  /** The record's members after "s" and "b", as JSON text (serialized when queued, so later edits to a row object cannot leak in). */
  readonly body: string;
  readonly apply: () => void;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

export class Journal implements Persistence {
  readonly description: string;
  readonly stats: JournalStats = { appends: 0, syncs: 0, compactions: 0 };
  private fd: number;
  private generation: number;
  /** Bytes of synced records: where the next batch starts. */
  private bytes: number;
  /** The last sequence number written and synced. */
  private seq: number;
  private queue: Waiter[] = [];
  private writing = false;
  private rotateRequested = false;
  /** After a refused write, bytes past `bytes` may hold part of it: cut them off before writing again. */
  private dirtyTail = false;
  private rotatePostponed = false;
  private readonly idleWaiters: Array<() => void> = [];
  private compaction: Promise<void> | null = null;
  private closing: Promise<void> | null = null;

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

  append(changes: readonly Change[], apply: () => void): Promise<void> {
    return this.enqueue(`"c":${JSON.stringify(changes.map((c) => [c.table, c.key, c.value ?? null]))}`, apply);
  }

  appendReset(apply: () => void): Promise<void> {
    return this.enqueue(`"reset":true`, apply);
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

  /**
   * Writes what is queued, stops any snapshot in progress, marks the journal cleanly closed (so damage to
   * its last records is told from an unfinished write next time), closes the file and releases the folder.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.settled();
        if (!this.dirtyTail) {
          const batch = Buffer.from(frame(`{"s":${this.seq + 1},"b":${this.bytes},"closed":true}`));
          try {
            await this.writeAll(batch);
            await fdatasyncAsync(this.fd);
            this.seq++;
            this.bytes += batch.length;
          } catch {
            // Best effort: without the mark the journal reads as one that stopped after its last record.
            await this.cutTail().catch(() => undefined);
          }
        }
      } finally {
        closeSync(this.fd);
        this.lock.release();
      }
    })();
    return this.closing;
  }

  private enqueue(body: string, apply: () => void): Promise<void> {
    if (this.closing) return Promise.reject(new Error(`the store in ${this.dir} is closed`));
    this.stats.appends++;
    // Queued synchronously: once a transaction's commit() returns, its record is in line for this journal.
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ body, apply, resolve, reject });
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
    while (this.queue.length > 0 || (this.rotateRequested && !this.closing)) {
      if (this.queue.length > 0) await this.writeBatch();
      const due = this.rotateRequested || this.bytes >= this.options.compactAfterBytes;
      if (due && !this.compaction && !this.closing && !this.dirtyTail) await this.rotate();
      else if (this.compaction) this.rotateRequested = false;
      else if (this.dirtyTail) this.rotateRequested = false;
    }
    this.writing = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** One write and one fdatasync for every queued record; each is applied and acknowledged only after the sync. */
  private async writeBatch(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    let seq = this.seq;
    const buf = Buffer.concat(batch.map((w) => frame(`{"s":${++seq},"b":${this.bytes},${w.body}}`)));
    try {
      if (this.dirtyTail) await this.cutTail();
      await this.writeAll(buf);
      if (this.options.beforeSync) await this.options.beforeSync();
      await fdatasyncAsync(this.fd);
    } catch (err) {
      // Nothing of the batch was acknowledged. Whatever part of it reached the file is cut off, now or, if the
      // disk refuses even that, before the next write; Linux may have dropped pages of a failed fdatasync, so
      // the bytes past the last good sync are never trusted, only removed.
      this.dirtyTail = true;
      await this.cutTail().catch(() => undefined);
      const refused = this.refused(err as NodeJS.ErrnoException);
      for (const w of batch) w.reject(refused);
      return;
    }
    this.stats.syncs++;
    this.seq = seq;
    this.bytes += buf.length;
    for (const w of batch) {
      try { w.apply(); } finally { w.resolve(); }
    }
  }

  private async writeAll(buf: Buffer): Promise<void> {
    for (let done = 0; done < buf.length;) done += (await writeAsync(this.fd, buf, done, buf.length - done)).bytesWritten;
  }

  /** Cuts the file back to its synced records (the journal is opened for appending, so writes follow). */
  private async cutTail(): Promise<void> {
    await ftruncateAsync(this.fd, this.bytes);
    await fdatasyncAsync(this.fd);
    this.dirtyTail = false;
  }

  private refused(err: NodeJS.ErrnoException): StorageRefused {
    return new StorageRefused(join(this.dir, journalName(this.generation)), err.code ?? "EIO", err);
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
      // Retried after every batch; said once until it works (a full disk would otherwise fill the log too).
      if (!this.rotatePostponed) this.options.log(`compaction postponed: cannot start ${journalName(next)} (${(err as Error).message})`);
      this.rotatePostponed = true;
      return;
    }
    this.rotatePostponed = false;
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
    const started = performance.now();
    try {
      const bytes = await writeSnapshot(this.dir, cut, () => this.closing !== null);
      removeSupersededFiles(this.dir, cut.generation);
      const rows = cut.tables.reduce((n, t) => n + t.rows.length, 0);
      this.options.log(`compacted the journal into ${snapshotName(cut.generation)}: ${rows} rows, ${bytes} bytes, ` +
        `${Math.round(performance.now() - started)} ms`);
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
