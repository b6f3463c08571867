// A run's grading has a budget too: a history with more operations than it allows is not graded
// by the consistency ladder (minutes of linear passes), and says so, instead of hanging a report.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeSome } from '../../../core/check/analyze-run.ts';
import { MAX_GRADED_OPERATIONS } from '../../../core/check/budget.ts';
import { NOT_GRADED } from '../../../core/check/gradable.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

function sample(): SimConfig {
  const { config } = compile(readFileSync('samples/raft-five-nodes.fault', 'utf8'));
  assert.ok(config !== null);
  return config;
}

describe('grading budget', () => {
  it('leaves the ladder undecided, with the reason, for a history over the operation budget', () => {
    const report = runScenario(sample(), { checkBudget: { maxSteps: 2_000_000, maxOperations: 5 } });
    assert.equal(report.verdicts?.strongest, NOT_GRADED);
    const linearizable = report.expectations.find((e) => e.text === 'linearizable');
    assert.equal(linearizable?.holds, null);
    assert.match(linearizable!.summary, /^not decided \(budget\): the history's \d+ operations are over the grading budget of 5; a shorter run or a lighter workload is graded$/);
    // What does not read the ladder is still decided.
    assert.equal(report.expectations.find((e) => e.text === 'raft safety')?.holds, true);
  });

  it('grades the same history within the default budget of a million operations', () => {
    const report = runScenario(sample());
    assert.ok(report.history.length / 2 < MAX_GRADED_OPERATIONS);
    assert.equal(report.verdicts?.strongest, 'linearizable');
    assert.equal(report.expectations.find((e) => e.text === 'linearizable')?.holds, true);
  });

  it('a sweep\'s grading (analyzeSome) meets the same budget', () => {
    const config = sample();
    const report = runScenario(config, { analyze: false });
    const graded = analyzeSome({ history: report.history, trace: report.trace, config }, new Set(['linearizable']), { budget: { maxOperations: 5 } });
    const linearizable = graded.list.find((v) => v.name === 'linearizable');
    assert.equal(linearizable?.holds, null);
    assert.match(linearizable!.summary, /over the grading budget of 5/);
  });
});
