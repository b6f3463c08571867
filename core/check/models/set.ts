// A set (initially empty), as Jepsen's set test uses it: `add` puts one element in, `read`
// returns the whole set. A state is the sorted elements' JSON, joined, so equal sets are equal
// strings.

import type { Operation } from '../../history/operations.ts';
import { IMPOSSIBLE, Model } from '../model.ts';
import { partitionByKey } from './partition-by-key.ts';
import { listProblem, scalarProblem, shown } from './value-shapes.ts';

const SEP = '\u001f';

function canonical(elements: ReadonlyArray<unknown>): string {
  const keys = [...new Set(elements.map((e) => JSON.stringify(e ?? null)))].sort();
  return keys.join(SEP);
}

const readCache = new WeakMap<Operation, string | null>();
function readValue(op: Operation): string | null {
  let s = readCache.get(op);
  if (s === undefined) {
    s = op.output === null || op.output === undefined ? '' : Array.isArray(op.output) ? canonical(op.output) : null;
    readCache.set(op, s);
  }
  return s;
}

function withElement(state: string, element: unknown): string {
  const e = JSON.stringify(element ?? null);
  if (state === '') return e;
  const items = state.split(SEP);
  if (items.includes(e)) return state;
  items.push(e);
  return items.sort().join(SEP);
}

export const setModel: Model<string> = {
  name: 'set',
  operations: ['add', 'read'],
  init: () => '',
  step(state, op) {
    if (op.f === 'add') return withElement(state, op.input);
    if (op.f !== 'read') return IMPOSSIBLE;
    if (op.outcome === 'unknown') return state;
    return readValue(op) === state ? state : IMPOSSIBLE;
  },
  hash: (s) => 's' + s,
  equal: (a, b) => a === b,
  includes: (op) => op.outcome !== 'fail',
  readOnly: (op) => op.f === 'read',
  neverRefused: (op) => op.f === 'add' || op.outcome === 'unknown',
  partition: partitionByKey,
  malformed(op) {
    if (op.f === 'add') return scalarProblem('an added element', op.input);
    if (op.f === 'read' && op.outcome === 'ok') return listProblem('a set read', op.output);
    return null;
  },
  describeOp(op) {
    const key = op.key ?? 'the set';
    if (op.f === 'add') return `add ${shown(op.input)} to ${key}`;
    return op.outcome === 'unknown' ? `read ${key}` : `read ${key}=#{${(readValue(op) ?? '').split(SEP).join(' ')}}`;
  },
  describeState: (s) => `#{${s.split(SEP).join(' ')}}`,
};
