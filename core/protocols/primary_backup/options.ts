// Primary/backup replication: one primary takes writes and ships them to backups.

import type { ProtocolDeclaration } from '../options-registry.ts';
import { primaryBackupRefuses } from './operations.ts';

export const primaryBackupOptions: ProtocolDeclaration = {
  name: 'primary_backup',
  doc: 'One primary accepts writes and copies them to backups; a backup can be promoted when the primary fails.',
  refuses: (op) => primaryBackupRefuses(op),
  options: [
    {
      name: 'replication',
      type: 'enum',
      values: ['sync', 'semi_sync', 'async'],
      default: 'async',
      doc: 'When the primary acknowledges a write: after every backup has it (sync), after one backup has it (semi_sync), or at once (async, may lose acknowledged writes on failover).',
    },
    {
      name: 'ship every',
      type: 'duration',
      unit: 'ms',
      default: 0,
      doc: 'How often the primary sends its new writes to the backups, in one batch: a write waits on the primary alone until the next shipment (the replication lag), so an async primary that crashes loses the writes it acknowledged since. 0 ships each write as it arrives.',
    },
    {
      name: 'failover',
      type: 'enum',
      values: ['manual', 'automatic'],
      default: 'manual',
      doc: 'Whether a backup promotes itself when it stops hearing from the primary (automatic) or waits for an operator (manual).',
    },
    {
      name: 'failure detection timeout',
      type: 'duration',
      unit: 's',
      default: 1_000_000,
      doc: 'How long backups go without a heartbeat before they consider the primary dead; with automatic failover one of them then promotes itself, even if the primary was only cut off.',
    },
    {
      name: 'heartbeat every',
      type: 'duration',
      unit: 'ms',
      default: 100_000,
      doc: 'How often the primary tells the backups it is alive.',
    },
    {
      name: 'reads from',
      type: 'enum',
      values: ['primary', 'replicas', 'any'],
      default: 'primary',
      doc: 'Which nodes answer reads; backups may answer with data that is behind the primary. A sync primary that cannot confirm its backups still follow it refuses reads.',
    },
    {
      name: 'read your writes',
      type: 'enum',
      values: ['none', 'position', 'sticky'],
      default: 'none',
      doc: 'How a client sees its own writes on a backup: not guaranteed (none), the backup waits until it has caught up to the client\'s last write (position), or each client belongs to one node, which serves its reads and answers its writes only once it has them itself (sticky).',
    },
    {
      name: 'monotonic reads',
      type: 'bool',
      default: false,
      doc: 'A client never reads older data than it has already seen, even when it moves to another backup.',
    },
  ],
  roles: [{ word: 'primary', stateRole: 'primary', doc: 'The node acting as primary when the fault fires (the newest epoch, if an old primary still believes it is one).' }],
};
