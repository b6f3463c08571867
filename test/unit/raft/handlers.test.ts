// Raft's handlers one step at a time, without the engine: each test is one rule of the paper.

import assert from 'node:assert/strict';
import { electLeader, entry, HandNode, only, sends } from './harness.ts';
import { raft } from '../../../core/protocols/raft/index.ts';
import type { AppendEntries, AppendEntriesReply, VoteReply } from '../../../core/protocols/raft/types.ts';

describe('Raft handlers: elections (§5.2, §5.4.1)', () => {
  it('a follower whose election timeout fires becomes a candidate of the next term and votes for itself', () => {
    const n1 = new HandNode('n1');
    const out = n1.timer('election');
    assert.equal(n1.state.role, 'candidate');
    assert.equal(n1.state.currentTerm, 1);
    assert.equal(n1.state.votedFor, 'n1');
    const requests = sends(out, 'RequestVote');
    assert.deepEqual(requests.map((s) => s.to).sort(), ['n2', 'n3']);
    assert.ok(out.some((e) => e.kind === 'set-timer' && e.name === 'election'), 'the election timer is re-armed');
  });

  it('a follower that heard from the leader since its timer was armed waits a new timeout measured from that message', () => {
    const n2 = new HandNode('n2');
    n2.ctx.now = 100_000;
    n2.receive('n1', { kind: 'AppendEntries', term: 1, leader: 'n1', prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, round: 0, sentAt: 0 });
    n2.ctx.now = 200_000; // the timer armed at 0 fires, 100ms after the heartbeat
    const out = n2.timer('election');
    assert.equal(n2.state.role, 'follower');
    assert.equal(sends(out).length, 0, 'no election');
    // Re-armed to fire 150..300ms after the heartbeat at 100ms, that is 50..200ms from now.
    assert.deepEqual(out.find((e) => e.kind === 'set-timer'), { kind: 'set-timer', name: 'election', delayUs: { min: 50_000, max: 200_000 } });
    n2.ctx.now = 350_000;
    n2.timer('election');
    assert.equal(n2.state.role, 'candidate', 'silence for a whole timeout starts an election');
  });

  it('a candidate with a stale log is refused a vote, even in a newer term', () => {
    const voter = new HandNode('n2').withTerm(2).withLog([1, 2]);
    // The candidate has more entries but its last term (1) is older than the voter's (2).
    const out = voter.receive('n1', { kind: 'RequestVote', term: 3, candidate: 'n1', lastLogIndex: 5, lastLogTerm: 1 });
    const reply = only(sends(out, 'RequestVoteReply')).message as VoteReply;
    assert.equal(reply.granted, false);
    assert.equal(voter.state.currentTerm, 3, 'the newer term is adopted all the same');
    assert.equal(voter.state.votedFor, null);
  });

  it('with equal last terms the longer log wins: a shorter candidate log is refused', () => {
    const voter = new HandNode('n2').withTerm(2).withLog([1, 2, 2]);
    const out = voter.receive('n1', { kind: 'RequestVote', term: 3, candidate: 'n1', lastLogIndex: 2, lastLogTerm: 2 });
    assert.equal((only(sends(out, 'RequestVoteReply')).message as VoteReply).granted, false);
  });

  it('a voter grants one vote per term: the second candidate of the same term is refused', () => {
    const voter = new HandNode('n3');
    const first = voter.receive('n1', { kind: 'RequestVote', term: 1, candidate: 'n1', lastLogIndex: 0, lastLogTerm: 0 });
    const second = voter.receive('n2', { kind: 'RequestVote', term: 1, candidate: 'n2', lastLogIndex: 0, lastLogTerm: 0 });
    assert.equal((only(sends(first)).message as VoteReply).granted, true);
    assert.equal((only(sends(second)).message as VoteReply).granted, false);
    assert.equal(voter.state.votedFor, 'n1');
  });

  it('a candidate with votes from a majority becomes leader and appends a no-op of its term', () => {
    const n1 = new HandNode('n1', ['n1', 'n2', 'n3', 'n4', 'n5']);
    n1.timer('election');
    n1.receive('n2', { kind: 'RequestVoteReply', term: 1, granted: true });
    assert.equal(n1.state.role, 'candidate', 'two of five votes are not a majority');
    n1.receive('n2', { kind: 'RequestVoteReply', term: 1, granted: true });
    assert.equal(n1.state.role, 'candidate', 'a duplicated vote counts once');
    const out = n1.receive('n3', { kind: 'RequestVoteReply', term: 1, granted: true });
    assert.equal(n1.state.role, 'leader');
    assert.deepEqual(n1.logTerms(), [1]);
    assert.equal(n1.state.log.entries[0]!.command, null);
    assert.equal(sends(out, 'AppendEntries').length, 4, 'the new leader announces itself to every peer');
  });

  it('an AppendEntries is marked a heartbeat exactly when it carries no entries (the no-op append is not one)', () => {
    const n1 = new HandNode('n1');
    const out = [...electLeader(n1, ['n2']), ...n1.timer('heartbeat'), ...n1.timer('heartbeat')];
    const appends = out.filter((e) => e.kind === 'send' && e.message.kind === 'AppendEntries');
    const marked = (e: (typeof appends)[number]) => e.kind === 'send' && e.heartbeat === true;
    const empty = (e: (typeof appends)[number]) => e.kind === 'send' && e.message.kind === 'AppendEntries' && e.message.entries.length === 0;
    assert.ok(appends.some(empty) && appends.some((e) => !empty(e)), 'both kinds were sent');
    for (const e of appends) assert.equal(marked(e), empty(e));
    assert.ok(out.every((e) => e.kind !== 'send' || e.message.kind === 'AppendEntries' || !marked(e)), 'only appends are heartbeats');
  });

  it('a leader that sees a higher term in a reply steps down to follower', () => {
    const n1 = new HandNode('n1');
    electLeader(n1, ['n2']);
    n1.receive('n3', { kind: 'AppendEntriesReply', term: 5, success: false, matchIndex: 0, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, round: 0, sentAt: 0 });
    assert.equal(n1.state.role, 'follower');
    assert.equal(n1.state.currentTerm, 5);
  });
});

