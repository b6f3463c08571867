// A key-value store of strings with get/put/append; a missing key reads as "".
// `kvModel` checks one key at a time (keys are independent); `kvWholeStoreModel` keeps every key
// in one state, for comparing against per-key checking.

import type { Operation } from '../../history/operations.ts';
import { Impossible, IMPOSSIBLE, Model, showValue } from '../model.ts';
import { partitionByKey } from './partition-by-key.ts';

function asString(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}

function stepValue(value: string, op: Operation): string | Impossible {
  switch (op.f) {
    case 'get':
    case 'read':
      if (op.outcome === 'unknown') return value;
      return asString(op.output) === value ? value : IMPOSSIBLE;
    case 'put':
    case 'write':
      return asString(op.input);
    case 'append':
      return value + asString(op.input);
    default:
      return IMPOSSIBLE;
  }
}

function describeKvOp(op: Operation): string {
  const key = op.key ?? '?';
  switch (op.f) {
    case 'get':
    case 'read':
      return op.outcome === 'unknown' ? `get ${key}` : `get ${key}=${showValue(asString(op.output))}`;
    case 'put':
    case 'write':
      return `put ${key}=${showValue(asString(op.input))}`;
    case 'append':
      return `append ${showValue(asString(op.input))} to ${key}`;
    default:
      return `${op.f} ${key}`;
  }
}

const includes = (op: Operation): boolean => op.outcome !== 'fail';

export const kvModel: Model<string> = {
  name: 'kv',
  init: () => '',
  step: stepValue,
  hash: (s) => s,
  equal: (a, b) => a === b,
  includes,
  partition: partitionByKey,
  describeOp: describeKvOp,
  describeState: (s) => showValue(s),
};

/** Every key in one state: a sorted, immutable list of [key, value] pairs. */
type Store = ReadonlyMap<string, string>;

export const kvWholeStoreModel: Model<Store> = {
  name: 'kv',
  init: () => new Map(),
  step(store, op) {
    const key = op.key ?? '';
    const before = store.get(key) ?? '';
    const after = stepValue(before, op);
    if (after === IMPOSSIBLE) return IMPOSSIBLE;
    if (after === before) return store;
    const next = new Map(store);
    next.set(key, after);
    return next;
  },
  hash(store) {
    return [...store.entries()]
      .filter(([, v]) => v !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k.length}:${k}=${v.length}:${v}`)
      .join('|');
  },
  equal(a, b) {
    return kvWholeStoreModel.hash(a) === kvWholeStoreModel.hash(b);
  },
  includes,
  describeOp: describeKvOp,
  describeState: (s) => [...s].map(([k, v]) => `${k}=${showValue(v)}`).join(', ') || 'empty',
};
