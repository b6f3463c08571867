// The coordinator: runs each client transaction through the two phases and owns the decision.
//
// Phase one sends Prepare to every participant and waits for their votes, at most `prepare
// timeout`. One "no", or silence, aborts; all "yes" commits. The decision is forced to the log
// BEFORE anyone hears of it — once a commit leaves, the coordinator must be able to repeat it
// after a crash. With presumed abort only commits are logged: a transaction with no record is
// answered "abort", which is safe because no commit was ever sent without its record.
//
// A crash between the phases leaves participants that voted yes holding their locks: they
// promised to commit if told to, so they can neither commit nor abort on their own. They ask
// again and again; only the coordinator (its log) can release them.

import type { ClientReply, ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import { incarnationOfTxn, txnId, type ActiveTxn, type CoordinatorState, type Outcome, type TwoPhaseCommitMessage, type TxnId } from './types.ts';

export function prepareTimer(txn: TxnId): string {
  return `prepare ${txn}`;
}

export function onCoordinatorRequest(state: CoordinatorState, request: ClientRequest, ctx: NodeContext, out: Out<TwoPhaseCommitMessage>): void {
  if (request.op === 'read') {
    // Data lives on the participants; reads go to the first one.
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: state.settings.participants[0] ?? state.settings.coordinator } });
    return;
  }
  const key = request.idempotencyKey;
  if (key !== undefined) {
    // A retry of a transaction that already ended gets the first answer back; one still running
    // is joined. Without a key, a retry is a brand-new transaction: applied twice if both commit.
    const known = state.idempotency.lookup(key, ctx.now);
    if (known !== undefined) {
      out.push({ kind: 'reply', requestId: request.requestId, reply: known });
      return;
    }
    const running = state.runningKeys.get(key);
    const active = running === undefined ? undefined : state.active.get(running);
    if (active !== undefined) {
      active.requestIds.push(request.requestId);
      return;
    }
  }
  beginTransaction(state, request, out);
}

function beginTransaction(state: CoordinatorState, request: ClientRequest, out: Out<TwoPhaseCommitMessage>): void {
  const txn = txnId(state.incarnation, state.nextSeq++);
  const write = { opId: request.opId, key: request.key, value: request.value };
  const active: ActiveTxn = {
    txn,
    write,
    yes: new Set(),
    requestIds: [request.requestId],
    idempotencyKey: request.idempotencyKey,
    idempotencyTtlUs: request.idempotencyTtlUs ?? 0,
  };
  state.active.set(txn, active);
  if (active.idempotencyKey !== undefined) state.runningKeys.set(active.idempotencyKey, txn);
  if (!state.settings.presumedAbort) {
    // Presumed nothing: the coordinator must know, after a crash, which transactions it started.
    state.begun.add(txn);
    state.logWrites++;
  }
  if (state.settings.participants.length === 0) {
    decide(state, active, 'commit', 'no participants', 0, out);
    return;
  }
  for (const to of state.settings.participants) {
    out.push({ kind: 'send', to, type: 'Prepare', message: { kind: 'Prepare', txn, ...write } });
  }
  out.push({ kind: 'set-timer', name: prepareTimer(txn), delayUs: state.settings.prepareTimeoutUs });
}

export function onCoordinatorMessage(state: CoordinatorState, from: string, message: TwoPhaseCommitMessage, ctx: NodeContext, out: Out<TwoPhaseCommitMessage>): void {
  if (message.kind === 'Vote') {
    const active = state.active.get(message.txn);
    if (active === undefined) return; // already decided, or from before a crash
    if (!message.yes) {
      decide(state, active, 'abort', `${from} voted no`, ctx.now, out);
      return;
    }
    active.yes.add(from);
    if (active.yes.size === state.settings.participants.length) decide(state, active, 'commit', '', ctx.now, out);
    return;
  }
  if (message.kind === 'Inquiry') {
    const outcome = knownOutcome(state, message.txn);
    if (outcome !== null) {
      out.push({ kind: 'send', to: from, type: 'Decision', message: { kind: 'Decision', txn: message.txn, commit: outcome === 'commit' } });
    }
  }
}

/**
 * What the coordinator can truthfully say about a transaction, or null when it must stay silent:
 * still voting, or (without recovery) a transaction of an earlier life it has no memory of —
 * answering "abort" then could contradict a commit some participant already applied.
 */
function knownOutcome(state: CoordinatorState, txn: TxnId): Outcome | null {
  const logged = state.decisions.get(txn);
  if (logged !== undefined) return logged;
  if (state.active.has(txn)) return null;
  const ownIncarnation = incarnationOfTxn(txn) === state.incarnation;
  if (!ownIncarnation && !state.remembersEarlierIncarnations) return null;
  // No commit record: it never committed. Presumed abort says so outright; without it, every
  // transaction has a begin record and recovery has logged its abort (found above).
  return state.settings.presumedAbort || state.begun.has(txn) ? 'abort' : null;
}

export function onPrepareTimeout(state: CoordinatorState, txn: TxnId, ctx: NodeContext, out: Out<TwoPhaseCommitMessage>): void {
  const active = state.active.get(txn);
  if (active === undefined) return;
  const silent = state.settings.participants.filter((p) => !active.yes.has(p));
  decide(state, active, 'abort', `no vote from ${silent.join(', ')} within the prepare timeout`, ctx.now, out);
}

function decide(state: CoordinatorState, active: ActiveTxn, outcome: Outcome, why: string, now: number, out: Out<TwoPhaseCommitMessage>): void {
  state.active.delete(active.txn);
  out.push({ kind: 'cancel-timer', name: prepareTimer(active.txn) });
  if (outcome === 'commit' || !state.settings.presumedAbort) {
    state.decisions.set(active.txn, outcome);
    state.logWrites++;
  }
  if (outcome === 'commit') state.commits++;
  else state.aborts++;
  for (const to of state.settings.participants) {
    out.push({ kind: 'send', to, type: 'Decision', message: { kind: 'Decision', txn: active.txn, commit: outcome === 'commit' } });
  }
  // Aborted means certainly not applied anywhere: a definite failure, not an unknown outcome.
  const reply: ClientReply = outcome === 'commit' ? { outcome: 'ok' } : { outcome: 'fail', error: `transaction aborted: ${why}` };
  for (const requestId of active.requestIds) out.push({ kind: 'reply', requestId, reply });
  if (active.idempotencyKey !== undefined) {
    state.runningKeys.delete(active.idempotencyKey);
    state.idempotency.remember(active.idempotencyKey, reply, now, active.idempotencyTtlUs);
  }
}

/**
 * After a restart with recovery: without presumed abort, every begun transaction with no decision
 * is aborted now (and logged), and the participants are told. With presumed abort nothing needs
 * doing: prepared participants will ask, and "no record" answers them.
 */
export function recoverCoordinator(state: CoordinatorState, out: Out<TwoPhaseCommitMessage>): void {
  if (state.settings.presumedAbort) return;
  for (const txn of state.begun) {
    if (state.decisions.has(txn)) continue;
    state.decisions.set(txn, 'abort');
    state.logWrites++;
    state.aborts++;
    for (const to of state.settings.participants) {
      out.push({ kind: 'send', to, type: 'Decision', message: { kind: 'Decision', txn, commit: false } });
    }
  }
}
