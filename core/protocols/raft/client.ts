// Client requests (§8): only the leader serves them. Anyone else points the client at the leader
// it knows, so clients find the leader by following redirects.

import type { ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import { rememberProposal } from './apply.ts';
import { onReadRequest } from './reads.ts';
import { proposeEntry } from './replication.ts';
import type { Command, RaftMessage, RaftState } from './types.ts';

export function onClientRequest(state: RaftState, request: ClientRequest, ctx: NodeContext, out: Out<RaftMessage>): void {
  if (state.role !== 'leader') {
    const hint = state.leader !== null && state.leader !== ctx.self ? state.leader : undefined;
    out.push({ kind: 'reply', requestId: request.requestId, reply: hint === undefined ? { outcome: 'redirect' } : { outcome: 'redirect', leaderHint: hint } });
    return;
  }
  if (request.op === 'read' && state.settings.readMode !== 'log') {
    onReadRequest(state, request, ctx, out);
    return;
  }
  // Writes — and reads in the `log` mode, which are linearizable because they take a place in
  // the one order every replica agrees on — become log entries. The client is answered when the
  // entry is applied, that is after it committed (§5.3).
  const command: Command = {
    requestId: request.requestId,
    opId: request.opId,
    op: request.op,
    key: request.key,
    value: request.value,
    idempotencyKey: request.idempotencyKey,
    idempotencyTtlUs: request.idempotencyTtlUs,
    proposedAt: ctx.now,
  };
  const entry = { term: state.currentTerm, command };
  const index = state.log.entries.length + 1;
  rememberProposal(state, index, entry);
  proposeEntry(state, entry, ctx, out);
}
