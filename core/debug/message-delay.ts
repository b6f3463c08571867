// Checking a delay typed for a message action ("delay this message by 200ms"). Apart from
// playable-run.ts, which re-exports it, so the webview's play panel can check what is typed
// without bundling the language, the engine and the protocols into the page's own script (they
// made the page's start, on the path of click Run → first frame, ~40% slower; issue 16).

import { parseQuantity, toMicros } from '../language/values.ts';
import { MAX_MESSAGE_DELAY_US } from '../language/limits.ts';

// The same cap as the language's `delay next ... by D` (the validator refuses more), so a delay
// typed here always saves to a line that compiles.
export { MAX_MESSAGE_DELAY_US };

/**
 * Why `text` is not a delay a message action accepts, or null when it is: one duration in the
 * language's units (`200ms`, `1.5s`), at least a microsecond, at most MAX_MESSAGE_DELAY_US.
 */
export function messageDelayProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'how much later? Enter a duration such as 200ms';
  // Read as the language reads a duration, so the line written for it compiles to the same delay.
  const quantity = parseQuantity(trimmed);
  if (quantity.kind !== 'duration' || quantity.signed) return `"${trimmed.slice(0, 40)}" is not a duration: a number and a unit (us, ms, s, m, h), such as 200ms`;
  const us = toMicros(quantity);
  if (us < 1) return `${trimmed} is less than a microsecond: a delay must make the message later`;
  if (us > MAX_MESSAGE_DELAY_US) return `${trimmed} is more than an hour: delay a message by at most 1h`;
  return null;
}
