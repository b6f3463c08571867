// Operations: an invocation joined with its completion. Checkers reason about these, not events.
// Order is the history's event order; `call`/`ret` are positions in it, so real-time precedence is
// "a.ret < b.call". An operation without a definite completion (`info`, or none) is indeterminate.

import type { History } from '../types/history.ts';
import type { Micros } from '../types/sim-config.ts';

/** Operations that change state: what lost-write, split-brain, CAP and `writes commit` checks count as writes. */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set(['write', 'put', 'append', 'cas', 'increment', 'transfer']);

/** A read of a register or key (`read`, `get`). */
export const isRead = (op: Operation): boolean => op.f === 'read' || op.f === 'get';
/** A write that replaces the value outright (`write`, `put`), unlike compare-and-set or append. */
export const isPlainWrite = (op: Operation): boolean => op.f === 'write' || op.f === 'put';

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
  // Imported and simulated histories come in index order and number operations 0, 1, 2, ...:
  // then no sorted copy is needed, and an array is a much cheaper index than a Map.
  let sorted = true;
  let dense = true;
  const limit = 2 * history.length + 16;
  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    if (i > 0 && e.index < history[i - 1]!.index) sorted = false;
    const id = e.opId;
    if (!(Number.isInteger(id) && id >= 0 && id < limit)) dense = false;
  }
  const events: History = sorted ? history : [...history].sort((a, b) => a.index - b.index);
  const ops: Operation[] = [];
  /** Dense ids: the position in `ops` of the operation with that opId, plus one (0: none). */
  const positionOf = dense ? new Int32Array(limit) : null;
  const byOpId = dense ? null : new Map<number, Operation>();
  for (let pos = 0; pos < events.length; pos++) {
    const e = events[pos]!;
    if (e.type === 'invoke') {
      const op: Operation = {
        id: ops.length,
        opId: e.opId,
        process: e.process,
        f: e.f,
        input: e.value ?? null,
        output: null,
        outcome: 'unknown',
        call: pos,
        ret: null,
        invokeIndex: e.index,
        completeIndex: null,
        invokeTime: e.time,
        completeTime: null,
      };
      if (e.key !== undefined) op.key = e.key;
      if (positionOf !== null) positionOf[e.opId] = ops.length + 1;
      else byOpId!.set(e.opId, op);
      ops.push(op);
      continue;
    }
    const op = positionOf === null ? byOpId!.get(e.opId) : positionOf[e.opId] === 0 ? undefined : ops[positionOf[e.opId]! - 1];
    if (op === undefined || op.completeIndex !== null) continue;
    op.completeIndex = e.index;
    op.completeTime = e.time;
    if (e.node !== undefined) op.node = e.node;
    if (e.error !== undefined) op.error = e.error;
    if (e.type === 'info') continue; // indeterminate: no ret, result unknown
    op.outcome = e.type;
    op.ret = pos;
    op.output = e.value ?? null;
  }
  return ops;
}

/** True when the history carries real times (imported Jepsen logs have none: all zero). */
export function hasTimes(history: History): boolean {
  const first = history[0]?.time;
  return history.some((e) => e.time !== first);
}
