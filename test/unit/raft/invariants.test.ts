// The safety checker must catch what it claims to catch: each property broken on purpose in
// hand-made node states, and left alone by states that follow the rules.

import assert from 'node:assert/strict';
import { createRaftSafetyMonitor, RaftInvariants, type RaftNodeView } from '../../../core/check/raft-invariants.ts';
import type { SimView } from '../../../core/sim/observer.ts';
import type { LogEntry, RaftLog, Role } from '../../../core/protocols/raft/types.ts';
import { createFullScanRaftSafetyMonitor } from './full-scan-monitor.ts';
import { entry } from './harness.ts';

function node(role: Role, currentTerm: number, entries: LogEntry[], commitIndex = 0, lastApplied = commitIndex): RaftNodeView & { log: RaftLog } {
  return { role, currentTerm, log: { entries, truncations: 0, lastTruncatedTo: 0 }, commitIndex, lastApplied };
}

describe('Raft invariant checker', () => {
  it('accepts nodes that share a log prefix, one leader per term, and agreeing commits', () => {
    const a = entry(1, 1);
    const b = entry(1, 2);
    const c = entry(2, 3);
    const check = new RaftInvariants();
    assert.equal(check.checkNode('n1', node('leader', 2, [a, b, c], 3)), null);
    assert.equal(check.checkNode('n2', node('follower', 2, [a, b, c], 2)), null);
    assert.equal(check.checkNode('n3', node('follower', 1, [a, b], 1)), null);
  });

  it('reports two leaders in one term (election safety), even when they are seen at different times', () => {
    const check = new RaftInvariants();
    assert.equal(check.checkNode('n1', node('leader', 4, [])), null);
    assert.equal(check.checkNode('n1', node('follower', 5, [])), null);
    const violation = check.checkNode('n2', node('leader', 4, []));
    assert.equal(violation?.property, 'election safety');
    assert.match(violation!.summary, /term 4: n1 and n2/);
  });

  it('reports two different commands at the same index and term (log matching)', () => {
    const check = new RaftInvariants();
    assert.equal(check.checkNode('n1', node('follower', 1, [entry(1, 1)])), null);
    assert.equal(check.checkNode('n2', node('follower', 1, [entry(1, 2)]))?.property, 'log matching');
  });

  it('reports logs that agree on an entry but not on what precedes it (log matching)', () => {
    const shared = entry(3, 9);
    const check = new RaftInvariants();
    assert.equal(check.checkNode('n1', node('follower', 3, [entry(1, 1), shared])), null);
    const violation = check.checkNode('n2', node('follower', 3, [entry(2, 2), shared]));
    assert.equal(violation?.property, 'log matching');
  });

  it('re-checks a log after a truncation replaced a suffix', () => {
    const a = entry(1, 1);
    const b = entry(1, 2);
    const check = new RaftInvariants();
    const n2 = node('follower', 1, [a, b]);
    assert.equal(check.checkNode('n1', node('follower', 1, [a, b])), null);
    assert.equal(check.checkNode('n2', n2), null);
    // n2's entry 2 is cut off and replaced by a *different* command of the same term: a bug.
    n2.log.entries.length = 1;
    n2.log.truncations++;
    n2.log.lastTruncatedTo = 1;
    n2.log.entries.push(entry(1, 3));
    assert.equal(check.checkNode('n2', n2)?.property, 'log matching');
  });

  it('reports a leader of a later term that lacks a committed entry (leader completeness)', () => {
    const committed = entry(1, 1);
    const check = new RaftInvariants();
    assert.equal(check.checkNode('n1', node('leader', 1, [committed], 1)), null);
    const violation = check.checkNode('n2', node('leader', 2, [entry(2, 2)]));
    // n2's log also disagrees at index 1 with the term-1 entry, but a different term at an index is
    // legal for Log Matching; what is broken is that the committed entry is missing.
    assert.equal(violation?.property, 'leader completeness');
  });

  it('reports a node whose committed entry was cut and replaced by another, its commit index still over it', () => {
    const check = new RaftInvariants();
    const n1 = node('follower', 1, [entry(1, 1)], 1);
    assert.equal(check.checkNode('n1', n1), null);
    // A bug: index 1 was committed, yet it is cut and holds another command (of a later term, which
    // Log Matching allows) while the commit index still covers it.
    n1.log.entries.length = 0;
    n1.log.truncations++;
    n1.log.lastTruncatedTo = 0;
    n1.log.entries.push(entry(2, 2));
    const violation = check.checkNode('n1', n1);
    assert.equal(violation?.property, 'state machine safety');
    assert.match(violation!.summary, /index 1 is committed as request \d+ \(term 2\) on n1 but as request \d+ \(term 1\) on n1/);
  });

  it('a restarted node, back on its durable log, is checked again where the log was cut before the restart', () => {
    const check = new RaftInvariants();
    const log: RaftLog = { entries: [entry(1, 1), entry(1, 2)], truncations: 0, lastTruncatedTo: 0 };
    assert.equal(check.checkNode('n1', { role: 'follower', currentTerm: 1, log, commitIndex: 2, lastApplied: 2 }), null);
    // Down, then up with a new state on the same log (commit and apply start over): its checked entries pass again.
    assert.equal(check.checkNode('n1', { role: 'follower', currentTerm: 1, log, commitIndex: 2, lastApplied: 2 }), null);
    // Entry 2 is replaced, and a restarted state commits the new one: a different command at index 2.
    log.entries.length = 1;
    log.truncations++;
    log.lastTruncatedTo = 1;
    log.entries.push(entry(2, 3));
    const violation = check.checkNode('n1', { role: 'follower', currentTerm: 2, log, commitIndex: 2, lastApplied: 0 });
    assert.equal(violation?.property, 'state machine safety');
    assert.match(violation!.summary, /index 2 is committed as request \d+ \(term 2\) on n1 but as request \d+ \(term 1\) on n1/);
  });

  it('reports two nodes applying different commands at the same index (state machine safety)', () => {
    const check = new RaftInvariants();
    assert.equal(check.checkNode('n1', node('follower', 1, [entry(1, 1)], 1)), null);
    const violation = check.checkNode('n2', node('follower', 2, [entry(2, 2)], 1));
    assert.equal(violation?.property, 'state machine safety');
  });
});

