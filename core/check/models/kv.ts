// A key-value store of strings with get/put/append; a missing key reads as "".
// `kvModel` checks one key at a time (keys are independent); `kvWholeStoreModel` keeps every key
// in one state, for comparing against per-key checking. Values are hash-consed nodes
// (kv-string-state.ts) so appends and comparisons stay cheap as values grow.

import type { Operation } from '../../history/operations.ts';
import { Impossible, IMPOSSIBLE, Model, showValue } from '../model.ts';
import { StringForest, ValueNode } from './kv-string-state.ts';
import { partitionByKey } from './partition-by-key.ts';

function asString(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}

function stepValue(value: ValueNode, op: Operation): ValueNode | Impossible {
  switch (op.f) {
    case 'get':
    case 'read':
      if (op.outcome === 'unknown') return value;
      return value.equals(asString(op.output)) ? value : IMPOSSIBLE;
    case 'put':
    case 'write':
      return value.forest.root(asString(op.input));
    case 'append':
      return value.forest.child(value, asString(op.input));
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
const readOnly = (op: Operation): boolean => op.f === 'get' || op.f === 'read';
const neverRefused = (op: Operation): boolean => op.outcome === 'unknown' && (op.f === 'get' || op.f === 'read' || op.f === 'put' || op.f === 'write' || op.f === 'append');

export const kvModel: Model<ValueNode> = {
  name: 'kv',
  init: () => new StringForest().root(''),
  step: stepValue,
  hash: (s) => s.id,
  equal: (a, b) => a === b,
  canonicalStates: true,
  includes,
  readOnly,
  neverRefused,
  partition: partitionByKey,
  describeOp: describeKvOp,
  describeState: (s) => showValue(s.toString()),
};

/** Every key in one state: one value node per key, hash-consed by the list of node ids. */
class Store {
  constructor(
    readonly values: ReadonlyMap<string, ValueNode>,
    readonly id: string,
  ) {}
}

function storeOf(forest: StringForest, values: Map<string, ValueNode>): Store {
  const id = [...values]
    .filter(([, v]) => v.length > 0 || v.parent !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}\u0000${v.id}`)
    .join('\u0001');
  void forest;
  return new Store(values, id);
}

const forests = new WeakMap<Store, StringForest>();

export const kvWholeStoreModel: Model<Store> = {
  name: 'kv',
  init() {
    const forest = new StringForest();
    const store = storeOf(forest, new Map());
    forests.set(store, forest);
    return store;
  },
  step(store, op) {
    const forest = forests.get(store)!;
    const key = op.key ?? '';
    const before = store.values.get(key) ?? forest.root('');
    const after = stepValue(before, op);
    if (after === IMPOSSIBLE) return IMPOSSIBLE;
    if (after === before) return store;
    const values = new Map(store.values);
    values.set(key, after);
    const next = storeOf(forest, values);
    forests.set(next, forest);
    return next;
  },
  hash: (store) => store.id,
  equal: (a, b) => a.id === b.id,
  includes,
  readOnly,
  neverRefused,
  describeOp: describeKvOp,
  describeState: (s) => [...s.values].map(([k, v]) => `${k}=${showValue(v.toString())}`).join(', ') || 'empty',
};
