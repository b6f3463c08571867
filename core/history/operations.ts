// Operations: an invocation joined with its completion. Checkers reason about these, not events.
// Order is the history's event order; `call`/`ret` are positions in it, so real-time precedence is
// "a.ret < b.call". An operation without a definite completion (`info`, or none) is indeterminate.

import type { History } from '../types/history.ts';
import type { Micros } from '../types/sim-config.ts';
import { OperationJoiner } from './operation-joiner.ts';

/** Operations that change state: what lost-write, split-brain, CAP and `writes commit` checks count as writes. */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set(['write', 'put', 'append', 'cas', 'increment', 'transfer']);

/** A read of a register or key (`read`, `get`). */
export const isRead = (op: Operation): boolean => op.f === 'read' || op.f === 'get';
/**
 * A write that replaces the value outright, unlike compare-and-set or append: `write`, `put`, and a
 * two-phase-commit `transfer`, which sets its one key to its value on every participant at once.
 */
export const isPlainWrite = (op: Operation): boolean => op.f === 'write' || op.f === 'put' || op.f === 'transfer';

/** How many of `done` (completed operations sorted by completion) completed before position `call`: binary search. */
export function completedBefore(done: ReadonlyArray<Operation>, call: number): number {
  let lo = 0;
  let hi = done.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (done[mid]!.ret! < call) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type Outcome = 'ok' | 'fail' | 'unknown';

export type Operation = {
  /** Position in the operations array (0-based). */
  id: number;
  opId: number;
  process: string | number;
  f: string;
  key?: string;
  /** The value on the invocation (write: value written; cas: [from, to]; read: usually null). */
  input: unknown;
  /** The value on an ok/fail completion (read: the value read); null when indeterminate. */
  output: unknown;
  outcome: Outcome;
  error?: string;
  node?: string;
  /** Positions of the invocation and the completion in event order; ret is null when indeterminate. */
  call: number;
  ret: number | null;
  /** HistoryEvent.index of the invocation and of the completion (null when never completed). */
  invokeIndex: number;
  completeIndex: number | null;
  invokeTime: Micros;
  completeTime: Micros | null;
};

/** Joins invocations with completions, in invocation order. Completions without an invocation are ignored. */
export function toOperations(history: History): Operation[] {
  let sorted = true;
  for (let i = 1; i < history.length && sorted; i++) if (history[i]!.index < history[i - 1]!.index) sorted = false;
  const events: History = sorted ? history : [...history].sort((a, b) => a.index - b.index);
  const joiner = new OperationJoiner();
  for (const e of events) joiner.add(e.index, e.opId, e.type, e.process, e.f, e.value, e.time, e.key, e.node, e.error);
  return joiner.ops;
}

/** True when the history carries real times (imported Jepsen logs have none: all zero). */
export function hasTimes(history: History): boolean {
  const first = history[0]?.time;
  return history.some((e) => e.time !== first);
}
