// Shipping the primary's log to the backups, and deciding when a write counts as acknowledged:
// at once (async), once one backup has it (semi_sync), or once every backup has it (sync).
//
// The primary streams each new entry as it arrives and repeats from where a backup stands on
// every heartbeat. A backup that missed messages says how far it got and the primary resends
// from there. A backup whose log disagrees with the primary's (an old primary that accepted
// writes nobody else saw) says where each epoch starts in its log; the primary resends from the
// last position both share, and the backup drops everything after it that was only its own —
// as a rejoining MySQL or Redis primary is rebuilt from the new one: those writes are gone.

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { applyCommitted, rebuildStore } from './apply.ts';
import { isNewer, sameEpoch } from './epoch.ts';
import { armSilenceTimer, followNewerPrimary } from './failover.ts';
import { MAX_BATCH } from './settings.ts';
import { reportState } from './state.ts';
import type { Entry, Epoch, PrimaryBackupMessage, PrimaryBackupState } from './types.ts';

/**
 * Primary: a new entry goes to every backup that is caught up; laggards get it on catch-up. With
 * `ship every` it waits for the next shipment instead (onShipTimer).
 */
export function appendEntry(state: PrimaryBackupState, entry: Entry, ctx: NodeContext, out: Out<PrimaryBackupMessage>): number {
  state.log.push(entry);
  const position = state.log.length;
  if (state.settings.shipEveryUs > 0) return position;
  for (let i = 0; i < state.nodes.length; i++) {
    if (i !== state.selfIndex && state.next[i] === position - 1) sendAppend(state, i, ctx.now, out);
  }
  return position;
}

/**
 * How much of the primary's log the backups may be sent: all of it, or with `ship every` what the
 * last shipment released. A backup is told this is the primary's whole log, which it is as far as
 * the backup can know: every entry past it is of the primary's own epoch, appended since.
 */
function shippedEnd(state: PrimaryBackupState): number {
  return state.settings.shipEveryUs > 0 ? Math.min(state.shipped, state.log.length) : state.log.length;
}

/** Primary, every `ship every`: releases the log written since the last shipment to the backups. */
export function onShipTimer(state: PrimaryBackupState, ctx: NodeContext, out: Out<PrimaryBackupMessage>): void {
  if (state.role !== 'primary') return;
  state.shipped = state.log.length;
  for (let i = 0; i < state.nodes.length; i++) {
    if (i !== state.selfIndex && state.next[i]! < state.shipped) sendAppend(state, i, ctx.now, out);
  }
  armShipTimer(state, out);
}

export const SHIP_TIMER = 'ship';

/** Primary: schedules the next shipment, when writes are shipped in batches. */
export function armShipTimer(state: PrimaryBackupState, out: Out<PrimaryBackupMessage>): void {
  if (state.settings.shipEveryUs > 0) out.push({ kind: 'set-timer', name: SHIP_TIMER, delayUs: state.settings.shipEveryUs });
}