describe('Raft handlers: replication (§5.3)', () => {
  function append(prevLogIndex: number, prevLogTerm: number, entryTerms: number[], leaderCommit = 0, term = 3): AppendEntries {
    return {
      kind: 'AppendEntries', term, leader: 'n1', prevLogIndex, prevLogTerm,
      entries: entryTerms.map((t, i) => entry(t, 100 + i)), leaderCommit, round: 0, sentAt: 0,
    };
  }

  it('AppendEntries whose prevLog does not match is rejected with a hint at the conflicting term', () => {
    const follower = new HandNode('n2').withTerm(3).withLog([1, 1, 2, 2]);
    const out = follower.receive('n1', append(4, 3, [3]));
    const reply = only(sends(out, 'AppendEntriesReply')).message as AppendEntriesReply;
    assert.equal(reply.success, false);
    assert.equal(reply.conflictTerm, 2);
    assert.equal(reply.conflictIndex, 3, 'the first index holding term 2');
    assert.deepEqual(follower.logTerms(), [1, 1, 2, 2], 'nothing changes on a rejection');
  });

  it('a follower whose log is too short says how long it is', () => {
    const follower = new HandNode('n2').withTerm(3).withLog([1]);
    const reply = only(sends(follower.receive('n1', append(5, 3, [])))).message as AppendEntriesReply;
    assert.equal(reply.success, false);
    assert.equal(reply.conflictTerm, 0);
    assert.equal(reply.conflictIndex, 2);
  });

  it('a conflicting suffix is truncated and replaced by the leader’s entries', () => {
    const follower = new HandNode('n2').withTerm(3).withLog([1, 1, 2, 2]);
    const out = follower.receive('n1', append(2, 1, [3]));
    assert.equal((only(sends(out)).message as AppendEntriesReply).success, true);
    assert.deepEqual(follower.logTerms(), [1, 1, 3]);
    assert.equal(follower.state.log.truncations, 1);
  });

  it('a delayed AppendEntries with entries already present does not cut off later entries', () => {
    const follower = new HandNode('n2').withTerm(3).withLog([1, 1, 1]);
    const out = follower.receive('n1', append(0, 0, [1]));
    const reply = only(sends(out)).message as AppendEntriesReply;
    assert.equal(reply.success, true);
    assert.equal(reply.matchIndex, 1, 'only what the message proved is reported as matching');
    assert.deepEqual(follower.logTerms(), [1, 1, 1]);
  });

  it('an AppendEntries from an older term is refused and tells the sender the current term', () => {
    const follower = new HandNode('n2').withTerm(4).withLog([1]);
    const reply = only(sends(follower.receive('n1', append(1, 1, [3], 0, 3)))).message as AppendEntriesReply;
    assert.equal(reply.success, false);
    assert.equal(reply.term, 4);
    assert.deepEqual(follower.logTerms(), [1]);
  });

  it('a follower commits no further than the last entry the message proved: min(leaderCommit, last new entry)', () => {
    const follower = new HandNode('n2').withTerm(3).withLog([1, 1, 2, 2, 2]);
    follower.receive('n1', append(1, 1, [1], 5));
    assert.equal(follower.state.commitIndex, 2, 'entries 3..5 may still differ from the leader’s');
  });

  it('a candidate that hears from a leader of its own term returns to follower', () => {
    const n2 = new HandNode('n2');
    n2.timer('election'); // candidate of term 1
    n2.receive('n1', append(0, 0, [], 0, 1));
    assert.equal(n2.state.role, 'follower');
    assert.equal(n2.state.leader, 'n1');
  });
});

