// A service running its part of a saga: each step is a local transaction that commits on its
// own, right away — which is why a reader can see a reservation for an order that is about to
// be cancelled (no isolation). Every handler is idempotent, because a retried or duplicated
// message must not reserve twice or refund twice: a step done once is reported done again, a
// compensation that arrives before its step leaves a tombstone so the late step is refused.

import type { Out } from '../../sim/protocol.ts';
import type { SagaMessage, SagaState } from './types.ts';

function stepKey(saga: string, index: number): string {
  return `${saga}#${index}`;
}

/** Runs step `index` here; true when it is (now or already) done. */
export function runStep(state: SagaState, saga: string, index: number, opId: number, out: Out<SagaMessage>): boolean {
  const step = state.settings.steps[index];
  if (step === undefined) return false;
  const key = stepKey(saga, index);
  const service = state.service;
  if (service.undone.has(key)) return false;
  if (service.done.has(key)) return true;
  if (step.name === state.settings.failStep) return false; // fails by rule: nothing changed
  const count = (service.counters.get(step.name) ?? 0) + 1;
  service.counters.set(step.name, count);
  service.done.add(key);
  service.stepsRun++;
  out.push({ kind: 'apply', opId, key: step.name, value: count });
  return true;
}

/**
 * Runs the compensation of step `index` here. The undo is recorded as an apply of the negated
 * operation id (-opId): it is the same operation taking its effect back, not a second effect.
 */
export function runCompensation(state: SagaState, saga: string, index: number, opId: number, out: Out<SagaMessage>): void {
  const step = state.settings.steps[index];
  if (step === undefined) return;
  const key = stepKey(saga, index);
  const service = state.service;
  if (service.undone.has(key)) return;
  service.undone.add(key);
  if (!service.done.has(key)) return; // never happened: the tombstone is all there is to do
  const count = (service.counters.get(step.name) ?? 0) - 1;
  service.counters.set(step.name, count);
  service.compensationsRun++;
  out.push({ kind: 'apply', opId: -opId, key: step.name, value: count });
}
