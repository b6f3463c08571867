// The observed CAP class counts only what shows a choice: an answer given on a side without a
// majority of the key's replicas, while the partition lasted: an acknowledged write, or a stale read.

import assert from 'node:assert/strict';
import { classifyRun } from '../../../core/check/trace/cap-pacelc.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { History } from '../../../core/types/history.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';
import { history, read, write } from './helpers/build-history.ts';

const ms = 1000;
const CP = { cap: 'CP', pacelc: 'PC/EC', reason: 'majority writes' } as const;

function config(): SimConfig {
  return {
    scenario: 'test',
    seed: 1,
    runForUs: 10_000 * ms,
    nodes: ['n1', 'n2', 'n3'],
    protocol: { name: 'raft', options: {}, line: 1 },
    network: { defaults: { latency: { kind: 'fixed', us: 5 * ms }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
    clocks: [],
    clients: [],
    faults: [],
    randomFaults: [],
    expectations: [],
  };
}

function servedBy(h: History, nodes: Record<number, string>): History {
  return h.map((e) => (e.type !== 'invoke' && nodes[e.opId] !== undefined ? { ...e, node: nodes[e.opId]! } : e));
}

const cut: Array<[string, string]> = [['n1', 'n2'], ['n2', 'n1'], ['n1', 'n3'], ['n3', 'n1']];
const trace: TraceEvent[] = [{ kind: 'partition', t: 1000 * ms, blocked: cut, label: 'n1 | n2,n3' }, { kind: 'heal', t: 2000 * ms }];

describe('observed CAP: what counts as a minority answer', () => {
  it('a write started on the cut-off side during the partition but answered after the heal is no minority answer', () => {
    const h = servedBy(history([write('a', 1, 1500, 2100)]), { 0: 'n1' });
    assert.notEqual(classifyRun(h, trace, config(), CP).observed.duringPartition, 'A');
  });

  it('reads a cut-off node answered before anyone else took a write are not stale, so they do not make it PA', () => {
    const early = servedBy(history([read('b', null, 1100, 1110), read('b', null, 1200, 1210)]), { 0: 'n1', 1: 'n1' });
    assert.notEqual(classifyRun(early, trace, config(), CP).observed.duringPartition, 'A');
    // Once the majority side acknowledged a write of x, the cut-off node's read of x that missed it is stale: available, not consistent.
    const late = servedBy(history([write('a', 5, 1300, 1310), read('b', null, 1400, 1410)]), { 0: 'n2', 1: 'n1' });
    assert.equal(classifyRun(late, trace, config(), CP).observed.duringPartition, 'A');
  });

  it('a cut-off read that saw the latest write is not stale, whichever node acknowledged that write (found by the theorem sweep)', () => {
    // The earlier rule took any write acknowledged by another node before the read as a sign it
    // could be stale: a lease leader's fresh read, beside a follower that relayed its commit, read as PA.
    const fresh = servedBy(history([write('a', 5, 1300, 1310), read('b', 5, 1400, 1410)]), { 0: 'n2', 1: 'n1' });
    assert.notEqual(classifyRun(fresh, trace, config(), CP).observed.duringPartition, 'A');
  });

  it('a minority side that served fresh reads and refused a write is consistent, but is not said to have answered no one', () => {
    // n1 is cut off 1s–2s: it serves b a fresh read, and a's write to it fails.
    const refusedWrite = { ...write('a', 5, 1200, 1300), type: 'fail' as const, error: 'not the leader' };
    const served = servedBy(history([read('b', null, 1100, 1110), refusedWrite]), { 0: 'n1', 1: 'n1' });
    const c = classifyRun(served, trace, config(), CP);
    assert.equal(c.observed.duringPartition, 'C');
    assert.doesNotMatch(c.summary, /answered no one/);
    assert.match(c.summary, /the minority side accepted no write and served no stale read \(consistent\)/);
    // With only the refusal, "answered no one" is what happened.
    const refused = servedBy(history([refusedWrite]), { 0: 'n1' });
    assert.match(classifyRun(refused, trace, config(), CP).summary, /the minority side answered no one \(consistent\)/);
  });

  it('leaderless N=3, R=W=2 on 5 nodes is observed PC/EC on every seed: minority is judged against the key’s 3 replicas', () => {
    const text = `scenario "strict quorums" {
  run for 5s
  cluster {
    nodes n1, n2, n3, n4, n5
    protocol leaderless {
      n 3
      r 2
      w 2
    }
  }
  network { latency 2ms..10ms }
  workload {
    client writer * 3 {
      write x every 100ms
      write y every 100ms
      timeout 400ms
    }
    client reader * 3 {
      read x every 50ms
      read y every 50ms
      timeout 400ms
    }
  }
  faults {
    at 2s partition n1, n2 | n3, n4, n5
    at 4s heal
  }
}`;
    const compiled = compile(text);
    assert.ok(compiled.config !== null, compiled.diagnostics.map((d) => d.message).join('; '));
    for (let seed = 1; seed <= 8; seed++) {
      const report = runScenario({ ...compiled.config, seed });
      assert.equal(report.classification!.observed.pacelc, 'PC/EC', `seed ${seed}: ${report.classification!.summary}`);
      assert.deepEqual(report.classification!.disagreements, [], `seed ${seed}`);
    }
  });
});

describe('observed CAP: a disagreement says what happened, not a guessed cause', () => {
  it('stale reads from a quorum of replicas (last-write-wins with a lagging clock) are not blamed on skipping the majority', () => {
    const text = `scenario "lww skew" {
  seed 1
  run for 5s
  cluster {
    nodes n1, n2, n3
    protocol leaderless {
      n 3
      r 2
      w 2
      conflict resolution lww
    }
  }
  clock n1 skew -1s
  network { latency 1ms..3ms }
  workload {
    client alice near n1 { write x every 300ms timeout 1s }
    client bob near n2 {
      write x every 300ms timeout 1s
      start at 150ms
    }
    client carol {
      read x every 50ms timeout 1s
      start at 4.5s
    }
  }
}
`;
    const compiled = compile(text);
    assert.ok(compiled.config, JSON.stringify(compiled.diagnostics));
    const report = runScenario(compiled.config);
    const classification = report.classification!;
    assert.ok(classification.observed.staleReads > 0, 'the run does serve stale reads');
    // Every read was answered after replies from r = 2 of the 3 replicas: a majority was asked.
    const disagreement = classification.disagreements.find((d) => d.startsWith('Configured as CP, yet'));
    assert.ok(disagreement !== undefined, classification.disagreements.join(' | '));
    assert.doesNotMatch(disagreement, /majority/);
    assert.match(disagreement, /returned a value older than a write acknowledged before they began/);
  });
});
