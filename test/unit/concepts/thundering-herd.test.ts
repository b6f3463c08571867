// Concept 17, thundering herd: every instance is down from 2s to 4s. Clients that retry every
// 200ms after a timeout come back all at once when the instances return, overflow them and keep
// the service down; exponential backoff with full jitter spreads the same retries out and the
// service recovers. Sample: samples/service-retry-storm.fault.

import assert from 'node:assert/strict';
import { serviceCapacityPer, serviceMetrics, type ServiceInterval } from '../../../core/check/service-metrics.ts';
import { runScenario } from '../../../core/run.ts';
import { sampleConfig, SEEDS } from './runs.ts';

const FILE = 'service-retry-storm.fault';
const SECOND = 1_000_000;
const RESTART_US = 4 * SECOND;
/** The fixed variant must be serving its normal load again this soon after the restart. */
const RECOVERY_BOUND_US = 5 * SECOND;

function measure(scenario: string, seed: number) {
  const config = sampleConfig(FILE, scenario, seed);
  const report = runScenario(config, { analyze: false, maxTraceEvents: 2_000_000 });
  const normal = config.clients.reduce((sum, c) => sum + (c.count * SECOND) / c.ops[0]!.intervalUs.max, 0);
  return { metrics: serviceMetrics(report, SECOND), capacity: serviceCapacityPer(report, SECOND), normal };
}

/** Start of the first second after the restart from which every second serves ≥ 90% of normal load. */
function recoveredAt(metrics: ServiceInterval[], normal: number): number | null {
  let candidate: number | null = null;
  for (const m of metrics) {
    if (m.fromUs < RESTART_US) continue;
    if (m.served >= 0.9 * normal) candidate ??= m.fromUs;
    else candidate = null;
  }
  return candidate;
}

describe('concept: thundering herd (service)', function () {
  this.timeout(120_000);

  for (const seed of SEEDS) {
    it(`seed ${seed}: synchronized retries push offered load above capacity and the service is still not serving normally 10s after the restart`, () => {
      const { metrics, capacity, normal } = measure('service: retry storm', seed);
      const afterRestart = metrics.filter((m) => m.fromUs >= RESTART_US);
      const peak = Math.max(...afterRestart.map((m) => m.offered));
      assert.ok(peak > capacity, `peak offered ${peak}/s is above the capacity ${capacity}/s`);
      const recovered = recoveredAt(metrics, normal);
      assert.ok(recovered === null || recovered - RESTART_US > 10 * SECOND, `recovered at ${recovered}`);
      // Long after the repair, most seconds still serve far less than the clients ask for.
      const late = metrics.filter((m) => m.fromUs >= 10 * SECOND && m.toUs <= 19 * SECOND);
      assert.ok(late.filter((m) => m.served < 0.5 * normal).length >= late.length / 2, `late seconds: ${late.map((m) => m.served).join(' ')}`);
    });

    it(`seed ${seed}: exponential backoff with jitter lets the service serve its normal load within 5s of the restart`, () => {
      const { metrics, normal } = measure('service: backoff with jitter', seed);
      const recovered = recoveredAt(metrics, normal);
      assert.ok(recovered !== null, 'the service recovered');
      assert.ok(recovered - RESTART_US <= RECOVERY_BOUND_US, `recovered ${(recovered - RESTART_US) / SECOND}s after the restart`);
      const after = metrics.filter((m) => m.fromUs >= recovered);
      assert.ok(after.every((m) => m.errors === 0), 'no errors once recovered');
    });
  }
});
