// Two-phase commit: a coordinator asks participants to prepare, then tells them the outcome.

import type { ProtocolDeclaration } from '../options-registry.ts';

export const twoPhaseCommitOptions: ProtocolDeclaration = {
  name: 'two_phase_commit',
  doc: 'An atomic commit across participants: all prepare, then the coordinator decides commit or abort for everyone.',
  options: [
    {
      name: 'coordinator',
      type: 'names',
      default: null,
      defaultDoc: 'the first node',
      doc: 'The node that runs the transaction and records the decision.',
    },
    {
      name: 'participants',
      type: 'names',
      default: null,
      defaultDoc: 'every node except the coordinator',
      doc: 'The nodes that vote and apply the outcome.',
    },
    {
      name: 'coordinator recovery',
      type: 'bool',
      default: true,
      doc: 'A restarted coordinator reads its log and finishes the transactions it had decided; without it, prepared participants wait forever.',
    },
    {
      name: 'prepare timeout',
      type: 'duration',
      unit: 's',
      default: 1_000_000,
      doc: 'How long the coordinator waits for votes before it aborts.',
    },
    {
      name: 'presumed abort',
      type: 'bool',
      default: true,
      doc: 'A participant that asks about a transaction the coordinator has no record of is told it aborted.',
    },
  ],
  roles: [{ word: 'coordinator', stateRole: 'coordinator', doc: 'The node that runs the transactions and records the decisions.' }],
};
