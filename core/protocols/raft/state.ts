// Building a node's state (fresh, or from what survived a crash), the term rule every RPC obeys,
// and the `state` effect that shows role, term, leader and commit index on the timeline.

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { objectList } from '../../sim/object-list.ts';
import { lastLogIndex } from './log.ts';
import { readSettings } from './settings.ts';
import { KeyValueMachine } from './state-machine.ts';
import { armElectionTimer, timerEffectsFor } from './timers.ts';
import type { RaftDurable, RaftMessage, RaftState } from './types.ts';

export function quorumOf(clusterSize: number): number {
  return Math.floor(clusterSize / 2) + 1;
}

/**
 * A node's state from its persistent part. Everything else starts as Figure 2 says: a follower
 * that knows no leader, and a state machine rebuilt from the latest snapshot (§7) — empty, with
 * commitIndex and lastApplied 0, when there is none. Entries after the snapshot are re-applied
 * once the node learns from a leader how far the log is committed.
 */
export function stateFromDurable(durable: RaftDurable, ctx: NodeContext): RaftState {
  const n = ctx.nodes.length;
  const settings = readSettings(ctx.options);
  return {
    currentTerm: durable.currentTerm,
    votedFor: durable.votedFor,
    log: durable.log,
    snapshot: durable.snapshot,
    settings,
    timers: timerEffectsFor(settings),
    selfIndex: ctx.nodes.indexOf(ctx.self),
    nodes: ctx.nodes,
    quorum: quorumOf(n),
    recording: ctx.recording !== false,
    role: 'follower',
    leader: null,
    commitIndex: durable.snapshot?.lastIncludedIndex ?? 0,
    lastApplied: durable.snapshot?.lastIncludedIndex ?? 0,
    machine: new KeyValueMachine(durable.snapshot?.machine),
    heardFromLeaderAt: Number.NEGATIVE_INFINITY,
    electionResets: 0,
    resetsAtArming: 0,
    electionResetAt: 0,
    votes: new Array<boolean>(n).fill(false),
    voteCount: 0,
    preVoting: false,
    nextIndex: new Array<number>(n).fill(1),
    matchIndex: new Array<number>(n).fill(0),
    inflight: new Array<boolean>(n).fill(false),
    sentAtHeartbeat: new Array<number>(n).fill(0),
    heartbeats: 0,
    recentlyActive: new Array<boolean>(n).fill(false),
    noopIndex: 0,
    pendingReplies: objectList(), // arrays of objects from the start (see objectList)
    pendingBase: 0,
    pendingReplyCount: 0,
    lastAppend: null,
    round: 0,
    peerRound: new Array<number>(n).fill(0),
    peerRoundSentAt: new Array<number>(n).fill(Number.NEGATIVE_INFINITY),
    confirmedRound: 0,
    leaseUntil: Number.NEGATIVE_INFINITY,
    pendingReads: objectList(),
    // Deliberately different from any real state so the first report always goes out.
    reported: { role: 'follower', term: -1, leader: null, commitIndex: -1, lastLogIndex: -1 },
  };
}

/**
 * §5.1: "If RPC request or response contains term T > currentTerm: set currentTerm = T, convert
 * to follower." The vote is reset because it belonged to the old term. Persistent state changes
 * here, which a real server would write to disk before answering.
 */
export function adoptNewerTerm(state: RaftState, term: number, out: Out<RaftMessage>): void {
  state.currentTerm = term;
  state.votedFor = null;
  becomeFollower(state, null, out);
}

/**
 * Leaves candidate or leader role. A former leader stops its heartbeats and starts listening
 * for one again; leader-only bookkeeping (pending reads, lease) is dropped with the role.
 * A follower's or candidate's running election timer is left alone: only hearing from a leader
 * or granting a vote resets it (§5.2).
 */
