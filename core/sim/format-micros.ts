// Readable durations for summaries: 2.31s, 412ms, 35µs — the units a scenario author writes.

import type { Micros } from '../types/sim-config.ts';

export function formatMicros(us: Micros): string {
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(us);
  if (abs >= 1_000_000) return `${sign}${trim(abs / 1_000_000)}s`;
  if (abs >= 1_000) return `${sign}${trim(abs / 1_000)}ms`;
  return `${sign}${abs}µs`;
}

function trim(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
