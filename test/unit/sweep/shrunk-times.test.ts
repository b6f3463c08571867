// Times in what a sweep writes — the fault lists of failing seeds, a shrunk scenario and its step
// comments — are exact scenario text in one style: seconds from 1s (`2.879s`, `1.074615s`),
// milliseconds below, never `2879ms` beside `1.5s`.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { printScenario, runSeed, shrink } from '../../../core/sweep/index.ts';

// The scenario an audit found `run for 2879ms` and `at 1500ms` in (seed 1 breaks the leader bound).
const TEXT = `scenario "base" {
  seed 2
  run for 4s
  cluster {
    nodes n1, n2, n3
    protocol raft {
      election timeout 150ms..300ms
      heartbeat every 50ms
    }
  }
  network {
    latency 2ms..10ms
  }
  workload {
    client alice {
      write x every 100ms
      timeout 400ms
    }
  }
  faults {
    at 1s drop next AppendEntries n1 -> n2
    at 1.5s duplicate next AppendEntries n2 -> n3
    every 1s..2s random crash for 500ms..1s
  }
  expect {
    leader within 100ms after crash
  }
}
`;
const EXPECTATION = 'leader within 100ms after crash';
/** A time of a second or more written in milliseconds, or in microseconds: the old mixed style. */
const OLD_STYLE = /\b\d{4,}(\.\d+)?ms\b|\b\d{4,}us\b/;

describe('times in what a sweep writes', () => {
  const config = compile(TEXT).config!;

  it('a failing seed lists its faults in seconds, exact to the microsecond', () => {
    const outcome = runSeed(config, 1);
    assert.ok(outcome.failures.length > 0, 'seed 1 breaks the leader bound');
    const faults = outcome.faults ?? [];
    assert.ok(faults.includes('at 1.5s duplicate next AppendEntries n2 -> n3'), faults.join('\n'));
    assert.ok(faults.some((line) => /^at \d+\.\d{4,6}s crash n\d$/.test(line)), `a drawn crash, to the microsecond:\n${faults.join('\n')}`);
    for (const line of faults) assert.doesNotMatch(line, OLD_STYLE);
  });

  it('a shrunk scenario writes "run for 2.879s" and its faults and steps in the same style, and compiles back to the same times', () => {
    const result = shrink(config, 1, EXPECTATION);
    assert.ok(typeof result !== 'string', String(result));
    const text = printScenario(result.config, [`It broke as: ${result.failure.summary}`, ...result.steps.map((step) => `- ${step}`)]);
    assert.match(text, /^ {2}run for 2\.879s$/m);
    assert.match(text, /^ {4}at 2\.778s crash n1$/m);
    assert.match(text, /^\/\/ - end the run at 2\.879s instead of 4s$/m);
    assert.match(text, /^\/\/ - drop duplicate next AppendEntries n2 -> n3 at 1\.5s$/m);
    assert.doesNotMatch(text, OLD_STYLE);
    const again = compile(text).config!;
    assert.equal(again.runForUs, result.config.runForUs);
    assert.deepEqual(again.faults.map((f) => f.atUs), result.config.faults.map((f) => f.atUs));
    assert.equal(runScenario(again, { recordTrace: false }).expectations.find((e) => e.text === EXPECTATION)?.holds, false);
  });
});
