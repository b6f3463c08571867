// Concept 5, CAP: cut off from its backup, an async primary stays available — it keeps
// acknowledging writes and answering reads, and clients read stale data; a sync primary stays
// consistent — it refuses, and no read is stale.
// Sample: samples/primary-backup-async-failover.fault (partition n1 | n2 from 2s to 5s).

import assert from 'node:assert/strict';
import { findStaleReads } from '../../../core/check/stale-reads.ts';
import { classifyPrimaryBackup } from '../../../core/protocols/primary_backup/classify.ts';
import { runSample, SEEDS, writesAcknowledgedBy, type Run } from './runs.ts';

const FILE = 'primary-backup-async-failover.fault';
const AP = 'primary/backup: async with automatic failover';
const CP = 'primary/backup: sync with automatic failover';
/** From one failure-detection timeout after the cut (n2 has promoted) to the heal. */
const SPLIT_FROM = 2_500_000;
const HEAL = 5_000_000;

function refusals(r: Run): number {
  return r.report.history.filter((e) => e.type === 'fail').length;
}

describe('concept: CAP (primary/backup)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: async — both sides keep acknowledging writes during the partition, and reads come back stale`, () => {
      const r = runSample(FILE, AP, seed);
      assert.ok(writesAcknowledgedBy(r, 'n1', SPLIT_FROM, HEAL) > 0, 'the old primary n1 acknowledged writes');
      assert.ok(writesAcknowledgedBy(r, 'n2', SPLIT_FROM, HEAL) > 0, 'the promoted n2 acknowledged writes');
      assert.ok(findStaleReads(r.report.history).count > 0, 'some read missed an acknowledged write');
      assert.equal(refusals(r), 0, 'nothing was refused');
    });

    it(`seed ${seed}: sync — neither side acknowledges a write during the partition, requests are refused, and no read is stale`, () => {
      const r = runSample(FILE, CP, seed);
      assert.equal(writesAcknowledgedBy(r, 'n1', SPLIT_FROM, HEAL), 0);
      assert.equal(writesAcknowledgedBy(r, 'n2', SPLIT_FROM, HEAL), 0);
      assert.ok(refusals(r) > 0, 'the cut-off primary refused requests');
      assert.equal(findStaleReads(r.report.history).count, 0);
    });
  }

  it('classifies the two scenarios the way they behave: async AP, sync CP', () => {
    assert.equal(classifyPrimaryBackup({ replication: 'async', failover: 'automatic' }).cap, 'AP');
    assert.equal(classifyPrimaryBackup({ replication: 'sync', failover: 'automatic' }).cap, 'CP');
  });
});
