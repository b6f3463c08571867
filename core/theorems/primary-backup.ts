// Primary/backup with synchronous replication and manual failover: a write is acknowledged only
// once every backup holds it, and no backup promotes itself, so nothing acknowledged can be lost
// and there is never a second primary (the textbook trade: availability for those two).

import type { SimConfig } from '../types/sim-config.ts';
import { option } from './preconditions.ts';
import { expectationTheorem, type Theorem, type TheoremRun } from './theorem.ts';

/** Nodes crashed and not restarted when the run ended. */
export function downAtEnd(run: TheoremRun): Set<string> {
  const down = new Set<string>();
  for (const event of run.report.trace) {
    if (event.kind === 'crash') down.add(event.node);
    else if (event.kind === 'restart') down.delete(event.node);
  }
  return down;
}

/** The theorem, judged only on runs where no node is down at the end (a run-time precondition). */
function everyNodeUpAtEnd(theorem: Theorem): Theorem {
  return { ...theorem, check: (run) => (downAtEnd(run).size > 0 ? null : theorem.check(run)) };
}

const syncManual = (config: SimConfig) =>
  config.protocol.name === 'primary_backup' && option(config, 'replication') === 'sync' && option(config, 'failover') === 'manual';

export const PRIMARY_BACKUP_THEOREMS: readonly Theorem[] = [
  everyNodeUpAtEnd(
    expectationTheorem(
      'primary/backup: sync + manual failover: no lost writes',
      'primary_backup',
      'no-lost-writes',
      'With synchronous replication and manual failover, no acknowledged write is lost, whatever crashes and partitions strike. Judged when every node runs at the end (the check looks at running nodes; a crashed replica keeps its data on disk, but shows nothing).',
      (config) => syncManual(config),
    ),
  ),
  expectationTheorem(
    'primary/backup: sync + manual failover: no split brain',
    'primary_backup',
    'no-split-brain',
    'With manual failover no backup promotes itself, so two primaries never accept writes at once.',
    syncManual,
  ),
];
