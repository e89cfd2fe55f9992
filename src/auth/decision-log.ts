// The last enforce-mode decisions, for GET /_emulator/decisions (the extension's "Recent decisions").
import type { DecisionSummary } from "../admin-api/resources.js";
import type { Explanation } from "../policy/index.js";

/** A decision as /_emulator/decisions lists it, plus the full explanation served for ?id=N. */
export interface DecisionRecord extends DecisionSummary {
  /** Kept for denials (and for allows when the log level is debug): what the tree shows on open. */
  readonly explanation?: Explanation;
}

export class DecisionLog {
  // A ring buffer: the newest `capacity` records, record id N in slot (N - 1) % capacity.
  private readonly ring: (DecisionRecord | undefined)[];
  private next = 1;
  private oldest = 1;

  constructor(private readonly capacity = 500) {
    this.ring = new Array<DecisionRecord | undefined>(capacity);
  }

  /** Takes `record` as the log's own (its id is set on it), so a busy enforce mode copies nothing. */
  push(record: Omit<DecisionRecord, "id">): DecisionRecord {
    const full = Object.assign(record, { id: this.next++ }) as DecisionRecord;
    this.ring[(full.id - 1) % this.capacity] = full;
    if (this.next - this.oldest > this.capacity) this.oldest++;
    return full;
  }

  /** Newest first; `after` returns only records newer than that id (for incremental reads). */
  list(limit = 100, after = 0): DecisionRecord[] {
    const out: DecisionRecord[] = [];
    for (let id = this.next - 1; id >= this.oldest && id > after && out.length < limit; id--) out.push(this.get(id)!);
    return out;
  }

  /** The latest decision made for a request (a retried transaction decides again). */
  forRequest(requestId: string): DecisionRecord | undefined {
    for (let id = this.next - 1; id >= this.oldest; id--) {
      const record = this.get(id)!;
      if (record.requestId === requestId) return record;
    }
    return undefined;
  }

  get(id: number): DecisionRecord | undefined {
    return Number.isInteger(id) && id >= this.oldest && id < this.next ? this.ring[(id - 1) % this.capacity] : undefined;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.oldest = this.next;
  }
}
