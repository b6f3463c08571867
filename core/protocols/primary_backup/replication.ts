// Shipping the primary's log to the backups, and deciding when a write counts as acknowledged:
// at once (async), once one backup has it (semi_sync), or once every backup has it (sync).
//
// The primary streams each new entry as it arrives and repeats from where a backup stands on
// every heartbeat. A backup that missed messages says how far it got and the primary resends
// from there; a backup whose log disagrees with the primary's (an old primary that accepted
// writes nobody else saw) gets the whole log and drops what was only its own, the way a
// rejoining MySQL or Redis primary is rebuilt from the new one: those writes are gone.

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { applyCommitted, rebuildStore } from './apply.ts';
import { isNewer, sameEpoch } from './epoch.ts';
import { armSilenceTimer, followNewerPrimary } from './failover.ts';
import { MAX_BATCH } from './settings.ts';
import type { Entry, PrimaryBackupMessage, PrimaryBackupState } from './types.ts';

/** Primary: a new entry goes to every backup that is caught up; laggards get it on catch-up. */
export function appendEntry(state: PrimaryBackupState, entry: Entry, ctx: NodeContext, out: Out<PrimaryBackupMessage>): number {
  state.log.push(entry);
  const position = state.log.length;
  for (let i = 0; i < state.nodes.length; i++) {
    if (i !== state.selfIndex && state.next[i] === position - 1) sendAppend(state, i, ctx.now, out);
  }
  return position;
}

/** Primary: entries from where backup `i` stands (none: a heartbeat), advancing `next` optimistically. */
export function sendAppend(state: PrimaryBackupState, i: number, now: number, out: Out<PrimaryBackupMessage>): void {
  const from = Math.min(state.next[i]!, state.log.length);
  const entries = from === state.log.length ? NO_ENTRIES : state.log.slice(from, from + MAX_BATCH);
  state.next[i] = from + entries.length;
  const prevEpoch = from === 0 ? null : state.log[from - 1]!.epoch;
  // Async counts a write as acknowledged the moment it is in the log, and sync acknowledges only
  // once every backup has applied it (PostgreSQL's remote_apply): in both a backup applies what
  // it receives at once. Semi-sync acknowledges on receipt, so its backups apply what the
  // primary reports as acknowledged.
  const commit = state.settings.replication === 'semi_sync' ? state.commit : state.log.length;
  out.push({
    kind: 'send',
    to: state.nodes[i]!,
    type: 'Append',
    message: { kind: 'Append', epoch: state.epoch, prevPos: from, prevEpoch, entries, commit, sentAt: now },
  });
}

const NO_ENTRIES: Entry[] = [];

export function sendHeartbeats(state: PrimaryBackupState, now: number, out: Out<PrimaryBackupMessage>): void {
  for (let i = 0; i < state.nodes.length; i++) {
    if (i === state.selfIndex) continue;
    state.resetAt[i] = -1; // one resend from a backup's reported position per heartbeat round
    sendAppend(state, i, now, out);
  }
}

/** Backup: take the entries if they continue our log where the primary thinks they do. */
export function onAppend(
  state: PrimaryBackupState,
  from: string,
  message: Extract<PrimaryBackupMessage, { kind: 'Append' }>,
  ctx: NodeContext,
  out: Out<PrimaryBackupMessage>,
): void {
  if (!acceptPrimary(state, from, message.epoch, ctx, out)) return;
  const reply = (ok: boolean, length: number, resync: boolean): void => {
    out.push({
      kind: 'send',
      to: from,
      type: 'AppendAck',
      message: { kind: 'AppendAck', epoch: state.epoch, ok, length, resync, heartbeatSentAt: message.sentAt },
    });
  };
  const { prevPos, entries } = message;
  if (state.log.length < prevPos) {
    reply(false, state.log.length, false); // we missed something: resend from our end
    return;
  }
  if (prevPos > 0 && !sameEpoch(state.log[prevPos - 1]!.epoch, message.prevEpoch)) {
    reply(false, state.log.length, true); // our logs disagree: we need the primary's whole log
    return;
  }
  let rebuild = false;
  for (let k = 0; k < entries.length; k++) {
    const at = prevPos + k;
    if (at < state.log.length) {
      if (sameEpoch(state.log[at]!.epoch, entries[k]!.epoch)) continue; // already have it
      rebuild = discardFrom(state, at) || rebuild;
    }
    state.log.push(entries[k]!);
  }
  // Only the prefix just checked against the primary's log may be applied: anything past it
  // might be an old primary's writes that the new one never had.
  const verified = prevPos + entries.length;
  const commit = Math.min(message.commit, verified);
  if (commit > state.commit) state.commit = commit;
  if (rebuild) rebuildStore(state, out);
  else applyCommitted(state, out);
  reply(true, verified, false);
}

