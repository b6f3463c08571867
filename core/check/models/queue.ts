// A FIFO queue (initially empty): `enqueue` adds at the back, `dequeue` takes from the front and
// returns it (nil: the queue was empty). A state is the elements' JSON, joined front to back.

import { IMPOSSIBLE, Model } from '../model.ts';
import { partitionByKey } from './partition-by-key.ts';
import { scalarProblem, shown } from './value-shapes.ts';

const SEP = '\u001f';

export const queueModel: Model<string> = {
  name: 'queue',
  operations: ['enqueue', 'dequeue'],
  init: () => '',
  step(state, op) {
    if (op.f === 'enqueue') {
      const e = JSON.stringify(op.input ?? null);
      return state === '' ? e : state + SEP + e;
    }
    if (op.f !== 'dequeue') return IMPOSSIBLE;
    const cut = state.indexOf(SEP);
    const front = state === '' ? null : cut < 0 ? state : state.slice(0, cut);
    const rest = cut < 0 ? '' : state.slice(cut + 1);
    // An indeterminate dequeue took the front element, if there was one.
    if (op.outcome === 'unknown') return front === null ? state : rest;
    const got = op.output === null || op.output === undefined ? null : JSON.stringify(op.output);
    if (got === null) return front === null ? state : IMPOSSIBLE;
    return got === front ? rest : IMPOSSIBLE;
  },
  hash: (s) => 'q' + s,
  equal: (a, b) => a === b,
  includes: (op) => op.outcome !== 'fail',
  neverRefused: (op) => op.f === 'enqueue' || op.outcome === 'unknown',
  partition: partitionByKey,
  malformed(op) {
    if (op.f === 'enqueue') return scalarProblem('an enqueued element', op.input);
    if (op.f === 'dequeue' && op.outcome === 'ok') return scalarProblem('a dequeued element', op.output);
    return null;
  },
  describeOp(op) {
    const key = op.key ?? 'the queue';
    if (op.f === 'enqueue') return `enqueue ${shown(op.input)} on ${key}`;
    return op.outcome === 'unknown' ? `dequeue from ${key}` : `dequeue ${shown(op.output)} from ${key}`;
  },
  describeState: (s) => (s === '' ? 'empty' : `[${s.split(SEP).join(' ')}]`),
};
