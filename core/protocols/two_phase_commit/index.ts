// Two-phase commit (Gray, "Notes on Data Base Operating Systems", 1978; presumed abort from
// Mohan, Lindsay & Obermarck, 1986) as a Faultline protocol plug-in. Client `transfer` (or any
// write) operations are transactions: the coordinator prepares the write on every participant
// and commits it everywhere or nowhere. Reads go to a participant and wait for locked keys.

import type { Protocol } from '../../sim/protocol.ts';
import { IdempotencyTable } from '../../sim/idempotency.ts';
import { keptStoreEffect } from '../../sim/restored-store.ts';
import { classifyTwoPhaseCommit } from './classify.ts';
import { onCoordinatorMessage, onCoordinatorRequest, onPrepareTimeout, recoverCoordinator } from './coordinator.ts';
import { INQUIRY_TIMER, onInquiryTimer, onParticipantMessage, onParticipantRequest } from './participant.ts';
import { readSettings } from './settings.ts';
import { reportState } from './state.ts';
import type { TwoPhaseCommitDurable, TwoPhaseCommitMessage, TwoPhaseCommitState } from './types.ts';

export type { TwoPhaseCommitDurable, TwoPhaseCommitMessage, TwoPhaseCommitState } from './types.ts';

const PREPARE_TIMER_PREFIX = 'prepare ';

export const twoPhaseCommit: Protocol<TwoPhaseCommitState, TwoPhaseCommitDurable, TwoPhaseCommitMessage> = {
  name: 'two_phase_commit',

  init(ctx, out) {
    const settings = readSettings(ctx.options, ctx.nodes);
    let durable: TwoPhaseCommitDurable;
    if (ctx.self === settings.coordinator) {
      durable = { kind: 'coordinator', incarnation: 0, decisions: new Map(), begun: new Set(), idempotency: new IdempotencyTable(), logWrites: 0 };
    } else if (settings.participants.includes(ctx.self)) {
      durable = { kind: 'participant', data: new Map(), prepared: new Map(), finished: new Map() };
    } else {
      durable = { kind: 'bystander' };
    }
    return start(durable, ctx.options, ctx.nodes, false, out);
  },

  onMessage(state, from, message, ctx, out) {
    if (state.kind === 'coordinator') onCoordinatorMessage(state, from, message, ctx, out);
    else if (state.kind === 'participant') onParticipantMessage(state, message, out);
    reportState(state, out);
  },

  onTimer(state, timer, ctx, out) {
    if (state.kind === 'coordinator' && timer.startsWith(PREPARE_TIMER_PREFIX)) {
      onPrepareTimeout(state, timer.slice(PREPARE_TIMER_PREFIX.length), ctx, out);
    } else if (state.kind === 'participant' && timer === INQUIRY_TIMER) {
      onInquiryTimer(state, out);
    }
    reportState(state, out);
  },

  onClientRequest(state, request, ctx, out) {
    if (state.kind === 'coordinator') onCoordinatorRequest(state, request, ctx, out);
    else if (state.kind === 'participant') onParticipantRequest(state, request, ctx, out);
    else out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: state.settings.coordinator } });
    reportState(state, out);
  },

  // Coordinator: the decision log (and begin records, idempotency results). Participant: the
  // committed data, the prepare records, and how finished transactions ended. Transactions the
  // coordinator was still collecting votes for are forgotten — that is what presumed abort covers.
  durable(state) {
    if (state.kind === 'coordinator') {
      const { incarnation, decisions, begun, idempotency, logWrites } = state;
      return { kind: 'coordinator', incarnation, decisions, begun, idempotency, logWrites };
    }
    if (state.kind === 'participant') return { kind: 'participant', data: state.data, prepared: state.prepared, finished: state.finished };
    return { kind: 'bystander' };
  },

  restart(durable, ctx, out) {
    // A participant's committed data survives without being re-applied: say it kept it, or the
    // trace would show those writes gone from this node.
    if (durable.kind === 'participant' && durable.data.size > 0 && ctx.recording !== false) out.push(keptStoreEffect(durable.data));
    return start(durable, ctx.options, ctx.nodes, true, out);
  },

  classify: classifyTwoPhaseCommit,
};

function start(
  durable: TwoPhaseCommitDurable,
  options: Parameters<typeof readSettings>[0],
  nodes: readonly string[],
  restarted: boolean,
  out: Parameters<typeof reportState>[1],
): TwoPhaseCommitState {
  const settings = readSettings(options, nodes);
  let state: TwoPhaseCommitState;
  if (durable.kind === 'coordinator') {
    // Without recovery the restarted coordinator does not read its log: it keeps only its
    // incarnation counter (so new transaction ids stay unique) and knows nothing else.
    const reads = !restarted || settings.recovery;
    state = {
      kind: 'coordinator',
      settings,
      incarnation: durable.incarnation + (restarted ? 1 : 0),
      decisions: reads ? durable.decisions : new Map(),
      begun: reads ? durable.begun : new Set(),
      idempotency: reads ? durable.idempotency : new IdempotencyTable(),
      logWrites: durable.logWrites,
      nextSeq: 1,
      active: new Map(),
      runningKeys: new Map(),
      remembersEarlierIncarnations: reads,
      commits: 0,
      aborts: 0,
      reported: '',
    };
    if (restarted && settings.recovery) recoverCoordinator(state, out);
  } else if (durable.kind === 'participant') {
    const locks = new Map<string, string>();
    for (const [txn, prepared] of durable.prepared) locks.set(prepared.key, txn);
    state = {
      kind: 'participant',
      settings,
      data: durable.data,
      prepared: durable.prepared,
      finished: durable.finished,
      locks,
      waitingReads: [],
      lastOutcome: 'idle',
      commits: 0,
      aborts: 0,
      reported: '',
    };
    // Still prepared after a restart: still bound by the vote, still asking.
    if (durable.prepared.size > 0) out.push({ kind: 'set-timer', name: INQUIRY_TIMER, delayUs: 1 });
  } else {
    state = { kind: 'bystander', settings, reported: '' };
  }
  reportState(state, out);
  return state;
}
