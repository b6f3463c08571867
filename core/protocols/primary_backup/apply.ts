// Applying acknowledged entries to a node's key-value store, and answering whoever waited for
// them: the primary's clients (at commit), and on a backup the reads and forwarded writes that
// needed this node to reach a position first.

import { IdempotencyTable } from '../../sim/idempotency.ts';
import type { ClientReply, Out } from '../../sim/protocol.ts';
import { servePendingReads } from './reads.ts';
import type { Entry, PrimaryBackupMessage, PrimaryBackupState } from './types.ts';

export function applyCommitted(state: PrimaryBackupState, out: Out<PrimaryBackupMessage>): void {
  const upTo = Math.min(state.commit, state.log.length);
  while (state.applied < upTo) {
    const position = ++state.applied;
    const entry = state.log[position - 1]!;
    const reply = applyEntry(state, entry, out);
    if (state.waiting.size > 0) answerWaiting(state, position, entry, reply, out);
  }
  if (state.pendingForwards.length > 0) answerForwards(state, out);
  if (state.pendingReads.length > 0) servePendingReads(state, out);
}

/**
 * One entry's effect on the store; the reply its client gets. An entry whose idempotency key an
 * earlier entry already applied (a retry, or a duplicated delivery of the same request, each
 * logged again by the primary) changes nothing and gets that entry's answer. The decision is made
 * at apply, from the key and the primary's clock stored in the entry, so every replica makes the
 * same one and a promoted backup goes on refusing the repeats its old primary refused.
 */
function applyEntry(state: PrimaryBackupState, entry: Entry, out: Out<PrimaryBackupMessage>): ClientReply {
  const idempotency = entry.idempotency;
  if (idempotency === undefined) return applyEffect(state, entry, out);
  return state.seen.applyOnce(idempotency.key, idempotency.at, idempotency.ttlUs, () => applyEffect(state, entry, out)).result;
}

function applyEffect(state: PrimaryBackupState, entry: Entry, out: Out<PrimaryBackupMessage>): ClientReply {
  const kv = state.kv;
  let written: unknown;
  switch (entry.op) {
    case 'cas': {
      const [expected, next] = Array.isArray(entry.value) ? entry.value : [undefined, undefined];
      if ((kv.get(entry.key) ?? null) !== expected) return { outcome: 'fail', error: 'cas: the value was not the expected one' };
      written = next;
      break;
    }
    case 'increment':
      written = Number(kv.get(entry.key) ?? 0) + Number(entry.value ?? 1);
      break;
    case 'append': {
      const before = kv.get(entry.key);
      written = [...(Array.isArray(before) ? before : []), entry.value];
      break;
    }
    default:
      written = entry.value;
  }
  kv.set(entry.key, written);
  if (state.applied > state.emittedUpTo) {
    state.emittedUpTo = state.applied;
    out.push({ kind: 'apply', opId: entry.opId, key: entry.key, value: written, index: state.applied });
  }
  return { outcome: 'ok', value: written };
}

function answerWaiting(state: PrimaryBackupState, position: number, entry: Entry, reply: ClientReply, out: Out<PrimaryBackupMessage>): void {
  const waiting = state.waiting.get(position);
  if (waiting === undefined) return;
  state.waiting.delete(position);
  // The same entry object proves it is the one this node appended for that client, not an
  // entry of a newer primary that replaced it at the same position after a resync.
  if (waiting.entry !== entry) return;
  if (reply.outcome === 'ok') state.lastWrite.set(entry.client, position);
  if (waiting.forwardedBy === null) out.push({ kind: 'reply', requestId: waiting.requestId, reply });
  else out.push({ kind: 'send', to: waiting.forwardedBy, type: 'ForwardResult', message: { kind: 'ForwardResult', requestId: waiting.requestId, reply, position } });
}

/** Sticky sessions: a forwarded write is answered once this node has it, so the client's next read here sees it. */
function answerForwards(state: PrimaryBackupState, out: Out<PrimaryBackupMessage>): void {
  const remaining = [];
  for (const forward of state.pendingForwards) {
    if (forward.position <= state.applied || forward.reply.outcome !== 'ok') out.push({ kind: 'reply', requestId: forward.requestId, reply: forward.reply });
    else remaining.push(forward);
  }
  state.pendingForwards = remaining;
}

/** Rebuilds the store from the log (after a newer primary's entries replaced part of it). */
export function rebuildStore(state: PrimaryBackupState, out: Out<PrimaryBackupMessage>): void {
  state.kv = new Map();
  state.seen = new IdempotencyTable();
  state.applied = 0;
  applyCommitted(state, out);
}