/** Primary: entries from where backup `i` stands (none: a heartbeat), advancing `next` optimistically. */
export function sendAppend(state: PrimaryBackupState, i: number, now: number, out: Out<PrimaryBackupMessage>): void {
  const end = shippedEnd(state);
  const from = Math.min(state.next[i]!, end);
  const entries = from === end ? NO_ENTRIES : state.log.slice(from, Math.min(end, from + MAX_BATCH));
  state.next[i] = from + entries.length;
  const prevEpoch = from === 0 ? null : state.log[from - 1]!.epoch;
  // Async counts a write as acknowledged the moment it is in the log, and sync acknowledges only
  // once every backup has applied it (PostgreSQL's remote_apply): in both a backup applies what
  // it receives at once. Semi-sync acknowledges on receipt, so its backups apply what the
  // primary reports as acknowledged.
  const commit = state.settings.replication === 'semi_sync' ? state.commit : end;
  out.push({
    kind: 'send',
    to: state.nodes[i]!,
    type: 'Append',
    message: { kind: 'Append', epoch: state.epoch, prevPos: from, prevEpoch, entries, commit, length: end, sentAt: now },
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
  const { prevPos, entries } = message;
  if (state.log.length < prevPos) {
    ack(state, from, message.sentAt, false, state.log.length, null, out); // we missed something: resend from our end
    return;
  }
  if (prevPos > 0 && !sameEpoch(state.log[prevPos - 1]!.epoch, message.prevEpoch)) {
    ack(state, from, message.sentAt, false, state.log.length, epochRuns(state.log), out); // our logs disagree: find where
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
  const verified = prevPos + entries.length;
  if (verified === message.length && state.log.length > verified) {
    // We hold more than the primary has. Entries of its own epoch past this point are newer
    // ones that overtook this message; any other epoch there is ours alone: drop it.
    let keep = verified;
    while (keep < state.log.length && sameEpoch(state.log[keep]!.epoch, message.epoch)) keep++;
    if (keep < state.log.length) rebuild = discardFrom(state, keep) || rebuild;
  }
  // Only the prefix just checked against the primary's log may be applied: anything past it
  // might be an old primary's writes that the new one never had.
  const commit = Math.min(message.commit, verified);
  if (commit > state.commit) state.commit = commit;
  // Say what was dropped before the store applies the new entries: the newer primary's log may
  // hold one of the same writes, applied again just below, and a trace reader takes `dropped` as
  // "no longer on this node" (the theorem sweep found such a write called lost).
  if (state.dropped.length > 0) reportState(state, out);
  if (rebuild) rebuildStore(state, out);
  else applyCommitted(state, out);
  ack(state, from, message.sentAt, true, verified, null, out);
}

function ack(
  state: PrimaryBackupState,
  to: string,
  heartbeatSentAt: number,
  ok: boolean,
  length: number,
  runs: Array<[Epoch, number]> | null,
  out: Out<PrimaryBackupMessage>,
): void {
  out.push({ kind: 'send', to, type: 'AppendAck', message: { kind: 'AppendAck', epoch: state.epoch, ok, length, runs, heartbeatSentAt } });
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
  if (!message.ok) {
    const from = message.runs === null ? message.length : sharedPrefix(state.log, message.runs, message.length);
    if (state.resetAt[i] === from) return; // already resending from there
    state.resetAt[i] = from;
    state.next[i] = from;
    sendAppend(state, i, ctx.now, out);
    return;
  }
  if (message.length > state.match[i]!) state.match[i] = message.length;
  if (state.next[i]! < state.match[i]!) state.next[i] = state.match[i]!;
  if (state.next[i]! < shippedEnd(state) && state.next[i] === state.match[i]) sendAppend(state, i, ctx.now, out); // keep catching up
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
  if (state.applied > at) {
    // A write the kept entries also carry stays in the store: a retry logged again under the same
    // key changed nothing when applied, and discarding that copy removes nothing (the theorem
    // sweep found such a write reported dropped, and called lost).
    const kept = new Set<number>();
    for (let p = 0; p < at; p++) kept.add(state.log[p]!.opId);
    for (let p = at; p < state.applied; p++) {
      const op = state.log[p]!.opId;
      if (!kept.has(op)) state.dropped.push(op);
    }
  }
  if (state.emittedUpTo > at) state.emittedUpTo = at;
  state.log.length = at;
  if (state.commit > at) state.commit = at;
  return state.applied > at;
}

/** Where each epoch starts in a log: [epoch, first position (0-based)], in order. */
function epochRuns(log: readonly Entry[]): Array<[Epoch, number]> {
  const runs: Array<[Epoch, number]> = [];
  for (let p = 0; p < log.length; p++) {
    if (p === 0 || !sameEpoch(log[p - 1]!.epoch, log[p]!.epoch)) runs.push([log[p]!.epoch, p]);
  }
  return runs;
}

/**
 * Primary: how long a prefix our log shares with a backup's, given where each epoch starts in
 * the backup's. Entries at the same position with the same epoch are the same entry (one
 * primary per epoch appends them), and epochs only grow along a log, so a whole run matches
 * when its first and last positions do.
 */
function sharedPrefix(log: readonly Entry[], runs: ReadonlyArray<[Epoch, number]>, length: number): number {
  for (let k = 0; k < runs.length; k++) {
    const [epoch, start] = runs[k]!;
    const end = Math.min(k + 1 < runs.length ? runs[k + 1]![1] : length, log.length);
    if (end > start && sameEpoch(log[start]?.epoch, epoch) && sameEpoch(log[end - 1]?.epoch, epoch)) {
      if (end < (k + 1 < runs.length ? runs[k + 1]![1] : length)) return end; // our log ends inside this run
      continue;
    }
    for (let p = start; p < end; p++) if (!sameEpoch(log[p]!.epoch, epoch)) return p;
    return end;
  }
  return Math.min(length, log.length);
}
