// All emulator state: named tables of JSON records, changed only inside a transaction. A transaction's
// writes are private to it until it commits; its commit is checked against concurrent commits, journaled,
// and applied to the shared tables only once it is durable. So a request never sees another's unfinished
// or unacknowledged changes, and a rollback (or a refused write) has nothing shared to undo.
// Tables are named "<account>/<service>/<name>" (IAM, STS: global per account) or
// "<account>/<region>/<service>/<name>" (Cognito), and "global/<name>" for cross-account indexes.
import { partitionOf, type Partition } from "../partition.js";

/** One record change as the journal stores it; `value: null` deletes. */
export interface Change {
  readonly table: string;
  readonly key: string;
  readonly value: unknown;
}

/** Where committed changes go: a journal on disk, or nowhere (`--no-persist`). */
export interface Persistence {
  /**
   * Queues one request's changes (applied atomically on replay). Once they are durable, calls `apply`
   * (synchronously, in queue order) and resolves; when the disk refuses them, rejects and never applies.
   */
  append(changes: readonly Change[], apply: () => void): Promise<void>;
  /** As append, for a record that every table was cleared (POST /_emulator/reset). */
  appendReset(apply: () => void): Promise<void>;
  close(): Promise<void>;
  readonly description: string;
}

export const memoryPersistence: Persistence = {
  append: (_changes, apply) => { apply(); return Promise.resolve(); },
  appendReset: (apply) => { apply(); return Promise.resolve(); },
  close: () => Promise.resolve(),
  description: "memory",
};

/** The disk refused a write (full, read-only, failing): nothing of the request was kept. */
export class StorageRefused extends Error {
  constructor(readonly path: string, readonly code: string, cause: Error) {
    super(`the disk refused the write to ${path} (${code === "ENOSPC" ? "no space left on device" :
      code === "EROFS" ? "read-only file system" : code === "EDQUOT" ? "disk quota exceeded" : cause.message})`, { cause });
    this.name = "StorageRefused";
  }
}

/** A concurrent commit changed a row this transaction writes: run the request again once `settled`. */
export class TransactionConflict extends Error {
  constructor(readonly settled: Promise<void>) {
    super("a concurrent request changed the same data");
    this.name = "TransactionConflict";
  }
}

/** Whether the store can write: "degraded" while the disk refuses writes (reads still work). */
export type StoreHealth =
  | { readonly state: "ok" }
  | { readonly state: "degraded"; readonly reason: string; readonly code: string };

export class Table<T> {
  private readonly rows = new Map<string, T>();
  /** When (injected-clock ms) Collection.purgeExpired last swept this table; not persisted. */
  sweptAt: number | undefined;
  /** Keys in ascending order, or null until a paged read needs them (bulk loads pay no sorting). */
  private sorted: string[] | null = null;

  constructor(readonly id: string) {}

  get size(): number { return this.rows.size; }
  get(key: string): T | undefined { return this.rows.get(key); }
  has(key: string): boolean { return this.rows.has(key); }
  values(): IterableIterator<T> { return this.rows.values(); }
  entries(): IterableIterator<[string, T]> { return this.rows.entries(); }

  /** Rows in key order starting after `after`: cost grows with the page, not the table. */
  *from(after?: string): Generator<[string, T]> {
    const keys = this.sortedKeys();
    let i = after === undefined ? 0 : upperBound(keys, after);
    for (; i < keys.length; i++) {
      const key = keys[i]!;
      yield [key, this.rows.get(key)!];
    }
  }

  /** Rows whose key starts with `prefix`, in key order: secondary indexes are tables keyed "a\0b". */
  *withPrefix(prefix: string): Generator<[string, T]> {
    const keys = this.sortedKeys();
    for (let i = lowerBound(keys, prefix); i < keys.length && keys[i]!.startsWith(prefix); i++) {
      yield [keys[i]!, this.rows.get(keys[i]!)!];
    }
  }

  /** Applies a change without a transaction: replay and transaction internals only. */
  apply(key: string, value: T | null): void {
    if (value === null) {
      if (!this.rows.delete(key)) return;
      if (this.sorted) this.sorted.splice(lowerBound(this.sorted, key), 1);
      return;
    }
    const isNew = !this.rows.has(key);
    this.rows.set(key, value);
    if (isNew && this.sorted) this.sorted.splice(lowerBound(this.sorted, key), 0, key);
  }

  clear(): void {
    this.rows.clear();
    this.sorted = null;
  }

