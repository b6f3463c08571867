// Sagas: a long transaction split into local steps, each with a compensation that undoes it.

import type { ProtocolDeclaration } from '../options-registry.ts';

export const sagaOptions: ProtocolDeclaration = {
  name: 'saga',
  doc: 'A sequence of local steps; when one fails, the steps already done are undone by their compensations, in reverse order.',
  options: [
    {
      name: 'mode',
      type: 'enum',
      values: ['orchestrated', 'choreographed'],
      default: 'orchestrated',
      doc: 'Whether one orchestrator drives the steps (orchestrated) or each service reacts to the previous step\'s event (choreographed).',
    },
    {
      name: 'step',
      type: 'words',
      repeatable: true,
      default: [],
      doc: 'One step in order: `step reserve on n2 compensate release` runs `reserve` on n2 and undoes it with `release`.',
    },
    {
      name: 'fail step',
      type: 'words',
      default: null,
      defaultDoc: 'no step fails on purpose',
      doc: 'The step that fails on purpose, to watch the compensations run.',
    },
    {
      name: 'step timeout',
      type: 'duration',
      unit: 's',
      default: 1_000_000,
      doc: 'How long a step may take before it counts as failed and compensation starts.',
    },
  ],
  roles: [{ word: 'orchestrator', stateRole: 'orchestrator', doc: 'The node that drives the steps of an orchestrated saga (a choreographed saga has none).' }],
};
