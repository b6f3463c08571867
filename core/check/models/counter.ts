// A counter (initially 0): `increment` (Faultline) or `add` (Jepsen) adds its value (1 when it
// has none), `read` returns the total. An increment's own result is not checked: stores answer
// it differently (the delta, the new total), and the reads are what show the count.

import type { Operation } from '../../history/operations.ts';
import { IMPOSSIBLE, Model, showValue } from '../model.ts';
import { partitionByKey } from './partition-by-key.ts';
import { shown } from './value-shapes.ts';

export const isAdd = (op: Operation): boolean => op.f === 'increment' || op.f === 'add';

/** What an increment adds: its number, 1 when it has none. */
export function delta(op: Operation): number {
  return typeof op.input === 'number' ? op.input : 1;
}

/** A read of nil is a read of 0 (a store that never saw an increment has no value yet). */
export function count(v: unknown): number | null {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export const counterModel: Model<number | null> = {
  name: 'counter',
  operations: ['increment', 'add', 'read'],
  init: () => 0,
  step(state, op) {
    const now = state ?? 0;
    if (isAdd(op)) return now + delta(op);
    if (op.f !== 'read') return IMPOSSIBLE;
    if (op.outcome === 'unknown') return state;
    return count(op.output) === now ? state : IMPOSSIBLE;
  },
  hash: (s) => s ?? 0,
  equal: (a, b) => (a ?? 0) === (b ?? 0),
  // A failed increment did not happen; a failed read saw nothing.
  includes: (op) => op.outcome !== 'fail',
  readOnly: (op) => op.f === 'read',
  neverRefused: (op) => isAdd(op) || op.outcome === 'unknown',
  partition: partitionByKey,
  malformed(op) {
    if (isAdd(op)) return op.input === null || op.input === undefined || (typeof op.input === 'number' && Number.isFinite(op.input)) ? null : `${op.f} needs a number, not ${shown(op.input)}`;
    if (op.f === 'read' && op.outcome === 'ok' && count(op.output) === null) return `a counter read must return a number, not ${shown(op.output)}`;
    return null;
  },
  describeOp(op) {
    const key = op.key ?? 'the counter';
    if (isAdd(op)) return `${op.f} ${key} by ${delta(op)}`;
    return op.outcome === 'unknown' ? `read ${key}` : `read ${key}=${showValue(op.output)}`;
  },
  describeState: (s) => String(s ?? 0),
};
