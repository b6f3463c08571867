// Whole runs of primary/backup and the lease lock: replayable from the seed, and robust to
// option values a hand-built config may get wrong.

import assert from 'node:assert/strict';
import { runScenario } from '../../../core/run.ts';
import { runSample, sampleConfig } from '../concepts/runs.ts';

describe('primary/backup and lease lock runs', () => {
  for (const [file, scenario] of [
    ['primary-backup-async-failover.fault', 'primary/backup: async with automatic failover'],
    ['primary-backup-read-your-writes.fault', 'read your writes: sticky sessions'],
    ['lease-lock-no-fencing.fault', 'lease lock: fencing tokens'],
  ] as const) {
    it(`"${scenario}" replays event for event from the same seed`, () => {
      const a = runSample(file, scenario, 3).report;
      const b = runSample(file, scenario, 3).report;
      assert.ok(a.history.length > 0);
      assert.deepEqual(b.history, a.history);
      assert.deepEqual(b.trace, a.trace);
    });
  }

  it('nonsense option values fall back to the defaults instead of crashing or hanging', () => {
    for (const [file, scenario] of [
      ['primary-backup-async-failover.fault', 'primary/backup: async with automatic failover'],
      ['lease-lock-no-fencing.fault', 'lease lock: no fencing'],
    ] as const) {
      const config = sampleConfig(file, scenario, 1);
      const options = { replication: 'quantum', 'failure detection timeout': -5, 'heartbeat every': 'soon', ttl: Number.NaN, 'keep alive every': 0, holders: ['nobody'] };
      const report = runScenario({ ...config, protocol: { ...config.protocol, options } }, { analyze: false, maxEvents: 200_000 });
      assert.equal(report.stats.stoppedBy, 'end');
      assert.ok(report.history.some((e) => e.type === 'ok'), `${scenario}: some operation still succeeds`);
    }
  });
});
