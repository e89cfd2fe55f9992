// How much request-body memory the emulator holds at once. Decoding multiplies a body several times over
// (text, parameters, the decoded input, the journal record), so 64 concurrent 4 MiB bodies once took
// 875 MB. A body waits for room before it is read — its socket simply is not read, and TCP slows the
// client — so memory stays bounded whatever the number of connections. Small bodies never wait: every
// request the emulator makes to itself (a JWKS fetch while a request is served) has no body at all.

/** Bodies up to this size are read at once, whatever the budget. */
const ALWAYS_ADMITTED = 64 * 1024;

export class BodyBudget {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  /** Resolves once `bytes` fit, with the function that gives them back (call it once the answer is sent). */
  async reserve(bytes: number): Promise<() => void> {
    if (bytes <= ALWAYS_ADMITTED) return () => {};
    const share = Math.min(bytes, this.capacity);
    // One body larger than the budget still runs, alone.
    while (this.used > 0 && this.used + share > this.capacity) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.used += share;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= share;
      for (const wake of this.waiting.splice(0)) wake();
    };
  }
}
