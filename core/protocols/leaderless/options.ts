// Leaderless (Dynamo-style) replication: any replica takes reads and writes, quorums decide.

import type { ProtocolDeclaration } from '../options-registry.ts';
import { leaderlessRefuses } from './operations.ts';

export const leaderlessOptions: ProtocolDeclaration = {
  name: 'leaderless',
  doc: 'Every key lives on N replicas; a write waits for W of them and a read asks R of them, with no leader.',
  refuses: leaderlessRefuses,
  options: [
    { name: 'n', type: 'int', min: 1, default: 3, doc: 'How many replicas hold each key.' },
    { name: 'r', type: 'int', min: 1, default: 2, doc: 'How many replicas must answer a read; R + W > N makes reads overlap the latest write quorum.' },
    { name: 'w', type: 'int', min: 1, default: 2, doc: 'How many replicas must acknowledge a write before the client hears success.' },
    {
      name: 'sloppy quorum',
      type: 'bool',
      default: false,
      doc: 'When home replicas are unreachable, count answers from other nodes toward the quorum (more available, weaker overlap).',
    },
    {
      name: 'hinted handoff',
      type: 'bool',
      default: false,
      doc: 'A stand-in node keeps a write meant for an unreachable replica and hands it over when that replica returns.',
    },
    {
      name: 'conflict resolution',
      type: 'enum',
      values: ['lww', 'siblings', 'crdt'],
      default: 'lww',
      doc: 'What happens to concurrent writes: the latest timestamp wins and the others vanish (lww), all are kept for the reader to merge (siblings), or they merge by rule (crdt).',
    },
    {
      name: 'read repair',
      type: 'bool',
      default: true,
      doc: 'A read that sees replicas disagree writes the newest value back to the stale ones.',
    },
  ],
};
