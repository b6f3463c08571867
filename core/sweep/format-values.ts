// Values written back as .fault text, exactly: a duration in the largest unit that keeps it an
// integer (`1500ms`, `2s`), else as decimal seconds or milliseconds written digit by digit from the
// integer microseconds (`1.698966s`, `45.123ms`: never a rounded float), percentages without
// floating-point noise. The printer relies on these to compile back to the very same microseconds
// and fractions.

import type { Micros } from '../types/sim-config.ts';

const UNITS: ReadonlyArray<[suffix: string, us: number]> = [
  ['h', 3_600_000_000],
  ['m', 60_000_000],
  ['s', 1_000_000],
  ['ms', 1_000],
];

export function durationText(us: Micros): string {
  const whole = Math.round(us);
  if (whole < 0) return `-${durationText(-whole)}`;
  for (const [suffix, size] of UNITS) if (whole !== 0 && whole % size === 0) return `${whole / size}${suffix}`;
  if (whole === 0) return '0ms';
  // Not a whole number of milliseconds (times a random fault was drawn at): a decimal reads far
  // better than `1698966us` and compiles back to the same integer.
  if (whole >= 1_000_000) return decimal(whole, 1_000_000, 6) + 's';
  if (whole >= 1_000) return decimal(whole, 1_000, 3) + 'ms';
  return `${whole}us`;
}

/** `whole / size` written exactly, with at most `digits` decimals and no trailing zeros. */
function decimal(whole: number, size: number, digits: number): string {
  const fraction = String(whole % size).padStart(digits, '0').replace(/0+$/, '');
  return `${Math.floor(whole / size)}.${fraction}`;
}

/** `+120ms`, `-2s`: the form skews and clock jumps take. */
export function signedDurationText(us: Micros): string {
  return us < 0 ? `-${durationText(-us)}` : `+${durationText(us)}`;
}

/** `150ms..300ms`, or one duration when both ends agree. */
export function rangeText(range: { min: Micros; max: Micros }): string {
  return range.min === range.max ? durationText(range.min) : `${durationText(range.min)}..${durationText(range.max)}`;
}

/** A fraction 0..1 as a percentage: 0.07 → `7%` (not `7.000000000000001%`). */
export function percentText(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(12))}%`;
}

/** A scenario name as a string literal: quotes and backslashes escaped. */
export function stringLiteral(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
