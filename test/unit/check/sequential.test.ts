// Sequential consistency takes a process's own order to be real time within that process: an
// open-loop client's overlapping operations may land in either order. Linearizable histories are
// always sequential, which the property below checks on histories where one process keeps
// several operations in flight.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { checkLinearizable } from '../../../core/check/linearizability.ts';
import { registerModel } from '../../../core/check/models/index.ts';
import { checkSequential } from '../../../core/check/sequential.ts';
import { importHistory } from '../../../core/history/import.ts';
import { toOperations } from '../../../core/history/operations.ts';
import type { History } from '../../../core/types/history.ts';
import { bruteForceSequential } from './helpers/brute-force.ts';
import { history, op, read, write } from './helpers/build-history.ts';
import { registerHistory, stepArb } from './helpers/random-history.ts';

/** Folds the generator's one-operation-at-a-time processes pairwise into one process each, so a
 * process has overlapping operations in flight, as an open-loop client does. */
function openLoop(h: History): History {
  return h.map((e) => ({ ...e, process: Math.floor(Number(e.process) / 2) }));
}

describe('sequential consistency', () => {
  it('lets two overlapping reads of one process take effect in either order', () => {
    // bob's first read is still open when his second one starts and ends: nil, then 1, fits.
    const h = history([read('bob', 1, 0, 10), read('bob', null, 2, 5), write('alice', 1, 6, 8)]);
    assert.equal(checkLinearizable(h, registerModel).verdict.holds, true);
    assert.equal(checkSequential(h, registerModel).holds, true);
  });

  it('still binds a process to the order of operations that did not overlap', () => {
    const h = history([read('bob', 1, 0, 2), read('bob', null, 3, 5), write('alice', 1, 6, 8)]);
    assert.equal(checkSequential(h, registerModel).holds, false);
  });

  it('places an indeterminate write after what its own process had completed before invoking it', () => {
    // alice wrote 1, then 2 (timed out). bob saw 2, then 1: only 2-before-1 explains that, which
    // alice's own order forbids.
    const h = history([
      write('alice', 1, 0, 1),
      op('alice', 'write', 2, 2, 2, null, { key: 'x', type: 'info' }),
      read('bob', 2, 3, 4),
      read('bob', 1, 5, 6),
    ]);
    assert.equal(checkSequential(h, registerModel).holds, false);
  });

  it('grades the leader-isolated run (seed 1) sequential, as its linearizability implies', () => {
    // bob reads every 50 ms with a 400 ms timeout, so his reads overlap; the old search took
    // invocation order as his program order and answered "not sequential" here.
    const text = readFileSync(new URL('./fixtures/leader-isolated-seed1.history.json', import.meta.url), 'utf8');
    const imported = importHistory(text);
    assert.ok(imported.ok);
    assert.equal(checkLinearizable(imported.history, registerModel).verdict.holds, true);
    const verdict = checkSequential(imported.history, registerModel, { maxSteps: 400_000 });
    assert.equal(verdict.holds, true, verdict.summary);
  });

  it('agrees with brute force on 1500 random histories whose processes keep several operations in flight', () => {
    const seen = { yes: 0, no: 0 };
    fc.assert(
      fc.property(fc.array(stepArb(4), { minLength: 8, maxLength: 22 }), (steps) => {
        const h = openLoop(registerHistory(steps));
        const slow = bruteForceSequential(toOperations(h), registerModel);
        seen[slow ? 'yes' : 'no']++;
        assert.equal(checkSequential(h, registerModel).holds, slow);
      }),
      { numRuns: 1500, seed: 31 },
    );
    assert.ok(seen.yes > 200 && seen.no > 100, JSON.stringify(seen));
  });

  it('never calls a linearizable history non-sequential (2000 random open-loop histories)', () => {
    let linearizable = 0;
    fc.assert(
      fc.property(fc.array(stepArb(4), { minLength: 8, maxLength: 30 }), (steps) => {
        const h = openLoop(registerHistory(steps));
        if (checkLinearizable(h, registerModel).verdict.holds !== true) return;
        linearizable++;
        assert.notEqual(checkSequential(h, registerModel).holds, false);
      }),
      { numRuns: 2000, seed: 5 },
    );
    assert.ok(linearizable > 300, `only ${linearizable} linearizable histories`);
  });
});
