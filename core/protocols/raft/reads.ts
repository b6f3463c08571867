// Reads that skip the log (thesis §6.4). A leader's own state may be stale the moment another
// leader has been elected elsewhere, so before answering it must know it was still the leader
// when the read arrived:
//   read_index — note the commit index, then wait until a heartbeat round sent after the read
//                arrived is acknowledged by a majority, and until the state machine has caught up;
//   lease      — skip that round trip while a majority acknowledged a heartbeat less than a lease
//                ago (no follower votes for anyone else within a minimum election timeout of
//                hearing from us); relies on clocks measuring elapsed time roughly alike;
//   local      — answer at once from whatever this node has: fast, and stale when the node is
//                an old leader that has not noticed it was replaced.
// Reads in the `log` mode go through the log like writes and never come here.

import type { ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import { broadcastAppendEntries } from './replication.ts';
import { majorityValue } from './state.ts';
import type { RaftMessage, RaftState } from './types.ts';

export function onReadRequest(state: RaftState, request: ClientRequest, ctx: NodeContext, out: Out<RaftMessage>): void {
  const mode = state.settings.readMode;
  if (mode === 'local') {
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'ok', value: state.machine.read(request.key) } });
    return;
  }
  // §8: until its no-op commits, a new leader does not know the latest commit index.
  const caughtUp = state.commitIndex >= state.noopIndex && state.lastApplied >= state.commitIndex;
  if (mode === 'lease' && caughtUp && ctx.now < state.leaseUntil) {
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'ok', value: state.machine.read(request.key) } });
    return;
  }
  // read_index, and a lease read whose lease has run out: confirm with a fresh heartbeat round.
  state.pendingReads.push({
    requestId: request.requestId,
    key: request.key,
    readIndex: Math.max(state.commitIndex, state.noopIndex),
    round: state.round + 1,
  });
  // One round in flight at a time: reads that arrive meanwhile wait for the next one together.
  if (state.confirmedRound >= state.round) {
    broadcastAppendEntries(state, ctx, out);
    confirmRounds(state, ctx, out); // a one-node cluster confirms on its own
  }
}

/** A peer answered AppendEntries of this term, echoing the round and send time it was sent with. */
export function onRoundEchoed(state: RaftState, peer: number, round: number, sentAt: number, ctx: NodeContext, out: Out<RaftMessage>): void {
  // In the `log` mode no read ever waits on a round or a lease (the mode is fixed for the run),
  // so keeping the echoed rounds would only cost a majority search on every reply the leader gets.
  if (state.settings.readMode === 'log') return;
  if (round > state.peerRound[peer]!) state.peerRound[peer] = round;
  if (sentAt > state.peerRoundSentAt[peer]!) state.peerRoundSentAt[peer] = sentAt;
  if (state.settings.readMode === 'lease') {
    // The lease starts when the oldest of the majority's acknowledged messages was *sent*:
    // each of them has stayed loyal since at least then.
    const start = majorityValue(state.peerRoundSentAt, state.selfIndex, ctx.now, state.quorum);
    const until = start + state.settings.leaseUs;
    if (until > state.leaseUntil) state.leaseUntil = until;
  }
  // Kept current even with no read waiting, so the next read knows whether a round is in flight.
  if (round > state.confirmedRound) confirmRounds(state, ctx, out);
}

function confirmRounds(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>): void {
  const confirmed = majorityValue(state.peerRound, state.selfIndex, state.round, state.quorum);
  if (confirmed > state.confirmedRound) state.confirmedRound = confirmed;
  if (state.pendingReads.length === 0) return;
  const waitingForRound = serveReadyReads(state, ctx, out);
  // Reads that arrived after the round now confirmed need a round of their own.
  if (waitingForRound && state.confirmedRound >= state.round) broadcastAppendEntries(state, ctx, out);
}

/**
 * Answers every read whose round is confirmed and whose read index the state machine reached.
 * Returns whether some read still waits for a round to be confirmed.
 */
export function serveReadyReads(state: RaftState, _ctx: NodeContext, out: Out<RaftMessage>): boolean {
  if (state.role !== 'leader') return false;
  const reads = state.pendingReads;
  let kept = 0;
  let waitingForRound = false;
  for (let k = 0; k < reads.length; k++) {
    const read = reads[k]!;
    if (read.round <= state.confirmedRound && read.readIndex <= state.lastApplied) {
      out.push({ kind: 'reply', requestId: read.requestId, reply: { outcome: 'ok', value: state.machine.read(read.key) } });
    } else {
      reads[kept++] = read;
      if (read.round > state.confirmedRound) waitingForRound = true;
    }
  }
  reads.length = kept;
  return waitingForRound;
}
