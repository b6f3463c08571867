// Quorum overlap in leaderless replication (samples/leaderless-quorum-overlap.fault): with
// R + W <= N a read may ask only replicas the latest write has not reached yet, so it returns an
// older value although that write was acknowledged before the read began — with no fault at all.
// With R + W > N every read quorum shares at least one replica with every write quorum, and these
// stale reads disappear. The two scenarios differ only in R and W.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { findStaleReads } from '../../../core/check/stale-reads.ts';
import { leaderless } from '../../../core/protocols/leaderless/index.ts';
import { Engine, type EngineResult } from '../../../core/sim/engine.ts';

const QUORUM_OVERLAP_SCENARIOS = readFileSync(new URL('../../../samples/leaderless-quorum-overlap.fault', import.meta.url), 'utf8');

const SEEDS = [1, 2, 3, 4, 5];

function run(scenario: string, seed: number): EngineResult {
  const { config, diagnostics } = compile(QUORUM_OVERLAP_SCENARIOS, scenario);
  assert.ok(config !== null, diagnostics.map((d) => d.message).join('\n'));
  return new Engine({ ...config, seed }, leaderless, { maxEvents: 2_000_000, recordTrace: false, maxTraceEvents: 0 }).run();
}

describe('quorum overlap: R + W <= N vs R + W > N', () => {
  it('the two scenarios differ only in R and W', () => {
    const a = compile(QUORUM_OVERLAP_SCENARIOS, 'quorums: R + W <= N reads stale data').config!;
    const b = compile(QUORUM_OVERLAP_SCENARIOS, 'quorums: R + W > N overlap').config!;
    assert.deepEqual({ ...b.protocol.options, r: 1, w: 1 }, a.protocol.options);
    assert.deepEqual(b.clients, a.clients);
    assert.deepEqual(b.network, a.network);
    assert.deepEqual(b.faults, a.faults);
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: with R = W = 1 of N = 3 reads miss acknowledged writes; with R = W = 2 none do`, () => {
      const loose = run('quorums: R + W <= N reads stale data', seed);
      const overlapping = run('quorums: R + W > N overlap', seed);
      assert.ok(findStaleReads(loose.history).count > 0);
      assert.equal(findStaleReads(overlapping.history).count, 0);
      // Both did real work: plenty of reads completed on each side.
      const reads = (r: EngineResult) => r.history.filter((e) => e.type === 'ok' && e.f === 'read').length;
      assert.ok(reads(loose) > 100 && reads(overlapping) > 100);
    });
  }
});
