// Primary/backup with synchronous replication and manual failover: a write is acknowledged only
// once every backup holds it, and no backup promotes itself, so nothing acknowledged can be lost
// and there is never a second primary (the textbook trade: availability for those two).

import type { SimConfig } from '../types/sim-config.ts';
import { option } from './preconditions.ts';
import { expectationTheorem, type Theorem } from './theorem.ts';

const syncManual = (config: SimConfig) =>
  config.protocol.name === 'primary_backup' && option(config, 'replication') === 'sync' && option(config, 'failover') === 'manual';

export const PRIMARY_BACKUP_THEOREMS: readonly Theorem[] = [
  expectationTheorem(
    'primary/backup: sync + manual failover: no lost writes',
    'primary_backup',
    'no-lost-writes',
    'With synchronous replication and manual failover, no acknowledged write is lost, whatever crashes and partitions strike.',
    syncManual,
  ),
  expectationTheorem(
    'primary/backup: sync + manual failover: no split brain',
    'primary_backup',
    'no-split-brain',
    'With manual failover no backup promotes itself, so two primaries never accept writes at once.',
    syncManual,
  ),
];