describe('Raft handlers: the leader side of replication', () => {
  const reply = (over: Partial<AppendEntriesReply>): AppendEntriesReply => ({
    kind: 'AppendEntriesReply', term: 1, success: true, matchIndex: 0, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, round: 1, sentAt: 0, ...over,
  });

  it('a duplicated success reply does not start a second stream of batches', () => {
    const n1 = new HandNode('n1', ['n1', 'n2', 'n3'], { 'max entries per append': 2 });
    electLeader(n1, ['n2']);
    for (let k = 0; k < 5; k++) n1.request({ requestId: 10 + k, opId: 10 + k, op: 'write', key: 'x', value: k });
    const first = n1.receive('n2', reply({ matchIndex: 1 }));
    assert.equal(sends(first, 'AppendEntries').length, 1, 'the next batch goes out');
    const duplicate = n1.receive('n2', reply({ matchIndex: 1 }));
    assert.equal(sends(duplicate, 'AppendEntries').length, 0, 'the same answer again sends nothing');
  });

  it('a rejection backs nextIndex up past the whole conflicting term, and a stale rejection changes nothing', () => {
    // The leader's log: terms 1 1 1 4 4, then its no-op of term 5.
    const n1 = new HandNode('n1').withLog([1, 1, 1, 4, 4]).withTerm(4);
    electLeader(n1, ['n2']);
    assert.equal(n1.state.nextIndex[2], 6, 'its last index + 1 when elected (the no-op is the first thing sent)');
    // n3 holds term 3 at index 5 (entries 4..5 of term 3): the leader has no term 3 at all.
    const out = n1.receive('n3', reply({ term: 5, success: false, prevLogIndex: 5, conflictTerm: 3, conflictIndex: 4 }));
    assert.equal(n1.state.nextIndex[2], 4, 'skipped straight to the first index of the conflicting term');
    const probe = only(sends(out, 'AppendEntries')).message as AppendEntries;
    assert.equal(probe.prevLogIndex, 3);
    assert.deepEqual(probe.entries.map((e) => e.term), [4, 4, 5]);
    const stale = n1.receive('n3', reply({ term: 5, success: false, prevLogIndex: 5, conflictTerm: 3, conflictIndex: 4 }));
    assert.equal(sends(stale).length, 0);
    assert.equal(n1.state.nextIndex[2], 4);
  });
});

