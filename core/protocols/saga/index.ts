// Sagas (Garcia-Molina & Salem, "Sagas", 1987) as a Faultline protocol plug-in: a long business
// transaction split into local steps on different services, each with a compensation. A client
// `request` starts one saga at the first step's node; `read STEP` reads how many sagas currently
// hold that step's effect, from the service that runs it — intermediate states included.

import type { ClientReply, NodeContext, Out, Protocol } from '../../sim/protocol.ts';
import { IdempotencyTable } from '../../sim/idempotency.ts';
import { onChoreographyMessage, onChoreographyRequest } from './choreography.ts';
import { classifySaga } from './classify.ts';
import { sagaTimer } from './entry.ts';
import { onOrchestratorReply, onOrchestratorRequest, onOrchestratorTimeout, sendCurrent } from './orchestrator.ts';
import { readSettings } from './settings.ts';
import { reportState } from './state.ts';
import { runCompensation, runStep } from './steps.ts';
import type { EntryDurable, SagaDurable, SagaMessage, SagaState, ServiceDurable } from './types.ts';

export type { SagaDurable, SagaMessage, SagaState } from './types.ts';

const TIMER_PREFIX = sagaTimer('');

export const saga: Protocol<SagaState, SagaDurable, SagaMessage> = {
  name: 'saga',

  init(ctx, out) {
    const settings = readSettings(ctx.options, ctx.nodes);
    const entry: EntryDurable | null =
      ctx.self === settings.entry ? { sagas: new Map(), idempotency: new IdempotencyTable<ClientReply>(), nextSeq: 1, completed: 0, compensated: 0 } : null;
    const service: ServiceDurable = { counters: new Map(), done: new Set(), undone: new Set(), stepsRun: 0, compensationsRun: 0 };
    for (const step of settings.steps) if (step.node === ctx.self) service.counters.set(step.name, 0);
    return start({ service, entry }, ctx, out);
  },

  onMessage(state, from, message, ctx, out) {
    if (state.settings.mode === 'choreographed') {
      onChoreographyMessage(state, message, ctx, out);
    } else if (message.kind === 'DoStep') {
      const ok = runStep(state, message.saga, message.index, message.opId, out);
      out.push({ kind: 'send', to: from, type: 'StepDone', message: { kind: 'StepDone', saga: message.saga, index: message.index, ok } });
    } else if (message.kind === 'Compensate') {
      runCompensation(state, message.saga, message.index, message.opId, out);
      out.push({ kind: 'send', to: from, type: 'Compensated', message: { kind: 'Compensated', saga: message.saga, index: message.index } });
    } else if (state.entry !== null) {
      onOrchestratorReply(state, message, ctx, out);
    }
    reportState(state, out);
  },

  onTimer(state, timer, ctx, out) {
    if (timer.startsWith(TIMER_PREFIX) && state.settings.mode === 'orchestrated') onOrchestratorTimeout(state, timer.slice(TIMER_PREFIX.length), ctx, out);
    reportState(state, out);
  },

  onClientRequest(state, request, ctx, out) {
    if (request.op === 'read') {
      const owner = state.settings.steps.find((s) => s.name === request.key)?.node;
      if (owner === undefined || owner === state.self) {
        // Committed locally, visible at once: a reservation shows before the saga is over.
        out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'ok', value: state.service.counters.get(request.key) ?? null } });
      } else {
        out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: owner } });
      }
    } else if (state.entry === null) {
      out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: state.settings.entry } });
    } else if (state.settings.mode === 'choreographed') {
      onChoreographyRequest(state, request, ctx, out);
    } else {
      onOrchestratorRequest(state, request, ctx, out);
    }
    reportState(state, out);
  },

  // A service's local commits are durable; so is the orchestrator's saga log, which lets a
  // restarted orchestrator pick every unfinished saga up where it was.
  durable(state) {
    return { service: state.service, entry: state.entry };
  },

  restart(durable, ctx, out) {
    const state = start(durable, ctx, out);
    if (state.entry !== null && state.settings.mode === 'orchestrated') {
      for (const record of state.entry.sagas.values()) sendCurrent(state, record, ctx, out);
    }
    reportState(state, out);
    return state;
  },

  classify: classifySaga,
};

function start(durable: SagaDurable, ctx: NodeContext, out: Out<SagaMessage>): SagaState {
  const state: SagaState = { ...durable, settings: readSettings(ctx.options, ctx.nodes), self: ctx.self, runningKeys: new Map(), reported: [] };
  if (state.entry !== null) {
    for (const record of state.entry.sagas.values()) if (record.idempotencyKey !== undefined) state.runningKeys.set(record.idempotencyKey, record.saga);
  }
  reportState(state, out);
  return state;
}
