// A node's local clock. Real machines disagree about the time: a clock starts off by some skew,
// runs fast or slow by a drift rate (parts per million), and can be stepped (an NTP correction, a
// VM resumed from a snapshot). Protocols only ever see their own local clock (`ctx.now`), and
// their timers are measured on it, so a clock that runs 1% fast fires its election timeout 1%
// early in global time.
//
// Timers count *elapsed* local time (like a monotonic clock in an OS): a step of the reading
// changes `ctx.now` — and so anything a protocol compares against it, such as a lease — but not
// the timers already armed. That is how real timers behave, and it keeps a jump from firing a
// whole node's timers at once.

import type { Micros } from '../types/sim-config.ts';

export class LocalClock {
  /** Local microseconds per global microsecond: 1 + drift·10⁻⁶. */
  readonly rate: number;
  /** Skew plus every jump so far. */
  private offset: number;

  constructor(skewUs: Micros, driftPpm: number) {
    // A drift of -1,000,000ppm or below would stop (or reverse) the clock; keep it crawling so
    // timers still come due, just very late.
    this.rate = Math.max(0.001, 1 + driftPpm / 1_000_000);
    this.offset = skewUs;
  }

  /** The clock's reading at global time t (an integer number of microseconds). */
  read(globalUs: Micros): Micros {
    return Math.floor(this.offset + globalUs * this.rate);
  }

  /** Global duration it takes this clock to advance by `localUs` (at least 1µs for a positive delay). */
  globalDelay(localUs: Micros): Micros {
    if (localUs <= 0) return 0;
    if (this.rate === 1) return localUs;
    return Math.max(1, Math.round(localUs / this.rate));
  }

  /** Steps the reading by deltaUs (positive: jumps ahead; negative: goes back). */
  jump(deltaUs: Micros): void {
    this.offset += deltaUs;
  }
}
