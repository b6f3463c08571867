// Leader election (§5.2), the election restriction (§5.4.1), and the two guards against
// disruptive servers from Ongaro's thesis: pre-vote (§9.6) and ignoring votes while a leader is
// known to be alive (§4.2.3).

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { append, candidateLogIsUpToDate, lastLogIndex, lastLogTerm } from './log.ts';
import { advanceCommitIndex, broadcastAppendEntries } from './replication.ts';
import { adoptNewerTerm, send } from './state.ts';
import { armElectionTimer, electionTimerStillDue, noteElectionReset } from './timers.ts';
import type { RaftMessage, RaftState, VoteReply, VoteRequest } from './types.ts';

const VOTE_BYTES = 48;

/** The election timer fired: no leader was heard from for a whole randomized timeout. */
export function onElectionTimeout(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>): void {
  if (state.role === 'leader') return; // a leader has no election timer; a stale firing is moot
  if (!electionTimerStillDue(state, ctx.now, out)) return;
  armElectionTimer(state, out);
  if (state.settings.preVote) startPreVote(state, ctx, out);
  else startElection(state, ctx, out);
}

/**
 * Thesis §9.6: before disturbing anyone, ask whether an election *would* succeed. The node keeps
 * its term, so a node cut off from the cluster does not inflate its term while it is away and
 * cannot force a working leader to step down when it comes back.
 */
function startPreVote(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>): void {
  state.role = 'follower'; // a candidate whose election timed out polls again before a new term
  state.preVoting = true;
  state.leader = null;
  clearVotes(state);
  countVote(state, state.selfIndex);
  if (state.voteCount >= state.quorum) {
    startElection(state, ctx, out);
    return;
  }
  askForVotes(state, ctx, out, 'PreVote', state.currentTerm + 1);
}

/** §5.2: increment currentTerm, vote for self, reset the election timer, send RequestVote to all. */
function startElection(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>): void {
  state.currentTerm++;
  state.votedFor = ctx.self;
  state.role = 'candidate';
  state.leader = null;
  state.preVoting = false;
  clearVotes(state);
  countVote(state, state.selfIndex);
  if (state.voteCount >= state.quorum) {
    becomeLeader(state, ctx, out);
    return;
  }
  askForVotes(state, ctx, out, 'RequestVote', state.currentTerm);
}

function askForVotes(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>, kind: VoteRequest['kind'], term: number): void {
  const lastIndex = lastLogIndex(state.log);
  const lastTerm = lastLogTerm(state.log);
  for (let i = 0; i < state.nodes.length; i++) {
    if (i === state.selfIndex) continue;
    const request: VoteRequest = { kind, term, candidate: ctx.self, lastLogIndex: lastIndex, lastLogTerm: lastTerm };
    send(out, state.nodes[i]!, request, VOTE_BYTES);
  }
}

/**
 * Thesis §4.2.3: a server that heard from a current leader less than a minimum election timeout
 * ago does not let a candidate depose it. Needed for leases (the lease *is* that promise) and
 * part of check-quorum, as in etcd. A leader applies it to itself while it holds its role.
 */
function leaderIsAlive(state: RaftState, ctx: NodeContext): boolean {
  if (state.role === 'leader') return true;
  return state.leader !== null && ctx.now - state.heardFromLeaderAt < state.settings.electionTimeoutUs.min;
}

function disregardsDisruptions(state: RaftState): boolean {
  return state.settings.checkQuorum || state.settings.readMode === 'lease';
}

