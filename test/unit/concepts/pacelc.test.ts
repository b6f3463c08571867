// Concept 7, PACELC: else (no partition), sync replication pays about one round trip to the
// backup per write (EC) where async does not (EL); and when the primary fails over, async
// loses writes it had acknowledged while sync loses none.
// Sample: samples/primary-backup-async-failover.fault (async vs sync scenario).

import assert from 'node:assert/strict';
import { lostAcknowledgedWrites, meanWriteLatency, runSample, SEEDS } from './runs.ts';

const FILE = 'primary-backup-async-failover.fault';
const ASYNC = 'primary/backup: async with automatic failover';
const SYNC = 'primary/backup: sync with automatic failover';
/** The sample's links take 1ms..5ms each way: a round trip between n1 and n2 averages 6ms. */
const MEAN_ROUND_TRIP_US = 6_000;
/** Before the partition at 2s everything is healthy: the "else" of PACELC. */
const HEALTHY_UNTIL = 2_000_000;

describe('concept: PACELC (primary/backup)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: without a partition a sync write takes about one round trip to the backup longer than an async one`, () => {
      const extra = meanWriteLatency(runSample(FILE, SYNC, seed), HEALTHY_UNTIL) - meanWriteLatency(runSample(FILE, ASYNC, seed), HEALTHY_UNTIL);
      assert.ok(extra > 0.5 * MEAN_ROUND_TRIP_US && extra < 2 * MEAN_ROUND_TRIP_US, `sync costs ${extra}µs more per write`);
    });

    it(`seed ${seed}: async loses acknowledged writes on failover, sync loses none`, () => {
      const asyncLost = lostAcknowledgedWrites(runSample(FILE, ASYNC, seed));
      const syncLost = lostAcknowledgedWrites(runSample(FILE, SYNC, seed));
      assert.ok(asyncLost.length > 0, 'async lost some acknowledged write');
      assert.deepEqual(syncLost, []);
    });
  }

  it('manual failover keeps every acknowledged write of the async pair (nobody else took over)', () => {
    for (const seed of SEEDS) {
      assert.deepEqual(lostAcknowledgedWrites(runSample(FILE, 'primary/backup: async with manual failover', seed)), [], `seed ${seed}`);
    }
  });
});
