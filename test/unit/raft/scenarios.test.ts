// Raft end to end in the simulator: the textbook situations, each pinned by what the trace and
// the client history show. Every run also carries the safety monitor (runChecked).

import assert from 'node:assert/strict';
import { SNAPSHOT_EVERY_ENTRIES } from '../../../core/protocols/raft/apply.ts';
import type { LogEntry, RaftState } from '../../../core/protocols/raft/types.ts';
import type { FaultAction, OptionValue, ScheduledFault, SimConfig } from '../../../core/types/sim-config.ts';
import { baseConfig, client, MS, S } from '../sim/fixtures.ts';
import { completions, isolate, leaderAt, leadersByTerm, raftState, runChecked, stateEvents, statesAt } from './scenario-helpers.ts';

const ELECTION_MAX = 300 * MS; // the default election timeout is 150ms..300ms

function writer(everyMs = 20, overrides: Parameters<typeof client>[1] = {}) {
  return client('writer', { ops: [{ op: 'write', keys: ['x'], intervalUs: { min: everyMs * MS, max: everyMs * MS }, line: 1 }], timeoutUs: 150 * MS, ...overrides });
}

function cluster(nodes: string[], overrides: Partial<SimConfig> = {}, options: Record<string, OptionValue> = {}): SimConfig {
  return baseConfig({ nodes, runForUs: 4 * S, clients: [writer()], protocol: { name: 'raft', options, line: 1 }, ...overrides });
}

/** Runs the config without faults to learn who leads at `t` (the same seed elects the same node). */
function leaderBefore(config: SimConfig, t: number): string {
  const probe = runChecked({ ...config, faults: [] });
  const leader = leaderAt(probe, t);
  assert.ok(leader, `no leader at ${t}µs in the fault-free run`);
  return leader.node;
}

const at = (atUs: number, action: FaultAction): ScheduledFault => ({ ...action, atUs, line: 1 });

describe('Raft scenarios: leader election', () => {
  it('3 nodes elect exactly one leader per term, and agree on it', () => {
    const report = runChecked(cluster(['n1', 'n2', 'n3']));
    const byTerm = leadersByTerm(report);
    assert.ok(byTerm.size >= 1, 'a leader was elected');
    for (const [term, leaders] of byTerm) assert.equal(leaders.size, 1, `term ${term} had leaders ${[...leaders]}`);
    const final = statesAt(report, 4 * S);
    const leader = leaderAt(report, 4 * S)!;
    for (const s of final.values()) assert.equal(s.leader, leader.node, `${s.node} follows ${s.leader}`);
  });

  it('a 2-node cluster that loses a node elects nobody and commits nothing', () => {
    const report = runChecked(cluster(['n1', 'n2'], { faults: [at(0, { type: 'crash', node: 'n2' })] }));
    assert.equal(stateEvents(report).filter((s) => s.role === 'leader').length, 0);
    assert.equal(Math.max(...stateEvents(report).map((s) => s.commitIndex)), 0);
    assert.equal(completions(report, 'write', 'ok').length, 0);
    assert.ok(stateEvents(report).some((s) => s.node === 'n1' && s.role === 'candidate'), 'n1 kept trying');
  });

  it('a 1-node cluster is its own majority: it elects itself and commits alone', () => {
    const report = runChecked(cluster(['n1']));
    assert.equal(leaderAt(report, 4 * S)?.node, 'n1');
    assert.ok(completions(report, 'write', 'ok').length > 100);
  });
});

