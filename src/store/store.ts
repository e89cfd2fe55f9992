// All emulator state: named tables of JSON records, changed only inside a transaction so that a request
// either commits every change (journaled before its response) or none (rolled back on error).
// Tables are named "<account>/<service>/<name>" (IAM, STS: global per account) or
// "<account>/<region>/<service>/<name>" (Cognito), and "global/<name>" for cross-account indexes.

/** One record change as the journal stores it; `value: null` deletes. */
export interface Change {
  readonly table: string;
  readonly key: string;
  readonly value: unknown;
}

/** Where committed changes go: a journal on disk, or nowhere (`--no-persist`). */
export interface Persistence {
  /** Resolves once `changes` (one request's, applied atomically on replay) are durable. */
  append(changes: readonly Change[]): Promise<void>;
  /** Record that every table was cleared (POST /_emulator/reset). */
  appendReset(): Promise<void>;
  close(): Promise<void>;
  readonly description: string;
}

export const memoryPersistence: Persistence = {
  append: () => Promise.resolve(),
  appendReset: () => Promise.resolve(),
  close: () => Promise.resolve(),
  description: "memory",
};

export class Table<T> {
  private readonly rows = new Map<string, T>();
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

export class Store {
  private readonly tables = new Map<string, Table<unknown>>();
  private readonly listeners = new Set<CommitListener>();

  constructor(private persistence: Persistence = memoryPersistence) {}

  get persistenceDescription(): string { return this.persistence.description; }

  /** Swaps in the durable journal once replay has filled the tables. */
  attach(persistence: Persistence): void { this.persistence = persistence; }

  table<T>(id: string): Table<T> {
    let table = this.tables.get(id);
    if (!table) { table = new Table<unknown>(id); this.tables.set(id, table); }
    return table as Table<T>;
  }

  /** Every table with its rows: what a snapshot writes. */
  allTables(): IterableIterator<Table<unknown>> { return this.tables.values(); }

  /** Tables whose id starts with `prefix` (e.g. every account's IAM users for the admin API). */
  tablesWithPrefix(prefix: string): Table<unknown>[] {
    return [...this.tables.values()].filter((t) => t.id.startsWith(prefix));
  }

  begin(): Transaction { return new Transaction(this); }

  /** Transactions holding uncommitted changes, oldest first (maintained by Transaction). */
  private readonly open = new Set<Transaction>();

  /** @internal Transaction bookkeeping: called on its first change and when it commits or rolls back. */
  trackOpen(tx: Transaction, isOpen: boolean): void {
    if (isOpen) this.open.add(tx); else this.open.delete(tx);
  }

  /**
   * The committed value of every row a still-open transaction has changed ("table\u0000key" → value,
   * undefined where the row did not exist): a snapshot writes these, since the open change may roll back.
   */
  uncommittedRows(): Map<string, unknown> {
    const rows = new Map<string, unknown>();
    for (const tx of this.open) {
      for (const [id, before] of tx.changedRows()) if (!rows.has(id)) rows.set(id, before);
    }
    return rows;
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called by Transaction.commit: durable first, then listeners (the tree must never show unsaved state). */
  async persist(changes: readonly Change[]): Promise<void> {
    await this.persistence.append(changes);
    for (const listener of this.listeners) {
      try { listener(changes); } catch { /* a listener's failure never fails a committed write */ }
    }
  }

  async reset(): Promise<void> {
    for (const table of this.tables.values()) table.clear();
    await this.persistence.appendReset();
    for (const listener of this.listeners) {
      try { listener([{ table: "*", key: "*", value: null }]); } catch { /* as above */ }
    }
  }

  close(): Promise<void> { return this.persistence.close(); }
}

interface PendingChange { table: Table<unknown>; key: string; before: unknown; }

/** One request's changes: applied to memory at once (reads see them), undone on rollback. */
export class Transaction {
  private readonly pending = new Map<string, PendingChange>();
  private done = false;

  constructor(readonly store: Store) {}

  put<T>(table: Table<T>, key: string, value: T): void {
    this.remember(table as Table<unknown>, key);
    table.apply(key, value);
  }

  delete<T>(table: Table<T>, key: string): boolean {
    if (!table.has(key)) return false;
    this.remember(table as Table<unknown>, key);
    table.apply(key, null);
    return true;
  }

  get changed(): boolean { return this.pending.size > 0; }

  rollback(): void {
    if (this.done) return;
    this.done = true;
    this.store.trackOpen(this, false);
    this.undo();
  }

  private undo(): void {
    for (const change of [...this.pending.values()].reverse()) {
      change.table.apply(change.key, change.before === undefined ? null : change.before);
    }
  }

  /** Resolves once the changes are durable; the caller answers the request only after that. */
  commit(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.done = true;
    this.store.trackOpen(this, false);
    if (this.pending.size === 0) return Promise.resolve();
    const changes: Change[] = [];
    for (const { table, key } of this.pending.values()) {
      changes.push({ table: table.id, key, value: table.get(key) ?? null });
    }
    // A write that did not reach the disk was never acknowledged: memory goes back to what the disk holds.
    return this.store.persist(changes).catch((err: unknown) => {
      this.undo();
      throw err;
    });
  }

  /** Each changed row ("table\u0000key") with its value before this transaction. */
  *changedRows(): Generator<[string, unknown]> {
    for (const [id, change] of this.pending) yield [id, change.before];
  }

  private remember(table: Table<unknown>, key: string): void {
    const id = `${table.id}\u0000${key}`;
    if (this.pending.has(id)) return;
    if (this.pending.size === 0) this.store.trackOpen(this, true);
    this.pending.set(id, { table, key, before: table.get(key) });
  }
}

/** A table as a handler sees it: reads from the table, writes through the request's transaction. */
export class Collection<T> {
  constructor(private readonly table: Table<T>, private readonly tx: Transaction) {}
  get size(): number { return this.table.size; }
  get(key: string): T | undefined { return this.table.get(key); }
  has(key: string): boolean { return this.table.has(key); }
  values(): IterableIterator<T> { return this.table.values(); }
  from(after?: string): Generator<[string, T]> { return this.table.from(after); }
  withPrefix(prefix: string): Generator<[string, T]> { return this.table.withPrefix(prefix); }
  put(key: string, value: T): T { this.tx.put(this.table, key, value); return value; }
  delete(key: string): boolean { return this.tx.delete(this.table, key); }
}

/** One account's (and, for regional services, one region's) state, bound to the request's transaction. */
export class AccountStore {
  private readonly views = new Map<string, Collection<unknown>>();

  constructor(readonly accountId: string, readonly region: string, readonly tx: Transaction) {}

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
