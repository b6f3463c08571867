// Building a node's state, and the `state` effect the trace and the checkers read: role, epoch
// (as `term`), the primary it follows (`leader`), how far it counts writes as acknowledged
// (`commitIndex`), how much log it holds (`position`) and how many writes a newer primary made
// it drop (`discarded`).

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { readSettings } from './settings.ts';
import type { PrimaryBackupDurable, PrimaryBackupMessage, PrimaryBackupState } from './types.ts';

export function stateFromDurable(durable: PrimaryBackupDurable, ctx: NodeContext): PrimaryBackupState {
  const n = ctx.nodes.length;
  return {
    settings: readSettings(ctx.options),
    self: ctx.self,
    selfIndex: ctx.nodes.indexOf(ctx.self),
    nodes: ctx.nodes,
    role: 'backup',
    epoch: durable.epoch,
    primary: durable.epoch.by === '' ? null : durable.epoch.by,
    log: durable.log,
    commit: Math.min(durable.commit, durable.log.length),
    applied: durable.applied,
    kv: durable.kv,
    seen: durable.seen,
    emittedUpTo: durable.applied,
    shipped: durable.log.length,
    match: new Array<number>(n).fill(0),
    next: new Array<number>(n).fill(0),
    resetAt: new Array<number>(n).fill(-1),
    ackedHeartbeatAt: new Array<number>(n).fill(Number.NEGATIVE_INFINITY),
    waiting: new Map(),
    lastWrite: new Map(),
    lastRead: new Map(),
    pendingReads: [],
    pendingForwards: [],
    discarded: 0,
    dropped: [],
    reported: { role: '', epoch: null, primary: null, commit: -1, length: -1, discarded: -1 },
  };
}

/** One `state` effect per handler, only when something shown changed. */
export function reportState(state: PrimaryBackupState, out: Out<PrimaryBackupMessage>): void {
  const r = state.reported;
  if (
    r.role === state.role &&
    r.epoch === state.epoch &&
    r.primary === state.primary &&
    r.commit === state.commit &&
    r.length === state.log.length &&
    r.discarded === state.discarded &&
    state.dropped.length === 0
  ) {
    return;
  }
  r.role = state.role;
  r.epoch = state.epoch; // epochs are never mutated, only replaced
  r.primary = state.primary;
  r.commit = state.commit;
  r.length = state.log.length;
  r.discarded = state.discarded;
  out.push({
    kind: 'state',
    state: {
      role: state.role,
      term: state.epoch.n,
      epoch: state.epoch.n,
      leader: state.primary,
      commitIndex: state.commit,
      position: state.log.length,
      discarded: state.discarded,
      // Operations whose effect this node's store no longer holds (a newer primary's log
      // replaced them): a checker of lost writes must not count them as surviving here.
      ...(state.dropped.length > 0 ? { dropped: state.dropped } : {}),
    },
  });
  if (state.dropped.length > 0) state.dropped = [];
}
