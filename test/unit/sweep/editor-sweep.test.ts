// The editor's seed sweep (client/run-worker.ts) runs core/sweep's sweepSeeds and shows it through
// client/sweep.ts's sweepResultOf: the same seeds break as in `faultline sweep`.
// (Lives here, not in test/editor/unit: that folder is CommonJS for code-server's sake, and the
// language front end it needs to compile a sample is ESM-only.)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeSweep, sweepResultOf } from '../../../client/sweep.ts';
import { compile } from '../../../core/language/index.ts';
import { sweepSeeds } from '../../../core/sweep/index.ts';
import { shrinkSeed } from '../../../client/sweep-shrink.ts';
import { undecidedExamples } from '../../../client/sweep-undecided.ts';

describe('the editor\'s seed sweep', () => {
  it('the editor\'s sweep path (core/sweep) finds the one seed of 1..10 where rare-failure.fault misses its leader bound', () => {
    const { config } = compile(readFileSync(new URL('../../../samples/rare-failure.fault', import.meta.url), 'utf8'));
    assert.ok(config !== null);
    const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
    const result = sweepResultOf(sweepSeeds(config, seeds), 1);
    assert.equal(result.runs, 10);
    const leader = result.expectations.find((e) => e.text.startsWith('leader within'));
    assert.deepEqual(leader?.breakingSeeds, [8], describeSweep(result).join('\n'));
    assert.deepEqual(result.failing.map((f) => f.seed), [8]);
    assert.ok(result.failing[0]!.faults.some((line) => /^at \d+(\.\d+)?m?s crash n\d$/.test(line)), result.failing[0]!.faults.join('\n'));
  });

  it('an expectation undecided on some seed is explained by that seed\'s own verdict sentence', () => {
    const { config } = compile(readFileSync(new URL('../../../samples/rare-failure.fault', import.meta.url), 'utf8'));
    assert.ok(config !== null);
    const summary = sweepSeeds(config, Array.from({ length: 10 }, (_, i) => i + 1));
    const undecidedSeed = summary.outcomes.find((o) => o.verdicts[0] === 'u')?.seed;
    assert.ok(undecidedSeed !== undefined, 'seeds 1..10 leave "leader within" undecided once');
    const examples = undecidedExamples(config, summary);
    assert.equal(examples[0]?.seed, undecidedSeed);
    assert.match(examples[0]?.reason ?? '', /^not decided: /);
    assert.equal(examples[1], undefined, '"one leader per term" was decided on every seed');
  });

  it('the view\'s Shrink cuts seed 8 of rare-failure.fault down to concrete crashes that still break the leader bound, and reports each run', () => {
    const { config } = compile(readFileSync(new URL('../../../samples/rare-failure.fault', import.meta.url), 'utf8'));
    assert.ok(config !== null);
    const progress: number[] = [];
    const outcome = shrinkSeed(config, 8, 'leader within 350ms after crash', { fileName: 'rare-failure.fault', onRun: (runs) => progress.push(runs) });
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.equal(outcome.replays, true, 'the printed text, compiled and run again, breaks the expectation');
    assert.equal(outcome.after.randomFaults, 0);
    assert.ok(outcome.after.faults > 0 && outcome.after.runForUs < outcome.before.runForUs);
    assert.match(outcome.text, /^\/\/ Shrunk by Faultline's seed sweep from rare-failure\.fault, seed 8/);
    assert.match(outcome.text, /^ {2}seed 8$/m);
    assert.match(outcome.text, /^ {4}at \d+(\.\d{1,3})?s crash n\d$/m, 'whole milliseconds, written in seconds');
    assert.deepEqual(progress, Array.from({ length: outcome.runs }, (_, i) => i + 1));
  });

  it('Shrink on a seed where the expectation holds says there is nothing to shrink', () => {
    const { config } = compile(readFileSync(new URL('../../../samples/rare-failure.fault', import.meta.url), 'utf8'));
    assert.ok(config !== null);
    const outcome = shrinkSeed(config, 1, 'leader within 350ms after crash', { fileName: 'rare-failure.fault' });
    assert.deepEqual(outcome, { ok: false, message: '"leader within 350ms after crash" holds with seed 1: nothing to shrink' });
  });

});
