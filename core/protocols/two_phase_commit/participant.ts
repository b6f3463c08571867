// A participant: votes on Prepare, holds locks while prepared, applies the outcome.
//
// Voting yes is a promise to commit if told to, so the prepare record (with the write) is made
// durable first and the key stays locked until the decision arrives — across a crash of this
// node too. A key already locked by another prepared transaction makes the vote "no" (no-wait
// locking: the coordinator aborts instead of risking a deadlock across participants).
//
// While prepared, the participant is BLOCKED: it cannot finish the transaction on its own in
// either direction. Every `prepare timeout` it asks the coordinator again; if the coordinator is
// down, or has lost its log, the asking goes on and the locks stay held.

import type { ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import type { ParticipantState, TwoPhaseCommitMessage } from './types.ts';

export const INQUIRY_TIMER = 'inquire';

export function onParticipantMessage(state: ParticipantState, message: TwoPhaseCommitMessage, out: Out<TwoPhaseCommitMessage>): void {
  const coordinator = state.settings.coordinator;
  if (message.kind === 'Prepare') {
    const { txn } = message;
    const finished = state.finished.get(txn);
    if (finished !== undefined) {
      // A duplicated or late Prepare: repeat the vote we gave, never vote anew.
      if (finished === 'voted-no') out.push({ kind: 'send', to: coordinator, type: 'Vote', message: { kind: 'Vote', txn, yes: false } });
      return;
    }
    if (!state.prepared.has(txn)) {
      const holder = state.locks.get(message.key);
      if (holder !== undefined) {
        state.finished.set(txn, 'voted-no');
        out.push({ kind: 'send', to: coordinator, type: 'Vote', message: { kind: 'Vote', txn, yes: false } });
        return;
      }
      if (state.prepared.size === 0) out.push({ kind: 'set-timer', name: INQUIRY_TIMER, delayUs: state.settings.prepareTimeoutUs });
      state.prepared.set(txn, { txn, opId: message.opId, key: message.key, value: message.value });
      state.locks.set(message.key, txn);
    }
    out.push({ kind: 'send', to: coordinator, type: 'Vote', message: { kind: 'Vote', txn, yes: true } });
    return;
  }
  if (message.kind === 'Decision') {
    const prepared = state.prepared.get(message.txn);
    if (prepared === undefined) {
      if (!state.finished.has(message.txn)) state.finished.set(message.txn, message.commit ? 'commit' : 'abort');
      return; // a repeat, or an abort of a transaction we never prepared
    }
    state.prepared.delete(message.txn);
    state.locks.delete(prepared.key);
    state.finished.set(message.txn, message.commit ? 'commit' : 'abort');
    if (message.commit) {
      state.data.set(prepared.key, prepared.value);
      state.commits++;
      state.lastOutcome = 'commit';
      out.push({ kind: 'apply', opId: prepared.opId, key: prepared.key, value: prepared.value });
    } else {
      state.aborts++;
      state.lastOutcome = 'abort';
    }
    if (state.prepared.size === 0) out.push({ kind: 'cancel-timer', name: INQUIRY_TIMER });
    serveWaitingReads(state, out);
  }
}

/** Still prepared: ask the coordinator about every transaction we are stuck on. */
export function onInquiryTimer(state: ParticipantState, out: Out<TwoPhaseCommitMessage>): void {
  if (state.prepared.size === 0) return;
  for (const txn of state.prepared.keys()) {
    out.push({ kind: 'send', to: state.settings.coordinator, type: 'Inquiry', message: { kind: 'Inquiry', txn } });
  }
  out.push({ kind: 'set-timer', name: INQUIRY_TIMER, delayUs: state.settings.prepareTimeoutUs });
}

/** Reads are served here; a read of a locked key waits for the lock. Transactions go to the coordinator. */
export function onParticipantRequest(state: ParticipantState, request: ClientRequest, _ctx: NodeContext, out: Out<TwoPhaseCommitMessage>): void {
  if (request.op !== 'read') {
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: state.settings.coordinator } });
    return;
  }
  if (state.locks.has(request.key)) {
    state.waitingReads.push({ requestId: request.requestId, key: request.key });
    return;
  }
  out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'ok', value: state.data.get(request.key) ?? null } });
}

function serveWaitingReads(state: ParticipantState, out: Out<TwoPhaseCommitMessage>): void {
  if (state.waitingReads.length === 0) return;
  const still: typeof state.waitingReads = [];
  for (const read of state.waitingReads) {
    if (state.locks.has(read.key)) still.push(read);
    else out.push({ kind: 'reply', requestId: read.requestId, reply: { outcome: 'ok', value: state.data.get(read.key) ?? null } });
  }
  state.waitingReads = still;
}
