// The sequential checker's shortcut: a process that saw a write and later read a write its writer
// had issued before that one proves "not sequential" without search. It must never fire on a
// sequential history (checked against brute force on random unique-value histories), and it must
// decide histories whose search would run out of budget.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { registerModel } from '../../../core/check/models/index.ts';
import { checkSequential } from '../../../core/check/sequential.ts';
import { findSequentialWitness } from '../../../core/check/sequential-witness.ts';
import { toOperations } from '../../../core/history/operations.ts';
import { bruteForceSequential } from './helpers/brute-force.ts';
import { history, op, read, write, type Op } from './helpers/build-history.ts';

/**
 * Random histories of unique-value writes and reads by 3 processes that keep up to two operations
 * in flight. Each operation takes effect on a real register at its start, so untouched histories
 * are linearizable; some reads are then made to return an older write's value (or nil).
 */
const uniqueValueHistory = fc
  .array(fc.record({ p: fc.integer({ min: 0, max: 2 }), isWrite: fc.boolean(), length: fc.integer({ min: 1, max: 6 }), gap: fc.integer({ min: 0, max: 3 }), stale: fc.integer({ min: 0, max: 7 }), indeterminate: fc.integer({ min: 0, max: 9 }) }), { minLength: 4, maxLength: 14 })
  .map((steps) => {
    const ops: Op[] = [];
    const written: number[] = [];
    let value: number | null = null;
    let clock = 0;
    let next = 1;
    for (const s of steps) {
      clock += s.gap;
      const end = s.indeterminate === 0 ? null : clock + s.length;
      if (s.isWrite) {
        const v = next++;
        ops.push(end === null ? op(s.p, 'write', v, null, clock, null, { key: 'x' }) : write(s.p, v, clock, end));
        written.push(v);
        value = v;
      } else {
        // stale 1..2: an older value than the current one (or nil); else the current value.
        const older = s.stale <= 2 && written.length > 0 ? (s.stale === 1 ? null : written[Math.max(0, written.length - 2)]!) : value;
        ops.push(read(s.p, older, clock, end ?? clock + s.length));
      }
    }
    return history(ops);
  });

describe('the sequential witness', () => {
  it('catches a reader that sees one writer\'s values out of that writer\'s order', () => {
    const h = history([write('alice', 1, 0, 1), write('alice', 2, 2, 3), read('bob', 2, 4, 5), read('bob', 1, 6, 7)]);
    const witness = findSequentialWitness(toOperations(h));
    assert.deepEqual([witness?.read.output, witness?.newer.input, witness?.older?.input], [1, 2, 1]);
    const verdict = checkSequential(h, registerModel);
    assert.equal(verdict.holds, false);
    assert.match(verdict.summary, /bob read x=1 after it had read x=2, which alice wrote only after 1/);
  });

  it('catches a process reading nil after its own acknowledged write', () => {
    const h = history([write('alice', 7, 0, 1), read('alice', null, 2, 3)]);
    assert.equal(findSequentialWitness(toOperations(h))?.older, null);
    assert.match(checkSequential(h, registerModel).summary, /alice read x=nil after it wrote x=7/);
  });

  it('does not fire when the two writes came from different processes (no order binds them)', () => {
    const h = history([write('alice', 1, 0, 1), write('carol', 2, 2, 3), read('bob', 2, 4, 5), read('bob', 1, 6, 7)]);
    assert.equal(findSequentialWitness(toOperations(h)), null);
    assert.equal(checkSequential(h, registerModel).holds, true);
  });

  it('does not fire when the writer kept both writes in flight at once, or the reads overlapped', () => {
    const overlappingWrites = history([write('alice', 1, 0, 5), write('alice', 2, 2, 3), read('bob', 2, 6, 7), read('bob', 1, 8, 9)]);
    assert.equal(findSequentialWitness(toOperations(overlappingWrites)), null);
    const overlappingReads = history([write('alice', 1, 0, 1), write('alice', 2, 2, 3), read('bob', 2, 4, 8), read('bob', 1, 6, 7)]);
    assert.equal(findSequentialWitness(toOperations(overlappingReads)), null);
  });

  it('never fires on a sequential history, and finds one in many that are not (1500 random histories, brute force)', () => {
    const tally = { fired: 0, notSequential: 0, sequential: 0 };
    fc.assert(
      fc.property(uniqueValueHistory, (h) => {
        const ops = toOperations(h).filter((o) => registerModel.includes(o));
        const sequential = bruteForceSequential(toOperations(h), registerModel);
        tally[sequential ? 'sequential' : 'notSequential']++;
        const witness = findSequentialWitness(ops);
        if (witness !== null) {
          tally.fired++;
          assert.equal(sequential, false, JSON.stringify(h));
        }
        assert.equal(checkSequential(h, registerModel).holds, sequential);
      }),
      { numRuns: 1500, seed: 7 },
    );
    assert.ok(tally.fired > 100 && tally.sequential > 300, JSON.stringify(tally));
  });

  it('decides in one pass a history far beyond what the search can take', () => {
    // 4,000 operations: more than the search accepts at all; the witness is near the end.
    const ops: Op[] = [];
    for (let i = 0; i < 2000; i++) ops.push(write('alice', i + 1, 4 * i, 4 * i + 1), read('bob', i + 1, 4 * i + 2, 4 * i + 3));
    ops.push(read('bob', 1999, 8000, 8001));
    const verdict = checkSequential(history(ops), registerModel);
    assert.equal(verdict.holds, false, verdict.summary);
  });
});
