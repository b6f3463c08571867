// Registers read and written together in transactions (Knossos's multi-register): `txn` takes a
// list of micro-operations [:r key value] and [:w key value], applied in order, atomically. A
// read's value is the one on the completion (nil on the invocation). Transactions span keys, so
// the history is checked as one piece. A state is the non-nil registers' JSON, sorted.

import type { Operation } from '../../history/operations.ts';
import { IMPOSSIBLE, Model } from '../model.ts';
import { isScalar, shown } from './value-shapes.ts';

type Micro = { read: boolean; key: string; value: unknown };

function micros(v: unknown): Micro[] | string {
  if (!Array.isArray(v)) return `a txn needs a list of [:r key value] / [:w key value], not ${shown(v)}`;
  const out: Micro[] = [];
  for (const m of v) {
    if (!Array.isArray(m) || m.length !== 3 || (m[0] !== 'r' && m[0] !== 'w') || !isScalar(m[1]) || !isScalar(m[2])) {
      return `a txn's micro-operation must be [:r key value] or [:w key value] with plain values, not ${shown(m)}`;
    }
    out.push({ read: m[0] === 'r', key: JSON.stringify(m[1] ?? null), value: m[2] ?? null });
  }
  return out;
}

const parsed = new WeakMap<Operation, Micro[] | string>();
function txnOf(op: Operation): Micro[] | string {
  let m = parsed.get(op);
  if (m === undefined) {
    // The completion carries the values read; an indeterminate txn only has its invocation.
    m = micros(op.outcome === 'ok' && Array.isArray(op.output) ? op.output : op.input);
    parsed.set(op, m);
  }
  return m;
}

type Registers = ReadonlyMap<string, string>;

function canonical(r: Registers): string {
  return [...r].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(',');
}

export const multiRegisterModel: Model<Registers> = {
  name: 'multi-register',
  operations: ['txn'],
  init: () => new Map(),
  step(state, op) {
    const txn = txnOf(op);
    if (typeof txn === 'string') return IMPOSSIBLE;
    let next: Map<string, string> | null = null;
    for (const m of txn) {
      const current = (next ?? state).get(m.key) ?? 'null';
      const value = JSON.stringify(m.value);
      if (m.read) {
        if (op.outcome === 'ok' && current !== value) return IMPOSSIBLE;
      } else {
        next ??= new Map(state);
        if (m.value === null) next.delete(m.key);
        else next.set(m.key, value);
      }
    }
    return next ?? state;
  },
  hash: canonical,
  equal: (a, b) => canonical(a) === canonical(b),
  includes: (op) => op.outcome !== 'fail',
  readOnly: (op) => {
    const txn = txnOf(op);
    return typeof txn !== 'string' && txn.every((m) => m.read);
  },
  // A transaction that only writes (or whose reads returned nothing) fits any state.
  neverRefused: (op) => {
    const txn = txnOf(op);
    return typeof txn !== 'string' && (op.outcome !== 'ok' || txn.every((m) => !m.read));
  },
  malformed(op) {
    const txn = txnOf(op);
    return typeof txn === 'string' ? txn : null;
  },
  describeOp(op) {
    const txn = txnOf(op);
    if (typeof txn === 'string') return 'txn';
    return `txn [${txn.map((m) => `${m.read ? 'r' : 'w'} ${m.key} ${m.read && op.outcome !== 'ok' ? '?' : JSON.stringify(m.value)}`).join(', ')}]`;
  },
  describeState: (s) => `{${canonical(s)}}`,
};