export function onVoteRequest(state: RaftState, from: string, request: VoteRequest, ctx: NodeContext, out: Out<RaftMessage>): void {
  if (request.kind === 'PreVote') {
    // A pre-vote changes nothing here: grant it when a real vote could be granted in that term
    // (§5.4.1 log check) and no leader is known to be alive (otherwise the election is pointless).
    const granted =
      request.term > state.currentTerm &&
      !leaderIsAlive(state, ctx) &&
      candidateLogIsUpToDate(state.log, request.lastLogIndex, request.lastLogTerm);
    const reply: VoteReply = { kind: 'PreVoteReply', term: granted ? request.term : state.currentTerm, granted };
    send(out, from, reply, VOTE_BYTES);
    return;
  }

  if (request.term > state.currentTerm) {
    // Ignored entirely — not even the term is adopted — or a node that was away would
    // still unseat a healthy leader (thesis §4.2.3).
    if (disregardsDisruptions(state) && leaderIsAlive(state, ctx)) return;
    adoptNewerTerm(state, request.term, out);
  }
  // §5.2: at most one vote per term, first come first served; §5.4.1: only for a log at least
  // as up-to-date as ours.
  const granted =
    request.term === state.currentTerm &&
    (state.votedFor === null || state.votedFor === request.candidate) &&
    candidateLogIsUpToDate(state.log, request.lastLogIndex, request.lastLogTerm);
  if (granted) {
    state.votedFor = request.candidate;
    // §5.2: granting a vote resets the election timer, so the voter waits for the new leader.
    noteElectionReset(state, ctx.now);
  }
  const reply: VoteReply = { kind: 'RequestVoteReply', term: state.currentTerm, granted };
  send(out, from, reply, VOTE_BYTES);
}

export function onVoteReply(state: RaftState, from: string, reply: VoteReply, ctx: NodeContext, out: Out<RaftMessage>): void {
  if (reply.term > state.currentTerm && !reply.granted) {
    adoptNewerTerm(state, reply.term, out);
    return;
  }
  const voter = state.nodes.indexOf(from);
  if (voter < 0 || !reply.granted) return;
  if (reply.kind === 'PreVoteReply') {
    if (!state.preVoting || state.role !== 'follower' || reply.term !== state.currentTerm + 1) return;
    countVote(state, voter);
    if (state.voteCount >= state.quorum) startElection(state, ctx, out);
    return;
  }
  if (state.role !== 'candidate' || reply.term !== state.currentTerm) return; // a vote from an old election
  countVote(state, voter);
  // §5.2: votes from a majority of the servers make the candidate leader.
  if (state.voteCount >= state.quorum) becomeLeader(state, ctx, out);
}

function clearVotes(state: RaftState): void {
  state.votes.fill(false);
  state.voteCount = 0;
}

function countVote(state: RaftState, voter: number): void {
  if (state.votes[voter]) return; // a duplicated reply is one vote
  state.votes[voter] = true;
  state.voteCount++;
}

/**
 * Winning: reinitialize nextIndex and matchIndex (Figure 2), append a no-op of the new term
 * (§8: the leader learns what is committed only once an entry of its own term is), and announce
 * the leadership at once with AppendEntries — the first heartbeat (§5.2).
 */
export function becomeLeader(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>): void {
  state.role = 'leader';
  state.leader = ctx.self;
  state.preVoting = false;
  const next = lastLogIndex(state.log) + 1;
  state.nextIndex.fill(next);
  state.matchIndex.fill(0);
  state.inflight.fill(false);
  state.sentAtHeartbeat.fill(0);
  state.heartbeats = 0;
  state.recentlyActive.fill(false);
  state.peerRound.fill(0);
  state.peerRoundSentAt.fill(Number.NEGATIVE_INFINITY);
  state.round = 0;
  state.confirmedRound = 0;
  state.leaseUntil = Number.NEGATIVE_INFINITY;
  state.pendingReads = [];
  state.noopIndex = append(state.log, { term: state.currentTerm, command: null });
  out.push(state.timers.cancelElection);
  out.push(state.timers.armHeartbeat);
  if (state.settings.checkQuorum) out.push(state.timers.armCheckQuorum);
  broadcastAppendEntries(state, ctx, out);
  advanceCommitIndex(state, ctx, out); // a one-node cluster is its own majority
}
