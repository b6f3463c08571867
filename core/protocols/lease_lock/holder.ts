// A lock holder: an application node that must hold the lock before it writes to the storage.
// It tries to acquire, renews its lease every `keep alive every`, and gives the lock up when its
// own timer says the lease ran out or the service says it is gone.
//
// A holder learns about time passing only from those events. A paused process (GC, a stalled VM)
// handles its backlog in order when it wakes: the client writes that arrived before the lease
// timer went off come first, and it sends them believing it still holds the lock.

import type { ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import type { HolderState, LeaseLockMessage } from './types.ts';

export const ACQUIRE_TIMER = 'acquire';
export const KEEP_ALIVE_TIMER = 'keep-alive';
export const LEASE_END_TIMER = 'lease-end';

export function startHolder(state: HolderState, out: Out<LeaseLockMessage>): void {
  // Holders ask in the order they are listed, spread over one keep-alive interval, so the first
  // one listed gets the lock first and a scenario's story does not depend on the seed.
  const { holders, keepAliveUs } = state.settings;
  const rank = Math.max(0, holders.indexOf(state.self));
  out.push({ kind: 'set-timer', name: ACQUIRE_TIMER, delayUs: 1 + Math.floor((rank * keepAliveUs) / Math.max(1, holders.length)) });
}

export function onHolderTimer(state: HolderState, timer: string, ctx: NodeContext, out: Out<LeaseLockMessage>): void {
  const service = state.settings.service;
  if (timer === ACQUIRE_TIMER && !state.holding) {
    out.push({ kind: 'send', to: service, type: 'Acquire', message: { kind: 'Acquire', sentAt: ctx.now } });
    out.push({ kind: 'set-timer', name: ACQUIRE_TIMER, delayUs: state.settings.keepAliveUs });
  } else if (timer === KEEP_ALIVE_TIMER && state.holding) {
    out.push({ kind: 'send', to: service, type: 'KeepAlive', message: { kind: 'KeepAlive', token: state.token, sentAt: ctx.now } });
    out.push({ kind: 'set-timer', name: KEEP_ALIVE_TIMER, delayUs: state.settings.keepAliveUs });
  } else if (timer === LEASE_END_TIMER && state.holding) {
    release(state, out);
  }
}

export function onHolderMessage(state: HolderState, message: LeaseLockMessage, ctx: NodeContext, out: Out<LeaseLockMessage>): void {
  switch (message.kind) {
    case 'Granted':
      state.holding = true;
      state.token = message.token;
      out.push({ kind: 'cancel-timer', name: ACQUIRE_TIMER });
      out.push({ kind: 'set-timer', name: KEEP_ALIVE_TIMER, delayUs: state.settings.keepAliveUs });
      armLeaseEnd(state, message.sentAt, ctx, out);
      return;
    case 'Renewed':
      if (state.holding && message.token === state.token) armLeaseEnd(state, message.sentAt, ctx, out);
      return;
    case 'Lost':
      if (state.holding) release(state, out);
      return;
    case 'StoreResult':
      if (state.pendingWrites.delete(message.requestId)) out.push({ kind: 'reply', requestId: message.requestId, reply: message.reply });
      return;
    default:
      return;
  }
}

/**
 * The lease lasts ttl from when we ASKED (the service started it no earlier than that), so our
 * timer ends it no later than the service does — if our clock runs at the same rate.
 */
function armLeaseEnd(state: HolderState, sentAt: number, ctx: NodeContext, out: Out<LeaseLockMessage>): void {
  out.push({ kind: 'set-timer', name: LEASE_END_TIMER, delayUs: Math.max(0, sentAt + state.settings.ttlUs - ctx.now) });
}

function release(state: HolderState, out: Out<LeaseLockMessage>): void {
  state.holding = false;
  out.push({ kind: 'cancel-timer', name: KEEP_ALIVE_TIMER });
  out.push({ kind: 'cancel-timer', name: LEASE_END_TIMER });
  out.push({ kind: 'set-timer', name: ACQUIRE_TIMER, delayUs: state.settings.keepAliveUs });
}

/** Clients: `lock` asks whether this node holds the lock; writes go through to the storage only while it does. */
export function onHolderRequest(state: HolderState, request: ClientRequest, out: Out<LeaseLockMessage>): void {
  if (!state.holding) {
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect' } });
    return;
  }
  if (request.op === 'lock') {
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'ok', value: state.token } });
    return;
  }
  if (request.op === 'read') {
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: state.settings.service } });
    return;
  }
  state.pendingWrites.add(request.requestId);
  const token = state.settings.fencingTokens ? state.token : null;
  out.push({
    kind: 'send',
    to: state.settings.service,
    type: 'StoreWrite',
    message: {
      kind: 'StoreWrite',
      requestId: request.requestId,
      opId: request.opId,
      key: request.key,
      value: request.value,
      token,
      lease: state.token,
      ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey, idempotencyTtlUs: request.idempotencyTtlUs ?? 0 }),
    },
  });
}
