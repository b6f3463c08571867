// The `state` effects of a saga: each service shows its counters (how many sagas currently hold
// its step's effect — what a reader sees), and the entry node shows sagas running, completed and
// compensated. Reported on change only.

import type { Out } from '../../sim/protocol.ts';
import type { SagaMessage, SagaState } from './types.ts';

export function reportState(state: SagaState, out: Out<SagaMessage>): void {
  const entry = state.entry;
  // Every counter moves with stepsRun or compensationsRun, so these numbers tell a change
  // (compared in place: this runs after every handler).
  const seen = state.reported;
  const steps = state.service.stepsRun;
  const undos = state.service.compensationsRun;
  const running = entry?.sagas.size ?? -1;
  const completed = entry?.completed ?? -1;
  const compensated = entry?.compensated ?? -1;
  if (seen[0] === steps && seen[1] === undos && seen[2] === running && seen[3] === completed && seen[4] === compensated) return;
  seen[0] = steps;
  seen[1] = undos;
  seen[2] = running;
  seen[3] = completed;
  seen[4] = compensated;
  const counters: Record<string, number> = {};
  for (const [name, count] of state.service.counters) counters[name] = count;
  const role = entry === null ? 'service' : state.settings.mode === 'orchestrated' ? 'orchestrator' : 'first service';
  out.push({
    kind: 'state',
    state: {
      role,
      ...counters,
      stepsRun: state.service.stepsRun,
      compensationsRun: state.service.compensationsRun,
      ...(entry === null ? {} : { running: entry.sagas.size, completed: entry.completed, compensated: entry.compensated }),
    },
  });
}
