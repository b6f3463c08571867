// The one way Faultline writes a simulated time or duration for people — verdict sentences, the
// playground, hovers, the CLI, the status bar — so one view never mixes "2.455 s", "2.46 s" and
// "2.024s": a number and its unit with no space, as a scenario is written ("2.455s", "412.5ms",
// "35µs"), rounded to what a person reads (1 ms above a second, 0.1 ms above a millisecond).
// Zero is "0s". Hours only past an hour (lease and idempotency TTLs), never minutes: "m" means
// minutes in the language but reads as milli in a list of times.
// (durationText in core/language/values.ts writes exact scenario text, in the same units but never
// rounded: that is a different job, for lines Faultline writes into a file.)

import type { Micros } from '../types/sim-config.ts';

const HOUR_US = 3_600_000_000;

export function formatMicros(us: Micros): string {
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(us);
  if (abs === 0) return '0s';
  if (abs >= HOUR_US) return `${sign}${Math.round((abs / HOUR_US) * 1000) / 1000}h`;
  if (abs >= 1_000_000) return `${sign}${Math.round(abs / 1_000) / 1_000}s`;
  if (abs >= 1_000) return `${sign}${Math.round(abs / 100) / 10}ms`;
  return `${sign}${Math.round(abs)}µs`;
}
