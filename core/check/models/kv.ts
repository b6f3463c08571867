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
/** Writes and appends fit any state whatever their outcome; a read only when it returned nothing. */
const neverRefused = (op: Operation): boolean => op.f === 'put' || op.f === 'write' || op.f === 'append' || (op.outcome === 'unknown' && (op.f === 'get' || op.f === 'read'));

/**
 * Appends only grow a value; only a put can replace it. So a get is hopeless in a state when the
 * state is not a prefix of what it returned and no put still to be placed could start that value.
 */
function appendDeadEnd(ops: ReadonlyArray<Operation>): ((state: ValueNode, op: number, placed: Uint32Array) => boolean) | null {
  if (ops.some((op) => !['get', 'read', 'append', 'put', 'write'].includes(op.f))) return null;
  const puts: number[] = [];
  ops.forEach((op, i) => {
    if (op.f === 'put' || op.f === 'write') puts.push(i);
  });
  /** Per get: the puts whose value starts what it returned (computed on first use). */
  const explaining = new Map<number, number[]>();
  return (state, i, placed) => {
    const op = ops[i]!;
    if ((op.f !== 'get' && op.f !== 'read') || op.outcome !== 'ok') return false;
    const seen = asString(op.output);
    if (state.mayPrefix(seen)) return false;
    let candidates = explaining.get(i);
    if (candidates === undefined) {
      candidates = puts.filter((p) => seen.startsWith(asString(ops[p]!.input)));
      explaining.set(i, candidates);
    }
    for (const p of candidates) if ((placed[p >>> 5]! & (1 << (p & 31))) === 0) return false;
    return true;
  };
}

const KV_OPERATIONS = ['get', 'put', 'append', 'read', 'write'];

/** Values are strings; numbers and nil are read as their text ("" for nil), as Porcupine does. */
function kvMalformed(op: Operation): string | null {
  const v = op.f === 'get' || op.f === 'read' ? (op.outcome === 'ok' ? op.output : null) : op.input;
  return v === null || v === undefined || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? null : `a key-value store holds strings, not ${JSON.stringify(v)}`;
}

export const kvModel: Model<ValueNode> = {
  name: 'kv',
  operations: KV_OPERATIONS,
  malformed: kvMalformed,
  init: () => new StringForest().root(''),
  step: stepValue,
  hash: (s) => s.id,
  equal: (a, b) => a === b,
  canonicalStates: true,
  deadEnd: appendDeadEnd,
  includes,
  readOnly,
  neverRefused,
  partition: partitionByKey,
  describeOp: describeKvOp,
  describeState: (s) => showValue(s.toString()),
};

/**
 * Every key in one state: one value node per key (by key number), with a hash kept up to date
 * incrementally (XOR of one term per non-empty key), so a step costs O(keys) for the copy but
 * no string building or sorting.
 */
class Store {
  constructor(
    readonly context: StoreContext,
    readonly values: ReadonlyArray<ValueNode | undefined>,
    readonly hash: number,
  ) {}

  get(k: number): ValueNode {
    return this.values[k] ?? this.context.empty;
  }
}

class StoreContext {
  readonly forest = new StringForest();
  readonly empty = this.forest.root('');
  readonly keys = new Map<string, number>();
  readonly names: string[] = [];

  keyIndex(key: string): number {
    let k = this.keys.get(key);
    if (k === undefined) {
      k = this.names.push(key) - 1;
      this.keys.set(key, k);
    }
    return k;
  }

  term(k: number, node: ValueNode): number {
    if (node === this.empty) return 0;
    let x = Math.imul(k + 1, 0x9e3779b1) ^ Math.imul(node.id + 1, 0x85ebca77);
    x ^= x >>> 15;
    return Math.imul(x, 0xc2b2ae35) | 0;
  }
}

export const kvWholeStoreModel: Model<Store> = {
  name: 'kv',
  operations: KV_OPERATIONS,
  malformed: kvMalformed,
  init() {
    return new Store(new StoreContext(), [], 0);
  },
  step(store, op) {
    const ctx = store.context;
    const k = ctx.keyIndex(op.key ?? '');
    const before = store.get(k);
    const after = stepValue(before, op);
    if (after === IMPOSSIBLE) return IMPOSSIBLE;
    if (after === before) return store;
    const values = store.values.slice();
    values[k] = after;
    return new Store(ctx, values, store.hash ^ ctx.term(k, before) ^ ctx.term(k, after));
  },
  hash: (store) => store.hash,
  equal(a, b) {
    const n = Math.max(a.values.length, b.values.length);
    for (let k = 0; k < n; k++) if (a.get(k) !== b.get(k)) return false;
    return true;
  },
  includes,
  readOnly,
  neverRefused,
  describeOp: describeKvOp,
  describeState: (s) =>
    s.values
      .map((v, k) => (v === undefined || v === s.context.empty ? '' : `${s.context.names[k]}=${showValue(v.toString())}`))
      .filter((x) => x !== '')
      .join(', ') || 'empty',
};
