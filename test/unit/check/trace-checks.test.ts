// The trace-based checks on small hand-written traces: lost writes, duplicate effects, split
// brain, the quorum timeline, convergence and the observed CAP/PACELC behaviour.

import assert from 'node:assert/strict';
import { classifyRun } from '../../../core/check/trace/cap-pacelc.ts';
import { checkConvergence } from '../../../core/check/trace/convergence.ts';
import { findDuplicateEffects } from '../../../core/check/trace/duplicate-effects.ts';
import { findLostWrites } from '../../../core/check/trace/lost-writes.ts';
import { quorumTimeline } from '../../../core/check/trace/quorum-timeline.ts';
import { findSplitBrain } from '../../../core/check/trace/split-brain.ts';
import type { History } from '../../../core/types/history.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';
import { history, op, read, write } from './helpers/build-history.ts';

const ms = 1000;

function config(nodes = ['n1', 'n2', 'n3'], latencyMs = 5): SimConfig {
  return {
    scenario: 'test',
    seed: 1,
    runForUs: 10_000 * ms,
    nodes,
    protocol: { name: 'raft', options: {}, line: 1 },
    network: { defaults: { latency: { kind: 'fixed', us: latencyMs * ms }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
    clocks: [],
    clients: [],
    faults: [],
    randomFaults: [],
    expectations: [],
  };
}

const apply = (t: number, node: string, op: number, key: string, value: unknown): TraceEvent => ({ kind: 'apply', t: t * ms, node, op, key, value });
const state = (t: number, node: string, role: string, term: number): TraceEvent => ({ kind: 'state', t: t * ms, node, local: t * ms, state: { role, term, leader: role === 'leader' ? node : null } });

/** Marks which node served each operation (the history builder leaves `node` out). */
function servedBy(h: History, nodes: Record<number, string>): History {
  return h.map((e) => (e.type !== 'invoke' && nodes[e.opId] !== undefined ? { ...e, node: nodes[e.opId]! } : e));
}

describe('lost writes', () => {
  it('finds an acknowledged write that no running node holds at the end', () => {
    const h = history([write('a', 1, 0, 10), write('b', 2, 20, 30)]);
    const trace = [apply(5, 'n1', 0, 'x', 1), apply(6, 'n2', 0, 'x', 1), apply(25, 'n1', 1, 'x', 2), { kind: 'crash', t: 40 * ms, node: 'n1' } as TraceEvent];
    const r = findLostWrites(h, trace, config());
    assert.equal(r.verdict.holds, false);
    assert.deepEqual(r.lost, [h.find((e) => e.opId === 1 && e.type === 'invoke')!.index]);
  });

  it('holds when every acknowledged write is applied on a running node', () => {
    const h = history([write('a', 1, 0, 10)]);
    assert.equal(findLostWrites(h, [apply(5, 'n2', 0, 'x', 1)], config()).verdict.holds, true);
  });

  it('is undecided without apply events', () => {
    assert.equal(findLostWrites(history([write('a', 1, 0, 10)]), [], config()).verdict.holds, null);
  });
});

describe('duplicate effects', () => {
  it('finds an operation applied twice by one node in one life', () => {
    const h = history([write('a', 1, 0, 10)]);
    const r = findDuplicateEffects(h, [apply(5, 'n1', 0, 'x', 1), apply(8, 'n1', 0, 'x', 1)]);
    assert.equal(r.verdict.holds, false);
    assert.deepEqual(r.duplicated, [{ opId: 0, node: 'n1', times: 2 }]);
  });

  it('does not count replay after a restart as a duplicate', () => {
    const h = history([write('a', 1, 0, 10)]);
    const trace: TraceEvent[] = [apply(5, 'n1', 0, 'x', 1), { kind: 'crash', t: 20 * ms, node: 'n1' }, { kind: 'restart', t: 30 * ms, node: 'n1' }, apply(31, 'n1', 0, 'x', 1)];
    assert.equal(findDuplicateEffects(h, trace).verdict.holds, true);
  });
});

describe('split brain', () => {
  it('reports the interval in which two leaders both acknowledged writes', () => {
    const h = servedBy(history([write('a', 1, 100, 110), write('b', 2, 120, 130)]), { 0: 'n1', 1: 'n3' });
    const trace = [state(0, 'n1', 'leader', 1), state(50, 'n3', 'leader', 2), state(200, 'n1', 'follower', 2)];
    const r = findSplitBrain(h, trace, config());
    assert.equal(r.verdict.holds, false);
    assert.equal(r.intervals.length, 1);
    assert.deepEqual(r.intervals[0]!.nodes, ['n1', 'n3']);
    assert.equal(r.intervals[0]!.from, 50 * ms);
    assert.equal(r.intervals[0]!.to, 200 * ms);
    assert.match(r.verdict.summary, /n1 \(term 1\) and n3 \(term 2\)/);
  });

  it('a Raft commit learnt late is not split brain: the old leader acknowledges a write invoked before the new leader took office', () => {
    // Found by the 100,000-run theorem pass (stream 2027, #40757): n2 (term 10) acknowledged
    // writes 29ms after n3 won term 11; followers had stored them before voting.
    const h = servedBy(history([write('a', 1, 20, 60), write('b', 2, 70, 80)]), { 0: 'n1', 1: 'n3' });
    const trace = [state(0, 'n1', 'leader', 1), state(50, 'n3', 'leader', 2), state(200, 'n1', 'follower', 2)];
    assert.equal(findSplitBrain(h, trace, config()).verdict.holds, true);
    // Primary/backup has no majority behind an acknowledgement: the same history is split brain.
    const pb = { ...config(), protocol: { name: 'primary_backup' as const, options: {}, line: 1 } };
    assert.equal(findSplitBrain(h, trace.map((e) => (e.kind === 'state' ? { ...e, state: { ...e.state, role: e.state['role'] === 'leader' ? 'primary' : 'backup' } } : e)), pb).verdict.holds, false);
  });

  it('holds when an old leader overlaps a new one but acknowledges nothing', () => {
    const h = servedBy(history([write('b', 2, 120, 130)]), { 0: 'n3' });
    const trace = [state(0, 'n1', 'leader', 1), state(50, 'n3', 'leader', 2), state(200, 'n1', 'follower', 2)];
    const r = findSplitBrain(h, trace, config());
    assert.equal(r.verdict.holds, true);
    assert.equal(r.overlaps.length, 1);
  });
});

describe('quorum timeline', () => {
  it('shows the majority side, the leaders and the failures left to tolerate', () => {
    const cfg = config(['n1', 'n2', 'n3', 'n4', 'n5']);
    const cut = ['n1', 'n2'].flatMap((a) => ['n3', 'n4', 'n5'].flatMap((b) => [[a, b], [b, a]] as Array<[string, string]>));
    const trace: TraceEvent[] = [
      state(10, 'n1', 'leader', 1),
      { kind: 'partition', t: 1000 * ms, blocked: cut, label: 'n1,n2 | n3,n4,n5' },
      state(1500, 'n3', 'leader', 2),
      { kind: 'crash', t: 2000 * ms, node: 'n4' },
      { kind: 'heal', t: 3000 * ms },
    ];
    const t = quorumTimeline(trace, cfg);
    assert.deepEqual(t.map((q) => q.cause), ['start', 'partition: n1,n2 | n3,n4,n5', 'n4 crashed', 'network healed']);
    assert.equal(t[0]!.tolerates, 2);
    assert.deepEqual(t[1]!.majority, ['n3', 'n4', 'n5']);
    assert.deepEqual(t[1]!.components, [['n3', 'n4', 'n5'], ['n1', 'n2']]);
    assert.equal(t[1]!.tolerates, 0);
    assert.ok(t[1]!.leaders.some((l) => l.node === 'n3' && l.term === 2));
    assert.equal(t[2]!.majority, null, 'n3 and n5 alone are not a majority of five');
    assert.deepEqual(t[3]!.majority, ['n1', 'n2', 'n3', 'n5']);
    assert.equal(t[3]!.tolerates, 1);
  });
});

describe('convergence', () => {
  it('fails when running replicas end with different values, and holds when they agree', () => {
    const differ = [apply(5, 'n1', 0, 'x', 1), apply(5, 'n2', 0, 'x', 1), apply(6, 'n1', 1, 'x', 2), apply(7, 'n3', 0, 'x', 1)];
    const r = checkConvergence(differ, config());
    assert.equal(r.verdict.holds, false);
    assert.equal(r.differing[0]!.key, 'x');
    const agree = [...differ, apply(9, 'n2', 1, 'x', 2), apply(9, 'n3', 1, 'x', 2)];
    assert.equal(checkConvergence(agree, config()).verdict.holds, true);
  });
});

describe('observed CAP / PACELC', () => {
  const cut: Array<[string, string]> = [['n1', 'n2'], ['n2', 'n1'], ['n1', 'n3'], ['n3', 'n1']];
  const trace: TraceEvent[] = [{ kind: 'partition', t: 1000 * ms, blocked: cut, label: 'n1 | n2,n3' }, { kind: 'heal', t: 2000 * ms }];

  it('sees a minority side that accepted writes as available, and says a CP configuration disagrees', () => {
    const h = servedBy(history([write('a', 1, 1100, 1102), read('b', null, 1200, 1210), write('c', 2, 100, 101)]), { 0: 'n1', 1: 'n2', 2: 'n1' });
    const r = classifyRun(h, trace, config(), { cap: 'CP', pacelc: 'PC/EC', reason: 'majority writes' });
    assert.equal(r.observed.duringPartition, 'A');
    assert.equal(r.observed.elseLatency, null, 'without traced messages nothing shows whether a reply waited for a replica');
    assert.ok(r.disagreements.some((d) => /minority side answered clients/.test(d)));
  });

  it('sees a minority side that refused writes as consistent, and agrees with PC/EC', () => {
    const h = servedBy(
      history([op('a', 'write', 1, null, 1100, 1400, { key: 'x', type: 'fail', error: 'no quorum' }), write('c', 2, 100, 120)]),
      { 0: 'n1', 1: 'n2' },
    );
    const r = classifyRun(h, trace, config(), { cap: 'CP', pacelc: 'PC/EC', reason: 'majority writes' });
    assert.equal(r.observed.duringPartition, 'C');
    assert.deepEqual(r.disagreements, []);
    assert.match(r.summary, /Observed PC\/E\?/);
  });
});
