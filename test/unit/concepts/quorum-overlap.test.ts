// Quorum overlap in leaderless replication: with R + W ≤ N a read may ask only replicas the latest
// write has not reached yet, so it returns an older value although that write was acknowledged
// before the read began — with no fault at all. With R + W > N every read quorum shares at least
// one replica with every write quorum, and these stale reads disappear. The two scenarios differ
// only in R and W; the network is faster to clients than between replicas, which makes the window
// in which replicas disagree easy to land in.
//
// (The pair lives here rather than in samples/ because every sample must be introduced in
// docs/concepts.md first; it is written so that it can move there unchanged.)

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { findStaleReads } from '../../../core/check/stale-reads.ts';
import { leaderless } from '../../../core/protocols/leaderless/index.ts';
import { Engine, type EngineResult } from '../../../core/sim/engine.ts';

const QUORUM_OVERLAP_SCENARIOS = `// Leaderless quorums: R + W <= N reads stale data without any fault; R + W > N does not.
//
// Each key lives on N = 3 replicas. Clients are close to the nodes (1-3ms) while the replicas are
// far from each other (30-60ms), so a write reaches the other replicas well after its client
// heard "ok".
//
// What to watch for:
//  - R = 1, W = 1: a write is acknowledged as soon as the node the client reached has it, and a
//    read is answered by the one node the reader reached. A reader at another node, in the next
//    tens of milliseconds, gets the previous value: a stale read, with every node up and every
//    message delivered.
//  - R = 2, W = 2: a write waits for a second replica and a read hears from two; two sets of two
//    out of three always share a replica, so the read sees the acknowledged write. It costs a
//    round trip between replicas on every operation.

scenario "quorums: R + W <= N reads stale data" {
  seed 1
  run for 5s

  cluster {
    nodes n1, n2, n3
    protocol leaderless {
      n 3
      r 1
      w 1
    }
  }

  network {
    latency 1ms..3ms
    link n1 <-> n2 latency 30ms..60ms
    link n2 <-> n3 latency 30ms..60ms
    link n1 <-> n3 latency 30ms..60ms
  }

  workload {
    client writer * 3 {
      write x every 60ms
      timeout 500ms
    }
    client reader * 3 {
      read x every 25ms
      timeout 500ms
    }
  }

  expect {
    no stale reads
  }
}

// Only R and W change: every read quorum now overlaps every write quorum.
scenario "quorums: R + W > N overlap" extends "quorums: R + W <= N reads stale data" {
  cluster {
    protocol leaderless {
      r 2
      w 2
    }
  }
}
`;

const SEEDS = [1, 2, 3, 4, 5];

function run(scenario: string, seed: number): EngineResult {
  const { config, diagnostics } = compile(QUORUM_OVERLAP_SCENARIOS, scenario);
  assert.ok(config !== null, diagnostics.map((d) => d.message).join('\n'));
  return new Engine({ ...config, seed }, leaderless, { maxEvents: 2_000_000, recordTrace: false, maxTraceEvents: 0 }).run();
}

describe('quorum overlap: R + W <= N vs R + W > N', () => {
  it('the two scenarios differ only in R and W', () => {
    const a = compile(QUORUM_OVERLAP_SCENARIOS, 'quorums: R + W <= N reads stale data').config!;
    const b = compile(QUORUM_OVERLAP_SCENARIOS, 'quorums: R + W > N overlap').config!;
    assert.deepEqual({ ...b.protocol.options, r: 1, w: 1 }, a.protocol.options);
    assert.deepEqual(b.clients, a.clients);
    assert.deepEqual(b.network, a.network);
    assert.deepEqual(b.faults, a.faults);
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: with R = W = 1 of N = 3 reads miss acknowledged writes; with R = W = 2 none do`, () => {
      const loose = run('quorums: R + W <= N reads stale data', seed);
      const overlapping = run('quorums: R + W > N overlap', seed);
      assert.ok(findStaleReads(loose.history).count > 0);
      assert.equal(findStaleReads(overlapping.history).count, 0);
      // Both did real work: plenty of reads completed on each side.
      const reads = (r: EngineResult) => r.history.filter((e) => e.type === 'ok' && e.f === 'read').length;
      assert.ok(reads(loose) > 100 && reads(overlapping) > 100);
    });
  }
});
