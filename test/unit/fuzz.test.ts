// The fixed-seed slice of the fuzz suite (test/fuzz; `npm run fuzz` runs it long): mutants of
// every sample through validate and run, and mutated EDN and JSON histories through check, all
// in-process. Each must be handled: a diagnostic, a refusal or a verdict, never a throw.

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { mutantArbitrary, mutate } from '../fuzz/mutate.ts';
import { historyTexts, sampleTexts, tryTarget } from '../fuzz/targets.ts';

const SLICE = 80;
const SEED = 20_261_203;

describe('fuzz slice (fixed seed)', () => {
  const samples = sampleTexts();
  const histories = historyTexts();

  it(`${SLICE} mutants of the samples (deleted, swapped, odd and huge tokens, deep nesting, long chains, binary, CRLF, 2 MB lines) validate and run without a throw`, function () {
    this.timeout(180_000);
    const failures: string[] = [];
    fc.sample(mutantArbitrary(samples.length), { seed: SEED, numRuns: SLICE }).forEach((mutant, i) => {
      const text = mutate(samples, mutant);
      for (const target of ['validate', 'run'] as const) {
        const error = tryTarget(target, text);
        if (error !== null) failures.push(`#${i} ${target} ${JSON.stringify(mutant).slice(0, 300)}: ${error.split('\n', 2).join(' ')}`);
      }
    });
    assert.deepEqual(failures, []);
  });

  it(`${SLICE} mutated EDN and JSON histories are read or refused, and checked within budget, without a throw`, function () {
    this.timeout(120_000);
    const failures: string[] = [];
    fc.sample(mutantArbitrary(histories.length), { seed: SEED + 1, numRuns: SLICE }).forEach((mutant, i) => {
      const error = tryTarget('check', mutate(histories, mutant));
      if (error !== null) failures.push(`#${i} ${JSON.stringify(mutant).slice(0, 300)}: ${error.split('\n', 2).join(' ')}`);
    });
    assert.deepEqual(failures, []);
  });
});
