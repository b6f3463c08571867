// A read/write/compare-and-set register (initially nil), one per key when operations carry keys.
// A two-phase-commit `transfer` is a write: the transaction sets its key to its value on every
// participant, and reads (served by a participant) see it or an older value.
// A failed CAS without an error counts as a comparison that failed: it changed nothing and proves
// the register did not hold FROM at that moment. A CAS or write that failed with an error
// (timeout, not leader) never happened, nor did a failed read.

import { IMPOSSIBLE, Model, showValue } from '../model.ts';
import { partitionByKey } from './partition-by-key.ts';
import { registerDecision } from './register-without-search.ts';
import { scalarProblem, shown } from './value-shapes.ts';

type Value = unknown;

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function casArgs(v: unknown): [unknown, unknown] {
  return Array.isArray(v) && v.length === 2 ? [v[0], v[1]] : [undefined, undefined];
}

export const registerModel: Model<Value> = {
  name: 'register',
  operations: ['read', 'write', 'cas', 'get', 'put', 'transfer'],
  init: () => null,
  step(state, op) {
    switch (op.f) {
      case 'read':
      case 'get':
        if (op.outcome === 'unknown') return state;
        return same(op.output, state) ? state : IMPOSSIBLE;
      case 'write':
      case 'put':
      case 'transfer':
        return op.input;
      case 'cas': {
        const [from, to] = casArgs(op.input);
        const matches = same(state, from);
        if (op.outcome === 'unknown') return matches ? to : state;
        if (op.outcome === 'ok') return matches ? to : IMPOSSIBLE;
        return matches ? IMPOSSIBLE : state;
      }
      default:
        return IMPOSSIBLE;
    }
  },
  hash: (s) => (typeof s === 'number' ? s : typeof s === 'string' ? 's' + s : JSON.stringify(s) ?? 'nil'),
  equal: same,
  includes(op) {
    if (op.outcome !== 'fail') return true;
    return op.f === 'cas' && op.error === undefined;
  },
  readOnly: (op) => op.f === 'read' || op.f === 'get' || (op.f === 'cas' && op.outcome === 'fail'),
  // A write's result says nothing about the state it found; a read or a compare-and-set's does.
  neverRefused: (op) => op.outcome === 'unknown' || op.f === 'write' || op.f === 'put' || op.f === 'transfer',
  partition: partitionByKey,
  malformed(op) {
    switch (op.f) {
      case 'write':
      case 'put':
      case 'transfer':
        return scalarProblem('a written value', op.input);
      case 'cas': {
        const args = op.input;
        if (!Array.isArray(args) || args.length !== 2) return `compare-and-set needs [from to], not ${shown(args)}`;
        return scalarProblem('compare-and-set\'s from', args[0]) ?? scalarProblem('compare-and-set\'s to', args[1]);
      }
      default:
        // A store that keeps concurrent writes as siblings reads back a list of them: judged (no
        // single register returns it), not refused, so `check` agrees with the run that made it.
        if (op.outcome === 'ok' && Array.isArray(op.output) && op.output.every((v) => scalarProblem('a sibling', v) === null)) return null;
        return op.outcome === 'ok' ? scalarProblem('a value read', op.output) : null;
    }
  },
  decideWithoutSearch: (ops) => registerDecision(ops, registerModel),
  describeOp(op) {
    const key = op.key ?? 'x';
    switch (op.f) {
      case 'read':
      case 'get':
        return op.outcome === 'unknown' ? `read ${key}` : `read ${key}=${showValue(op.output)}`;
      case 'write':
      case 'put':
        return `write ${key}=${showValue(op.input)}`;
      case 'transfer':
        return `transfer ${key}=${showValue(op.input)}`;
      case 'cas': {
        const [from, to] = casArgs(op.input);
        const verb = op.outcome === 'fail' ? 'failed compare-and-set' : 'compare-and-set';
        return `${verb} ${key} from ${showValue(from)} to ${showValue(to)}`;
      }
      default:
        return `${op.f} ${key}`;
    }
  },
  describeState: (s) => showValue(s),
};
