// A leader's two periodic duties: heartbeats that keep followers from starting elections
// (§5.2), and, as an option, the check-quorum step-down of Ongaro's thesis (§6.2).

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { broadcastAppendEntries } from './replication.ts';
import { becomeFollower } from './state.ts';
import type { RaftMessage, RaftState } from './types.ts';

export function onHeartbeatTimer(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>): void {
  if (state.role !== 'leader') return;
  out.push(state.timers.armHeartbeat);
  state.heartbeats++;
  broadcastAppendEntries(state, ctx, out);
}

/**
 * A leader that has not heard from a majority for a whole election timeout steps down. Without
 * it, a leader cut off from the rest keeps believing it leads — and keeps accepting requests it
 * can never commit, or answering local reads with stale data — until the partition heals.
 */
export function onCheckQuorumTimer(state: RaftState, _ctx: NodeContext, out: Out<RaftMessage>): void {
  if (state.role !== 'leader') return;
  let active = 1; // itself
  for (let i = 0; i < state.nodes.length; i++) {
    if (i !== state.selfIndex && state.recentlyActive[i]) active++;
  }
  state.recentlyActive.fill(false);
  if (active >= state.quorum) {
    out.push(state.timers.armCheckQuorum);
    return;
  }
  becomeFollower(state, null, out);
}