  private sortedKeys(): string[] {
    this.sorted ??= [...this.rows.keys()].sort(compareKeys);
    return this.sorted;
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
function lowerBound(keys: string[], key: string): number {
  let lo = 0, hi = keys.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (keys[mid]! < key) lo = mid + 1; else hi = mid; }
  return lo;
}
function upperBound(keys: string[], key: string): number {
  let lo = 0, hi = keys.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (keys[mid]! <= key) lo = mid + 1; else hi = mid; }
  return lo;
}

export type CommitListener = (changes: readonly Change[]) => void;
export type HealthListener = (health: StoreHealth) => void;

/** How often a request is run again after conflicting with concurrent ones before giving up. */
const MAX_ATTEMPTS = 10;

export class Store {
  private readonly tables = new Map<string, Table<unknown>>();
  private readonly listeners = new Set<CommitListener>();
  private readonly healthListeners = new Set<HealthListener>();
  /** Rows written by commits queued but not yet durable (table → key → how many): others must wait for them. */
  private readonly pending = new Map<Table<unknown>, Map<string, number>>();
  private pendingResets = 0;
  /** The newest queued commit, settled (either way) once every commit before it is. */
  private tail: Promise<void> = Promise.resolve();
  private currentHealth: StoreHealth = { state: "ok" };
  /** Bumped by each reset: a transaction begun before one is run again. */
  epoch = 0;

  constructor(private persistence: Persistence = memoryPersistence) {}

  get persistenceDescription(): string { return this.persistence.description; }
  get health(): StoreHealth { return this.currentHealth; }

  /** Swaps in the durable journal once replay has filled the tables. */
  attach(persistence: Persistence): void { this.persistence = persistence; }

  table<T>(id: string): Table<T> {
    let table = this.tables.get(id);
    if (!table) { table = new Table<unknown>(id); this.tables.set(id, table); }
    return table as Table<T>;
  }

  /** Every table with its rows: what a snapshot writes. Only durable rows are ever in them. */
  allTables(): IterableIterator<Table<unknown>> { return this.tables.values(); }

  /** Tables whose id starts with `prefix` (e.g. every account's IAM users for the admin API). */
  tablesWithPrefix(prefix: string): Table<unknown>[] {
    return [...this.tables.values()].filter((t) => t.id.startsWith(prefix));
  }

  begin(): Transaction { return new Transaction(this); }

  /**
   * Runs `work` in a transaction and commits it. When a concurrent commit changed a row it writes, the work
   * is run again in a fresh transaction (as a database retries a serialization failure), so handlers may be
   * called more than once for one request; after MAX_ATTEMPTS the TransactionConflict reaches the caller.
   */
  async transact<R>(work: (tx: Transaction) => Promise<R> | R): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      const tx = this.begin();
      let result: R;
      try {
        result = await work(tx);
      } catch (err) {
        tx.rollback();
        throw err;
      }
      try {
        await tx.commit();
        return result;
      } catch (err) {
        if (!(err instanceof TransactionConflict) || attempt >= MAX_ATTEMPTS) throw err;
        await err.settled;
      }
    }
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onHealth(listener: HealthListener): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /** @internal Transaction.commit: whether a queued, not yet durable commit writes this row (or resets all). */
  isPending(table: Table<unknown>, key: string): boolean {
    return this.pendingResets > 0 || (this.pending.get(table)?.has(key) ?? false);
  }

  /** @internal Resolves once every commit queued so far has settled, durable or refused. */
  settled(): Promise<void> { return this.tail; }

  /** @internal Called by Transaction.commit once its writes are checked: queue, then apply when durable. */
  persist(writes: ReadonlyMap<Table<unknown>, ReadonlyMap<string, unknown>>): Promise<void> {
    const changes: Change[] = [];
    for (const [table, rows] of writes) {
      let keys = this.pending.get(table);
      if (!keys) { keys = new Map(); this.pending.set(table, keys); }
      for (const [key, value] of rows) {
        changes.push({ table: table.id, key, value: value ?? null });
        keys.set(key, (keys.get(key) ?? 0) + 1);
      }
    }
    const release = (): void => {
      for (const [table, rows] of writes) {
        const keys = this.pending.get(table)!;
        for (const key of rows.keys()) {
          const n = keys.get(key)! - 1;
          if (n === 0) keys.delete(key); else keys.set(key, n);
        }
        if (keys.size === 0) this.pending.delete(table);
      }
    };
    const durable = this.persistence.append(changes, () => {
      for (const [table, rows] of writes) for (const [key, value] of rows) table.apply(key, value ?? null);
      release();
    });
    return this.settle(durable, release, changes);
  }

  async reset(): Promise<void> {
    this.pendingResets++;
    const durable = this.persistence.appendReset(() => {
      for (const table of this.tables.values()) table.clear();
      this.epoch++;
      this.pendingResets--;
    });
    await this.settle(durable, () => { this.pendingResets--; }, [{ table: "*", key: "*", value: null }]);
  }

  close(): Promise<void> { return this.persistence.close(); }

  /** Durable: tell listeners (the tree must never show unsaved state). Refused: release its rows, say why. */
  private settle(durable: Promise<void>, release: () => void, changes: readonly Change[]): Promise<void> {
    const outcome = durable.then(() => {
      if (this.currentHealth.state !== "ok") this.setHealth({ state: "ok" });
      for (const listener of this.listeners) {
        try { listener(changes); } catch { /* a listener's failure never fails a committed write */ }
      }
    }, (err: unknown) => {
      release();
      if (err instanceof StorageRefused) this.setHealth({ state: "degraded", reason: err.message, code: err.code });
      throw err;
    });
    this.tail = outcome.catch(() => undefined);
    return outcome;
  }

  private setHealth(health: StoreHealth): void {
    this.currentHealth = health;
    for (const listener of this.healthListeners) {
      try { listener(health); } catch { /* as above */ }
    }
  }
}

