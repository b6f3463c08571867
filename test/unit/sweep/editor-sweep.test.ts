// The editor's seed sweep (client/run-worker.ts) runs core/sweep's sweepSeeds and shows it through
// client/sweep.ts's sweepResultOf: the same seeds break as in `faultline sweep`.
// (Lives here, not in test/editor/unit: that folder is CommonJS for code-server's sake, and the
// language front end it needs to compile a sample is ESM-only.)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeSweep, sweepResultOf } from '../../../client/sweep.ts';
import { compile } from '../../../core/language/index.ts';
import { sweepSeeds } from '../../../core/sweep/index.ts';

describe('the editor\'s seed sweep', () => {
  it('the editor\'s sweep path (core/sweep) finds the one seed of 1..10 where rare-failure.fault misses its leader bound', () => {
    const { config } = compile(readFileSync(new URL('../../../samples/rare-failure.fault', import.meta.url), 'utf8'));
    assert.ok(config !== null);
    const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
    const result = sweepResultOf(sweepSeeds(config, seeds), 1);
    assert.equal(result.runs, 10);
    const leader = result.expectations.find((e) => e.text.startsWith('leader within'));
    assert.deepEqual(leader?.breakingSeeds, [8], describeSweep(result).join('\n'));
  });

});
