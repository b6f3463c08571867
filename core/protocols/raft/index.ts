// Raft (Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm", 2014, and
// Ongaro's thesis for pre-vote, check-quorum and reads) as a Faultline protocol plug-in: every
// handler reads and updates one node's state and pushes effects; the engine does the rest.

import type { Protocol } from '../../sim/protocol.ts';
import { restoredStoreEffect, storedEntriesEffect } from '../../sim/restored-store.ts';
import { classifyRaft } from './classify.ts';
import { onClientRequest } from './client.ts';
import { onElectionTimeout, onVoteReply, onVoteRequest } from './election.ts';
import { onCheckQuorumTimer, onHeartbeatTimer } from './leadership.ts';
import { emptyLog } from './log.ts';
import { onAppendEntries, onAppendEntriesReply } from './replication.ts';
import { reportState, stateFromDurable } from './state.ts';
import { armElectionTimer, CHECK_QUORUM_TIMER, ELECTION_TIMER, HEARTBEAT_TIMER } from './timers.ts';
import type { RaftDurable, RaftMessage, RaftState } from './types.ts';

export type { RaftDurable, RaftMessage, RaftState } from './types.ts';

/** A LogEntry: exactly `term` and `command`, as client.ts and election.ts make them. */
function isLogEntry(value: object): boolean {
  const record = value as Record<string, unknown>;
  if (typeof record['term'] !== 'number' || !('command' in record)) return false;
  let keys = 0;
  for (const _key in record) keys++;
  return keys === 2;
}

export const raft: Protocol<RaftState, RaftDurable, RaftMessage> = {
  name: 'raft',

  init(ctx, out) {
    // Every server starts as a follower in term 0 with an empty log and waits for a leader (§5.2).
    const state = stateFromDurable({ currentTerm: 0, votedFor: null, log: emptyLog(), snapshot: null }, ctx);
    armElectionTimer(state, out);
    reportState(state, out);
    return state;
  },

  onMessage(state, from, message, ctx, out) {
    switch (message.kind) {
      case 'AppendEntries':
        onAppendEntries(state, from, message, ctx, out);
        break;
      case 'AppendEntriesReply':
        onAppendEntriesReply(state, from, message, ctx, out);
        break;
      case 'RequestVote':
      case 'PreVote':
        onVoteRequest(state, from, message, ctx, out);
        break;
      case 'RequestVoteReply':
      case 'PreVoteReply':
        onVoteReply(state, from, message, ctx, out);
        break;
    }
    reportState(state, out);
  },

  onTimer(state, timer, ctx, out) {
    if (timer === HEARTBEAT_TIMER) onHeartbeatTimer(state, ctx, out);
    else if (timer === ELECTION_TIMER) onElectionTimeout(state, ctx, out);
    else if (timer === CHECK_QUORUM_TIMER) onCheckQuorumTimer(state, ctx, out);
    reportState(state, out);
  },

  onClientRequest(state, request, ctx, out) {
    onClientRequest(state, request, ctx, out);
    reportState(state, out);
  },

  // Figure 2's persistent state and the latest snapshot. A real server writes them to disk before
  // answering any RPC; here every handler runs to completion before anything it sent can arrive,
  // which amounts to the same.
  durable(state) {
    return { currentTerm: state.currentTerm, votedFor: state.votedFor, log: state.log, snapshot: state.snapshot };
  },

  restart(durable, ctx, out) {
    const state = stateFromDurable(durable, ctx);
    // The machine comes back from the snapshot without re-applying what it holds: say so, or the
    // trace would show those writes gone from this node.
    const snapshot = durable.snapshot;
    if (snapshot !== null && state.recording) out.push(restoredStoreEffect(snapshot.lastIncludedIndex, snapshot.machine.data));
    armElectionTimer(state, out);
    reportState(state, out);
    return state;
  },

  // A follower may store committed entries it has not applied (it learns the commit index from
  // the next AppendEntries): when the run ends before that, those writes are still on it.
  atEnd(state, _ctx, out) {
    const entries = state.log.entries;
    const stored: number[] = [];
    for (let index = state.lastApplied + 1; index <= entries.length; index++) {
      const command = entries[index - 1]!.command;
      if (command !== null && command.op !== 'read') stored.push(command.opId);
    }
    if (stored.length === 0) return;
    const shown = { role: state.role, term: state.currentTerm, leader: state.leader, commitIndex: state.commitIndex, lastLogIndex: entries.length };
    out.push(storedEntriesEffect(shown, stored));
  },

  classify: classifyRaft,
  // Log entries (and the commands in them) are created once by a leader and never mutated
  // (types.ts); a run's logs hold thousands, so checkpoints share them instead of copying them.
  immutable: isLogEntry,
  // Every node holds a full copy of the state machine.
  replicasOf: (_key, nodes) => nodes,
};