export function becomeFollower(state: RaftState, leader: string | null, out: Out<RaftMessage>): void {
  if (state.role === 'leader') {
    out.push(state.timers.cancelHeartbeat);
    if (state.settings.checkQuorum) out.push(state.timers.cancelCheckQuorum);
    armElectionTimer(state, out);
  }
  state.role = 'follower';
  state.leader = leader;
  state.preVoting = false;
  state.leaseUntil = Number.NEGATIVE_INFINITY;
  if (state.pendingReads.length > 0) {
    // A read has no effect, so "ask the leader instead" is the whole truth for these clients.
    for (const read of state.pendingReads) {
      out.push({ kind: 'reply', requestId: read.requestId, reply: leader === null ? { outcome: 'redirect' } : { outcome: 'redirect', leaderHint: leader } });
    }
    state.pendingReads = [];
  }
}

/** Sends one message; the message's kind is its type name in the trace, an empty append a heartbeat. */
export function send(out: Out<RaftMessage>, to: string, message: RaftMessage, bytes: number): void {
  if (message.kind === 'AppendEntries' && message.entries.length === 0) out.push({ kind: 'send', to, message, type: message.kind, bytes, heartbeat: true });
  else out.push({ kind: 'send', to, message, type: message.kind, bytes });
}

/**
 * The largest value that at least `quorum` nodes have reached, counting this node as `selfValue`
 * (the self slot of `values` is ignored): the highest index stored on a majority, the newest
 * heartbeat round a majority echoed. That is the quorum-th largest of the values, found by an
 * insertion sort into a scratch array: the cluster is tiny, and nothing is allocated, which
 * matters — it runs on every reply a leader gets. -Infinity when quorum exceeds the cluster.
 */
export function majorityValue(values: readonly number[], selfIndex: number, selfValue: number, quorum: number): number {
  const n = values.length;
  const k = Math.max(1, quorum); // a quorum of 0 or less is reached by every value: the largest
  if (k > n) return Number.NEGATIVE_INFINITY;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  // Read into a constant once: the module variable, reassigned above, would be loaded and checked
  // again at every access inside the loops.
  const sorted = scratch;
  for (let i = 0; i < n; i++) {
    const v = i === selfIndex ? selfValue : values[i]!;
    let j = i;
    while (j > 0 && sorted[j - 1]! < v) {
      sorted[j] = sorted[j - 1]!;
      j--;
    }
    sorted[j] = v;
  }
  // A number read from a Float64Array is a boxed double, and every field it is stored in (the
  // commit index, and through it every AppendEntries and state report) would become a field of
  // boxed doubles. The same value as a small integer, when it is one, keeps them small integers.
  const value = sorted[k - 1]!;
  const whole = value | 0;
  return whole === value ? whole : value;
}

/** majorityValue's scratch space: the values in descending order. */
let scratch = new Float64Array(16);

/**
 * Emits one `state` effect when role, term, leader, commit index or log length changed since the
 * last one. Handlers call it once at their end, so a burst of changes is one event on the timeline.
 * Without a trace, a change of the commit index alone is not reported: only the trace shows it
 * (the engine's timeline keeps changes of role, term and leader), and it happens on every commit.
 */
export function reportState(state: RaftState, out: Out<RaftMessage>): void {
  const r = state.reported;
  const lastIndex = lastLogIndex(state.log);
  if (
    r.role === state.role &&
    r.term === state.currentTerm &&
    r.leader === state.leader &&
    (r.commitIndex === state.commitIndex || !state.recording)
  ) {
    // The log length alone changes on every append; it rides along with the next real change.
    r.lastLogIndex = lastIndex;
    return;
  }
  r.role = state.role;
  r.term = state.currentTerm;
  r.leader = state.leader;
  r.commitIndex = state.commitIndex;
  r.lastLogIndex = lastIndex;
  out.push({
    kind: 'state',
    state: { role: state.role, term: state.currentTerm, leader: state.leader, commitIndex: state.commitIndex, lastLogIndex: lastIndex },
  });
}
