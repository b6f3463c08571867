// Failure detection and failover. A backup that hears nothing from its primary for the failure
// detection timeout cannot tell a dead primary from a cut link. With automatic failover it
// promotes itself under a newer epoch anyway — which is exactly how two primaries happen. A
// primary (old or new) that hears of a newer epoch steps down and follows it.

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { isNewer } from './epoch.ts';
import { advanceCommit, armShipTimer, sendHeartbeats, SHIP_TIMER } from './replication.ts';
import type { Epoch, PrimaryBackupMessage, PrimaryBackupState } from './types.ts';

export const HEARTBEAT_TIMER = 'heartbeat';
export const SILENCE_TIMER = 'primary-silent';

/**
 * Backup: (re)starts the countdown to "the primary is gone". Later nodes wait a little longer,
 * so with several backups the first one usually promotes and the rest hear of it in time.
 */
export function armSilenceTimer(state: PrimaryBackupState, out: Out<PrimaryBackupMessage>): void {
  const stagger = Math.max(0, state.selfIndex - 1) * 2 * state.settings.heartbeatUs;
  out.push({ kind: 'set-timer', name: SILENCE_TIMER, delayUs: state.settings.failureDetectionUs + stagger });
}

export function onSilence(state: PrimaryBackupState, ctx: NodeContext, out: Out<PrimaryBackupMessage>): void {
  if (state.role !== 'backup') return;
  if (!state.settings.automaticFailover) {
    // Manual failover: only an operator may promote a backup; it keeps waiting for its primary.
    armSilenceTimer(state, out);
    return;
  }
  promote(state, ctx, out);
}

/** Backup → primary under a newer epoch, taking its own log as the truth from now on. */
export function promote(state: PrimaryBackupState, ctx: NodeContext, out: Out<PrimaryBackupMessage>): void {
  state.epoch = { n: state.epoch.n + 1, by: state.self };
  state.role = 'primary';
  state.primary = state.self;
  const n = state.nodes.length;
  state.match = new Array<number>(n).fill(0);
  state.next = new Array<number>(n).fill(state.log.length);
  state.resetAt = new Array<number>(n).fill(-1);
  state.ackedHeartbeatAt = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  state.waiting = new Map();
  state.lastWrite = new Map();
  state.lastRead = new Map();
  // Reads waiting for a session token from the old primary will not get one.
  state.pendingReads = [];
  state.pendingForwards = [];
  state.shipped = state.log.length; // what it holds is its whole history: nothing to hold back
  out.push({ kind: 'cancel-timer', name: SILENCE_TIMER });
  armShipTimer(state, out);
  sendHeartbeats(state, ctx.now, out);
  out.push({ kind: 'set-timer', name: HEARTBEAT_TIMER, delayUs: state.settings.heartbeatUs });
  advanceCommit(state, out);
}

export function onHeartbeatTimer(state: PrimaryBackupState, ctx: NodeContext, out: Out<PrimaryBackupMessage>): void {
  if (state.role !== 'primary') return;
  sendHeartbeats(state, ctx.now, out);
  out.push({ kind: 'set-timer', name: HEARTBEAT_TIMER, delayUs: state.settings.heartbeatUs });
}

/** A newer epoch exists: become (or stay) a backup of the node that took it. */
export function followNewerPrimary(state: PrimaryBackupState, epoch: Epoch, _ctx: NodeContext, out: Out<PrimaryBackupMessage>): void {
  if (isNewer(epoch, state.epoch)) state.epoch = epoch;
  if (state.role === 'primary') {
    state.role = 'backup';
    // Clients waiting on this node hear nothing: their writes may or may not survive the new
    // primary's log, so neither "ok" nor "failed" would be honest.
    state.waiting = new Map();
    out.push({ kind: 'cancel-timer', name: HEARTBEAT_TIMER });
    if (state.settings.shipEveryUs > 0) out.push({ kind: 'cancel-timer', name: SHIP_TIMER });
  }
  state.primary = epoch.by;
  armSilenceTimer(state, out);
}
