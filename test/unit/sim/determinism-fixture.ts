// A scenario that exercises every source of randomness: latency distribution, loss, duplication,
// reordering, clients with retries and jitter, a drawn fault time and random faults.

import { runScenario } from '../../../core/run.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import { baseConfig, client, MS, quietLink, S } from './fixtures.ts';
import { pingProtocol } from './ping-protocol.ts';

export function determinismConfig(seed: number): SimConfig {
  return baseConfig({
    seed,
    runForUs: 2 * S,
    nodes: ['n1', 'n2', 'n3', 'n4'],
    network: {
      defaults: quietLink({ latency: { kind: 'uniform', minUs: 1 * MS, maxUs: 9 * MS }, drop: 0.05, duplicate: 0.05, reorder: 0.05 }),
      links: [{ from: 'n1', to: 'n4', latency: { kind: 'normal', meanUs: 20 * MS, sdUs: 5 * MS }, line: 3 }],
      regions: {},
    },
    clocks: [{ node: 'n2', skewUs: 30 * MS, driftPpm: 200, line: 4 }],
    clients: [
      client('alice', {
        timeoutUs: 30 * MS,
        retry: { maxRetries: 3, backoff: 'exponential', baseUs: 5 * MS, capUs: 100 * MS, jitter: 'decorrelated', line: 5 },
        idempotencyKeyTtlUs: 1 * S,
      }),
      client('web', {
        count: 3,
        ops: [{ op: 'read', keys: ['x', 'y'], intervalUs: { min: 20 * MS, max: 80 * MS }, line: 6 }],
      }),
    ],
    faults: [{ type: 'pause', node: 'n3', durationUs: 100 * MS, atUs: 300 * MS, atMaxUs: 900 * MS, line: 7 }],
    randomFaults: [
      { kind: 'crash', everyUs: { min: 200 * MS, max: 500 * MS }, durationUs: { min: 50 * MS, max: 150 * MS }, nodes: ['n2', 'n3', 'n4'], magnitude: 0, line: 8 },
      { kind: 'partition', everyUs: { min: 300 * MS, max: 600 * MS }, durationUs: { min: 50 * MS, max: 200 * MS }, nodes: [], magnitude: 0, line: 9 },
    ],
    expectations: [{ kind: 'one-leader-per-term', text: 'one leader per term', line: 10 }],
  });
}

/** The report as JSON with the one host-measured field (wall time) zeroed. */
export function reportJson(config: SimConfig): string {
  const report = runScenario(config, { protocol: pingProtocol });
  report.stats.wallMs = 0;
  return JSON.stringify(report);
}
