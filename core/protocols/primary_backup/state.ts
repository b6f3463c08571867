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
    applied: 0,
    kv: new Map(),
    appliedOps: new Set(),
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
    reported: '',
  };
}

/** One `state` effect per handler, only when something shown changed. */
export function reportState(state: PrimaryBackupState, out: Out<PrimaryBackupMessage>): void {
  const key = `${state.role}|${state.epoch.n}|${state.epoch.by}|${state.primary}|${state.commit}|${state.log.length}|${state.discarded}`;
  if (key === state.reported) return;
  state.reported = key;
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
    },
  });
}
