// Values written back as .fault text, exactly: durations by the language's own writer (in the unit
// a person would write: `1.5s`, `2.879s`, `412.5ms`, see durationText in core/language/values.ts),
// percentages without floating-point noise. The printer relies on these to compile back to the
// very same microseconds and fractions.

import { durationText } from '../language/values.ts';
import type { Micros } from '../types/sim-config.ts';

export { durationText };

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
