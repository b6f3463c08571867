// Words and times for verdict sentences: "process 3", "alice"; "3.2s" when the history has
// times, "event #12" when it does not (imported logs without timestamps).

import type { Operation } from '../history/operations.ts';
import { formatMicros } from '../sim/format-micros.ts';

export type Clock = { timed: boolean };

export function who(op: Operation): string {
  return typeof op.process === 'number' ? `process ${op.process}` : String(op.process);
}

/** A moment of the history, written like every other time (core/sim/format-micros.ts). */
export function seconds(us: number): string {
  return formatMicros(us);
}

/** A duration, written like every other time. */
export function duration(us: number): string {
  return formatMicros(us);
}

/** When the operation's result was observed: its completion, or its invocation if it has none. */
export function whenDone(op: Operation, clock: Clock): string {
  if (clock.timed) return `at ${seconds(op.completeTime ?? op.invokeTime)}`;
  return `at event #${op.completeIndex ?? op.invokeIndex}`;
}

export function whenInvoked(op: Operation, clock: Clock): string {
  return clock.timed ? `at ${seconds(op.invokeTime)}` : `at event #${op.invokeIndex}`;
}

export function completedAt(op: Operation, clock: Clock): string {
  if (op.completeIndex === null || op.ret === null) return 'never completed';
  return clock.timed ? `had completed at ${seconds(op.completeTime!)}` : `had completed at event #${op.completeIndex}`;
}
