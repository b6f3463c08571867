// Concept 19, health checks: at 5s api1 loses its database (the link api1 -> db is cut until
// 15s). A shallow check asks only "are you running?", so api1 stays in rotation and its requests
// fail; a deep readiness check asks api1 to reach its database first, so the load balancer takes
// api1 out and the errors stop once it has noticed. Sample: samples/service-health-checks.fault.

import assert from 'node:assert/strict';
import { serviceMetrics } from '../../../core/check/service-metrics.ts';
import { runScenario } from '../../../core/run.ts';
import type { Report } from '../../../core/types/report.ts';
import { sampleConfig, SEEDS } from './runs.ts';

const FILE = 'service-health-checks.fault';
const SECOND = 1_000_000;
const CUT_US = 5 * SECOND;
const HEAL_US = 15 * SECOND;
/** Two missed checks 500ms apart, plus the in-flight requests of that time: detection is done by then. */
const DETECTED_US = CUT_US + 1_500_000;

function run(scenario: string, seed: number): Report {
  return runScenario(sampleConfig(FILE, scenario, seed), { analyze: false, maxTraceEvents: 2_000_000 });
}

function errorsBetween(report: Report, from: number, to: number): number {
  return serviceMetrics(report, 100_000)
    .filter((m) => m.fromUs >= from && m.toUs <= to)
    .reduce((sum, m) => sum + m.errors, 0);
}

/** api1's place in the load balancer's rotation over time, from its state reports. */
function api1InRotation(report: Report): Array<[number, boolean]> {
  const changes: Array<[number, boolean]> = [];
  for (const event of report.trace) {
    if (event.kind !== 'state' || event.node !== 'lb') continue;
    const healthy = (event.state['healthy'] as Record<string, boolean>)['api1']!;
    if (changes.length === 0 || changes[changes.length - 1]![1] !== healthy) changes.push([event.t, healthy]);
  }
  return changes;
}

describe('concept: health checks (service)', function () {
  this.timeout(120_000);

  for (const seed of SEEDS) {
    it(`seed ${seed}: nothing fails before the cut, with either check`, () => {
      for (const scenario of ['health checks: shallow', 'health checks: deep']) assert.equal(errorsBetween(run(scenario, seed), 0, CUT_US), 0, scenario);
    });

    it(`seed ${seed}: a shallow check keeps api1 in rotation and errors are served until the link heals`, () => {
      const report = run('health checks: shallow', seed);
      assert.deepEqual(api1InRotation(report), [[0, true]], 'api1 never leaves rotation');
      for (let from = DETECTED_US; from + SECOND <= HEAL_US; from += SECOND) {
        assert.ok(errorsBetween(report, from, from + SECOND) > 0, `errors between ${from / SECOND}s and ${from / SECOND + 1}s`);
      }
    });

    it(`seed ${seed}: a deep readiness check takes api1 out after two missed checks: no errors after detection, and api1 returns after the heal`, () => {
      const report = run('health checks: deep', seed);
      assert.ok(errorsBetween(report, CUT_US, DETECTED_US) > 0, 'requests failed while the balancer had not yet noticed');
      assert.equal(errorsBetween(report, DETECTED_US, report.config.runForUs), 0);
      const rotation = api1InRotation(report);
      assert.equal(rotation.length, 3, JSON.stringify(rotation));
      const [, out, back] = rotation;
      assert.ok(out![1] === false && out![0] > CUT_US && out![0] <= DETECTED_US, `out at ${out![0]}`);
      assert.ok(back![1] === true && back![0] > HEAL_US, `back at ${back![0]}`);
    });
  }
});
