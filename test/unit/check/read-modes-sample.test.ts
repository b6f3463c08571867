// CONCEPTS.md row 6 on samples/raft-read-modes.fault: one cluster, the same partition, and the
// read mode alone decides the grade. Through the log and with a read index, reads stay
// linearizable; answered locally by a cut-off leader, they go stale and the run drops below
// linearizable, while the CP configuration is called out as disagreeing with what happened.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeRun, RunAnalysis, verdictFor } from '../../../core/check/analyze-run.ts';
import { compile } from '../../../core/language/compile.ts';
import { getProtocol } from '../../../core/protocols/registry.ts';
import { runScenario } from '../../../core/run.ts';

const sample = readFileSync(fileURLToPath(new URL('../../../samples/raft-read-modes.fault', import.meta.url)), 'utf8');

function grade(scenario: string): RunAnalysis {
  const { config } = compile(sample, scenario);
  if (config === null) throw new Error(`${scenario} does not compile`);
  const report = runScenario(config);
  const protocol = getProtocol(config.protocol.name);
  return analyzeRun(report, protocol === undefined ? null : protocol.classify(config.protocol.options));
}

describe('raft read modes sample, graded on the ladder', () => {
  for (const scenario of ['read modes: through the log', 'read modes: read index']) {
    it(`"${scenario}" stays linearizable with no stale reads`, () => {
      const a = grade(scenario);
      assert.equal(a.verdicts.strongest, 'linearizable', verdictFor('linearizable', a)!.summary);
      assert.equal(a.verdicts.damage.staleReads.count, 0);
      assert.equal(verdictFor('no-split-brain', a)!.holds, true);
    });
  }

  it('"read modes: local (stale)" serves stale reads from the cut-off leader and is not linearizable', () => {
    const a = grade('read modes: local (stale)');
    assert.equal(verdictFor('linearizable', a)!.holds, false);
    assert.notEqual(a.verdicts.strongest, 'linearizable');
    assert.ok(a.verdicts.damage.staleReads.count > 0);
    assert.equal(a.classification.observed.duringPartition, 'A');
    assert.ok(a.classification.disagreements.some((d) => /stale read/.test(d)), a.classification.summary);
  });
});
