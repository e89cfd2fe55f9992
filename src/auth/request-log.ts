// The request recorder: every authorized request (allowed or denied) filed under the IAM identity that made
// it (a role's sessions under the role), with its action, resources and request context, kept in the
// durable store and bounded; the account root's requests are not recorded (auth/authorize.ts). Policy generation (Access Analyzer) reads what each identity did; the admin
// endpoint GET /_emulator/requests serves it. Records come from any source through `record()`: the
// emulator's own services (auth/authorize.ts) and, later, the forwarder of other services' requests.
// The log is a record, not acknowledged state: new rows wait in memory (readers see them) and reach the store
// in one transaction every 200 ms, which may lose the last fraction of a second in a crash, never a client's
// write.
import type { Logger } from "../log.js";
import type { Store, Table } from "../store/store.js";
import type { RequestRecord, AccessEntry, IdentitySummary } from "../admin-api/requests.js";

export type { RequestRecord, AccessEntry, IdentitySummary } from "../admin-api/requests.js";

/** What a source hands in; the log adds the sequence number and the identity it is filed under. */
export type NewRequestRecord = Omit<RequestRecord, "seq" | "identity">;

export interface RequestLogLimits {
  /** Individual requests kept per identity (the oldest go first). */
  readonly requestsPerIdentity: number;
  /** Distinct action + resource pairs kept per identity (the least recently used go first). */
  readonly accessPerIdentity: number;
  /** Identities kept (the one seen least recently goes first, with all its records). */
  readonly identities: number;
}

export const DEFAULT_REQUEST_LOG_LIMITS: RequestLogLimits = { requestsPerIdentity: 1000, accessPerIdentity: 5000, identities: 500 };

/** Every table of the log starts with this: change feeds leave them out (a read is not a change). */
export const REQUEST_LOG_TABLES = "global/request-log/";
const REQUESTS_TABLE = `${REQUEST_LOG_TABLES}requests`;
const ACCESS_TABLE = `${REQUEST_LOG_TABLES}access`;
/** Records reach the journal at most this often: reads stay free of a disk write each. */
const FLUSH_MS = 200;

/** What readers (Access Analyzer's policy generation, the admin endpoint) may ask. */
export interface RequestLogReader {
  identities(accountId?: string): IdentitySummary[];
  /** Newest first; `after` returns only records with a larger sequence number. */
  requests(identityArn: string, options?: { limit?: number; after?: number }): RequestRecord[];
  /** Distinct actions and resources the identity used, optionally only those used within [from, to]. */
  access(identityArn: string, window?: { from?: Date; to?: Date }): AccessEntry[];
}

/**
 * The user or role a principal ARN is filed under, without its path: an assumed-role session files under
 * its role, a user under itself; federated users and the root user under their own ARN.
 */
export function identityOf(principalArn: string): string {
  const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/.exec(principalArn);
  if (!m) return principalArn;
  const [, partition, , account, rest] = m as unknown as [string, string, string, string, string];
  if (rest.startsWith("assumed-role/")) return `arn:${partition}:iam::${account}:role/${rest.split("/")[1]}`;
  if (rest.startsWith("user/") || rest.startsWith("role/")) {
    const kind = rest.slice(0, rest.indexOf("/"));
    return `arn:${partition}:iam::${account}:${kind}/${rest.slice(rest.lastIndexOf("/") + 1)}`;
  }
  return principalArn;
}

function keyOf(identity: string): string {
  return identity.toLowerCase();
}

interface IdentityIndex {
  identity: string; accountId: string; type: string;
  /** Sequence numbers of the kept requests, oldest first from `head` (dropping the oldest is O(1)). */
  seqs: number[]; head: number;
  accessKeys: Map<string, string>; lastSeen: string; requests: number;
}

function kept(entry: IdentityIndex): number { return entry.seqs.length - entry.head; }

