// `converges`: replicas of each key end equal, or merely behind by less than the bound; only the
// nodes that should hold a key are compared.

import assert from 'node:assert/strict';
import { checkConvergence } from '../../../core/check/trace/convergence.ts';
import { placeKey } from '../../../core/protocols/leaderless/preference-list.ts';
import type { Expectation, SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const ms = 1000;

function config(protocol: string, nodes: string[], options: Record<string, number> = {}, withinMs?: number): SimConfig {
  const expectation: Expectation = { kind: 'converges', text: 'converges', line: 1 };
  if (withinMs !== undefined) expectation.withinUs = withinMs * ms;
  return {
    scenario: 'test',
    seed: 1,
    runForUs: 10_000 * ms,
    nodes,
    protocol: { name: protocol, options, line: 1 },
    network: { defaults: { latency: { kind: 'fixed', us: 5 * ms }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
    clocks: [],
    clients: [],
    faults: [],
    randomFaults: [],
    expectations: [expectation],
  } as SimConfig;
}

const apply = (tMs: number, node: string, op: number, key: string, value: unknown): TraceEvent => ({ kind: 'apply', t: tMs * ms, node, op, key, value });
const raft3 = ['n1', 'n2', 'n3'];

describe('converges', () => {
  it('a replica restarted from a snapshot holds the snapshot\'s values: equal to the others, not empty', () => {
    const trace: TraceEvent[] = [
      apply(100, 'n1', 0, 'x', 1),
      apply(101, 'n2', 0, 'x', 1),
      apply(102, 'n3', 0, 'x', 1),
      { kind: 'crash', t: 2000 * ms, node: 'n3' },
      { kind: 'restart', t: 3000 * ms, node: 'n3' },
      { kind: 'state', t: 3000 * ms, node: 'n3', local: 3000 * ms, state: { restored: { through: 1, values: { x: 1 } } } },
    ];
    const r = checkConvergence(trace, config('raft', raft3));
    assert.equal(r.verdict.holds, true, r.verdict.summary);
    assert.equal(r.differing.length, 0);
  });

  it('a follower one write behind when the run stops is catching up, not diverged', () => {
    const trace = [apply(100, 'n1', 0, 'x', 1), apply(101, 'n2', 0, 'x', 1), apply(102, 'n3', 0, 'x', 1), apply(9990, 'n1', 1, 'x', 2), apply(9992, 'n2', 1, 'x', 2)];
    const r = checkConvergence(trace, config('raft', raft3));
    assert.equal(r.verdict.holds, true, r.verdict.summary);
    assert.match(r.verdict.summary, /catching up/);
    assert.equal(r.differing.length, 1, 'the lagging key is still listed');
  });

  it('a replica stuck on a value replaced 3 s before the end breaks the default 1 s bound and is named', () => {
    const trace = [apply(100, 'n1', 0, 'x', 1), apply(101, 'n2', 0, 'x', 1), apply(102, 'n3', 0, 'x', 1), apply(7000, 'n1', 1, 'x', 2), apply(7002, 'n2', 1, 'x', 2)];
    const r = checkConvergence(trace, config('raft', raft3));
    assert.equal(r.verdict.holds, false);
    assert.match(r.verdict.summary, /n3 still holds x=1, which n2 replaced 2.998s before the end/);
  });

  it('`converges within 5s` accepts the same 3 s lag', () => {
    const trace = [apply(100, 'n1', 0, 'x', 1), apply(101, 'n2', 0, 'x', 1), apply(102, 'n3', 0, 'x', 1), apply(7000, 'n1', 1, 'x', 2), apply(7002, 'n2', 1, 'x', 2)];
    assert.equal(checkConvergence(trace, config('raft', raft3, {}, 5000)).verdict.holds, true);
  });

  it('a replica holding a value the up-to-date replica never held has diverged, however recent', () => {
    const trace = [apply(100, 'n1', 0, 'x', 1), apply(9990, 'n2', 1, 'x', 'rogue'), apply(9995, 'n1', 2, 'x', 3), apply(9996, 'n3', 2, 'x', 3)];
    const r = checkConvergence(trace, config('raft', raft3));
    assert.equal(r.verdict.holds, false);
    assert.match(r.verdict.summary, /n2 holds x="rogue", a value n3 never held/);
  });

  it('a fully replicated node that never received a key it should hold counts as behind since the first write', () => {
    const trace = [apply(100, 'n1', 0, 'x', 1), apply(101, 'n2', 0, 'x', 1)];
    const r = checkConvergence(trace, config('raft', raft3));
    assert.equal(r.verdict.holds, false);
    assert.match(r.verdict.summary, /n3 still holds x=null/);
  });

  it('a crashed node is not asked to converge', () => {
    const trace: TraceEvent[] = [apply(100, 'n1', 0, 'x', 1), apply(101, 'n2', 0, 'x', 1), { kind: 'crash', t: 50 * ms, node: 'n3' }];
    assert.equal(checkConvergence(trace, config('raft', raft3)).verdict.holds, true);
  });

  it('leaderless N=3 on 5 nodes compares only the key\'s home replicas', () => {
    const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
    const homes = placeKey('k', nodes, 3).homes;
    const others = nodes.filter((n) => !homes.includes(n));
    const trace = homes.map((h, i) => apply(100 + i, h, 0, 'k', 'v'));
    // Another key lives elsewhere: the non-home nodes holding nothing of `k` is fine.
    const converged = checkConvergence(trace, config('leaderless', nodes, { n: 3 }));
    assert.equal(converged.verdict.holds, true, converged.verdict.summary);
    const missing = checkConvergence(trace.slice(0, 2), config('leaderless', nodes, { n: 3 }));
    assert.equal(missing.verdict.holds, false, 'a home replica that never got the write has not converged');
    assert.match(missing.verdict.summary, new RegExp(`${homes[2]} still holds k=null`));
    assert.ok(!missing.verdict.summary.includes(others[0]!));
  });

  it('a follower that applied an older log entry just after the leader applied a newer one is behind, not diverged (the furthest log position is the reference)', () => {
    const at = (tMs: number, node: string, index: number, value: number): TraceEvent => ({ ...apply(tMs, node, index, 'x', value), index } as TraceEvent);
    // The hunted run: the leader n2 applied 395 at 1,992.9 ms; n3 applied 393 at 1,999.8 ms (its last apply, later in time).
    const trace = [at(1_980, 'n1', 393, 393), at(1_985, 'n2', 393, 393), at(1_992, 'n2', 395, 395), at(1_999, 'n3', 393, 393)];
    const r = checkConvergence(trace, { ...config('raft', raft3), runForUs: 2_000 * ms });
    assert.equal(r.verdict.holds, true, r.verdict.summary);
    assert.match(r.verdict.summary, /still catching up/);
    // Without positions (a protocol with no numbered log) the latest apply in time stays the reference.
    const untimed = trace.map((e) => ({ ...e, index: undefined }) as TraceEvent);
    assert.equal(checkConvergence(untimed, { ...config('raft', raft3), runForUs: 2_000 * ms }).verdict.holds, false);
  });

  it('a two-phase-commit coordinator that applies nothing is not counted as a replica', () => {
    const trace = [apply(100, 'p1', 0, 'x', 1), apply(101, 'p2', 0, 'x', 1)];
    const r = checkConvergence(trace, config('two_phase_commit', ['coordinator', 'p1', 'p2']));
    assert.equal(r.verdict.holds, true, r.verdict.summary);
    // Nor counted in the sentence: two nodes were compared, not the three running.
    assert.equal(r.verdict.summary, 'The 2 running nodes holding the data ended with equal values for all 1 replicated key.');
  });
});
