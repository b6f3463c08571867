// A register whose writes all write different values is decided without search: a found order
// is verified, a violation is proven by two values that each had to come first. Checked against
// brute force, and on histories the WGL search cannot finish within its budget.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLinearizable } from '../../../core/check/linearizability.ts';
import { registerModel } from '../../../core/check/models/index.ts';
import { decideWithoutSearch } from '../../../core/check/models/register-without-search.ts';
import { toOperations } from '../../../core/history/operations.ts';
import { bruteForceLinearizable } from './helpers/brute-force.ts';
import { history, read, write } from './helpers/build-history.ts';
import { uniqueRegisterHistory, uniqueStepArb } from './helpers/unique-register-history.ts';

/** What the check searches: without the timed-out reads, which fit anywhere. */
const searched = (h: ReturnType<typeof uniqueRegisterHistory>) =>
  toOperations(h).filter((op) => registerModel.includes(op) && !(op.outcome === 'unknown' && op.f === 'read'));

describe('register linearizability without search', () => {
  it('agrees with brute force on 3000 random histories with distinct written values', () => {
    const seen = { ok: 0, violation: 0, undecided: 0 };
    fc.assert(
      fc.property(fc.array(uniqueStepArb(4), { minLength: 6, maxLength: 26 }), (steps) => {
        const h = uniqueRegisterHistory(steps);
        const decision = decideWithoutSearch(searched(h), registerModel);
        const truth = bruteForceLinearizable(toOperations(h), registerModel);
        if (decision === null) seen.undecided++;
        else {
          seen[decision.kind === 'ok' ? 'ok' : 'violation']++;
          assert.equal(decision.kind === 'ok', truth, JSON.stringify(decision.kind));
        }
        assert.equal(checkLinearizable(h, registerModel).verdict.holds, truth);
      }),
      { numRuns: 3000, seed: 11 },
    );
    // Only reads of a value nobody wrote are left to the search.
    assert.ok(seen.ok > 500 && seen.violation > 100 && seen.undecided < 100, JSON.stringify(seen));
  });

  it('decides 40 overlapping writes pinned down by reads within a 1,000-step budget', () => {
    // Every write is in flight over the whole window; reads fix their order 40, 39, ..., 1.
    const ops = [];
    for (let v = 1; v <= 40; v++) ops.push(write(`w${v}`, v, v, 1000));
    for (let v = 40; v >= 1; v--) ops.push(read('reader', v, 100 + (40 - v) * 20, 110 + (40 - v) * 20));
    const result = checkLinearizable(history(ops), registerModel, { budget: { maxSteps: 1000 } });
    assert.equal(result.verdict.holds, true, result.verdict.summary);
  });

  it('proves a value coming back after it was overwritten, with the operations that show it', () => {
    // A write applied twice (a retry without an idempotency key): 1 is read, 2 overwrites it and
    // is read, then 1 shows again.
    const ops = [write('w1', 1, 0, 1000), read('r', 1, 10, 20)];
    for (let v = 2; v <= 30; v++) ops.push(write(`w${v}`, v, 5, 900));
    ops.push(read('r', 2, 30, 40), read('r', 1, 950, 960));
    const result = checkLinearizable(history(ops), registerModel, { budget: { maxSteps: 30_000 }, timed: true });
    assert.equal(result.verdict.holds, false, result.verdict.summary);
    assert.match(result.verdict.summary, /r's read x=1 .* gone back to an older value/);
  });

  it('proves a read of a value whose only write had not begun yet', () => {
    const h = history([read('r', 7, 0, 10), write('w', 7, 20, 30)]);
    const decision = decideWithoutSearch(searched(h), registerModel);
    assert.equal(decision?.kind, 'read-before-write');
    assert.equal(checkLinearizable(h, registerModel).verdict.holds, false);
  });
});