describe('Raft handlers: commitment (§5.4.2)', () => {
  it('a leader does not commit a previous-term entry by counting replicas, only with an entry of its term', () => {
    // n1 holds an entry from term 2 and becomes leader of term 3 (Figure 8's situation).
    const n1 = new HandNode('n1').withLog([2]).withTerm(2);
    electLeader(n1, ['n2']);
    assert.equal(n1.state.currentTerm, 3);
    assert.deepEqual(n1.logTerms(), [2, 3], 'the no-op of term 3 follows the old entry');
    const ack = (matchIndex: number) => ({ kind: 'AppendEntriesReply' as const, term: 3, success: true, matchIndex, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, round: 1, sentAt: 0 });
    n1.receive('n2', ack(1));
    assert.equal(n1.state.commitIndex, 0, 'a majority holds entry 1, but it is from term 2');
    n1.receive('n2', ack(2));
    assert.equal(n1.state.commitIndex, 2, 'the term-3 no-op on a majority commits it and everything before');
  });

  it('a write is answered only after a majority stored it, and then applied to the key-value store', () => {
    const n1 = new HandNode('n1');
    electLeader(n1, ['n2']);
    const ack = (matchIndex: number) => ({ kind: 'AppendEntriesReply' as const, term: 1, success: true, matchIndex, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, round: 1, sentAt: 0 });
    n1.receive('n2', ack(1));
    const proposed = n1.request({ requestId: 7, opId: 3, op: 'write', key: 'x', value: 42 });
    assert.equal(proposed.filter((e) => e.kind === 'reply').length, 0);
    const committed = n1.receive('n3', ack(2));
    const reply = committed.find((e) => e.kind === 'reply');
    assert.deepEqual(reply, { kind: 'reply', requestId: 7, reply: { outcome: 'ok' } });
    assert.ok(committed.some((e) => e.kind === 'apply' && e.opId === 3 && e.value === 42));
    assert.equal(n1.state.machine.read('x'), 42);
  });

  it('a read committed in one batch with a later write of its key answers the value from before that write', () => {
    const n1 = new HandNode('n1');
    electLeader(n1, ['n2']);
    const ack = (matchIndex: number) => ({ kind: 'AppendEntriesReply' as const, term: 1, success: true, matchIndex, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, round: 1, sentAt: 0 });
    n1.receive('n2', ack(1));
    n1.request({ requestId: 7, opId: 3, op: 'write', key: 'x', value: 1 });
    n1.request({ requestId: 8, opId: 4, op: 'read', key: 'x' });
    n1.request({ requestId: 9, opId: 5, op: 'write', key: 'x', value: 2 });
    // One reply covering all three entries commits them together: they are applied in one pass.
    const committed = n1.receive('n2', ack(4));
    const replies = committed.flatMap((e) => (e.kind === 'reply' ? [[e.requestId, e.reply] as const] : []));
    assert.deepEqual(replies, [
      [7, { outcome: 'ok' }],
      [8, { outcome: 'ok', value: 1 }],
      [9, { outcome: 'ok' }],
    ]);
    assert.equal(n1.state.machine.read('x'), 2);
  });
});

