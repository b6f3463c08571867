// FL206 and FL207: primary/backup with asynchronous replication. Acknowledging before the
// backups have the write is fast, but automatic promotion of a backup then loses acknowledged
// writes, and reads from backups can miss the reader's own writes.

import type { LintContext } from '../context.ts';
import { findOption, replace, wordsOf } from '../context.ts';
import { finding } from '../finding.ts';
import { OPTION_NAMES } from '../option-names.ts';
import type { LintDiagnostic, LintFix } from '../types.ts';
import type { Range } from '../../index.ts';

const REPLICA_READS = new Set(['any', 'replicas', 'follower']);

function valueRange(option: { value?: { range: Range }; range: Range }): Range {
  return option.value?.range ?? option.range;
}

export function lintReplication(ctx: LintContext): LintDiagnostic[] {
  if (ctx.scenario.protocol?.name.name !== 'primary_backup') return [];
  const replication = findOption(ctx, OPTION_NAMES.replication);
  if (wordsOf(replication) !== 'async' || replication === undefined) return [];
  const found: LintDiagnostic[] = [];

  const failover = findOption(ctx, OPTION_NAMES.failover);
  if (failover !== undefined && wordsOf(failover) === 'automatic') {
    const fixes: LintFix[] = [
      { title: 'Replicate synchronously (no acknowledged write is lost; one round trip per write)', edits: [replace(valueRange(replication), 'sync')] },
      { title: 'Fail over manually (an operator checks what the backup is missing)', edits: [replace(valueRange(failover), 'manual')] },
    ];
    found.push(
      finding('FL206', failover.range, 'Asynchronous replication with automatic failover: a promoted backup never received the writes the old primary acknowledged last, so they are lost; a primary that was only cut off keeps accepting writes too', fixes, [
        { range: replication.range, message: 'replication is asynchronous here' },
      ]),
    );
  }

  const mechanism = wordsOf(findOption(ctx, OPTION_NAMES.readYourWrites));
  const hasMechanism = mechanism !== undefined && mechanism !== 'none' && mechanism !== 'off';
  if (!hasMechanism) {
    for (const client of ctx.scenario.clients) {
      const readFrom = client.readFrom;
      if (readFrom === undefined || !REPLICA_READS.has(readFrom.target.name)) continue;
      if (!client.ops.some((op) => op.op.name === 'read')) continue;
      found.push(
        finding('FL207', readFrom.range, `Client ${client.name} reads from ${readFrom.target.name} under asynchronous replication with no read-your-writes mechanism: a lagging backup can answer without the client's own latest write`, [
          { title: 'Read from the primary', edits: [replace(readFrom.target.range, 'primary')] },
        ]),
      );
    }
  }
  return found;
}
