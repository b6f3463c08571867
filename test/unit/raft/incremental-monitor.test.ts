// The Raft safety monitor looks only at the node an event touched (and the leaders); before, it
// looked at every node after every event. Skipping must change nothing: over random clusters,
// faults and Raft variants broken on purpose, both monitors watch the same run and must report
// the same first violation (property, summary, time) at the same event, or both none.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRaftSafetyMonitor } from '../../../core/check/raft-invariants.ts';
import { raft } from '../../../core/protocols/raft/index.ts';
import type { RaftState } from '../../../core/protocols/raft/types.ts';
import { runScenario } from '../../../core/run.ts';
import type { AnyProtocol } from '../../../core/sim/engine.ts';
import type { RandomFaultSpec, SimConfig } from '../../../core/types/sim-config.ts';
import { baseConfig, client, MS, S } from '../sim/fixtures.ts';
import { createFullScanRaftSafetyMonitor } from './full-scan-monitor.ts';

/** Raft without the election restriction (§5.4.1): a voter grants its vote whatever the candidate's log. */
const withoutElectionRestriction: AnyProtocol = {
  ...raft,
  onMessage(state, from, message, ctx, out) {
    const forged = message.kind === 'RequestVote' ? { ...message, lastLogIndex: Number.MAX_SAFE_INTEGER, lastLogTerm: Number.MAX_SAFE_INTEGER } : message;
    raft.onMessage(state, from, forged, ctx, out);
  },
};

/** Raft whose voters forget their vote before each request: two candidates can win one term. */
const votesTwice: AnyProtocol = {
  ...raft,
  onMessage(state, from, message, ctx, out) {
    if (message.kind === 'RequestVote') (state as RaftState).votedFor = null;
    raft.onMessage(state, from, message, ctx, out);
  },
};

/** Raft whose followers take everything they hold as committed: entries a new leader overwrites were "committed". */
const commitsEagerly: AnyProtocol = {
  ...raft,
  onMessage(state, from, message, ctx, out) {
    raft.onMessage(state, from, message, ctx, out);
    const raftState = state as RaftState;
    if (message.kind === 'AppendEntries' && raftState.role === 'follower') raftState.commitIndex = Math.max(raftState.commitIndex, raftState.log.entries.length);
  },
};

/** Raft whose followers skip the consistency check (§5.3): they append a leader's entries at the end of whatever they hold. */
const appendsAnywhere: AnyProtocol = {
  ...raft,
  onMessage(state, from, message, ctx, out) {
    if (message.kind !== 'AppendEntries' || message.entries.length === 0) return raft.onMessage(state, from, message, ctx, out);
    const entries = (state as RaftState).log.entries;
    const forged = { ...message, prevLogIndex: entries.length, prevLogTerm: entries.length === 0 ? 0 : entries[entries.length - 1]!.term };
    raft.onMessage(state, from, forged, ctx, out);
  },
};

const VARIANTS: Array<[string, AnyProtocol]> = [
  ['raft', raft],
  ['without the election restriction', withoutElectionRestriction],
  ['votes twice', votesTwice],
  ['commits eagerly', commitsEagerly],
  ['appends anywhere', appendsAnywhere],
];

function chaos(kind: RandomFaultSpec['kind'], everyMs: [number, number], forMs: [number, number], magnitude = 0): RandomFaultSpec {
  return { kind, everyUs: { min: everyMs[0] * MS, max: everyMs[1] * MS }, durationUs: { min: forMs[0] * MS, max: forMs[1] * MS }, nodes: [], magnitude, line: 1 };
}

type Shape = { seed: number; nodeCount: number; variant: number; faults: boolean; drop: number; clients: number };

