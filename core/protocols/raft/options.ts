// Raft's options: the timing of elections and heartbeats, and how reads are served.

import type { ProtocolDeclaration } from '../options-registry.ts';
import { raftRefuses } from './operations.ts';

export const raftOptions: ProtocolDeclaration = {
  name: 'raft',
  doc: 'Replicated log with one elected leader per term; a write commits once a majority stores it.',
  refuses: (op) => raftRefuses(op),
  options: [
    {
      name: 'election timeout',
      type: 'duration-range',
      unit: 'ms',
      default: { min: 150_000, max: 300_000 },
      doc: 'How long a follower waits without hearing from a leader before it starts an election; drawn anew from the range each time.',
    },
    {
      name: 'heartbeat every',
      type: 'duration',
      unit: 'ms',
      default: 50_000,
      doc: 'How often the leader sends empty appends to keep followers from starting elections.',
    },
    {
      name: 'pre vote',
      type: 'bool',
      default: false,
      doc: 'A candidate first asks whether it could win before raising its term, so a node that was cut off does not disrupt a healthy leader when it returns.',
    },
    {
      name: 'check quorum',
      type: 'bool',
      default: false,
      doc: 'A leader that has not heard from a majority within an election timeout steps down instead of believing it still leads.',
    },
    {
      name: 'read mode',
      type: 'enum',
      values: ['log', 'read_index', 'lease', 'local'],
      default: 'log',
      doc: 'How reads are answered: through the log (safest), by confirming leadership first (read_index), by trusting a time lease (lease), or from local state (local, may be stale).',
    },
    {
      name: 'max entries per append',
      type: 'int',
      min: 1,
      default: 64,
      doc: 'The most log entries the leader packs into one append message.',
    },
  ],
  roles: [{ word: 'leader', stateRole: 'leader', doc: 'The node that leads when the fault fires (the newest term, if a cut-off leader still believes it leads).' }],
};