/** Marks a row the transaction deleted (a put never stores undefined). */
const DELETED = undefined;

/**
 * One request's view: the shared tables overlaid with its own writes, which nobody else sees until commit.
 * It remembers the value of each row it read or wrote as first seen, so commit can tell whether a
 * concurrent commit changed that row underneath it (then the request runs again: see Store.transact).
 */
export class Transaction {
  /** table → key → new value (DELETED for a delete). */
  private readonly writes = new Map<Table<unknown>, Map<string, unknown>>();
  /** table → key → the shared value when this transaction first read or wrote it. */
  private readonly seen = new Map<Table<unknown>, Map<string, unknown>>();
  private readonly epoch: number;
  private done = false;

  constructor(readonly store: Store) { this.epoch = store.epoch; }

  get<T>(table: Table<T>, key: string): T | undefined {
    const own = this.writes.get(table as Table<unknown>);
    if (own?.has(key)) return own.get(key) as T | undefined;
    const value = table.get(key);
    this.remember(table as Table<unknown>, key, value);
    return value;
  }

  has<T>(table: Table<T>, key: string): boolean { return this.get(table, key) !== undefined; }

  put<T>(table: Table<T>, key: string, value: T): void {
    this.write(table as Table<unknown>, key, value);
  }

  delete<T>(table: Table<T>, key: string): boolean {
    if (!this.has(table, key)) return false;
    this.write(table as Table<unknown>, key, DELETED);
    return true;
  }

  /** Rows in the table as this transaction sees them. */
  size<T>(table: Table<T>): number {
    const own = this.writes.get(table as Table<unknown>);
    let size = table.size;
    if (own) for (const [key, value] of own) size += (value !== DELETED ? 1 : 0) - (table.has(key) ? 1 : 0);
    return size;
  }

  *values<T>(table: Table<T>): Generator<T> {
    const own = this.writes.get(table as Table<unknown>);
    if (!own) { yield* table.values(); return; }
    for (const [key, value] of table.entries()) if (!own.has(key)) yield value;
    for (const value of own.values()) if (value !== DELETED) yield value as T;
  }

  /** Rows in key order after `after`, own writes merged in. */
  from<T>(table: Table<T>, after?: string): Generator<[string, T]> {
    return this.merged(table, table.from(after), (key) => after === undefined || key > after);
  }

  /** Rows whose key starts with `prefix`, in key order, own writes merged in. */
  withPrefix<T>(table: Table<T>, prefix: string): Generator<[string, T]> {
    return this.merged(table, table.withPrefix(prefix), (key) => key.startsWith(prefix));
  }

  get changed(): boolean { return this.writes.size > 0; }

  /** Drops the private writes: nothing shared was touched. */
  rollback(): void { this.done = true; }

  /**
   * Checks that no commit since changed a row this transaction writes (else TransactionConflict), then
   * queues the writes; resolves once they are durable and applied. The caller answers only after that.
   */
  commit(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.done = true;
    if (this.writes.size === 0) return Promise.resolve();
    if (this.store.epoch !== this.epoch) return Promise.reject(new TransactionConflict(Promise.resolve()));
    for (const [table, rows] of this.writes) {
      const seen = this.seen.get(table)!;
      for (const key of rows.keys()) {
        // A queued commit of the same row: wait until it is applied (or refused), then look again.
        if (this.store.isPending(table, key)) return Promise.reject(new TransactionConflict(this.store.settled()));
        if (table.get(key) !== seen.get(key)) return Promise.reject(new TransactionConflict(Promise.resolve()));
      }
    }
    return this.store.persist(this.writes);
  }