export class RequestLog implements RequestLogReader {
  private readonly requestsTable: Table<RequestRecord>;
  private readonly accessTable: Table<AccessEntry>;
  private readonly index = new Map<string, IdentityIndex>();
  private seq = 0;
  private last: RequestRecord | undefined;
  /** Principal ARN → the identity it is filed under: the same few callers make most requests. */
  private readonly filedUnder = new Map<string, string>();
  /** Rows not yet in the store (null: deleted), read before the tables; committed together every FLUSH_MS. */
  private readonly newRequests = new Map<string, RequestRecord | null>();
  private readonly newAccess = new Map<string, AccessEntry | null>();
  private flushing: NodeJS.Timeout | undefined;
  /** Who watches new records as they are filed (the admin API's live request events). */
  private readonly listeners = new Set<(record: RequestRecord) => void>();
  private readonly reloadListeners = new Set<() => void>();
  /** The commit of pending rows on its way, if any. */
  private inFlight: Promise<void> | undefined;
  /** While a reset or a state import replaces the tables, no pending rows are written (they would come back). */
  private holding = 0;

  constructor(private readonly store: Store, private readonly log: Logger, private readonly limits: RequestLogLimits = DEFAULT_REQUEST_LOG_LIMITS) {
    this.requestsTable = store.table(REQUESTS_TABLE);
    this.accessTable = store.table(ACCESS_TABLE);
    this.rebuild();
  }

  /**
   * Files a request. Readers see it at once; the store gets the rows of the last 200 ms in one commit, so a
   * burst of requests costs one disk write, not one each. A request run again after a transaction conflict
   * (same request id) is filed once.
   */
  record(input: NewRequestRecord): RequestRecord {
    if (input.requestId !== undefined && input.requestId === this.last?.requestId) return this.last;
    let identity = this.filedUnder.get(input.principal);
    if (identity === undefined) {
      if (this.filedUnder.size > 1000) this.filedUnder.clear();
      identity = identityOf(input.principal);
      this.filedUnder.set(input.principal, identity);
    }
    const key = keyOf(identity);
    const record: RequestRecord = { ...input, identity, seq: ++this.seq };
    this.last = record;
    for (const listener of this.listeners) listener(record);
    let entry = this.index.get(key);
    if (!entry) {
      if (this.index.size >= this.limits.identities) this.evictIdentity();
      entry = { identity, accountId: input.accountId, type: input.principalType, seqs: [], head: 0, accessKeys: new Map(), lastSeen: input.time, requests: 0 };
      this.index.set(key, entry);
    }
    entry.lastSeen = input.time;
    entry.requests++;
    entry.seqs.push(record.seq);
    this.put(this.newRequests, requestKey(key, record.seq), record);
    while (kept(entry) > this.limits.requestsPerIdentity) this.put(this.newRequests, requestKey(key, entry.seqs[entry.head++]!), null);
    if (entry.head > 1024 && entry.head * 2 > entry.seqs.length) { entry.seqs = entry.seqs.slice(entry.head); entry.head = 0; }
    for (const resource of input.resources.length ? input.resources : ["*"]) {
      const ak = `${key}\u0000${input.action.toLowerCase()}\u0000${resource}`;
      const before = this.current(this.accessTable, this.newAccess, ak);
      this.put(this.newAccess, ak, {
        identity, accountId: input.accountId, action: input.action, resource, count: (before?.count ?? 0) + 1,
        firstSeen: before?.firstSeen ?? input.time, lastSeen: input.time, lastDecision: input.decision,
      });
      entry.accessKeys.delete(ak);
      entry.accessKeys.set(ak, input.time); // insertion order = least recently used first
      while (entry.accessKeys.size > this.limits.accessPerIdentity) {
        const oldest = entry.accessKeys.keys().next().value!;
        entry.accessKeys.delete(oldest);
        this.put(this.newAccess, oldest, null);
      }
    }
    return record;
  }

  /** Keeps a row for the next commit. */
  private put<T>(pending: Map<string, T | null>, key: string, value: T | null): void {
    pending.set(key, value);
    this.flushing ??= setTimeout(() => { void this.flush(); }, FLUSH_MS).unref();
  }

