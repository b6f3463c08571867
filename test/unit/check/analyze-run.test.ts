// analyzeRun gathers every check into the Report's shape, and verdictFor answers `expect` kinds.

import assert from 'node:assert/strict';
import { analyzeRun, verdictFor } from '../../../core/check/analyze-run.ts';
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
