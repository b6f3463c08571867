// Readable durations for summaries: 2.31s, 412.5ms, 35µs — the units a scenario author writes,
// rounded to what a person reads (0.1ms below a second, 1ms above).

import type { Micros } from '../types/sim-config.ts';

export function formatMicros(us: Micros): string {
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(us);
  if (abs >= 1_000_000) return `${sign}${Math.round(abs / 1_000) / 1_000}s`;
  if (abs >= 1_000) return `${sign}${Math.round(abs / 100) / 10}ms`;
  return `${sign}${Math.round(abs)}µs`;
}