  /** A row as readers see it: the pending value, else the stored one. */
  private current<T>(table: Table<T>, pending: ReadonlyMap<string, T | null>, key: string): T | undefined {
    return pending.has(key) ? pending.get(key) ?? undefined : table.get(key);
  }

  /** Calls `listener` with each record as it is filed (not with one a retried request files again); returns the unsubscribe. */
  subscribe(listener: (record: RequestRecord) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Calls `listener` after a reset or a state import replaced the records (what a viewer showed may be gone). */
  onReload(listener: () => void): () => void {
    this.reloadListeners.add(listener);
    return () => { this.reloadListeners.delete(listener); };
  }

  /** The latest `limit` records of every identity, oldest first: what a viewer that connects now missed. */
  recent(limit: number): RequestRecord[] {
    const all: RequestRecord[] = [];
    for (const entry of this.index.values()) all.push(...this.requests(entry.identity, { limit }));
    return all.sort((a, b) => a.seq - b.seq).slice(-limit);
  }

  identities(accountId?: string): IdentitySummary[] {
    return [...this.index.values()]
      .filter((e) => accountId === undefined || e.accountId === accountId)
      .map((e) => ({ identity: e.identity, accountId: e.accountId, type: e.type, requests: e.requests, kept: kept(e), actions: e.accessKeys.size, lastSeen: e.lastSeen }))
      .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0));
  }

  requests(identityArn: string, options: { limit?: number; after?: number } = {}): RequestRecord[] {
    const entry = this.index.get(keyOf(identityOf(identityArn)));
    if (!entry) return [];
    const out: RequestRecord[] = [];
    const limit = options.limit ?? 100;
    for (let i = entry.seqs.length - 1; i >= entry.head && out.length < limit; i--) {
      const seq = entry.seqs[i]!;
      if (options.after !== undefined && seq <= options.after) break;
      const r = this.current(this.requestsTable, this.newRequests, requestKey(keyOf(entry.identity), seq));
      if (r) out.push(r);
    }
    return out;
  }

  access(identityArn: string, window: { from?: Date; to?: Date } = {}): AccessEntry[] {
    const prefix = `${keyOf(identityOf(identityArn))}\u0000`;
    const from = window.from?.toISOString(), to = window.to?.toISOString();
    const rows = new Map<string, AccessEntry | null>();
    for (const [k, entry] of this.accessTable.withPrefix(prefix)) rows.set(k, entry);
    for (const [k, entry] of this.newAccess) if (k.startsWith(prefix)) rows.set(k, entry);
    const out: AccessEntry[] = [];
    for (const entry of rows.values()) {
      if (!entry) continue;
      if (from !== undefined && entry.lastSeen < from) continue;
      if (to !== undefined && entry.firstSeen > to) continue;
      out.push(entry);
    }
    return out;
  }

  /**
   * After a reset or a state import replaced the store's tables (or one account's rows): drop what is pending
   * (of that account only; other accounts' records not yet saved stay) and read them again.
   */
  private reload(accountId?: string): void {
    const replaced = (k: string) => accountId === undefined || k.split(":")[4] === accountId;
    for (const pending of [this.newRequests, this.newAccess]) for (const k of [...pending.keys()]) if (replaced(k)) pending.delete(k);
    this.index.clear();
    this.rebuild();
    for (const listener of this.reloadListeners) listener();
  }

  /**
   * Runs `replace` (a reset, of everything or one account, or a state import) with none of this log's rows on
   * their way to the store or sent meanwhile — a commit landing after the replacement would bring replaced records
   * back — then reloads for the account `accountOf` names (undefined: all).
   */
  async replacing<T>(replace: () => Promise<T>, accountOf: (result: T) => string | undefined): Promise<T> {
    this.holding++;
    try {
      await this.inFlight;
      const result = await replace();
      this.reload(accountOf(result));
      return result;
    } finally {
      this.holding--;
      if (this.holding === 0 && (this.newRequests.size || this.newAccess.size)) {
        this.flushing ??= setTimeout(() => { void this.flush(); }, FLUSH_MS).unref();
      }
    }
  }

  /** Commits the pending rows; resolves when they are on disk (tests, shutdown). */
  flush(): Promise<void> {
    clearTimeout(this.flushing);
    this.flushing = undefined;
    if (this.holding > 0) return this.inFlight ?? Promise.resolve();
    const commit = (this.inFlight ?? Promise.resolve()).then(() => this.commitPending());
    const tracked = commit.finally(() => { if (this.inFlight === tracked) this.inFlight = undefined; });
    this.inFlight = tracked;
    return commit;
  }

  private async commitPending(): Promise<void> {
    if (this.holding > 0) return;
    if (this.newRequests.size === 0 && this.newAccess.size === 0) return;
    const requests = new Map(this.newRequests), access = new Map(this.newAccess);
    try {
      await this.store.transact((tx) => {
        for (const [k, v] of requests) if (v) tx.put(this.requestsTable, k, v); else tx.delete(this.requestsTable, k);
        for (const [k, v] of access) if (v) tx.put(this.accessTable, k, v); else tx.delete(this.accessTable, k);
      });
    } catch (err) {
      this.log.warn(`request log: ${requests.size} records are not saved yet: ${(err as Error).message}`);
      return; // they stay pending: the next flush tries again
    }
    // Rows recorded again while the commit was on its way stay pending for the next one.
    for (const [k, v] of requests) if (this.newRequests.get(k) === v) this.newRequests.delete(k);
    for (const [k, v] of access) if (this.newAccess.get(k) === v) this.newAccess.delete(k);
  }

  private evictIdentity(): void {
    let oldest: [string, IdentityIndex] | undefined;
    for (const e of this.index) if (!oldest || e[1].lastSeen < oldest[1].lastSeen) oldest = e;
    if (!oldest) return;
    const [key, entry] = oldest;
    for (let i = entry.head; i < entry.seqs.length; i++) this.put(this.newRequests, requestKey(key, entry.seqs[i]!), null);
    for (const ak of entry.accessKeys.keys()) this.put(this.newAccess, ak, null);
    this.index.delete(key);
  }

  /** The in-memory index, from the tables (what the journal replayed) with the pending rows laid over them. */
  private rebuild(): void {
    const laidOver = <T>(table: Table<T>, pending: ReadonlyMap<string, T | null>): [string, T][] => {
      const rows = new Map(table.entries());
      for (const [k, v] of pending) { if (v === null) rows.delete(k); else rows.set(k, v); }
      return [...rows];
    };
    for (const [k, r] of laidOver(this.requestsTable, this.newRequests)) {
      const key = k.slice(0, k.indexOf("\u0000"));
      let entry = this.index.get(key);
      if (!entry) {
        entry = { identity: r.identity, accountId: r.accountId, type: r.principalType, seqs: [], head: 0, accessKeys: new Map(), lastSeen: r.time, requests: 0 };
        this.index.set(key, entry);
      }
      entry.seqs.push(r.seq);
      entry.requests++;
      if (r.time > entry.lastSeen) entry.lastSeen = r.time;
      if (r.seq > this.seq) this.seq = r.seq;
    }
    for (const entry of this.index.values()) entry.seqs.sort((a, b) => a - b);
    const access = laidOver(this.accessTable, this.newAccess).sort((a, b) => (a[1].lastSeen < b[1].lastSeen ? -1 : 1));
    for (const [k, a] of access) {
      const key = k.slice(0, k.indexOf("\u0000"));
      const entry = this.index.get(key);
      if (entry) entry.accessKeys.set(k, a.lastSeen);
    }
  }
}

/** Zero-padded so a table's key order is the order of arrival. */
function requestKey(identityKey: string, seq: number): string {
  return `${identityKey}\u0000${String(seq).padStart(12, "0")}`;
}
