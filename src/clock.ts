// Time as the emulator sees it. Tests move it forward (POST /_emulator/clock) instead of sleeping.
export interface Clock {
  now(): Date;
}

/** The host's time: the one place the emulator reads the wall clock (test/unit/time-reads.test.ts keeps it so). */
export const systemClock: Clock = { now: () => new Date(Date.now()) };

export class OffsetClock implements Clock {
  private offsetMs = 0;
  now(): Date { return new Date(systemClock.now().getTime() + this.offsetMs); }
  get offsetSeconds(): number { return this.offsetMs / 1000; }
  set offsetSeconds(seconds: number) { this.offsetMs = seconds * 1000; }
}
