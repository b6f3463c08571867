// Where primary/backup sits in CAP and PACELC. The replication mode decides it: it fixes both
// what a cut-off primary does (keep acknowledging, or stop) and what every write waits for.

import type { Classification } from '../../sim/protocol.ts';
import type { OptionValue } from '../../types/sim-config.ts';
import { readSettings } from './settings.ts';

export function classifyPrimaryBackup(options: Readonly<Record<string, OptionValue>>): Classification {
  const { replication, automaticFailover, readsFrom } = readSettings(options);
  const staleBackups = readsFrom === 'primary' ? '' : ' Backups that answer reads may also answer with data the primary has already replaced.';
  if (replication === 'sync') {
    return {
      cap: 'CP',
      pacelc: 'PC/EC',
      reason:
        'A write is acknowledged only after every backup has stored it, so no acknowledged write exists on one node alone. ' +
        'Cut off from a backup, the primary refuses reads and writes rather than answer next to a possibly promoted backup (PC). ' +
        'Without a partition each write still waits one round trip to the slowest backup (EC).',
    };
  }
  if (replication === 'semi_sync') {
    return {
      cap: 'AP',
      pacelc: 'PA/EC',
      reason:
        'Each write waits until one backup has it, a round trip to the nearest backup (EC). ' +
        'But one backup is enough: a primary cut off with that one backup keeps acknowledging writes' +
        (automaticFailover ? ' while another backup may promote itself on the other side' : '') +
        ', and a backup promoted without the latest writes loses them, so under a partition it stays available rather than consistent (PA). ' +
        'With a single backup it behaves like sync.' +
        staleBackups,
    };
  }
  return {
    cap: 'AP',
    pacelc: 'PA/EL',
    reason:
      'The primary acknowledges a write before any backup has it: writes cost no extra round trip (EL), ' +
      'and a primary cut off from its backups keeps accepting them (PA). ' +
      (automaticFailover
        ? 'With automatic failover a backup may promote itself meanwhile: two primaries accept different writes, and one side\'s acknowledged writes are lost when they meet.'
        : 'If the primary dies, whatever it had not yet shipped is lost with it.') +
      staleBackups,
  };
}