/** Backup: the primary's whole log replaces ours; writes only we had are dropped. */
export function onResync(
  state: PrimaryBackupState,
  from: string,
  message: Extract<PrimaryBackupMessage, { kind: 'Resync' }>,
  ctx: NodeContext,
  out: Out<PrimaryBackupMessage>,
): void {
  if (!acceptPrimary(state, from, message.epoch, ctx, out)) return;
  const kept = new Set<number>();
  for (const entry of message.entries) kept.add(entry.opId);
  for (const entry of state.log) if (!kept.has(entry.opId)) state.discarded++;
  state.log = message.entries.slice();
  state.commit = Math.min(message.commit, state.log.length);
  rebuildStore(state, out);
  out.push({
    kind: 'send',
    to: from,
    type: 'AppendAck',
    message: { kind: 'AppendAck', epoch: state.epoch, ok: true, length: state.log.length, resync: false, heartbeatSentAt: Number.NEGATIVE_INFINITY },
  });
}

/** Primary: a backup reports how far it is. */
export function onAppendAck(
  state: PrimaryBackupState,
  from: string,
  message: Extract<PrimaryBackupMessage, { kind: 'AppendAck' }>,
  ctx: NodeContext,
  out: Out<PrimaryBackupMessage>,
): void {
  if (isNewer(message.epoch, state.epoch)) {
    followNewerPrimary(state, message.epoch, ctx, out);
    return;
  }
  if (state.role !== 'primary' || !sameEpoch(message.epoch, state.epoch)) return; // meant for an earlier reign
  const i = state.nodes.indexOf(from);
  if (i < 0) return;
  if (message.heartbeatSentAt > state.ackedHeartbeatAt[i]!) state.ackedHeartbeatAt[i] = message.heartbeatSentAt;
  if (message.resync) {
    state.next[i] = state.log.length;
    out.push({ kind: 'send', to: from, type: 'Resync', message: { kind: 'Resync', epoch: state.epoch, entries: state.log.slice(), commit: state.commit } });
    return;
  }
  if (!message.ok) {
    if (state.resetAt[i] === message.length) return; // already resending from there
    state.resetAt[i] = message.length;
    state.next[i] = message.length;
    sendAppend(state, i, ctx.now, out);
    return;
  }
  if (message.length > state.match[i]!) state.match[i] = message.length;
  if (state.next[i]! < state.match[i]!) state.next[i] = state.match[i]!;
  if (state.next[i]! < state.log.length && state.next[i] === state.match[i]) sendAppend(state, i, ctx.now, out); // keep catching up
  advanceCommit(state, out);
}

/** Primary: how far the log counts as acknowledged under the replication mode. */
export function advanceCommit(state: PrimaryBackupState, out: Out<PrimaryBackupMessage>): void {
  let commit = state.log.length;
  const mode = state.settings.replication;
  if (mode !== 'async' && state.nodes.length > 1) {
    let lowest = Number.POSITIVE_INFINITY;
    let highest = 0;
    for (let i = 0; i < state.nodes.length; i++) {
      if (i === state.selfIndex) continue;
      const m = state.match[i]!;
      if (m < lowest) lowest = m;
      if (m > highest) highest = m;
    }
    commit = Math.min(commit, mode === 'sync' ? lowest : highest);
  }
  if (commit > state.commit) {
    state.commit = commit;
    applyCommitted(state, out);
  }
}

/** Epoch rules for a message from a primary: obey newer or equal, tell older ones to step down. */
function acceptPrimary(state: PrimaryBackupState, from: string, epoch: PrimaryBackupState['epoch'], ctx: NodeContext, out: Out<PrimaryBackupMessage>): boolean {
  if (isNewer(state.epoch, epoch)) {
    out.push({ kind: 'send', to: from, type: 'NewerEpoch', message: { kind: 'NewerEpoch', epoch: state.epoch } });
    return false;
  }
  if (isNewer(epoch, state.epoch) || state.role === 'primary') followNewerPrimary(state, epoch, ctx, out);
  state.primary = from;
  armSilenceTimer(state, out);
  return true;
}

/** Drops our entries from position `at` on (a newer primary's log disagrees there); true when the store must be rebuilt. */
function discardFrom(state: PrimaryBackupState, at: number): boolean {
  state.discarded += state.log.length - at;
  state.log.length = at;
  if (state.commit > at) state.commit = at;
  return state.applied > at;
}
