// Choreographed saga: no orchestrator. Each service does its step when it hears the previous
// step's event and then emits its own event to the next service; a failing step sends the
// failure back, and each service compensates its own step and passes the failure further back,
// so the compensations still run last first. Nobody holds the whole picture: the first service
// only learns the outcome when the completion (or the last compensation) comes back to it.

import type { ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import { acceptRequest, finishSaga } from './entry.ts';
import { runCompensation, runStep } from './steps.ts';
import type { SagaMessage, SagaState } from './types.ts';

export function onChoreographyRequest(state: SagaState, request: ClientRequest, ctx: NodeContext, out: Out<SagaMessage>): void {
  const record = acceptRequest(state, request, ctx, out);
  if (record === null) return;
  onChoreographyMessage(state, { kind: 'DoStep', saga: record.saga, index: 0, opId: record.opId }, ctx, out);
}

export function onChoreographyMessage(state: SagaState, message: SagaMessage, ctx: NodeContext, out: Out<SagaMessage>): void {
  const steps = state.settings.steps;
  if (message.kind === 'DoStep') {
    const { saga, index, opId } = message;
    if (runStep(state, saga, index, opId, out)) {
      const next = steps[index + 1];
      if (next === undefined) emit(state, state.settings.entry, { kind: 'SagaCompleted', saga }, 'completed', ctx, out);
      else emit(state, next.node, { kind: 'DoStep', saga, index: index + 1, opId }, next.name, ctx, out);
      return;
    }
    const failedStep = steps[index]?.name ?? '?';
    if (index === 0) {
      const record = state.entry?.sagas.get(saga);
      if (record !== undefined) {
        record.failedStep = failedStep;
        finishSaga(state, record, false, ctx, out);
      }
      return;
    }
    const previous = steps[index - 1]!;
    emit(state, previous.node, { kind: 'Compensate', saga, index: index - 1, opId, failedStep }, previous.compensation, ctx, out);
    return;
  }
  if (message.kind === 'Compensate') {
    const { saga, index, opId, failedStep } = message;
    runCompensation(state, saga, index, opId, out);
    const previous = steps[index - 1];
    if (previous !== undefined) {
      emit(state, previous.node, { kind: 'Compensate', saga, index: index - 1, opId, ...(failedStep === undefined ? {} : { failedStep }) }, previous.compensation, ctx, out);
      return;
    }
    const record = state.entry?.sagas.get(saga);
    if (record !== undefined) {
      record.failedStep = failedStep ?? null;
      finishSaga(state, record, false, ctx, out);
    }
    return;
  }
  if (message.kind === 'SagaCompleted') {
    const record = state.entry?.sagas.get(message.saga);
    if (record !== undefined) finishSaga(state, record, true, ctx, out);
  }
}

/** Sends the event to the service that reacts to it, or handles it here when that is us. */
function emit(state: SagaState, to: string, message: SagaMessage, type: string, ctx: NodeContext, out: Out<SagaMessage>): void {
  if (to === state.self) onChoreographyMessage(state, message, ctx, out);
  else out.push({ kind: 'send', to, type, message });
}
