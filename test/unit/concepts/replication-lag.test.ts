// Replication lag: an async primary that ships its writes in batches (`ship every 500ms`) has
// acknowledged writes that only it holds; when it crashes, the promoted backup never had them and
// the old primary drops them when it rejoins. Sync acknowledges only what the backup has, so the
// same crash costs no acknowledged write. Without lag (`ship every 0`, each write shipped as it
// arrives) even async loses nothing to a plain crash: the lag window is what loses writes.
// Sample: samples/primary-backup-async-failover.fault (the "primary crashes" pair).

import assert from 'node:assert/strict';
import { lostAcknowledgedWrites, run, sampleConfig, writesAcknowledgedBy } from './runs.ts';

const FILE = 'primary-backup-async-failover.fault';
const ASYNC = 'primary/backup: async, the primary crashes after acknowledging';
const SYNC = 'primary/backup: sync, the primary crashes after acknowledging';
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe('concept: replication lag', () => {
  it('async with a 500ms shipping interval loses at least one acknowledged write on most of 20 seeds', () => {
    const losing = SEEDS.filter((seed) => lostAcknowledgedWrites(run(sampleConfig(FILE, ASYNC, seed))).length >= 1);
    assert.ok(losing.length >= 15, `lost writes on ${losing.length} of 20 seeds`);
  });

  it('the writes lost are ones n1 acknowledged in the 400ms between its last shipment and its crash', () => {
    const r = run(sampleConfig(FILE, ASYNC, 1));
    const lost = new Set(lostAcknowledgedWrites(r));
    assert.ok(lost.size > 0);
    const inWindow = writesAcknowledgedBy(r, 'n1', 3_000_000, 3_400_000);
    assert.ok(lost.size <= inWindow, `${lost.size} lost, ${inWindow} acknowledged by n1 in the window`);
  });

  it('sync loses no acknowledged write to the same crash on any of 20 seeds', () => {
    for (const seed of SEEDS) {
      const r = run(sampleConfig(FILE, SYNC, seed));
      assert.deepEqual(lostAcknowledgedWrites(r), [], `seed ${seed}`);
    }
  });

  it('without lag (each write shipped as it arrives) async loses nothing to the same crash', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const config = sampleConfig(FILE, ASYNC, seed);
      const noLag = { ...config, protocol: { ...config.protocol, options: { ...config.protocol.options, 'ship every': 0 } } };
      assert.deepEqual(lostAcknowledgedWrites(run(noLag)), [], `seed ${seed}`);
    }
  });
});
