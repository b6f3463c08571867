// Operations: an invocation joined with its completion. Checkers reason about these, not events.
// Order is the history's event order; `call`/`ret` are positions in it, so real-time precedence is
// "a.ret < b.call". An operation without a definite completion (`info`, or none) is indeterminate.

import type { History, HistoryEvent } from '../types/history.ts';
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
  const events: HistoryEvent[] = isSorted(history) ? history : [...history].sort((a, b) => a.index - b.index);
  // Imported and simulated histories number operations 0, 1, 2, ...: an array is then a much
  // cheaper index than a Map (a million operations make a million entries either way).
  const dense = events.every((e) => Number.isInteger(e.opId) && e.opId >= 0 && e.opId < 2 * events.length + 16);
  const byOpId: { get(id: number): Operation | undefined; set(id: number, op: Operation): unknown } = dense ? new ArrayIndex() : new Map<number, Operation>();
  const ops: Operation[] = [];
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
      byOpId.set(e.opId, op);
      ops.push(op);
      continue;
    }
    const op = byOpId.get(e.opId);
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

/** Operations by a small non-negative id. */
class ArrayIndex {
  private readonly items: Array<Operation | undefined> = [];
  get(id: number): Operation | undefined {
    return this.items[id];
  }
  set(id: number, op: Operation): void {
    while (this.items.length < id) this.items.push(undefined);
    this.items[id] = op;
  }
}

function isSorted(h: History): boolean {
  for (let i = 1; i < h.length; i++) if (h[i]!.index < h[i - 1]!.index) return false;
  return true;
}

/** True when the history carries real times (imported Jepsen logs have none: all zero). */
export function hasTimes(history: History): boolean {
  const first = history[0]?.time;
  return history.some((e) => e.time !== first);
}
