// Log replication (§5.3) and commitment (§5.4.2): the leader's AppendEntries, the follower's
// consistency check and conflict truncation, the fast backup of nextIndex, and the rule that a
// leader only counts replicas of entries from its own term.

import { objectList } from '../../sim/object-list.ts';
import type { NodeContext, Out } from '../../sim/protocol.ts';
import { applyCommitted } from './apply.ts';
import { append, firstIndexOfTerm, lastIndexOfTerm, lastLogIndex, termAt, truncateAfter } from './log.ts';
import { onRoundEchoed } from './reads.ts';
import { adoptNewerTerm, becomeFollower, majorityValue, send } from './state.ts';
import { noteElectionReset } from './timers.ts';
import type { AppendEntries, AppendEntriesReply, LogEntry, RaftMessage, RaftState } from './types.ts';

const HEADER_BYTES = 64;
/** A rough size per entry for bandwidth modelling: term, index, operation, key and value. */
const ENTRY_BYTES = 48;
/** An array of objects like every other entries list (see objectList), so reading entries stays one case. */
const NO_ENTRIES: readonly LogEntry[] = objectList();

/**
 * Sends peer `i` the entries from its nextIndex on (at most `max entries per append`), with the
 * index and term of the entry just before them for the consistency check. With nothing to send,
 * or `withEntries` false, it is a bare heartbeat.
 */
function sendAppendEntries(state: RaftState, i: number, ctx: NodeContext, out: Out<RaftMessage>, withEntries = true): void {
  const prevLogIndex = state.nextIndex[i]! - 1;
  const last = lastLogIndex(state.log);
  const count = withEntries ? Math.min(last - prevLogIndex, state.settings.maxEntriesPerAppend) : 0;
  if (withEntries) {
    state.inflight[i] = count > 0;
    state.sentAtHeartbeat[i] = state.heartbeats;
  }
  send(out, state.nodes[i]!, appendEntriesMessage(state, prevLogIndex, Math.max(0, count), ctx), HEADER_BYTES + count * ENTRY_BYTES);
}

/**
 * The AppendEntries carrying `count` entries after prevLogIndex. Peers that are level (the usual
 * case: every follower caught up, one new entry to send, or a round of bare heartbeats) are owed
 * the same message, so it is built once and shared. Within one term a leader's log only grows, so
 * equal positions, counts, term, commit index, round and send time mean equal content; the entry
 * identity check is a belt-and-braces guard.
 */
function appendEntriesMessage(state: RaftState, prevLogIndex: number, count: number, ctx: NodeContext): AppendEntries {
  const previous = state.lastAppend;
  if (
    previous !== null &&
    previous.prevLogIndex === prevLogIndex &&
    previous.entries.length === count &&
    previous.term === state.currentTerm &&
    previous.leaderCommit === state.commitIndex &&
    previous.round === state.round &&
    previous.sentAt === ctx.now &&
    (count === 0 || previous.entries[0] === state.log.entries[prevLogIndex])
  ) {
    return previous;
  }
  // A batch of one (the common case under steady load) is a literal: cheaper than slice().
  const entries =
    count === 0 ? NO_ENTRIES : count === 1 ? [state.log.entries[prevLogIndex]!] : state.log.entries.slice(prevLogIndex, prevLogIndex + count);
  const message: AppendEntries = {
    kind: 'AppendEntries',
    term: state.currentTerm,
    leader: ctx.self,
    prevLogIndex,
    prevLogTerm: termAt(state.log, prevLogIndex),
    entries,
    leaderCommit: state.commitIndex,
    round: state.round,
    sentAt: ctx.now,
  };
  state.lastAppend = message;
  return message;
}

/**
 * One round of AppendEntries to every peer (§5.2: leaders send periodic heartbeats to keep their
 * authority); each round gets a new number for reads that must confirm leadership. A peer with
 * a batch already in flight gets a bare heartbeat — unless that batch has gone unanswered for a
 * whole heartbeat interval, when it is presumed lost and sent again (§5.3: "retries indefinitely").
 */
export function broadcastAppendEntries(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>): void {
  state.round++;
  for (let i = 0; i < state.nodes.length; i++) {
    if (i === state.selfIndex) continue;
    const resend = !state.inflight[i] || state.sentAtHeartbeat[i]! < state.heartbeats - 1;
    sendAppendEntries(state, i, ctx, out, resend);
  }
}

/** A leader accepted a client command: append it to its own log first, then replicate (§5.3). */
export function proposeEntry(state: RaftState, entry: LogEntry, ctx: NodeContext, out: Out<RaftMessage>): number {
  const index = append(state.log, entry);
  for (let i = 0; i < state.nodes.length; i++) {
    // One batch in flight per peer: entries that arrive meanwhile travel together in the next.
    if (i !== state.selfIndex && !state.inflight[i]) sendAppendEntries(state, i, ctx, out);
  }
  // The new entry is on this node only, and what the other nodes hold has not changed since the
  // commit index was last advanced: only where this node alone is a majority can anything commit
  // now (a one-node cluster commits its entries at once).
  if (state.quorum <= 1) advanceCommitIndex(state, ctx, out);
  return index;
}

