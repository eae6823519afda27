/** The simulated clock: real time plus an offset that `POST /__sim/clock` moves forward. */
export class Clock {
  private offsetMs: number;

  constructor(startIso?: string) {
    this.offsetMs = startIso ? Date.parse(startIso) - Date.now() : 0;
    if (Number.isNaN(this.offsetMs)) throw new Error(`seed "now" is not a date: ${startIso}`);
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
