// Primary/backup replication as a Faultline protocol plug-in. The first node starts as primary
// of epoch 1; the others are its backups. Each handler reads and updates one node's state and
// pushes effects; the engine does the rest.

import { IdempotencyTable } from '../../sim/idempotency.ts';
import type { NodeContext, Out, Protocol } from '../../sim/protocol.ts';
import { restoredStoreEffect, storedEntriesEffect } from '../../sim/restored-store.ts';
import { applyCommitted } from './apply.ts';
import { classifyPrimaryBackup } from './classify.ts';
import { acceptWrite, onClientRequest, onForwardResult } from './client.ts';
import { isNewer } from './epoch.ts';
import { armSilenceTimer, followNewerPrimary, HEARTBEAT_TIMER, onHeartbeatTimer, onSilence, SILENCE_TIMER } from './failover.ts';
import { armShipTimer, onAppend, onAppendAck, onShipTimer, sendHeartbeats, SHIP_TIMER } from './replication.ts';
import { onSessionQuery, onSessionSeen, onSessionToken } from './reads.ts';
import { reportState, stateFromDurable } from './state.ts';
import type { PrimaryBackupDurable, PrimaryBackupMessage, PrimaryBackupState } from './types.ts';

export type { PrimaryBackupDurable, PrimaryBackupMessage, PrimaryBackupState } from './types.ts';

export const primaryBackup: Protocol<PrimaryBackupState, PrimaryBackupDurable, PrimaryBackupMessage> = {
  name: 'primary_backup',

  init(ctx, out) {
    const first = ctx.nodes[0] ?? ctx.self;
    const state = stateFromDurable({ epoch: { n: 1, by: first }, log: [], commit: 0, kv: new Map(), applied: 0, seen: new IdempotencyTable() }, ctx);
    start(state, ctx, out);
    return state;
  },

  onMessage(state, from, message, ctx, out) {
    switch (message.kind) {
      case 'Append':
        onAppend(state, from, message, ctx, out);
        break;
      case 'AppendAck':
        onAppendAck(state, from, message, ctx, out);
        break;
      case 'NewerEpoch':
        if (isNewer(message.epoch, state.epoch)) followNewerPrimary(state, message.epoch, ctx, out);
        break;
      case 'SessionQuery':
        onSessionQuery(state, from, message.requestId, message.client, out);
        break;
      case 'SessionToken':
        onSessionToken(state, message.requestId, message.position, out);
        break;
      case 'SessionSeen':
        onSessionSeen(state, message.client, message.position);
        break;
      case 'Forward':
        if (state.role === 'primary') acceptWrite(state, message.requestId, from, message, ctx, out);
        break;
      case 'ForwardResult':
        onForwardResult(state, message, out);
        break;
    }
    reportState(state, out);
  },

  onTimer(state, timer, ctx, out) {
    if (timer === HEARTBEAT_TIMER) onHeartbeatTimer(state, ctx, out);
    else if (timer === SILENCE_TIMER) onSilence(state, ctx, out);
    else if (timer === SHIP_TIMER) onShipTimer(state, ctx, out);
    reportState(state, out);
  },

  onClientRequest(state, request, ctx, out) {
    onClientRequest(state, request, ctx, out);
    reportState(state, out);
  },

  // The log, how far it was acknowledged, the epoch and the applied store with the idempotency
  // keys it applied: what a database keeps on disk.
  durable(state) {
    return { epoch: state.epoch, log: state.log, commit: state.commit, kv: state.kv, applied: state.applied, seen: state.seen };
  },

  restart(durable, ctx, out) {
    const state = stateFromDurable(durable, ctx);
    // The store comes back from its data files without re-applying the log: say so, or the trace
    // would show those writes gone from this node.
    if (durable.applied > 0 && ctx.recording !== false) out.push(restoredStoreEffect(durable.applied, durable.kv));
    start(state, ctx, out);
    return state;
  },

  // A backup may store entries it has not applied (semi-sync backups apply what the primary
  // reports acknowledged): when the run ends before that, those writes are still on it.
  atEnd(state, _ctx, out) {
    const stored: number[] = [];
    for (let position = state.applied + 1; position <= state.log.length; position++) stored.push(state.log[position - 1]!.opId);
    if (stored.length === 0) return;
    const shown = { role: state.role, term: state.epoch.n, epoch: state.epoch.n, leader: state.primary, commitIndex: state.commit, position: state.log.length, discarded: state.discarded };
    out.push(storedEntriesEffect(shown, stored));
  },

  classify: classifyPrimaryBackup,
  // Every node holds a full copy of the state machine.
  replicasOf: (_key, nodes) => nodes,
};

/**
 * A node taking up its role. The primary named by its epoch resumes as primary, except that with
 * automatic failover a restarted primary comes back as a backup: someone may have replaced it
 * while it was down, and it learns who from the next heartbeat (or promotes itself again).
 */
function start(state: PrimaryBackupState, ctx: NodeContext, out: Out<PrimaryBackupMessage>): void {
  const restarted = state.log.length > 0 || state.epoch.n > 1;
  const mine = state.epoch.by === state.self;
  if (mine && !(restarted && state.settings.automaticFailover)) {
    state.role = 'primary';
    state.primary = state.self;
    state.next.fill(state.log.length);
    sendHeartbeats(state, ctx.now, out);
    out.push({ kind: 'set-timer', name: HEARTBEAT_TIMER, delayUs: state.settings.heartbeatUs });
    armShipTimer(state, out);
  } else {
    state.role = 'backup';
    state.primary = mine ? null : state.epoch.by;
    armSilenceTimer(state, out);
  }
  applyCommitted(state, out);
  reportState(state, out);
}