/** The receiver side of AppendEntries (Figure 2, "Receiver implementation"). */
export function onAppendEntries(state: RaftState, from: string, request: AppendEntries, ctx: NodeContext, out: Out<RaftMessage>): void {
  // 1. Reply false if term < currentTerm: the sender is a deposed leader and learns our term.
  if (request.term < state.currentTerm) {
    reply(state, from, request, false, 0, 0, 0, out);
    return;
  }
  if (request.term > state.currentTerm) adoptNewerTerm(state, request.term, out);
  // §5.2: a candidate (or a node polling for pre-votes) that hears from the leader of its term
  // recognizes it and returns to follower.
  if (state.role !== 'follower' || state.leader !== request.leader || state.preVoting) becomeFollower(state, request.leader, out);
  state.heardFromLeaderAt = ctx.now;
  noteElectionReset(state, ctx.now);

  // 2. Reply false if the log has no entry at prevLogIndex whose term matches prevLogTerm.
  const prevTerm = termAt(state.log, request.prevLogIndex);
  if (prevTerm !== request.prevLogTerm) {
    const tooShort = prevTerm < 0;
    const conflictTerm = tooShort ? 0 : prevTerm;
    const conflictIndex = tooShort ? lastLogIndex(state.log) + 1 : firstIndexOfTerm(state.log, prevTerm, request.prevLogIndex);
    reply(state, from, request, false, 0, conflictTerm, conflictIndex, out);
    return;
  }

  // 3–4. An existing entry that conflicts with a new one (same index, different term) is deleted
  // with all that follow it; entries already present are kept, so a delayed or duplicated
  // message never cuts off entries that a newer message appended.
  const entries = request.entries;
  for (let k = 0; k < entries.length; k++) {
    const index = request.prevLogIndex + 1 + k;
    const existing = termAt(state.log, index);
    if (existing === entries[k]!.term) continue;
    if (existing >= 0) truncateAfter(state.log, index - 1);
    for (let j = k; j < entries.length; j++) state.log.entries.push(entries[j]!);
    break;
  }

  // 5. leaderCommit > commitIndex ⇒ commitIndex = min(leaderCommit, index of last new entry).
  // Only entries this message proved identical to the leader's may be marked committed.
  const matchIndex = request.prevLogIndex + entries.length;
  if (request.leaderCommit > state.commitIndex) {
    const newCommit = Math.min(request.leaderCommit, matchIndex);
    if (newCommit > state.commitIndex) {
      state.commitIndex = newCommit;
      applyCommitted(state, ctx, out);
    }
  }
  reply(state, from, request, true, matchIndex, 0, 0, out);
}

function reply(
  state: RaftState,
  to: string,
  request: AppendEntries,
  success: boolean,
  matchIndex: number,
  conflictTerm: number,
  conflictIndex: number,
  out: Out<RaftMessage>,
): void {
  const message: AppendEntriesReply = {
    kind: 'AppendEntriesReply',
    term: state.currentTerm,
    success,
    matchIndex,
    prevLogIndex: request.prevLogIndex,
    conflictTerm,
    conflictIndex,
    round: request.round,
    sentAt: request.sentAt,
  };
  send(out, to, message, HEADER_BYTES);
}

export function onAppendEntriesReply(state: RaftState, from: string, response: AppendEntriesReply, ctx: NodeContext, out: Out<RaftMessage>): void {
  if (response.term > state.currentTerm) {
    adoptNewerTerm(state, response.term, out); // §5.1: we are a deposed leader
    return;
  }
  if (state.role !== 'leader' || response.term !== state.currentTerm) return; // an answer to an older term
  const i = state.nodes.indexOf(from);
  if (i < 0 || i === state.selfIndex) return;
  state.recentlyActive[i] = true;
  // Success or not, the peer accepted us as the leader of this term: that confirms the round.
  onRoundEchoed(state, i, response.round, response.sentAt, ctx, out);
  if (state.role !== 'leader') return;

  if (response.success) {
    // Only an answer that moves the peer forward is the answer to its batch in flight; a
    // duplicate, a late one or a bare heartbeat's must not start a second stream of batches.
    if (response.matchIndex <= state.matchIndex[i]!) return;
    state.matchIndex[i] = response.matchIndex;
    if (response.matchIndex + 1 > state.nextIndex[i]!) state.nextIndex[i] = response.matchIndex + 1;
    state.inflight[i] = false;
    // A peer that only caught up to what is already committed cannot move the majority past the
    // commit index (the usual case for the replies after the one that made the majority).
    if (response.matchIndex > state.commitIndex) advanceCommitIndex(state, ctx, out);
    if (state.role === 'leader' && state.nextIndex[i]! <= lastLogIndex(state.log)) sendAppendEntries(state, i, ctx, out);
    return;
  }
  // A rejection of anything but the current probe (a duplicate, a late one) is already handled.
  if (response.prevLogIndex !== state.nextIndex[i]! - 1) return;

  // §5.3: after a rejection, decrement nextIndex and retry — skipping a whole conflicting term
  // at once with the follower's hint (the optimization at the end of §5.3).
  let next = response.conflictIndex;
  if (response.conflictTerm > 0) {
    const lastOfTerm = lastIndexOfTerm(state.log, response.conflictTerm);
    if (lastOfTerm > 0) next = lastOfTerm + 1;
  }
  // Never skip entries the peer may lack, and always make progress.
  if (next >= state.nextIndex[i]!) next = state.nextIndex[i]! - 1;
  state.nextIndex[i] = Math.max(state.matchIndex[i]! + 1, next, 1);
  state.inflight[i] = false;
  sendAppendEntries(state, i, ctx, out);
}

/**
 * §5.3/§5.4.2: the highest index stored on a majority becomes committed — but only if its entry
 * is from the current term. An older-term entry on a majority can still be overwritten by a
 * future leader (Figure 8); it becomes committed indirectly, with the first current-term entry
 * after it (Log Matching makes everything before a committed entry committed too).
 */
export function advanceCommitIndex(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>): void {
  if (state.role !== 'leader') return;
  const replicated = majorityValue(state.matchIndex, state.selfIndex, lastLogIndex(state.log), state.quorum);
  if (replicated <= state.commitIndex) return;
  if (termAt(state.log, replicated) !== state.currentTerm) return;
  state.commitIndex = replicated;
  applyCommitted(state, ctx, out);
}