function configOf(shape: Shape): SimConfig {
  return baseConfig({
    scenario: `monitor agreement ${JSON.stringify(shape)}`,
    seed: shape.seed,
    runForUs: 1.5 * S,
    nodes: Array.from({ length: shape.nodeCount }, (_, i) => `n${i + 1}`),
    protocol: {
      name: 'raft',
      options: { 'election timeout': { min: 50 * MS, max: 100 * MS }, 'heartbeat every': 15 * MS, 'pre vote': shape.seed % 3 === 0, 'max entries per append': 1 + (shape.seed % 3) },
      line: 1,
    },
    network: {
      defaults: { latency: { kind: 'uniform', minUs: 1 * MS, maxUs: 12 * MS }, drop: shape.drop, duplicate: 0.02, reorder: 0.02, bandwidthBytesPerSec: 0 },
      links: [],
      regions: {},
    },
    clients: Array.from({ length: shape.clients }, (_, i) =>
      client(`c${i + 1}`, { ops: [{ op: 'write', keys: ['x', 'y'], intervalUs: { min: 5 * MS, max: 15 * MS }, line: 1 }], timeoutUs: 100 * MS }),
    ),
    randomFaults: shape.faults
      ? [chaos('crash', [150, 400], [50, 300]), chaos('partition', [150, 500], [100, 400]), chaos('pause', [300, 900], [20, 200]), chaos('clock-jump', [500, 1000], [100, 300], 200 * MS)]
      : [],
  });
}

type Found = { event: number; violation: ReturnType<ReturnType<typeof createRaftSafetyMonitor>['firstViolation']> };

/** Both monitors on one run: what each found first, and after which event. */
function watchBoth(shape: Shape): { incremental: Found; fullScan: Found } {
  const config = configOf(shape);
  const incremental = createRaftSafetyMonitor(config.nodes);
  const fullScan = createFullScanRaftSafetyMonitor(config.nodes);
  let incrementalEvent = -1;
  let fullScanEvent = -1;
  runScenario(config, {
    analyze: false,
    recordTrace: false,
    protocol: VARIANTS[shape.variant]![1],
    observer: (view, touched) => {
      incremental.observe(view, touched);
      fullScan.observe(view);
      if (incrementalEvent < 0 && incremental.firstViolation() !== null) incrementalEvent = view.eventCount;
      if (fullScanEvent < 0 && fullScan.firstViolation() !== null) fullScanEvent = view.eventCount;
    },
  });
  return { incremental: { event: incrementalEvent, violation: incremental.firstViolation() }, fullScan: { event: fullScanEvent, violation: fullScan.firstViolation() } };
}

describe('Raft safety monitor: looking only at the touched node and the leaders', function () {
  this.timeout(120_000);

  it('reports the same first violation at the same event as a look at every node, over 300 random runs of correct and broken Raft', () => {
    const properties = new Map<string, number>();
    let clean = 0;
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          nodeCount: fc.constantFrom(1, 2, 3, 5, 7, 12, 25),
          variant: fc.integer({ min: 0, max: VARIANTS.length - 1 }),
          faults: fc.boolean(),
          drop: fc.constantFrom(0, 0.05, 0.2),
          clients: fc.integer({ min: 0, max: 2 }),
        }),
        (shape) => {
          const { incremental, fullScan } = watchBoth(shape);
          assert.deepEqual(incremental, fullScan, `${VARIANTS[shape.variant]![0]}: ${JSON.stringify(shape)}`);
          if (fullScan.violation === null) clean++;
          else properties.set(fullScan.violation.property, (properties.get(fullScan.violation.property) ?? 0) + 1);
        },
      ),
      { seed: 20261203, numRuns: 300 },
    );
    // The comparison is only worth something if both outcomes, and several properties, occurred.
    assert.ok(clean >= 60, `clean runs: ${clean}`);
    assert.ok(properties.size === 4, `violated properties: ${JSON.stringify([...properties])}`);
  });

  it('finds every broken variant broken on some of 8 chaotic runs, and real Raft safe on all of them', () => {
    const broken = VARIANTS.map((_, variant) => {
      let runs = 0;
      for (let seed = 1; seed <= 8; seed++) if (watchBoth({ seed, nodeCount: 5, variant, faults: true, drop: 0.05, clients: 1 }).incremental.violation !== null) runs++;
      return runs;
    });
    assert.equal(broken[0], 0);
    assert.ok(broken.slice(1).every((runs) => runs > 0), JSON.stringify(broken));
  });
});
