// Orchestrated saga: one orchestrator (the first step's node) tells each service what to do and
// waits for its answer. Forward, step by step; when a step fails — by rule (`fail step`) or by
// not answering within `step timeout` — it walks back, compensating the steps already done one
// at a time, last first, each compensation retried until it is confirmed (a compensation must
// not fail for good, or the saga is stuck half-done).
//
// A step that timed out may still have run (the request or the answer may be the one that was
// lost), so it is compensated too; the service turns an undo of something it never did into a
// tombstone.

import type { ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import { acceptRequest, finishSaga, sagaTimer } from './entry.ts';
import type { SagaMessage, SagaRecord, SagaState } from './types.ts';

export function onOrchestratorRequest(state: SagaState, request: ClientRequest, ctx: NodeContext, out: Out<SagaMessage>): void {
  const record = acceptRequest(state, request, ctx, out);
  if (record !== null) sendCurrent(state, record, ctx, out);
}

/** Sends what the saga waits for now (a step or a compensation) and arms its timeout. */
export function sendCurrent(state: SagaState, record: SagaRecord, ctx: NodeContext, out: Out<SagaMessage>): void {
  const step = state.settings.steps[record.index];
  if (step === undefined) {
    finishSaga(state, record, record.direction === 'forward', ctx, out);
    return;
  }
  const message: SagaMessage =
    record.direction === 'forward'
      ? { kind: 'DoStep', saga: record.saga, index: record.index, opId: record.opId }
      : { kind: 'Compensate', saga: record.saga, index: record.index, opId: record.opId };
  out.push({ kind: 'send', to: step.node, type: message.kind === 'DoStep' ? `${step.name}` : `${step.compensation}`, message });
  out.push({ kind: 'set-timer', name: sagaTimer(record.saga), delayUs: state.settings.stepTimeoutUs });
}

export function onOrchestratorReply(state: SagaState, message: SagaMessage, ctx: NodeContext, out: Out<SagaMessage>): void {
  if (message.kind !== 'StepDone' && message.kind !== 'Compensated') return;
  const record = state.entry?.sagas.get(message.saga);
  if (record === undefined || record.index !== message.index) return; // stale or repeated
  if (message.kind === 'StepDone') {
    if (record.direction !== 'forward') return;
    if (message.ok) record.index++;
    else startCompensating(record, state.settings.steps[record.index]?.name ?? null, record.index - 1);
  } else {
    if (record.direction !== 'backward') return;
    record.index--;
  }
  if (record.index < 0) {
    out.push({ kind: 'cancel-timer', name: sagaTimer(record.saga) });
    finishSaga(state, record, false, ctx, out);
    return;
  }
  if (record.index >= state.settings.steps.length) {
    out.push({ kind: 'cancel-timer', name: sagaTimer(record.saga) });
    finishSaga(state, record, true, ctx, out);
    return;
  }
  sendCurrent(state, record, ctx, out);
}

export function onOrchestratorTimeout(state: SagaState, saga: string, ctx: NodeContext, out: Out<SagaMessage>): void {
  const record = state.entry?.sagas.get(saga);
  if (record === undefined) return;
  // Forward: the step counts as failed, and is itself compensated (it may have run).
  if (record.direction === 'forward') startCompensating(record, `${state.settings.steps[record.index]?.name ?? '?'} (timed out)`, record.index);
  if (record.index < 0) {
    finishSaga(state, record, false, ctx, out);
    return;
  }
  sendCurrent(state, record, ctx, out); // backward: resend the compensation
}

function startCompensating(record: SagaRecord, failedStep: string | null, from: number): void {
  record.direction = 'backward';
  record.failedStep = failedStep;
  record.index = from;
}