describe('Raft scenarios: an isolated leader', () => {
  const partitionAt = 1 * S;
  const healAt = 2.5 * S;

  it('is replaced by the majority within two election timeouts, cannot commit, and after the heal steps down with its uncommitted entries overwritten', () => {
    const base = cluster(['n1', 'n2', 'n3']);
    const old = leaderBefore(base, partitionAt);
    const config = { ...base, faults: [at(partitionAt, { type: 'partition', partition: isolate([old], base.nodes) }), at(healAt, { type: 'heal' })] };

    let logLengthAtCut = -1;
    let commitShortlyAfterCut = -1;
    let commitAtHeal = -1;
    let uncommittedAtHeal: Array<{ index: number; entry: LogEntry }> = [];
    let oldAtEnd: RaftState | undefined;
    const report = runChecked(config, (view) => {
      const s = raftState(view, old);
      if (s === undefined) return;
      oldAtEnd = s; // a live state: read once the run is over
      if (logLengthAtCut < 0 && view.now >= partitionAt) logLengthAtCut = s.log.entries.length;
      if (commitShortlyAfterCut < 0 && view.now >= partitionAt + 20 * MS) commitShortlyAfterCut = s.commitIndex;
      if (commitAtHeal < 0 && view.now >= healAt) {
        commitAtHeal = s.commitIndex;
        // Entries appended after the cut reached nobody; earlier uncommitted ones may have.
        const from = Math.max(s.commitIndex, logLengthAtCut);
        uncommittedAtHeal = s.log.entries.slice(from).map((entry, k) => ({ index: from + k + 1, entry }));
      }
    });
    assert.equal(leaderAt(report, partitionAt)?.node, old, 'the isolated node led when the partition began');

    const replacement = stateEvents(report).find((s) => s.t > partitionAt && s.role === 'leader' && s.node !== old);
    assert.ok(replacement, 'the majority elected a new leader');
    assert.ok(replacement.t - partitionAt <= 2 * ELECTION_MAX, `new leader after ${(replacement.t - partitionAt) / MS}ms`);

    assert.equal(commitAtHeal, commitShortlyAfterCut, 'the old leader committed nothing while cut off');
    assert.ok(uncommittedAtHeal.length > 0, 'the old leader accepted writes while cut off, which it could not commit');
    assert.equal(statesAt(report, healAt - 1).get(old)?.role, 'leader', 'without check quorum it still believed it led');

    const after = statesAt(report, 4 * S).get(old)!;
    assert.equal(after.role, 'follower');
    assert.ok(after.term > replacement.term - 1);
    const endLog = oldAtEnd!.log.entries;
    for (const { index, entry } of uncommittedAtHeal) {
      assert.notEqual(endLog[index - 1], entry, `entry ${index} of the old term survived`);
    }
  });

  it('with check quorum, steps down on its own before the partition heals', () => {
    const base = cluster(['n1', 'n2', 'n3'], {}, { 'check quorum': true });
    const old = leaderBefore(base, partitionAt);
    const report = runChecked({ ...base, faults: [at(partitionAt, { type: 'partition', partition: isolate([old], base.nodes) }), at(healAt, { type: 'heal' })] });
    const stepDown = stateEvents(report).find((s) => s.node === old && s.t > partitionAt && s.role !== 'leader');
    assert.ok(stepDown, 'the isolated leader stepped down');
    // It notices at its next check, one minimum election timeout (150ms) apart: within two of them.
    assert.ok(stepDown.t < partitionAt + 2 * 150 * MS + 10 * MS, `stepped down after ${(stepDown.t - partitionAt) / MS}ms`);
  });
});

describe('Raft scenarios: quorum arithmetic and catch-up', () => {
  it('5 nodes keep committing with 2 nodes down, but not with 3', () => {
    const config = cluster(['n1', 'n2', 'n3', 'n4', 'n5'], {
      runForUs: 5 * S,
      faults: [at(1 * S, { type: 'crash', node: 'n1' }), at(1 * S, { type: 'crash', node: 'n2' }), at(3 * S, { type: 'crash', node: 'n3' })],
    });
    const report = runChecked(config);
    const oks = completions(report, 'write', 'ok');
    assert.ok(oks.filter((op) => op.invokedAt > 1.8 * S && op.invokedAt < 3 * S).length > 20, 'writes commit with 3 of 5 nodes up');
    assert.equal(oks.filter((op) => op.invokedAt > 3 * S).length, 0, 'no write commits with 2 of 5 up');
    const commitAt3 = Math.max(...[...statesAt(report, 3 * S + 10 * MS).values()].map((s) => s.commitIndex));
    const commitAtEnd = Math.max(...[...statesAt(report, 5 * S).values()].map((s) => s.commitIndex));
    assert.equal(commitAtEnd, commitAt3, 'the commit index froze');
  });

  it('a restarted follower catches up with the leader’s log, many batches behind', () => {
    const base = cluster(['n1', 'n2', 'n3'], { clients: [writer(5, { stopUs: 3 * S })] });
    const leader = leaderBefore(base, 1 * S);
    const follower = base.nodes.find((n) => n !== leader)!;
    const config = { ...base, faults: [at(1 * S, { type: 'crash', node: follower }), at(2 * S, { type: 'restart', node: follower })] };
    let behindAtRestart = -1;
    let last: { leader?: RaftState; follower?: RaftState } = {};
    runChecked(config, (view) => {
      const f = raftState(view, follower);
      const l = raftState(view, leader);
      if (behindAtRestart < 0 && view.now >= 2 * S && f !== undefined && l !== undefined) behindAtRestart = l.log.entries.length - f.log.entries.length;
      last = { leader: l, follower: f }; // live states: read once the run is over
    });
    assert.ok(behindAtRestart > 64, `the follower was ${behindAtRestart} entries behind (more than one batch)`);
    assert.equal(last.leader?.role, 'leader', 'the same node still leads at the end');
    const l = last.leader!.log.entries;
    const f = last.follower!.log.entries;
    assert.equal(f.length, l.length);
    assert.ok(f.every((entry, i) => entry === l[i]), 'the follower holds exactly the leader’s log');
  });
});

