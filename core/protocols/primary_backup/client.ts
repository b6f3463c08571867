// Client requests. Writes go to the primary; a backup points the client there. Reads are served
// where `reads from` allows (see reads.ts). With sticky sessions every client belongs to one
// node, which serves its reads and passes its writes on to the primary, answering only once it
// has the write itself — so the client's next read there sees it (ZooKeeper's session rule).

import type { ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import { PRIMARY_BACKUP_WRITES } from './operations.ts';
import { advanceCommit, appendEntry } from './replication.ts';
import { holdsReadLease, onRead, redirectToPrimary } from './reads.ts';
import type { Entry, PrimaryBackupMessage, PrimaryBackupState } from './types.ts';


export function onClientRequest(state: PrimaryBackupState, request: ClientRequest, ctx: NodeContext, out: Out<PrimaryBackupMessage>): void {
  if (state.settings.readYourWrites === 'sticky') {
    const home = stickyNode(request.client, state.nodes);
    if (home !== state.self) {
      out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: home } });
      return;
    }
  }
  if (request.op === 'read') {
    onRead(state, request, ctx, out);
    return;
  }
  if (!PRIMARY_BACKUP_WRITES.has(request.op)) {
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'fail', error: `primary/backup does not support ${request.op}` } });
    return;
  }
  if (state.role === 'primary') {
    acceptWrite(state, request.requestId, null, request, ctx, out);
    return;
  }
  if (state.settings.readYourWrites === 'sticky' && state.primary !== null) {
    const { requestId, opId, client, op, key, value, idempotencyKey, idempotencyTtlUs } = request;
    const message: Extract<PrimaryBackupMessage, { kind: 'Forward' }> = { kind: 'Forward', requestId, opId, client, op, key, value };
    if (idempotencyKey !== undefined) message.idempotencyKey = idempotencyKey;
    if (idempotencyTtlUs !== undefined) message.idempotencyTtlUs = idempotencyTtlUs;
    out.push({ kind: 'send', to: state.primary, type: 'Forward', message });
    return;
  }
  redirectToPrimary(state, request.requestId, out);
}

/** Primary: a write (from a client, or forwarded by the backup that owns the client's session). */
export function acceptWrite(
  state: PrimaryBackupState,
  requestId: number,
  forwardedBy: string | null,
  request: { opId: number; client: string; op: string; key: string; value: unknown; idempotencyKey?: string; idempotencyTtlUs?: number },
  ctx: NodeContext,
  out: Out<PrimaryBackupMessage>,
): void {
  if (!holdsReadLease(state, ctx.now)) {
    // Sync replication could not acknowledge it anyway; refusing at once is the honest answer.
    const reply = { outcome: 'fail' as const, error: 'the primary cannot reach every backup' };
    if (forwardedBy === null) out.push({ kind: 'reply', requestId, reply });
    else out.push({ kind: 'send', to: forwardedBy, type: 'ForwardResult', message: { kind: 'ForwardResult', requestId, reply, position: 0 } });
    return;
  }
  const entry: Entry = { epoch: state.epoch, opId: request.opId, client: request.client, op: request.op, key: request.key, value: request.value };
  if (request.idempotencyKey !== undefined) {
    // A key without a TTL is remembered for good, as Raft's state machine does.
    entry.idempotency = { key: request.idempotencyKey, ttlUs: request.idempotencyTtlUs ?? Number.POSITIVE_INFINITY, at: ctx.now };
  }
  const position = appendEntry(state, entry, ctx, out);
  state.waiting.set(position, { requestId, forwardedBy, entry });
  advanceCommit(state, out);
}

export function onForwardResult(state: PrimaryBackupState, message: Extract<PrimaryBackupMessage, { kind: 'ForwardResult' }>, out: Out<PrimaryBackupMessage>): void {
  if (message.reply.outcome === 'ok' && message.position > state.applied) {
    state.pendingForwards.push({ requestId: message.requestId, reply: message.reply, position: message.position });
    return;
  }
  out.push({ kind: 'reply', requestId: message.requestId, reply: message.reply });
}

/** The node a client's sticky session lives on: a fixed pick from its name. */
export function stickyNode(client: string, nodes: readonly string[]): string {
  let hash = 0;
  for (let i = 0; i < client.length; i++) hash = (hash * 31 + client.charCodeAt(i)) >>> 0;
  return nodes[hash % nodes.length]!;
}
