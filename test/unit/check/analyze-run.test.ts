// analyzeRun gathers every check into the Report's shape, and verdictFor answers `expect` kinds.

import assert from 'node:assert/strict';
import { analyzeRun, verdictFor } from '../../../core/check/analyze-run.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario, type EarlyVerdicts } from '../../../core/run.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';
import { history, read, write } from './helpers/build-history.ts';

const config: SimConfig = {
  scenario: 't', seed: 1, runForUs: 1_000_000, nodes: ['n1', 'n2', 'n3'],
  protocol: { name: 'raft', options: {}, line: 1 },
  network: { defaults: { latency: { kind: 'fixed', us: 1000 }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
  clocks: [], clients: [], faults: [], randomFaults: [], expectations: [],
};

describe('analyzeRun', () => {
  it('answers every consistency and damage expectation for a stale-read run', () => {
    const h = history([write('a', 1, 0, 10), read('b', null, 20, 30)]);
    const trace: TraceEvent[] = [
      { kind: 'apply', t: 5000, node: 'n1', op: 0, key: 'x', value: 1 },
      { kind: 'apply', t: 6000, node: 'n2', op: 0, key: 'x', value: 1 },
      { kind: 'apply', t: 7000, node: 'n3', op: 0, key: 'x', value: 1 },
    ];
    const a = analyzeRun({ history: h, trace, config }, { cap: 'CP', pacelc: 'PC/EC', reason: 'r' });
    const kinds = ['linearizable', 'sequential', 'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'no-lost-writes', 'no-duplicate-effects', 'no-stale-reads', 'no-split-brain', 'converges'] as const;
    for (const k of kinds) assert.ok(verdictFor(k, a) !== undefined, `no verdict for ${k}`);
    assert.equal(verdictFor('linearizable', a)!.holds, false);
    assert.equal(verdictFor('sequential', a)!.holds, true);
    assert.equal(verdictFor('no-stale-reads', a)!.holds, false);
    assert.equal(verdictFor('no-lost-writes', a)!.holds, true);
    assert.equal(verdictFor('converges', a)!.holds, true);
    assert.equal(a.verdicts.strongest, 'sequential');
    assert.equal(a.verdicts.damage.staleReads.count, 1);
    assert.equal(a.quorum.length, 1);
    assert.ok(a.classification.disagreements.some((d) => /stale read/.test(d)));
  });

  it('leaves the verdicts read from a truncated trace undecided, and those read from the history decided', () => {
    const h = history([write('a', 1, 0, 10), read('b', 1, 20, 30)]);
    const trace: TraceEvent[] = [
      { kind: 'apply', t: 5000, node: 'n1', op: 0, key: 'x', value: 1 },
      { kind: 'note', t: 6000, text: 'trace truncated: the run outgrew the trace' },
    ];
    const a = analyzeRun({ history: h, trace, config }, null);
    for (const kind of ['no-lost-writes', 'no-duplicate-effects', 'no-split-brain', 'converges'] as const) {
      assert.equal(verdictFor(kind, a)?.holds, null, kind);
    }
    assert.equal(verdictFor('linearizable', a)?.holds, true);
  });
});

describe('runScenario: verdicts before the run is placed in CAP terms', () => {
  const text = `scenario "t" {
  seed 4
  run for 3s
  cluster {
    nodes n1, n2, n3
    protocol raft
  }
  workload {
    client w {
      write x every 40ms
      timeout 300ms
    }
    client r {
      read x every 40ms
      timeout 300ms
    }
  }
  faults {
    at 1s partition n1 | n2, n3
    at 2s heal
  }
  expect {
    linearizable
    no split brain
  }
}`;

  it('hands the host, once, the very verdicts and expectations the finished report carries', () => {
    const calls: EarlyVerdicts[] = [];
    const report = runScenario(compile(text).config!, { onVerdicts: (early) => calls.push(structuredClone(early)) });
    assert.equal(calls.length, 1);
    const [early] = calls;
    assert.deepEqual(early!.expectations, report.expectations);
    assert.deepEqual(early!.verdicts, report.verdicts);
    assert.equal(early!.expectations.length, 2);
    assert.ok(early!.expectations.every((e) => e.holds !== null), 'decided, not left for later');
    assert.deepEqual([early!.scenario, early!.seed], [report.scenario, report.seed]);
    // What it does not have yet, the report has: the run placed in CAP terms.
    assert.ok(!('classification' in early!) && !('quorum' in early!));
    assert.ok(report.classification !== undefined && report.quorum !== undefined && report.quorum.length > 1);
  });

  it('a run not graded (analyze off) still tells the host: no verdicts, and `linearizable` undecided', () => {
    const calls: EarlyVerdicts[] = [];
    runScenario(compile(text).config!, { analyze: false, onVerdicts: (early) => calls.push(early) });
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.verdicts, undefined);
    assert.equal(calls[0]!.expectations.find((e) => e.text === 'linearizable')!.holds, null);
  });
});
