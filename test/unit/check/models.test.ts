// The models beyond the register: each knows its own operations, judges a history Knossos or
// Porcupine would judge the same way, and the choice of model refuses what no model knows.

import assert from 'node:assert/strict';
import { checkLinearizable } from '../../../core/check/linearizability.ts';
import type { Model } from '../../../core/check/model.ts';
import {
  chooseModel,
  counterModel,
  listModel,
  malformedOperation,
  multiRegisterModel,
  mutexModel,
  queueModel,
  registerModel,
  setModel,
} from '../../../core/check/models/index.ts';
import { toOperations } from '../../../core/history/operations.ts';
import { bruteForceLinearizable } from './helpers/brute-force.ts';
import { history, op, read, write } from './helpers/build-history.ts';

const holds = (ops: ReturnType<typeof op>[], model: Model<unknown>) => checkLinearizable(history(ops), model).verdict.holds;

describe('models', () => {
  describe('counter', () => {
    const inc = (p: string, start: number, end: number | null) => op(p, 'increment', 1, 1, start, end, { key: 'c' });
    it('three overlapping increments then a read of 3 are linearizable', () => {
      assert.equal(holds([inc('a', 0, 10), inc('b', 1, 11), inc('c', 2, 12), read('r', 3, 20, 30, 'c')], counterModel as Model<unknown>), true);
    });
    it('a read of 2 after three completed increments is not linearizable', () => {
      assert.equal(holds([inc('a', 0, 10), inc('b', 1, 11), inc('c', 2, 12), read('r', 2, 20, 30, 'c')], counterModel as Model<unknown>), false);
    });
    it('an increment that timed out may or may not have counted: reads of 1 and then 2 are both fine', () => {
      const ops = [inc('a', 0, 10), inc('b', 1, null), read('r', 1, 20, 30, 'c'), read('r', 2, 40, 50, 'c')];
      assert.equal(holds(ops, counterModel as Model<unknown>), true);
    });
  });

  describe('append-only list', () => {
    const app = (p: string, v: number, start: number, end: number | null) => op(p, 'append', v, v, start, end, { key: 'l' });
    it('a read of [7 5] after overlapping appends of 7 and 5 is linearizable (a list, not the string "75")', () => {
      assert.equal(holds([app('a', 7, 0, 10), app('b', 5, 1, 11), read('r', [7, 5], 20, 30, 'l')], listModel as Model<unknown>), true);
    });
    it('a read of [5 7] when 7 was appended before 5 began is not linearizable', () => {
      assert.equal(holds([app('a', 7, 0, 10), app('b', 5, 20, 30), read('r', [5, 7], 40, 50, 'l')], listModel as Model<unknown>), false);
    });
    it('agrees with brute force on small list histories, with and without the shortcut for distinct elements', () => {
      const cases = [
        [app('a', 1, 0, 10), app('b', 2, 5, 15), read('r', [2], 6, 8, 'l'), read('s', [2, 1], 16, 20, 'l')],
        [app('a', 1, 0, 10), app('b', 2, 5, 15), read('r', [1], 6, 8, 'l'), read('s', [2, 1], 16, 20, 'l')],
        [app('a', 1, 0, 10), app('b', 1, 5, 15), read('r', [1], 6, 8, 'l'), read('s', [1, 1], 16, 20, 'l')],
        [app('a', 1, 0, null), read('r', [], 6, 8, 'l'), read('s', [1], 16, 20, 'l'), read('t', [], 21, 22, 'l')],
      ];
      for (const c of cases) {
        const ops = toOperations(history(c));
        assert.equal(checkLinearizable(history(c), listModel).verdict.holds, bruteForceLinearizable(ops, listModel), JSON.stringify(c));
      }
    });
  });

  describe('set, queue, mutex, multi-register', () => {
    it('a set read that misses an add completed before it began is not linearizable; one that has it is', () => {
      const add = (v: number, s: number, e: number) => op('a', 'add', v, v, s, e, { key: 'x' });
      assert.equal(holds([add(1, 0, 10), add(2, 11, 20), read('r', [2, 1], 30, 40)], setModel as Model<unknown>), true);
      assert.equal(holds([add(1, 0, 10), add(2, 11, 20), read('r', [2], 30, 40)], setModel as Model<unknown>), false);
    });
    it('a queue hands elements out first in, first out', () => {
      const enq = (v: number, s: number, e: number) => op('p', 'enqueue', v, v, s, e);
      const deq = (v: unknown, s: number, e: number) => op('c', 'dequeue', null, v, s, e);
      assert.equal(holds([enq(1, 0, 10), enq(2, 11, 20), deq(1, 30, 40), deq(2, 41, 50), deq(null, 51, 60)], queueModel as Model<unknown>), true);
      assert.equal(holds([enq(1, 0, 10), enq(2, 11, 20), deq(2, 30, 40)], queueModel as Model<unknown>), false);
    });
    it('two clients cannot both hold a mutex: acquire, acquire without a release between is not linearizable', () => {
      const lock = (p: string, f: string, s: number, e: number) => op(p, f, null, null, s, e);
      assert.equal(holds([lock('a', 'acquire', 0, 10), lock('a', 'release', 11, 20), lock('b', 'acquire', 21, 30)], mutexModel as Model<unknown>), true);
      assert.equal(holds([lock('a', 'acquire', 0, 10), lock('b', 'acquire', 11, 20)], mutexModel as Model<unknown>), false);
    });
    it('a transaction reads what an earlier transaction wrote to both registers, or the history is not linearizable', () => {
      const w = op('a', 'txn', [['w', 'x', 1], ['w', 'y', 2]], [['w', 'x', 1], ['w', 'y', 2]], 0, 10);
      const good = op('b', 'txn', [['r', 'x', null], ['r', 'y', null]], [['r', 'x', 1], ['r', 'y', 2]], 20, 30);
      const torn = op('b', 'txn', [['r', 'x', null], ['r', 'y', null]], [['r', 'x', 1], ['r', 'y', null]], 20, 30);
      assert.equal(holds([w, good], multiRegisterModel as Model<unknown>), true);
      assert.equal(holds([w, torn], multiRegisterModel as Model<unknown>), false);
    });
  });

  describe('choosing a model', () => {
    const ops = (...o: ReturnType<typeof op>[]) => toOperations(history(o));
    it('refuses an operation no model knows, naming what is supported', () => {
      const choice = chooseModel(ops(op('a', 'frobnicate', 1, 1, 0, 10)));
      assert.equal(choice.ok, false);
      assert.match(!choice.ok ? choice.message : '', /:frobnicate.*supported: register \(read, write, cas/);
    });
    it('names the first operation, in history order, that no model (or the model asked for) knows', () => {
      const mixed = ops(write('a', 1, 0, 10), op('b', 'frobnicate', 1, 1, 11, 20), read('c', 1, 21, 30), op('d', 'frobnicate', 2, 2, 31, 40), op('e', 'txn', [], [], 41, 50));
      const any = chooseModel(mixed);
      assert.match(!any.ok ? any.message : '', /:frobnicate \(process b\)/);
      const asked = chooseModel(ops(write('a', 1, 0, 10), read('c', 1, 21, 30), op('d', 'add', 2, 2, 31, 40), op('e', 'enqueue', 1, 1, 41, 50)), 'register');
      assert.match(!asked.ok ? asked.message : '', /not :add \(process d\)/);
    });
    it('refuses :txn when the register model is asked for, and picks multi-register when nothing is', () => {
      const txn = ops(op('a', 'txn', [['w', 'x', 1]], [['w', 'x', 1]], 0, 10));
      assert.equal(chooseModel(txn, 'register').ok, false);
      const auto = chooseModel(txn);
      assert.equal(auto.ok && auto.name, 'multi-register');
    });
    it('refuses keys that call for models that cannot be mixed (a mutex key beside a queue key)', () => {
      const choice = chooseModel(ops(op('a', 'acquire', null, null, 0, 10, { key: 'l' }), op('b', 'enqueue', 1, 1, 0, 10, { key: 'q' })));
      assert.equal(choice.ok, false);
      assert.match(!choice.ok ? choice.message : '', /choose one with --model/);
    });
    it('checks a register key, a counter key and a list key each with its own model', () => {
      const h = history([
        write('a', 1, 0, 10, 'x'),
        op('b', 'increment', 1, 1, 0, 10, { key: 'c' }),
        op('c', 'append', 7, 7, 0, 10, { key: 'l' }),
        read('r', 1, 20, 30, 'x'),
        read('r', 1, 31, 40, 'c'),
        read('r', [7], 41, 50, 'l'),
      ]);
      const choice = chooseModel(toOperations(h));
      assert.ok(choice.ok);
      assert.equal(choice.name, 'counter, list, register (by key)');
      assert.equal(checkLinearizable(h, choice.model).verdict.holds, true);
    });
    it('tells Porcupine-style string appends (kv) from list appends', () => {
      const kv = chooseModel(ops(op('a', 'append', 'x', 'x', 0, 10, { key: 'k' }), op('b', 'get', null, 'x', 11, 20, { key: 'k' })));
      const list = chooseModel(ops(op('a', 'append', 3, 3, 0, 10, { key: 'k' }), read('b', [3], 11, 20, 'k')));
      assert.equal(kv.ok && kv.name, 'kv');
      assert.equal(list.ok && list.name, 'list');
    });
    it('a key only appended to and never read follows the other keys instead of calling for a model of its own (corpus c01-bad, key 4)', () => {
      const kvKey = [op('a', 'append', 'x', 'x', 0, 10, { key: '0' }), op('b', 'get', null, 'x', 11, 20, { key: '0' })];
      const unread = op('a', 'append', 'y', 'y', 21, 30, { key: '4' });
      const mixed = chooseModel(ops(...kvKey, unread));
      assert.equal(mixed.ok && mixed.name, 'kv');
      // With list reads elsewhere it is a list; alone, with nothing to follow, a list as before.
      const listKey = [op('a', 'append', 3, 3, 0, 10, { key: '0' }), read('b', [3], 11, 20, '0')];
      assert.equal(chooseModel(ops(...listKey, op('a', 'append', 4, 4, 21, 30, { key: '4' }))).ok, true);
      const alone = chooseModel(ops(unread));
      assert.equal(alone.ok && alone.name, 'list');
      // A register key beside it cannot take an append: the append-only key stays a list, per key.
      const register = chooseModel(ops(op('a', 'write', 1, 1, 0, 10, { key: '0' }), read('b', 1, 11, 20, '0'), unread));
      assert.equal(register.ok && register.name, 'list, register (by key)');
    });
  });

  describe('malformed values', () => {
    for (const [what, o] of [
      ['cas "abc"', op('a', 'cas', 'abc', null, 0, 10)],
      ['cas [1 2 3]', op('a', 'cas', [1, 2, 3], null, 0, 10)],
      ['write {:a 1}', op('a', 'write', { a: 1 }, { a: 1 }, 0, 10)],
    ] as const) {
      it(`refuses ${what} for the register model`, () => {
        assert.match(malformedOperation(toOperations(history([o])), registerModel as Model<unknown>) ?? '', /process a's :(cas|write)/);
      });
    }
  });
});
