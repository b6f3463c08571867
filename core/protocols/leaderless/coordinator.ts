// The coordinator: whichever home replica of the key the client reached. It writes locally, sends
// the version to the other home replicas and answers the client once W of them (itself included)
// hold it; a read asks every home replica and answers once R have replied, with their merge.
// There is no leader and no ordering between coordinators: two of them may take writes to the
// same key at the same moment, and the conflict resolution decides what survives.

import type { ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import { EMPTY_COUNTER, entryValue, entryVector, isMissing, mergeEntry, type Counter, type Entry } from './entry.ts';
import { readLocal, storeVersions } from './replica.ts';
import type { LeaderlessMessage, LeaderlessState, PendingRequest } from './types.ts';
import { leaderlessRefusal } from './operations.ts';
import { armTick } from './tick.ts';

type Msg = LeaderlessMessage;

export function onClientRequest(state: LeaderlessState, request: ClientRequest, ctx: NodeContext, out: Out<Msg>): void {
  const { homes } = state.placements.of(request.key);
  if (!homes.includes(ctx.self)) {
    // Only a node that holds the key coordinates it (Dynamo forwards the request; we point the
    // client at the first home replica instead, which the client follows like a leader hint).
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: homes[0]! } });
    return;
  }
  const mode = state.settings.resolution;
  if (request.op === 'read') return startRead(state, request, ctx, out);
  const retried = request.idempotencyKey === undefined ? undefined : alreadyTaken(state, request, ctx);
  if (retried !== undefined) return startWrite(state, request, retried, ctx, out);
  const error = leaderlessRefusal(request.op, mode);
  if (error !== undefined) {
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'fail', error } });
    return;
  }
  if (mode === 'crdt') return startWrite(state, request, counterWrite(state, request, ctx), ctx, out);
  return startWrite(state, request, registerWrite(state, request, ctx), ctx, out);
}

/**
 * A retry that carries an idempotency key, of an operation this node already holds (it coordinated
 * the first try, or a replica of it reached here): what was made then is sent again instead of a
 * new one, so the operation takes effect once. A retry reaching a node the first try never did
 * looks new: keys are remembered by the nodes, not by the cluster.
 * (Without a key a retry is a new write, and a counter counts it twice — as in real systems.)
 */
function alreadyTaken(state: LeaderlessState, request: ClientRequest, ctx: NodeContext): Entry | undefined {
  const local = state.store.get(request.key);
  if (local === undefined) return undefined;
  if (local.kind === 'versions') {
    const mine = local.versions.find((v) => v.opId === request.opId);
    return mine === undefined ? undefined : { kind: 'versions', versions: [mine] };
  }
  // The first try may have gone to another coordinator: its list, replicated here, holds the
  // operation too. Sending that list on again adds nothing where it already is.
  for (const owner of [ctx.self, ...Object.keys(local.inc), ...Object.keys(local.dec)]) {
    const inc = local.inc[owner] ?? [];
    const dec = local.dec[owner] ?? [];
    if (inc.includes(request.opId) || dec.includes(request.opId)) return { kind: 'counter', inc: { [owner]: inc }, dec: { [owner]: dec } };
  }
  return undefined;
}

/** A register write: a new version that has seen everything this coordinator holds for the key. */
function registerWrite(state: LeaderlessState, request: ClientRequest, ctx: NodeContext): Entry {
  const seen = entryVector(state.store.get(request.key));
  const count = Math.max(seen[ctx.self] ?? 0, state.coordinated.get(request.key) ?? 0) + 1;
  state.coordinated.set(request.key, count);
  const vv = { ...seen, [ctx.self]: count };
  // The timestamp is this node's own clock: skewed or not, it is all a node has.
  return { kind: 'versions', versions: [{ value: request.value, opId: request.opId, vv, ts: ctx.now, writer: ctx.self }] };
}

/** A counter update: this node appends the operation to its own list (the only list it writes). */
function counterWrite(state: LeaderlessState, request: ClientRequest, ctx: NodeContext): Counter {
  const local = state.store.get(request.key);
  const counter = local?.kind === 'counter' ? local : EMPTY_COUNTER;
  const negative = typeof request.value === 'number' && request.value < 0;
  const side = negative ? counter.dec : counter.inc;
  const mine = [...(side[ctx.self] ?? []), request.opId];
  // Only this node's own lists travel: the other nodes' parts reach replicas from their owners.
  return negative
    ? { kind: 'counter', inc: {}, dec: { [ctx.self]: mine } }
    : { kind: 'counter', inc: { [ctx.self]: mine }, dec: {} };
}

