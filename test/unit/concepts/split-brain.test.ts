// Concept 20, split brain: an asynchronous pair with automatic failover ends up with two
// primaries that both acknowledge writes; sync replication or manual failover prevents it.
// Sample: samples/primary-backup-async-failover.fault.

import assert from 'node:assert/strict';
import { findSplitBrain } from '../../../core/check/trace/split-brain.ts';
import { runSample, SEEDS, type Run } from './runs.ts';

const FILE = 'primary-backup-async-failover.fault';
const RISKY = 'primary/backup: async with automatic failover';

function splitBrain(r: Run) {
  return findSplitBrain(r.report.history, r.report.trace, r.config);
}

describe('concept: split brain (primary/backup)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: async + automatic failover has n1 and n2 acknowledging writes as primaries at the same time`, () => {
      const found = splitBrain(runSample(FILE, RISKY, seed));
      assert.ok(found.intervals.length > 0, found.verdict.summary);
      const first = found.intervals[0]!;
      assert.deepEqual(first.nodes, ['n1', 'n2']);
      assert.ok(first.writes[0].length > 0 && first.writes[1].length > 0, 'both acknowledged writes');
      // The overlap lies inside the partition (2s..5s): it starts once n2 promoted itself.
      assert.ok(first.from >= 2_000_000 && first.from < 5_000_000, `starts at ${first.from}`);
    });

    it(`seed ${seed}: with sync replication no two primaries both acknowledge writes`, () => {
      const found = splitBrain(runSample(FILE, 'primary/backup: sync with automatic failover', seed));
      assert.equal(found.intervals.length, 0, found.verdict.summary);
    });

    it(`seed ${seed}: with manual failover n2 never becomes a second primary`, () => {
      const found = splitBrain(runSample(FILE, 'primary/backup: async with manual failover', seed));
      assert.equal(found.overlaps.length, 0, 'no overlap of primaries at all');
    });
  }
});

describe('concept: split brain (lease lock without fencing)', () => {
  it("a paused holder's writes that land after the overlap are counted, and the sentence says when the last one was accepted", () => {
    const run = runSample('lease-lock-no-fencing.fault', 'lease lock: no fencing', 1);
    const found = findSplitBrain(run.report.history, run.report.trace, run.config);
    const first = found.intervals[0]!;
    assert.ok(first !== undefined, found.verdict.summary);
    // The storage's applies via the older holder, after the overlap ended: what the sentence must not hide.
    const olderHolder = first.terms[0]! < first.terms[1]! ? first.nodes[0] : first.nodes[1];
    const lateApplies = run.report.trace.filter((e) => e.kind === 'apply' && e.via === olderHolder && e.t > first.to);
    assert.ok(lateApplies.length > 0, 'the paused holder wrote after the overlap');
    const last = Math.max(...lateApplies.map((e) => e.t));
    const seconds = `${Math.round(last / 1_000) / 1_000}s`;
    assert.ok(found.verdict.summary.includes(`the last of them was accepted at ${seconds}, after the overlap, from the lock holder of the older fencing token`), found.verdict.summary);
  });
});
