// The last enforce-mode decisions, for GET /_emulator/decisions (the extension's "Recent decisions").
import type { DecisionSummary } from "../admin-api/resources.js";
import type { Explanation } from "../policy/index.js";

/** A decision as /_emulator/decisions lists it, plus the full explanation served for ?id=N. */
export interface DecisionRecord extends DecisionSummary {
  /** Kept for denials (and for allows when the log level is debug): what the tree shows on open. */
  readonly explanation?: Explanation;
}

export class DecisionLog {
  private readonly ring: DecisionRecord[] = [];
  private next = 1;

  constructor(private readonly capacity = 500) {}

  push(record: Omit<DecisionRecord, "id">): DecisionRecord {
    const full = { ...record, id: this.next++ };
    this.ring.push(full);
    if (this.ring.length > this.capacity) this.ring.shift();
    return full;
  }

  /** Newest first; `after` returns only records newer than that id (for incremental reads). */
  list(limit = 100, after = 0): DecisionRecord[] {
    const out: DecisionRecord[] = [];
    for (let i = this.ring.length - 1; i >= 0 && out.length < limit; i--) {
      const r = this.ring[i]!;
      if (r.id <= after) break;
      out.push(r);
    }
    return out;
  }

  /** The latest decision made for a request (a retried transaction decides again). */
  forRequest(requestId: string): DecisionRecord | undefined {
    for (let i = this.ring.length - 1; i >= 0; i--) if (this.ring[i]!.requestId === requestId) return this.ring[i];
    return undefined;
  }

  get(id: number): DecisionRecord | undefined {
    return this.ring.find((r) => r.id === id);
  }

  clear(): void { this.ring.length = 0; }
}
