// The WGL checker agrees with a brute-force search on thousands of small random histories, both
// linearizable and not, including indeterminate operations and (for kv) per-key partitioning.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLinearizable } from '../../../core/check/linearizability.ts';
import { kvModel, kvWholeStoreModel, registerModel } from '../../../core/check/models/index.ts';
import { toOperations } from '../../../core/history/operations.ts';
import { checkSequential } from '../../../core/check/sequential.ts';
import { bruteForceLinearizable, bruteForceSequential } from './helpers/brute-force.ts';
import { kvHistory, registerHistory, stepArb } from './helpers/random-history.ts';

describe('sequential consistency checker against brute force', () => {
  it('agrees on 2000 random register histories', () => {
    const seen = { yes: 0, no: 0 };
    fc.assert(
      fc.property(fc.array(stepArb(3), { minLength: 8, maxLength: 24 }), (steps) => {
        const history = registerHistory(steps);
        const slow = bruteForceSequential(toOperations(history), registerModel);
        seen[slow ? 'yes' : 'no']++;
        assert.equal(checkSequential(history, registerModel).holds, slow);
      }),
      { numRuns: 2000, seed: 23 },
    );
    assert.ok(seen.yes > 200 && seen.no > 100, JSON.stringify(seen));
  });
});

describe('linearizability checker against brute force', () => {
  it('agrees on 3000 random register histories (read/write/cas, info and open operations)', () => {
    const seen = { yes: 0, no: 0 };
    fc.assert(
      fc.property(fc.array(stepArb(3), { minLength: 8, maxLength: 24 }), (steps) => {
        const history = registerHistory(steps);
        const fast = checkLinearizable(history, registerModel).verdict.holds;
        const slow = bruteForceLinearizable(toOperations(history), registerModel);
        seen[slow ? 'yes' : 'no']++;
        assert.equal(fast, slow);
      }),
      { numRuns: 3000, seed: 42 },
    );
    // Both kinds must really occur, or the agreement proves little.
    assert.ok(seen.yes > 300 && seen.no > 300, JSON.stringify(seen));
  });

  it('agrees on 2000 random two-key kv histories, per key and whole-store', () => {
    const seen = { yes: 0, no: 0 };
    fc.assert(
      fc.property(fc.array(stepArb(3), { minLength: 8, maxLength: 24 }), (steps) => {
        const history = kvHistory(steps);
        const perKey = checkLinearizable(history, kvModel).verdict.holds;
        const whole = checkLinearizable(history, kvWholeStoreModel).verdict.holds;
        const slow = bruteForceLinearizable(toOperations(history), kvWholeStoreModel);
        seen[slow ? 'yes' : 'no']++;
        assert.equal(perKey, slow);
        assert.equal(whole, slow);
      }),
      { numRuns: 2000, seed: 7 },
    );
    assert.ok(seen.yes > 200 && seen.no > 200, JSON.stringify(seen));
  });
});
