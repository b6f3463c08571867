// The CI slice of the theorem sweep: a fixed stream of generated scenarios, two seeds each, every
// run judged by every theorem whose preconditions it meets (docs/theorems.md). A failure here is
// a simulator, checker or theorem bug: rerun it with `npm run theorems -- --runs 2000 --seed 2026`
// to get the shrunk .fault file and its replay command.

import assert from 'node:assert/strict';
import { allTheorems } from '../../../core/theorems/registry.ts';
import { runCase, type CaseResult } from '../../../core/theorems/sweep.ts';

const STREAM = 2026;
const SCENARIOS = 1000;
const SEEDS = [1, 2];
/** Scenarios per test, so each stays well inside mocha's timeout on a busy machine. */
const CHUNK = 125;

describe(`theorem sweep: the CI slice (stream ${STREAM}, ${SCENARIOS} scenarios × ${SEEDS.length} seeds)`, () => {
  const results: CaseResult[] = [];

  for (let from = 0; from < SCENARIOS; from += CHUNK) {
    it(`every theorem holds on scenarios ${from}–${from + CHUNK - 1}`, () => {
      const failures: string[] = [];
      for (let index = from; index < from + CHUNK; index++) {
        const result = runCase(STREAM, index, SEEDS);
        results.push(result);
        if (result.compileError !== undefined) failures.push(`scenario ${index} does not compile: ${result.compileError}`);
        for (const f of result.failures) failures.push(`scenario ${index} seed ${f.seed}: ${f.theorem}: ${f.summary}`);
      }
      assert.deepEqual(failures, []);
    });
  }

  it(`judges at least ${SCENARIOS * SEEDS.length} scenario-seeds, and every theorem on some of them`, () => {
    const runs = results.reduce((sum, r) => sum + r.runs, 0);
    const overBudget = results.reduce((sum, r) => sum + r.overBudget, 0);
    assert.equal(runs, SCENARIOS * SEEDS.length);
    assert.ok(overBudget < runs / 100, `${overBudget} runs spent their event budget`);
    const judged = new Map<string, number>();
    for (const r of results) for (const [name, count] of Object.entries(r.checked)) judged.set(name, (judged.get(name) ?? 0) + count);
    const never = allTheorems().map((t) => t.name).filter((name) => (judged.get(name) ?? 0) === 0);
    assert.deepEqual(never, [], 'theorems whose preconditions no generated scenario met');
  });
});