describe('Raft scenarios: snapshots', () => {
  it('a restarted node rebuilds its key-value store from its last snapshot plus the entries after it', () => {
    const base = cluster(['n1', 'n2', 'n3'], { runForUs: 5 * S, clients: [writer(2, { stopUs: 3 * S })] });
    const leader = leaderBefore(base, 1 * S);
    const follower = base.nodes.find((n) => n !== leader)!;
    const config = { ...base, faults: [at(3.5 * S, { type: 'crash', node: follower }), at(4 * S, { type: 'restart', node: follower })] };
    let appliedAtRestart = -1;
    let last: { leader?: RaftState; follower?: RaftState } = {};
    runChecked(config, (view) => {
      const f = raftState(view, follower);
      if (appliedAtRestart < 0 && view.now >= 4 * S && f !== undefined) appliedAtRestart = f.lastApplied;
      last = { leader: raftState(view, leader), follower: f };
    });
    assert.ok(appliedAtRestart >= SNAPSHOT_EVERY_ENTRIES, `restarted with ${appliedAtRestart} entries applied from its snapshot`);
    assert.equal(last.follower!.lastApplied, last.leader!.lastApplied);
    assert.deepEqual([...last.follower!.machine.data], [...last.leader!.machine.data]);
    assert.ok(last.follower!.machine.data.size > 0);
  });
});

describe('Raft scenarios: pre-vote', () => {
  function rejoin(preVote: boolean) {
    const base = cluster(['n1', 'n2', 'n3'], {}, { 'pre vote': preVote });
    const leader = leaderBefore(base, 1 * S);
    const away = base.nodes.find((n) => n !== leader)!;
    const report = runChecked({ ...base, faults: [at(1 * S, { type: 'partition', partition: isolate([away], base.nodes) }), at(2.5 * S, { type: 'heal' })] });
    return { report, leader, away, termBefore: leaderAt(report, 1 * S)!.term };
  }

  it('without pre-vote, a node rejoining after isolation forces a new term and election', () => {
    const { report, termBefore } = rejoin(false);
    assert.ok(leaderAt(report, 4 * S)!.term > termBefore + 1, 'the cut-off node inflated its term and disrupted the leader');
  });

  it('with pre-vote, the rejoining node does not disturb the leader or its term', () => {
    const { report, leader, away, termBefore } = rejoin(true);
    assert.equal(leaderAt(report, 4 * S)!.node, leader);
    assert.equal(leaderAt(report, 4 * S)!.term, termBefore);
    assert.ok(stateEvents(report).filter((s) => s.node === away).every((s) => s.term <= termBefore), 'its term never rose while away');
  });
});

describe('Raft scenarios: read modes', () => {
  function staleReads(readMode: string, oldLeaderClockJumpUs = 0) {
    const reader = client('reader', { ops: [{ op: 'read', keys: ['x'], intervalUs: { min: 20 * MS, max: 20 * MS }, line: 1 }], timeoutUs: 150 * MS });
    const base = cluster(['n1', 'n2', 'n3'], { clients: [writer(), reader] }, { 'read mode': readMode });
    const old = leaderBefore(base, 1 * S);
    const faults = [at(1 * S, { type: 'partition', partition: isolate([old], base.nodes) }), at(3 * S, { type: 'heal' })];
    if (oldLeaderClockJumpUs !== 0) faults.push(at(1 * S + 1 * MS, { type: 'clock-jump', node: old, deltaUs: oldLeaderClockJumpUs }));
    const report = runChecked({ ...base, faults });
    // A read is stale when a newer write had already been acknowledged before the read began.
    const writes = completions(report, 'write', 'ok');
    const reads = completions(report, 'read', 'ok');
    const stale = reads.filter((read) => writes.some((w) => w.completedAt < read.invokedAt && typeof w.value === 'number' && (typeof read.value !== 'number' || w.value > read.value)));
    return { stale, reads, old };
  }

  it('read mode local serves stale reads from an isolated old leader', () => {
    const { stale, old } = staleReads('local');
    assert.ok(stale.length > 10, `expected stale reads, got ${stale.length}`);
    assert.ok(stale.every((read) => read.node === old), 'the stale answers come from the old leader');
  });

  for (const mode of ['log', 'read_index', 'lease']) {
    it(`read mode ${mode} never serves a stale read, even from an isolated old leader`, () => {
      const { stale, reads } = staleReads(mode);
      assert.ok(reads.length > 50, 'reads were served');
      assert.equal(stale.length, 0, `stale reads: ${JSON.stringify(stale.slice(0, 3))}`);
    });
  }

  it('lease reads trust the clock: an isolated old leader whose clock jumps back keeps serving stale reads', () => {
    const { stale, old } = staleReads('lease', -500 * MS);
    assert.ok(stale.length > 5, `expected stale reads, got ${stale.length}`);
    assert.ok(stale.every((read) => read.node === old));
  });

  it('read_index does not trust the clock: the same clock jump causes no stale read', () => {
    assert.equal(staleReads('read_index', -500 * MS).stale.length, 0);
  });
});
