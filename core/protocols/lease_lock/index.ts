// A lease lock (etcd style) guarding a storage service, as a Faultline protocol plug-in. The first
// node runs the lock service and the storage; the holders compete for the lock and write to the
// storage on behalf of clients while they hold it.

import type { Protocol } from '../../sim/protocol.ts';
import { IdempotencyTable } from '../../sim/idempotency.ts';
import { keptStoreEffect } from '../../sim/restored-store.ts';
import { classifyLeaseLock } from './classify.ts';
import { onHolderMessage, onHolderRequest, onHolderTimer, startHolder } from './holder.ts';
import { EXPIRY_TIMER, onExpiryTimer, onServiceMessage } from './service.ts';
import { readSettings } from './settings.ts';
import { reportState } from './state.ts';
import type { LeaseLockDurable, LeaseLockMessage, LeaseLockState } from './types.ts';

export type { LeaseLockDurable, LeaseLockMessage, LeaseLockState } from './types.ts';

export const leaseLock: Protocol<LeaseLockState, LeaseLockDurable, LeaseLockMessage> = {
  name: 'lease_lock',

  init(ctx, out) {
    const durable: LeaseLockDurable =
      ctx.self === ctx.nodes[0] ? { kind: 'service', token: 0, holder: null, kv: new Map(), highestToken: 0, applied: new IdempotencyTable(), counts: [0, 0, 0] } : { kind: 'holder' };
    return leaseLock.restart(durable, ctx, out);
  },

  onMessage(state, from, message, ctx, out) {
    if (state.kind === 'service') onServiceMessage(state, from, message, ctx, out);
    else if (state.kind === 'holder') onHolderMessage(state, message, ctx, out);
    reportState(state, out);
  },

  onTimer(state, timer, ctx, out) {
    if (state.kind === 'service' && timer === EXPIRY_TIMER) onExpiryTimer(state, ctx);
    else if (state.kind === 'holder') onHolderTimer(state, timer, ctx, out);
    reportState(state, out);
  },

  onClientRequest(state, request, ctx, out) {
    if (state.kind === 'holder') onHolderRequest(state, request, out);
    else if (state.kind === 'service') {
      if (request.op === 'read') {
        out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'ok', value: state.kv.get(request.key) ?? null } });
      } else {
        // Writes and lock checks belong to the holder: point the client at it when there is one.
        const holder = state.holder !== null && ctx.now < state.expiresAt ? state.holder : null;
        out.push({ kind: 'reply', requestId: request.requestId, reply: holder === null ? { outcome: 'redirect' } : { outcome: 'redirect', leaderHint: holder } });
      }
    } else {
      out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect' } });
    }
    reportState(state, out);
  },

  // The service keeps its revision counter, its data, the newest token and the idempotency keys
  // it applied (etcd and the storage persist them, the keys beside the data); a holder's belief
  // that it holds the lock does not survive a crash.
  durable(state) {
    if (state.kind === 'service') {
      return {
        kind: 'service',
        token: state.token,
        holder: state.holder,
        kv: state.kv,
        highestToken: state.highestToken,
        applied: state.applied,
        counts: [state.accepted, state.rejected, state.staleAccepted],
      };
    }
    return { kind: state.kind };
  },

  restart(durable, ctx, out) {
    const settings = readSettings(ctx.options, ctx.nodes);
    let state: LeaseLockState;
    if (durable.kind === 'service') {
      // The storage's data survives without its writes being re-applied: say it kept them, or the
      // trace would show them gone from the storage. (init comes here too, holding nothing.)
      if (durable.kv.size > 0 && ctx.recording !== false) out.push(keptStoreEffect(durable.kv));
      // A restarted service honours the lease it may have granted just before the crash: the
      // lock stays taken for one more ttl (etcd likewise extends leases on a leader change).
      state = {
        kind: 'service',
        settings,
        holder: durable.holder,
        token: durable.token,
        expiresAt: ctx.now + settings.ttlUs,
        kv: durable.kv,
        highestToken: durable.highestToken,
        applied: durable.applied,
        accepted: durable.counts[0],
        rejected: durable.counts[1],
        staleAccepted: durable.counts[2],
        reported: '',
      };
    } else if (settings.holders.includes(ctx.self)) {
      state = { kind: 'holder', settings, self: ctx.self, holding: false, token: 0, pendingWrites: new Set(), reported: '' };
      startHolder(state, out);
    } else {
      state = { kind: 'bystander', settings, reported: '' };
    }
    reportState(state, out);
    return state;
  },

  classify: classifyLeaseLock,
};