describe('Raft handlers: clients, options', () => {
  it('a follower redirects a client to the leader it knows', () => {
    const n2 = new HandNode('n2');
    n2.receive('n1', { kind: 'AppendEntries', term: 1, leader: 'n1', prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, round: 0, sentAt: 0 });
    const out = n2.request({ op: 'write', key: 'x', value: 1 });
    assert.deepEqual(out.find((e) => e.kind === 'reply'), { kind: 'reply', requestId: 1, reply: { outcome: 'redirect', leaderHint: 'n1' } });
  });

  it('with pre-vote, an election timeout polls the peers without raising the term', () => {
    const n1 = new HandNode('n1', ['n1', 'n2', 'n3'], { 'pre vote': true });
    const out = n1.timer('election');
    assert.equal(n1.state.currentTerm, 0);
    assert.equal(sends(out, 'PreVote').length, 2);
    n1.receive('n2', { kind: 'PreVoteReply', term: 1, granted: true });
    assert.equal(n1.state.role, 'candidate', 'a majority of pre-votes starts the real election');
    assert.equal(n1.state.currentTerm, 1);
  });

  it('a follower that heard from its leader recently refuses a pre-vote', () => {
    const n2 = new HandNode('n2', ['n1', 'n2', 'n3'], { 'pre vote': true });
    n2.ctx.now = 1_000_000;
    n2.receive('n1', { kind: 'AppendEntries', term: 1, leader: 'n1', prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, round: 0, sentAt: 0 });
    n2.ctx.now += 50_000; // well within the 150 ms minimum election timeout
    const reply = only(sends(n2.receive('n3', { kind: 'PreVote', term: 2, candidate: 'n3', lastLogIndex: 0, lastLogTerm: 0 }))).message as VoteReply;
    assert.equal(reply.granted, false);
    assert.equal(n2.state.currentTerm, 1);
  });

  it('with check quorum, a leader that heard from no majority for an election timeout steps down', () => {
    const n1 = new HandNode('n1', ['n1', 'n2', 'n3'], { 'check quorum': true });
    electLeader(n1, ['n2']);
    n1.receive('n2', { kind: 'AppendEntriesReply', term: 1, success: true, matchIndex: 1, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, round: 1, sentAt: 0 });
    n1.timer('check-quorum');
    assert.equal(n1.state.role, 'leader', 'n2 answered: n1 and n2 are a majority');
    n1.timer('check-quorum');
    assert.equal(n1.state.role, 'follower', 'nobody answered since the last check');
  });

  it('read mode local answers at once from the leader’s own state', () => {
    const n1 = new HandNode('n1', ['n1', 'n2', 'n3'], { 'read mode': 'local' });
    electLeader(n1, ['n2']);
    const out = n1.request({ op: 'read', key: 'x' });
    assert.deepEqual(out.find((e) => e.kind === 'reply'), { kind: 'reply', requestId: 1, reply: { outcome: 'ok', value: null } });
  });

  it('read mode read_index answers only after a majority echoed a heartbeat round sent after the read', () => {
    const n1 = new HandNode('n1', ['n1', 'n2', 'n3'], { 'read mode': 'read_index' });
    electLeader(n1, ['n2']);
    n1.receive('n2', { kind: 'AppendEntriesReply', term: 1, success: true, matchIndex: 1, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, round: 1, sentAt: 0 });
    assert.equal(n1.state.commitIndex, 1);
    const out = n1.request({ op: 'read', key: 'x' });
    assert.equal(out.filter((e) => e.kind === 'reply').length, 0, 'not before the round trip');
    const round = (only(sends(out, 'AppendEntries').filter((s) => s.to === 'n3')).message as AppendEntries).round;
    const stale = n1.receive('n3', { kind: 'AppendEntriesReply', term: 1, success: true, matchIndex: 1, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, round: round - 1, sentAt: 0 });
    assert.equal(stale.filter((e) => e.kind === 'reply').length, 0, 'an echo of an older round proves nothing');
    const confirmed = n1.receive('n3', { kind: 'AppendEntriesReply', term: 1, success: true, matchIndex: 1, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, round, sentAt: 0 });
    assert.equal(confirmed.filter((e) => e.kind === 'reply').length, 1);
  });

});

describe('Raft classification', () => {
  it('Raft is CP and PC/EC; with local reads the reason says reads may be stale', () => {
    const strict = raft.classify({});
    assert.equal(strict.cap, 'CP');
    assert.equal(strict.pacelc, 'PC/EC');
    const local = raft.classify({ 'read mode': 'local' });
    assert.match(local.reason, /stale/);
  });
});
