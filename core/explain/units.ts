// Units the language accepts, for hover on a number and for completion after one.

export type UnitInfo = { unit: string; meaning: string; kind: 'duration' | 'percent' | 'rate' | 'ppm' | 'bandwidth' };

export const units: UnitInfo[] = [
  { unit: 'us', meaning: 'microseconds — the simulator\'s own tick', kind: 'duration' },
  { unit: 'ms', meaning: 'milliseconds', kind: 'duration' },
  { unit: 's', meaning: 'seconds', kind: 'duration' },
  { unit: 'm', meaning: 'minutes', kind: 'duration' },
  { unit: 'h', meaning: 'hours', kind: 'duration' },
  { unit: '%', meaning: 'percent: a probability', kind: 'percent' },
  { unit: '/s', meaning: 'per second: a rate', kind: 'rate' },
  { unit: 'ppm', meaning: 'parts per million: clock drift (1ppm ≈ 86ms a day)', kind: 'ppm' },
  { unit: 'kbps', meaning: 'kilobits per second', kind: 'bandwidth' },
  { unit: 'mbps', meaning: 'megabits per second', kind: 'bandwidth' },
  { unit: 'gbps', meaning: 'gigabits per second', kind: 'bandwidth' },
];

export const microsPerUnit: Record<string, number> = { us: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };

// Hovers, inlay hints and lints write durations the way every other view does.
export { formatMicros } from '../sim/format-micros.ts';
