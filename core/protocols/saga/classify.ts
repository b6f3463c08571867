// Where sagas sit in CAP and PACELC: each step commits locally and at once, so services keep
// answering (availability) and nothing waits on a global lock — at the price of isolation.

import type { Classification } from '../../sim/protocol.ts';
import type { OptionValue } from '../../types/sim-config.ts';

export function classifySaga(options: Readonly<Record<string, OptionValue>>): Classification {
  const choreographed = options['mode'] === 'choreographed';
  return {
    cap: 'AP',
    pacelc: 'PA/EL',
    reason:
      'Each step is a local transaction that commits on its own service right away; no service waits for another to vote or hold a lock, ' +
      'so a partition delays the saga instead of blocking the services (PA), and each step costs one local commit rather than a ' +
      'global round (EL). The price is isolation and atomicity: readers see the intermediate states, and a failure is repaired ' +
      'afterwards by compensations, so the data is only eventually consistent. ' +
      (choreographed
        ? 'Choreographed: the services pass events along and no single node knows where a saga stands.'
        : 'Orchestrated: one orchestrator keeps each saga\'s state and drives the steps and compensations.'),
  };
}
