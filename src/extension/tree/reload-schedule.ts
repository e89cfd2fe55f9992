// When the resource tree fetches again, and how much. A change event (something was committed) refetches the
// whole snapshot; a decided request in enforce mode (reads commit nothing, yet each makes a decision) fetches
// only the recent decisions, so an app busy against the emulator does not make it walk every table a few
// times a second. Bursts are gathered into one fetch, and fetches never overlap: one asked for while another
// runs follows it (the running one may have read the state from before).
export type ReloadKind = "all" | "decisions";

export interface ReloadWork {
  all(): Promise<void>;
  decisions(): Promise<void>;
}

/** The larger of two asks: a whole snapshot includes the decisions. */
const merged = (a: ReloadKind | undefined, b: ReloadKind): ReloadKind => (a === "all" || b === "all" ? "all" : "decisions");

export class ReloadSchedule {
  private timer: NodeJS.Timeout | undefined;
  private wanted: ReloadKind | undefined;
  private running: Promise<void> | undefined;
  private next: ReloadKind | undefined;

  constructor(private readonly work: ReloadWork) {}

  /** Fetches `kind` once `delayMs` has gathered whatever else arrives meanwhile. */
  soon(kind: ReloadKind, delayMs: number): void {
    this.wanted = merged(this.wanted, kind);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      const wanted = this.wanted!;
      this.timer = undefined;
      this.wanted = undefined;
      void this.now(wanted);
    }, delayMs);
  }

  /** Fetches now, or right after the fetch that is running (whose promise this returns). */
  now(kind: ReloadKind): Promise<void> {
    if (this.running) {
      this.next = merged(this.next, kind);
      return this.running;
    }
    this.running = (kind === "all" ? this.work.all() : this.work.decisions()).finally(() => {
      this.running = undefined;
      const next = this.next;
      this.next = undefined;
      if (next) void this.now(next);
    });
    return this.running;
  }

  /** Forgets what was asked for (the emulator went away or another was linked); a running fetch finishes. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.wanted = undefined;
    this.next = undefined;
  }
}
