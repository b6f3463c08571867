// The lock service (etcd style) and the storage it guards, on one node.
//
// Lock: acquiring is a compare-and-set on the lock key — it succeeds when the key is free or its
// lease has run out — and attaches a lease of `ttl`; keep-alives extend the lease; a lease not
// renewed in time expires and the key is free again. Every grant to a new holder carries a
// token one higher than the last (etcd's revision), so tokens order the holders.
//
// Storage: takes writes from holders. With fencing it remembers the newest token it has seen and
// refuses older ones: a holder whose lease ended cannot write once its successor has.

import type { NodeContext, Out } from '../../sim/protocol.ts';
import type { LeaseLockMessage, ServiceState } from './types.ts';

export const EXPIRY_TIMER = 'lease-expiry';

export function onServiceMessage(state: ServiceState, from: string, message: LeaseLockMessage, ctx: NodeContext, out: Out<LeaseLockMessage>): void {
  switch (message.kind) {
    case 'Acquire':
      onAcquire(state, from, message.sentAt, ctx, out);
      return;
    case 'KeepAlive': {
      if (state.holder === from && state.token === message.token && ctx.now < state.expiresAt) {
        state.expiresAt = ctx.now + state.settings.ttlUs;
        out.push({ kind: 'set-timer', name: EXPIRY_TIMER, delayUs: state.settings.ttlUs });
        out.push({ kind: 'send', to: from, type: 'Renewed', message: { kind: 'Renewed', token: message.token, sentAt: message.sentAt } });
      } else {
        out.push({ kind: 'send', to: from, type: 'Lost', message: { kind: 'Lost' } });
      }
      return;
    }
    case 'StoreWrite':
      onStoreWrite(state, from, message, ctx, out);
      return;
    default:
      return;
  }
}

function onAcquire(state: ServiceState, from: string, sentAt: number, ctx: NodeContext, out: Out<LeaseLockMessage>): void {
  const free = state.holder === null || ctx.now >= state.expiresAt;
  if (!free && state.holder !== from) {
    out.push({ kind: 'send', to: from, type: 'Denied', message: { kind: 'Denied', holder: state.holder } });
    return;
  }
  if (free) {
    state.token++;
    state.holder = from;
  }
  state.expiresAt = ctx.now + state.settings.ttlUs;
  out.push({ kind: 'set-timer', name: EXPIRY_TIMER, delayUs: state.settings.ttlUs });
  out.push({ kind: 'send', to: from, type: 'Granted', message: { kind: 'Granted', token: state.token, sentAt } });
}

/** The lease ran out without a keep-alive: the lock is free (shown on the timeline). */
export function onExpiryTimer(state: ServiceState, ctx: NodeContext): void {
  if (state.holder !== null && ctx.now >= state.expiresAt) state.holder = null;
}

function onStoreWrite(
  state: ServiceState,
  from: string,
  message: Extract<LeaseLockMessage, { kind: 'StoreWrite' }>,
  ctx: NodeContext,
  out: Out<LeaseLockMessage>,
): void {
  const reply = (r: Extract<LeaseLockMessage, { kind: 'StoreResult' }>['reply']) =>
    out.push({ kind: 'send', to: from, type: 'StoreResult', message: { kind: 'StoreResult', requestId: message.requestId, reply: r } });
  // A retry (or a duplicated message) of a write already applied under this key: the first answer
  // again, nothing written twice. Checked before the token: the write did happen, under the token
  // it carried then.
  const key = message.idempotencyKey;
  const remembered = key === undefined ? undefined : state.applied.lookup(key, ctx.now);
  if (remembered !== undefined) {
    reply(remembered);
    return;
  }
  if (message.token !== null && state.settings.storageChecksTokens) {
    if (message.token < state.highestToken) {
      state.rejected++;
      reply({ outcome: 'fail', error: `fencing token ${message.token} is older than ${state.highestToken}` });
      return;
    }
    state.highestToken = message.token;
  }
  // The storage itself cannot tell a stale writer without tokens; living next to the lock, we
  // can, and count it for whoever reads the trace. Nothing acts on this count.
  if (state.holder !== from || ctx.now >= state.expiresAt) state.staleAccepted++;
  state.accepted++;
  state.kv.set(message.key, message.value);
  out.push({ kind: 'apply', opId: message.opId, key: message.key, value: message.value, via: from, term: message.lease });
  if (key !== undefined) {
    state.applied.remember(key, { outcome: 'ok' }, ctx.now, message.idempotencyTtlUs ?? 0);
    state.applied.prune(ctx.now);
  }
  reply({ outcome: 'ok' });
}
