import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../../core/language/index.ts';
import { seedsOf, shrink, sweepSeeds } from '../../../core/sweep/index.ts';
import { dropFaultSteps } from '../../../core/sweep/shrink-steps.ts';
import { faultsFromTrace } from '../../../core/sweep/concrete-faults.ts';
import { runScenario } from '../../../core/run.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

const samples = join(import.meta.dirname, '../../../samples');
/** rare-failure.fault (random crashes; seed 8 breaks `leader within 350ms after crash`) with a message line. */
const LINE = 'at 500ms duplicate next AppendEntries n1 -> n2';
const withLine = (): SimConfig => {
  const text = readFileSync(join(samples, 'rare-failure.fault'), 'utf8').replace(/faults \{/, `faults {\n    ${LINE}`);
  const compiled = compile(text);
  assert.ok(compiled.config, JSON.stringify(compiled.diagnostics));
  return compiled.config;
};

describe('message fault lines in sweeps and shrinking', () => {
  it('a message line is a fault the shrinker can drop on its own', () => {
    const config = withLine();
    const step = dropFaultSteps(config).find((s) => s.describe === 'drop duplicate next AppendEntries n1 -> n2 at 500ms');
    assert.ok(step !== undefined, dropFaultSteps(config).map((s) => s.describe).join('; '));
    assert.deepEqual(step.config.faults, []);
  });

  it('a `sent at` line is a fault the shrinker can drop on its own too, and is named with its send time', () => {
    const text = readFileSync(join(samples, 'rare-failure.fault'), 'utf8').replace(/faults \{/, 'faults {\n    at 500ms drop AppendEntries n1 -> n2 sent at 498.5ms');
    const compiled = compile(text);
    assert.ok(compiled.config, JSON.stringify(compiled.diagnostics));
    const step = dropFaultSteps(compiled.config).find((s) => s.describe === 'drop drop AppendEntries n1 -> n2 sent at 498.5ms at 500ms');
    assert.ok(step !== undefined, dropFaultSteps(compiled.config).map((s) => s.describe).join('; '));
    assert.deepEqual(step.config.faults, []);
  });

  it('replacing random faults by the ones a seed drew keeps the message line as written', () => {
    const config = { ...withLine(), seed: 8 };
    const trace = runScenario(config, { recordTrace: true, analyze: false }).trace;
    const concrete = faultsFromTrace(trace, config);
    assert.deepEqual(concrete.filter((f) => f.type === 'message'), config.faults.filter((f) => f.type === 'message'));
    assert.ok(concrete.some((f) => f.type === 'crash'), 'the drawn crashes are there too');
  });

  it('the shrinker keeps the message lines a failure needs and drops the others: two lost vote requests delay the first leader', () => {
    // Seed 1: n1 and n2 stand at once (242 ms, 243 ms). Each voted for itself, so a request to the
    // other candidate is refused anyway; only the requests to n3 decide who wins the first term.
    const compiled = compile(`scenario "votes lost" {
  seed 1
  run for 2s
  cluster {
    nodes n1, n2, n3
    protocol raft
  }
  faults {
    at 0s drop next RequestVote n1 -> n2
    at 0s drop next RequestVote n1 -> n3
    at 0s drop next RequestVote n2 -> n1
    at 0s drop next RequestVote n2 -> n3
  }
  expect {
    leader within 350ms after start
  }
}`);
    assert.ok(compiled.config, JSON.stringify(compiled.diagnostics));
    const result = shrink(compiled.config, 1, 'leader within 350ms after start');
    assert.ok(typeof result !== 'string', String(result));
    const kept = result.config.faults.flatMap((f) => (f.type === 'message' ? [`${f.from} -> ${f.to}`] : []));
    assert.deepEqual(kept.sort(), ['n1 -> n3', 'n2 -> n3'], result.steps.join('\n'));
    assert.equal(runScenario(result.config).expectations[0]!.holds, false, 'the shrunk scenario still fails');
  });

  it('a sweep runs every seed with the line, and the shrinker removes it when the failure does not need it', () => {
    const config = withLine();
    const summary = sweepSeeds(config, seedsOf({ from: 1, count: 10 }));
    assert.equal(summary.outcomes.length, 10);
    const failing = summary.failures[0]?.seed;
    assert.ok(failing !== undefined, 'some seed still breaks the expectation');
    const result = shrink(config, failing, 'leader within 350ms after crash');
    assert.ok(typeof result !== 'string', String(result));
    assert.equal(result.config.faults.filter((f) => f.type === 'message').length, 0, result.steps.join('\n'));
  });
});
