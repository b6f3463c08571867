// Raft's four safety properties, checked after every single event of 200 runs with random
// crashes, partitions, pauses, clock jumps, message loss and duplication, across every
// combination of options. Each run is short (3 simulated
// seconds) but busy: elections, overwritten suffixes and catch-ups all happen many times.

import assert from 'node:assert/strict';
import { createRaftSafetyMonitor } from '../../../core/check/raft-invariants.ts';
import { runScenario } from '../../../core/run.ts';
import type { RandomFaultSpec, SimConfig } from '../../../core/types/sim-config.ts';
import { baseConfig, client, MS, S } from '../sim/fixtures.ts';

function chaos(kind: RandomFaultSpec['kind'], everyMs: [number, number], forMs: [number, number], magnitude = 0): RandomFaultSpec {
  return { kind, everyUs: { min: everyMs[0] * MS, max: everyMs[1] * MS }, durationUs: { min: forMs[0] * MS, max: forMs[1] * MS }, nodes: [], magnitude, line: 1 };
}

const READ_MODES = ['log', 'read_index', 'lease', 'local'];

function chaoticRun(seed: number): SimConfig {
  const nodes = seed % 2 === 0 ? ['n1', 'n2', 'n3', 'n4', 'n5'] : ['n1', 'n2', 'n3'];
  return baseConfig({
    scenario: `raft safety sweep ${seed}`,
    seed,
    runForUs: 3 * S,
    nodes,
    protocol: {
      name: 'raft',
      // Short timeouts: more elections per simulated second, more chances to break something.
      options: {
        'election timeout': { min: 50 * MS, max: 100 * MS },
        'heartbeat every': 15 * MS,
        'pre vote': seed % 3 === 0,
        'check quorum': seed % 4 === 1,
        'read mode': READ_MODES[seed % READ_MODES.length]!,
        // Small batches: a lagging follower needs many rounds, and old suffixes linger longer.
        'max entries per append': 1 + (seed % 4),
      },
      line: 1,
    },
    network: {
      defaults: { latency: { kind: 'uniform', minUs: 1 * MS, maxUs: 12 * MS }, drop: 0.03, duplicate: 0.02, reorder: 0.02, bandwidthBytesPerSec: 0 },
      links: [],
      regions: {},
    },
    clients: [client('c1', {
      ops: [
        { op: 'write', keys: ['x', 'y'], intervalUs: { min: 5 * MS, max: 15 * MS }, line: 1 },
        { op: 'cas', keys: ['x'], intervalUs: { min: 20 * MS, max: 40 * MS }, line: 1 },
        { op: 'read', keys: ['x', 'y'], intervalUs: { min: 10 * MS, max: 30 * MS }, line: 1 },
      ],
      idempotencyKeyTtlUs: seed % 5 === 0 ? 1 * S : null,
      timeoutUs: 100 * MS,
      retry: { maxRetries: 2, backoff: 'exponential', baseUs: 10 * MS, capUs: 100 * MS, jitter: 'full', line: 1 },
    })],
    randomFaults: [
      chaos('crash', [200, 600], [50, 400]),
      chaos('partition', [200, 700], [100, 600]),
      chaos('pause', [500, 1500], [20, 200]),
      chaos('clock-jump', [700, 1500], [100, 300], 200 * MS),
    ],
  });
}

describe('Raft safety under random faults', () => {
  it('election safety, log matching, leader completeness and state machine safety hold after every event of 200 chaotic runs', () => {
    let totalEvents = 0;
    let elections = 0;
    let committed = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const config = chaoticRun(seed);
      const monitor = createRaftSafetyMonitor(config.nodes);
      // Only the invariants matter here: grading each run with core/check would multiply the time.
      const report = runScenario(config, { observer: (view, touched) => monitor.observe(view, touched), recordTrace: true, analyze: false });
      const violation = monitor.firstViolation();
      assert.equal(violation, null, `seed ${seed}: ${violation?.summary} at ${violation?.at}µs (replay: chaoticRun(${seed}))`);
      totalEvents += report.stats.events;
      const terms = new Set<unknown>();
      let maxCommit = 0;
      for (const e of report.trace) {
        if (e.kind !== 'state') continue;
        if (e.state['role'] === 'leader') terms.add(e.state['term']);
        maxCommit = Math.max(maxCommit, Number(e.state['commitIndex'] ?? 0));
      }
      elections += terms.size;
      committed += maxCommit;
    }
    // The sweep is only worth something if the runs were eventful.
    assert.ok(elections > 600, `expected many elections across the sweep, saw ${elections}`);
    assert.ok(committed > 10_000, `expected many committed entries, saw ${committed}`);
    assert.ok(totalEvents > 200_000);
  });
});