function startWrite(state: LeaderlessState, request: ClientRequest, entry: Entry, ctx: NodeContext, out: Out<Msg>): void {
  storeVersions(state, request.key, entry, out);
  const pending = openRequest(state, 'write', request, entry);
  pending.answered.add(ctx.self);
  for (const home of state.placements.of(request.key).homes) {
    if (home === ctx.self) continue;
    out.push({ kind: 'send', to: home, type: 'Put', message: { kind: 'Put', id: request.requestId, key: request.key, entry } });
    pending.asked++;
  }
  if (!maybeFinishWrite(state, pending, out)) armTick(state, out);
}

function startRead(state: LeaderlessState, request: ClientRequest, ctx: NodeContext, out: Out<Msg>): void {
  const pending = openRequest(state, 'read', request, null);
  pending.answered.add(ctx.self);
  pending.replies!.set(ctx.self, readLocal(state, request.key));
  for (const home of state.placements.of(request.key).homes) {
    if (home === ctx.self) continue;
    out.push({ kind: 'send', to: home, type: 'Get', message: { kind: 'Get', id: request.requestId, key: request.key } });
    pending.asked++;
  }
  maybeAnswerRead(state, pending, ctx, out);
  if (state.pending.has(pending.requestId)) armTick(state, out);
}

function openRequest(state: LeaderlessState, kind: 'write' | 'read', request: ClientRequest, entry: Entry | null): PendingRequest {
  const pending: PendingRequest = {
    kind,
    requestId: request.requestId,
    key: request.key,
    entry,
    answered: new Set(),
    replies: kind === 'read' ? new Map() : null,
    asked: 1,
    ticks: 0,
    standInsAsked: false,
    replied: false,
  };
  state.pending.set(request.requestId, pending);
  return pending;
}

export function onPutAck(state: LeaderlessState, from: string, id: number, out: Out<Msg>): void {
  const pending = state.pending.get(id);
  if (pending === undefined || pending.kind !== 'write') return;
  pending.answered.add(from);
  maybeFinishWrite(state, pending, out);
}

function maybeFinishWrite(state: LeaderlessState, pending: PendingRequest, out: Out<Msg>): boolean {
  if (pending.answered.size < state.settings.w) return false;
  out.push({ kind: 'reply', requestId: pending.requestId, reply: { outcome: 'ok' } });
  state.pending.delete(pending.requestId);
  return true;
}

export function onGetReply(state: LeaderlessState, from: string, id: number, entry: Entry | null, ctx: NodeContext, out: Out<Msg>): void {
  const pending = state.pending.get(id);
  if (pending === undefined || pending.kind !== 'read' || pending.answered.has(from)) return;
  pending.answered.add(from);
  pending.replies!.set(from, entry);
  maybeAnswerRead(state, pending, ctx, out);
}

function maybeAnswerRead(state: LeaderlessState, pending: PendingRequest, ctx: NodeContext, out: Out<Msg>): void {
  if (!pending.replied && pending.answered.size >= state.settings.r) {
    pending.replied = true;
    const merged = mergeReplies(state, pending);
    // A counter nobody has touched yet is zero, not absent.
    const value = merged === undefined && state.settings.resolution === 'crdt' ? 0 : entryValue(merged);
    out.push({ kind: 'reply', requestId: pending.requestId, reply: { outcome: 'ok', value } });
  }
  // Read repair waits for every replica asked, so that it knows which of them are behind.
  if (pending.replied && pending.answered.size >= pending.asked) finishRead(state, pending, ctx, out);
}

function mergeReplies(state: LeaderlessState, pending: PendingRequest): Entry | undefined {
  let merged: Entry | undefined;
  for (const entry of pending.replies!.values()) {
    if (entry !== null) merged = mergeEntry(merged, entry, state.settings.resolution).entry;
  }
  return merged;
}

/** Closes a read: with read repair on, every replica that answered with less is sent the merge. */
export function finishRead(state: LeaderlessState, pending: PendingRequest, ctx: NodeContext, out: Out<Msg>): void {
  state.pending.delete(pending.requestId);
  if (!state.settings.readRepair) return;
  const merged = mergeReplies(state, pending);
  if (merged === undefined) return;
  const mode = state.settings.resolution;
  const { homes } = state.placements.of(pending.key);
  for (const [node, entry] of pending.replies!) {
    if (!homes.includes(node) || !isMissing(entry ?? undefined, merged, mode)) continue;
    if (node === ctx.self) storeVersions(state, pending.key, merged, out);
    else out.push({ kind: 'send', to: node, type: 'Repair', message: { kind: 'Repair', key: pending.key, entry: merged } });
  }
}
