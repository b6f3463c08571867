// An append-only list (initially empty): `append` adds one element at the end, `read` returns the
// whole list (Faultline's `append` keys, Jepsen's list-append). Lists are the kv model's
// hash-consed strings (kv-string-state.ts) with each element written as its JSON and a
// separator, so an append costs O(1) and states compare by identity.

import type { Operation } from '../../history/operations.ts';
import { DecidedWithoutSearch, IMPOSSIBLE, Model } from '../model.ts';
import { StringForest, ValueNode } from './kv-string-state.ts';
import { partitionByKey } from './partition-by-key.ts';
import { isLinearization } from './register-without-search.ts';
import { listProblem, scalarProblem, shown } from './value-shapes.ts';

/** Ends every element: JSON text never holds this character unescaped. */
const END = '\u001f';

const element = (v: unknown): string => JSON.stringify(v ?? null) + END;

/** The encoded list a read returned, or null when it is not a list. */
function encoded(v: unknown): string | null {
  if (v === null || v === undefined) return '';
  if (!Array.isArray(v)) return null;
  let s = '';
  for (const item of v) s += element(item);
  return s;
}

function decoded(s: string): string {
  return '[' + s.split(END).slice(0, -1).join(' ') + ']';
}

/** Encoded read results, computed once per operation (the search asks many times). */
const readCache = new WeakMap<Operation, string | null>();
function readValue(op: Operation): string | null {
  let s = readCache.get(op);
  if (s === undefined) readCache.set(op, (s = encoded(op.output)));
  return s;
}

/**
 * A linearization found without search when every append adds an element no other append adds
 * (Faultline's clients append their operation's id): then the longest read names the order of
 * the appends it holds, and a read of k elements sits between the k-th append and the next.
 * The order is built in O(n log n) and trusted only after it replays against the model and
 * real time; anything else (repeated elements, reads that disagree) goes to the search.
 */
function decideListWithoutSearch(ops: ReadonlyArray<Operation>, model: Model<ValueNode>): DecidedWithoutSearch | null {
  const appendOf = new Map<string, Operation>();
  const readsByLength = new Map<number, Operation[]>();
  let longest: unknown[] = [];
  for (const op of ops) {
    if (op.f === 'append') {
      const k = JSON.stringify(op.input ?? null);
      if (appendOf.has(k)) return null;
      appendOf.set(k, op);
    } else if (op.f === 'read' && op.outcome === 'ok' && op.ret !== null) {
      const seen = op.output === null || op.output === undefined ? [] : op.output;
      if (!Array.isArray(seen)) return null;
      if (seen.length > longest.length) longest = seen;
      let same = readsByLength.get(seen.length);
      if (same === undefined) readsByLength.set(seen.length, (same = []));
      same.push(op);
    } else return null;
  }
  const order: Operation[] = [];
  const placed = new Set<Operation>();
  for (let k = 0; k <= longest.length; k++) {
    if (k > 0) {
      const append = appendOf.get(JSON.stringify(longest[k - 1] ?? null));
      if (append === undefined || placed.has(append)) return null;
      order.push(append);
      placed.add(append);
    }
    const reads = readsByLength.get(k) ?? [];
    reads.sort((a, b) => a.ret! - b.ret!);
    for (const r of reads) order.push(r);
  }
  // Appends no read saw take effect after everything read, in the order they completed.
  const unseen = [...appendOf.values()].filter((a) => !placed.has(a));
  unseen.sort((a, b) => (a.ret ?? Number.POSITIVE_INFINITY) - (b.ret ?? Number.POSITIVE_INFINITY) || a.call - b.call);
  for (const a of unseen) order.push(a);
  return order.length === ops.length && isLinearization(order, model) ? { kind: 'ok', order } : null;
}

/** A list model whose states live in `forest` when one is given (the per-key model shares one). */
export function makeListModel(forest: StringForest | null = null): Model<ValueNode> {
  const model: Model<ValueNode> = {
    name: 'list',
    operations: ['append', 'read'],
    init: () => (forest ?? new StringForest()).root(''),
    step(state, op) {
      if (op.f === 'append') return state.forest.child(state, element(op.input));
      if (op.f !== 'read') return IMPOSSIBLE;
      if (op.outcome === 'unknown') return state;
      const seen = readValue(op);
      return seen !== null && state.equals(seen) ? state : IMPOSSIBLE;
    },
    hash: (s) => s.id,
    equal: (a, b) => a === b,
    canonicalStates: forest === null,
    includes: (op) => op.outcome !== 'fail',
    readOnly: (op) => op.f === 'read',
    neverRefused: (op) => op.f === 'append' || op.outcome === 'unknown',
    // Appends only grow a list: a read is hopeless once the list is not a prefix of what it saw.
    deadEnd: (ops) => (state, i) => {
      const op = ops[i]!;
      if (op.f !== 'read' || op.outcome !== 'ok') return false;
      const seen = readValue(op);
      return seen === null || !state.mayPrefix(seen);
    },
    partition: partitionByKey,
    malformed(op) {
      if (op.f === 'append') return scalarProblem('an appended element', op.input);
      if (op.f === 'read' && op.outcome === 'ok') return listProblem('a list read', op.output);
      return null;
    },
    describeOp(op) {
      const key = op.key ?? 'the list';
      if (op.f === 'append') return `append ${shown(op.input)} to ${key}`;
      return op.outcome === 'unknown' ? `read ${key}` : `read ${key}=${decoded(readValue(op) ?? '')}`;
    },
    describeState: (s) => decoded(s.toString()),
    decideWithoutSearch: (ops) => decideListWithoutSearch(ops, model),
  };
  return model;
}

export const listModel = makeListModel();