  private write(table: Table<unknown>, key: string, value: unknown): void {
    let own = this.writes.get(table);
    if (!own) { own = new Map(); this.writes.set(table, own); }
    if (!own.has(key)) this.remember(table, key, table.get(key));
    own.set(key, value);
  }

  private remember(table: Table<unknown>, key: string, value: unknown): void {
    let seen = this.seen.get(table);
    if (!seen) { seen = new Map(); this.seen.set(table, seen); }
    if (!seen.has(key)) seen.set(key, value);
  }

  private *merged<T>(table: Table<T>, shared: Generator<[string, T]>, inRange: (key: string) => boolean): Generator<[string, T]> {
    const own = this.writes.get(table as Table<unknown>);
    if (!own) { yield* shared; return; }
    const mine = [...own.keys()].filter(inRange).sort(compareKeys);
    let i = 0;
    for (const [key, value] of shared) {
      for (; i < mine.length && mine[i]! < key; i++) {
        const v = own.get(mine[i]!);
        if (v !== DELETED) yield [mine[i]!, v as T];
      }
      if (own.has(key)) continue;   // written by this transaction: yielded from `mine` (or deleted)
      yield [key, value];
    }
    for (; i < mine.length; i++) {
      const v = own.get(mine[i]!);
      if (v !== DELETED) yield [mine[i]!, v as T];
    }
  }
}

/** A table as a handler sees it: reads and writes through the request's transaction. */
export class Collection<T> {
  constructor(private readonly table: Table<T>, private readonly tx: Transaction) {}
  get size(): number { return this.tx.size(this.table); }
  get(key: string): T | undefined { return this.tx.get(this.table, key); }
  has(key: string): boolean { return this.tx.has(this.table, key); }
  values(): IterableIterator<T> { return this.tx.values(this.table); }
  from(after?: string): Generator<[string, T]> { return this.tx.from(this.table, after); }
  withPrefix(prefix: string): Generator<[string, T]> { return this.tx.withPrefix(this.table, prefix); }
  put(key: string, value: T): T { this.tx.put(this.table, key, value); return value; }
  delete(key: string): boolean { return this.tx.delete(this.table, key); }

  /**
   * Deletes every row `expired` says is past its time, at most once per `everyMs` of the injected clock for
   * this table, so records that requests keep adding (sessions, codes) cannot grow without bound. Returns
   * how many it deleted.
   */
  purgeExpired(now: number, everyMs: number, expired: (row: T) => boolean): number {
    if (this.table.sweptAt !== undefined && Math.abs(now - this.table.sweptAt) < everyMs) return 0;
    this.table.sweptAt = now;
    const gone: string[] = [];
    for (const [key, row] of this.table.entries()) if (expired(row)) gone.push(key);
    for (const key of gone) this.delete(key);
    return gone.length;
  }
}

/** One account's (and, for regional services, one region's) state, bound to the request's transaction. */
export class AccountStore {
  private readonly views = new Map<string, Collection<unknown>>();

  /** The AWS partition of this view's Region: the ARNs a request forms carry it (arn:aws-cn:… in cn-north-1). */
  readonly partition: Partition;

  constructor(readonly accountId: string, readonly region: string, readonly tx: Transaction) {
    this.partition = partitionOf(region);
  }

  /** A table global to the account (IAM, STS). */
  collection<T>(service: string, name: string): Collection<T> {
    return this.view(`${this.accountId}/${service}/${name}`);
  }

  /** A table of this account in this region (Cognito). */
  regional<T>(service: string, name: string): Collection<T> {
    return this.view(`${this.accountId}/${this.region}/${service}/${name}`);
  }

  /** A table shared by all accounts (access key → account index, STS sessions). */
  global<T>(name: string): Collection<T> {
    return this.view(`global/${name}`);
  }

  /** The same request's view of another account (cross-account trust and resource checks). */
  forAccount(accountId: string): AccountStore {
    return accountId === this.accountId ? this : new AccountStore(accountId, this.region, this.tx);
  }

  private view<T>(id: string): Collection<T> {
    let view = this.views.get(id);
    if (!view) { view = new Collection(this.tx.store.table(id), this.tx); this.views.set(id, view); }
    return view as Collection<T>;
  }
}
