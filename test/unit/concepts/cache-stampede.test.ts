// Concept 18, cache stampede: a hot key cached for 5s in front of a database that answers 100
// queries a second. When the entry expires, every request that arrives before the refill misses
// and queries the database itself: a burst. With probabilistic early refresh one request
// refreshes the entry shortly before it expires, and the database sees no burst.
// Sample: samples/service-cache-stampede.fault.

import assert from 'node:assert/strict';
import { serviceMetrics } from '../../../core/check/service-metrics.ts';
import { runScenario } from '../../../core/run.ts';
import { sampleConfig, SEEDS } from './runs.ts';

const FILE = 'service-cache-stampede.fault';
const INTERVAL_US = 100_000;
/** Skip the cold start: every cache is empty at 0s, with or without early refresh. */
const WARM_US = 2_000_000;

function databaseLoadAfterWarmUp(scenario: string, seed: number) {
  const report = runScenario(sampleConfig(FILE, scenario, seed), { analyze: false, maxTraceEvents: 2_000_000 });
  const warm = serviceMetrics(report, INTERVAL_US).filter((m) => m.fromUs >= WARM_US);
  return { peak: Math.max(...warm.map((m) => m.databaseLoad)), total: warm.reduce((sum, m) => sum + m.databaseLoad, 0), timeouts: warm.reduce((sum, m) => sum + m.timeouts, 0) };
}

describe('concept: cache stampede (service)', function () {
  this.timeout(120_000);

  for (const seed of SEEDS) {
    it(`seed ${seed}: an expiring hot key sends a burst of queries to the database at once`, () => {
      const { peak } = databaseLoadAfterWarmUp('cache: stampede on expiry', seed);
      // At 100 queries a second, the database can finish 10 in 100ms: a burst is more than that.
      assert.ok(peak > 10, `peak ${peak} queries in 100ms`);
    });

    it(`seed ${seed}: with early refresh the database never sees more than a few queries in 100ms, and far fewer overall`, () => {
      const stampede = databaseLoadAfterWarmUp('cache: stampede on expiry', seed);
      const refreshed = databaseLoadAfterWarmUp('cache: early refresh', seed);
      assert.ok(refreshed.peak <= 3, `peak ${refreshed.peak} queries in 100ms`);
      assert.ok(refreshed.total < stampede.total / 2, `${refreshed.total} queries vs ${stampede.total} without early refresh`);
      assert.equal(refreshed.timeouts, 0, 'no request timed out');
    });
  }
});
