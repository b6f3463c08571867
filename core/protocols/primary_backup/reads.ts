// Reads. The primary answers from its store; a backup answers from its own, which may be behind.
// Session guarantees on backups work with a position in the primary's log (a token, like a log
// sequence number): the read waits until this backup has applied that far.
//
// A real client library carries the token itself. Our simulated clients carry nothing, so the
// primary keeps each client's token (the position of its last write and the highest position it
// has read) and a backup asks for it: one extra round trip to the primary per read.

import type { ClientRequest, Out } from '../../sim/protocol.ts';
import type { PrimaryBackupMessage, PrimaryBackupState } from './types.ts';

export function onRead(state: PrimaryBackupState, request: ClientRequest, ctx: { now: number }, out: Out<PrimaryBackupMessage>): void {
  if (state.role === 'primary') {
    if (!holdsReadLease(state, ctx.now)) {
      out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'fail', error: 'the primary cannot confirm that every backup still follows it' } });
      return;
    }
    serve(state, request.requestId, request.client, request.key, out);
    return;
  }
  if (state.settings.readsFrom === 'primary') {
    redirectToPrimary(state, request.requestId, out);
    return;
  }
  if (needsSessionPosition(state)) {
    if (state.primary === null) {
      redirectToPrimary(state, request.requestId, out);
      return;
    }
    state.pendingReads.push({ requestId: request.requestId, client: request.client, key: request.key, position: 0, known: false });
    out.push({ kind: 'send', to: state.primary, type: 'SessionQuery', message: { kind: 'SessionQuery', requestId: request.requestId, client: request.client } });
    return;
  }
  serve(state, request.requestId, request.client, request.key, out);
}

export function needsSessionPosition(state: PrimaryBackupState): boolean {
  return state.settings.readYourWrites === 'position' || state.settings.monotonicReads;
}

/**
 * A sync primary answers only while every backup acknowledged one of its heartbeats recently
 * enough that none of them can have promoted itself yet: cut off from a backup, it refuses
 * rather than risk answering next to a new primary (the consistent side of CAP). Async and
 * semi-sync primaries answer whatever happens (the available side).
 */
export function holdsReadLease(state: PrimaryBackupState, now: number): boolean {
  if (state.settings.replication !== 'sync') return true;
  for (let i = 0; i < state.nodes.length; i++) {
    if (i === state.selfIndex) continue;
    if (now - state.ackedHeartbeatAt[i]! > state.settings.leaseUs) return false;
  }
  return true;
}

/** Primary: the position a client's read must see on a backup. */
export function onSessionQuery(state: PrimaryBackupState, from: string, requestId: number, client: string, out: Out<PrimaryBackupMessage>): void {
  if (state.role !== 'primary') return; // the backup's read times out; its client tries elsewhere
  let position = 0;
  if (state.settings.readYourWrites === 'position') position = state.lastWrite.get(client) ?? 0;
  if (state.settings.monotonicReads) position = Math.max(position, state.lastRead.get(client) ?? 0);
  out.push({ kind: 'send', to: from, type: 'SessionToken', message: { kind: 'SessionToken', requestId, position } });
}

export function onSessionToken(state: PrimaryBackupState, requestId: number, position: number, out: Out<PrimaryBackupMessage>): void {
  const read = state.pendingReads.find((r) => r.requestId === requestId);
  if (read === undefined) return;
  read.position = position;
  read.known = true;
  servePendingReads(state, out);
}

export function onSessionSeen(state: PrimaryBackupState, client: string, position: number): void {
  if (state.role === 'primary' && position > (state.lastRead.get(client) ?? 0)) state.lastRead.set(client, position);
}

/** Backup: answers every waiting read whose position this node has reached. */
export function servePendingReads(state: PrimaryBackupState, out: Out<PrimaryBackupMessage>): void {
  const remaining = [];
  for (const read of state.pendingReads) {
    if (read.known && read.position <= state.applied) serve(state, read.requestId, read.client, read.key, out);
    else remaining.push(read);
  }
  state.pendingReads = remaining;
}

function serve(state: PrimaryBackupState, requestId: number, client: string, key: string, out: Out<PrimaryBackupMessage>): void {
  if (state.settings.monotonicReads) {
    // Tell the primary before answering, so the note is on its way before the client can ask
    // another backup (both travel one hop; the note leaves first).
    if (state.role === 'primary') onSessionSeen(state, client, state.applied);
    else if (state.primary !== null) {
      out.push({ kind: 'send', to: state.primary, type: 'SessionSeen', message: { kind: 'SessionSeen', client, position: state.applied } });
    }
  }
  out.push({ kind: 'reply', requestId, reply: { outcome: 'ok', value: state.kv.get(key) ?? null } });
}

export function redirectToPrimary(state: PrimaryBackupState, requestId: number, out: Out<PrimaryBackupMessage>): void {
  const hint = state.primary !== null && state.primary !== state.self ? state.primary : undefined;
  out.push({ kind: 'reply', requestId, reply: hint === undefined ? { outcome: 'redirect' } : { outcome: 'redirect', leaderHint: hint } });
}
