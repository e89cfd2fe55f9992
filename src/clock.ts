// Time as the emulator sees it. Tests move it forward (POST /_emulator/clock) instead of sleeping.
export interface Clock {
  now(): Date;
}

export class OffsetClock implements Clock {
  private offsetMs = 0;
  now(): Date { return new Date(Date.now() + this.offsetMs); }
  get offsetSeconds(): number { return this.offsetMs / 1000; }
  set offsetSeconds(seconds: number) { this.offsetMs = seconds * 1000; }
}