describe('Raft safety monitor (every node after every event)', () => {
  /** A SimView over hand-made node states that the test mutates between events. */
  function viewOf(states: Array<RaftNodeView & { log: RaftLog }>): SimView {
    return {
      now: 0,
      eventCount: 0,
      nodes: states.map((_, i) => `n${i + 1}`),
      isUp: () => true,
      isPaused: () => false,
      protocolState: (i) => states[i],
      durableState: () => undefined,
      localTime: () => 0,
    };
  }

  it('re-checks a leader whose own state did not change once another node commits an entry it lacks', () => {
    const shared = entry(1, 1);
    const leader = node('leader', 3, [shared]);
    const lagging: { -readonly [K in keyof RaftNodeView]: RaftNodeView[K] } & { log: RaftLog } = node('follower', 2, [shared, entry(2, 2)], 1);
    // The follower comes first, so the leader is looked at after the follower's commit, in the same event.
    const view = viewOf([lagging, leader]);
    const monitor = createRaftSafetyMonitor(view.nodes);
    monitor.observe(view);
    monitor.observe(view); // nothing changed: still fine
    assert.equal(monitor.firstViolation(), null);
    // Only the follower changes: it learns that entry 2 of term 2 committed (it is still in term
    // 2, so the entry counts as committed before the leader's term 3, which lacks it).
    lagging.commitIndex = 2;
    lagging.lastApplied = 2;
    monitor.observe(view);
    assert.equal(monitor.firstViolation()?.property, 'leader completeness');
    assert.match(monitor.firstViolation()!.summary, /n2, leader of term 3, lacks committed entry 2/);
  });

  it('notices a log truncated and refilled to the same length between two events', () => {
    const first = entry(1, 1);
    const second = entry(1, 2);
    const a = node('follower', 1, [first, second]);
    const b = node('follower', 1, [first, second]);
    const view = viewOf([a, b]);
    const monitor = createRaftSafetyMonitor(view.nodes);
    monitor.observe(view);
    assert.equal(monitor.firstViolation(), null);
    // Same log object, same length, same term and commit index: only the truncation count says
    // that index 2 now holds a different command (term 1, like n1's).
    b.log.entries.pop();
    b.log.entries.push(entry(1, 3));
    b.log.truncations++;
    b.log.lastTruncatedTo = 1;
    monitor.observe(view);
    assert.equal(monitor.firstViolation()?.property, 'log matching');
  });

  describe('told which node an event touched', () => {
    /** A follower still in term 2 (which commits entry 2 of term 2) and a leader of term 3 without that entry. */
    function laggingAndLeader(followerFirst: boolean) {
      const shared = entry(1, 1);
      const follower: { -readonly [K in keyof RaftNodeView]: RaftNodeView[K] } & { log: RaftLog } = node('follower', 2, [shared, entry(2, 2)], 1);
      const leader = node('leader', 3, [shared]);
      const states = followerFirst ? [follower, leader] : [leader, follower];
      return { follower, followerIndex: followerFirst ? 0 : 1, view: viewOf(states) };
    }

    it('checks an untouched leader after it in the same event, when the touched follower commits an entry the leader lacks', () => {
      const { follower, followerIndex, view } = laggingAndLeader(true);
      const incremental = createRaftSafetyMonitor(view.nodes);
      incremental.observe(view); // the start: every node
      follower.commitIndex = 2;
      follower.lastApplied = 2;
      incremental.observe(view, followerIndex);
      assert.match(incremental.firstViolation()?.summary ?? '', /leader completeness: n2, leader of term 3, lacks committed entry 2/);
    });

    it('checks an untouched leader before it at the next event, as a look at every node in order does', () => {
      const { follower, followerIndex, view } = laggingAndLeader(false);
      const incremental = createRaftSafetyMonitor(view.nodes);
      const fullScan = createFullScanRaftSafetyMonitor(view.nodes);
      incremental.observe(view);
      fullScan.observe(view);
      follower.commitIndex = 2;
      follower.lastApplied = 2;
      incremental.observe(view, followerIndex);
      fullScan.observe(view);
      // n1, the leader, was looked at before n2 committed: neither monitor has seen it yet.
      assert.equal(incremental.firstViolation(), null);
      assert.equal(fullScan.firstViolation(), null);
      // The next event, even one that touches no node (a client's tick, endpoint 2), finds it.
      incremental.observe(view, view.nodes.length);
      fullScan.observe(view);
      assert.match(incremental.firstViolation()?.summary ?? '', /n1, leader of term 3, lacks committed entry 2/);
      assert.deepEqual(incremental.firstViolation(), fullScan.firstViolation());
    });

    it('does not look at an untouched follower, whose unchanged state cannot break anything new', () => {
      const first = entry(1, 1);
      const a = node('follower', 1, [first]);
      const b = node('follower', 1, [first]);
      const view = viewOf([a, b]);
      const incremental = createRaftSafetyMonitor(view.nodes);
      incremental.observe(view);
      assert.equal(incremental.firstViolation(), null);
      // A change to n2 that only a look at n2 finds, announced as an event for n1: not looked at.
      b.log.entries[0] = entry(1, 2);
      b.log.truncations++;
      incremental.observe(view, 0);
      assert.equal(incremental.firstViolation(), null);
      incremental.observe(view, 1);
      assert.equal(incremental.firstViolation()?.property, 'log matching');
    });
  });
});
