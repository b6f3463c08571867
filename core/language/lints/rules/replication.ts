// FL206 and FL207: primary/backup with asynchronous replication (the declared default).
// Acknowledging before the backups have the write is fast, but automatic promotion of a backup
// then loses acknowledged writes, and reads from backups can miss the reader's own writes.

import type { LintContext } from '../context.ts';
import { findOption, insertIntoBlock, replace, wordsOf } from '../context.ts';
import { finding } from '../finding.ts';
import { OPTION_NAMES } from '../option-names.ts';
import type { LintDiagnostic, LintFix } from '../types.ts';
import type { Range } from '../../index.ts';

const REPLICA_READS = new Set(['any', 'replicas', 'follower']);

/** Sets an option: replaces its value when written, else adds a line to the protocol block. */
function setOption(ctx: LintContext, name: string, value: string, title: string): LintFix | undefined {
  const option = findOption(ctx, name);
  if (option?.value !== undefined) return { title, edits: [replace(option.value.range, value)] };
  const protocol = ctx.scenario.protocol;
  if (protocol === undefined) return undefined;
  const edit = insertIntoBlock(ctx.lines, protocol.range, `${name} ${value}`);
  return edit === undefined ? undefined : { title, edits: [edit] };
}

export function lintReplication(ctx: LintContext): LintDiagnostic[] {
  const protocol = ctx.scenario.protocol;
  if (protocol?.name.name !== 'primary_backup') return [];
  if (wordsOf(ctx, OPTION_NAMES.replication) !== 'async') return [];
  const replication = findOption(ctx, OPTION_NAMES.replication);
  const asyncAt: Range = replication?.range ?? protocol.name.range;
  const asyncNote = replication === undefined ? 'replication is asynchronous by default' : 'replication is asynchronous here';
  const found: LintDiagnostic[] = [];

  const failover = findOption(ctx, OPTION_NAMES.failover);
  if (failover !== undefined && wordsOf(ctx, OPTION_NAMES.failover) === 'automatic') {
    found.push(
      finding('FL206', failover.range, 'Asynchronous replication with automatic failover: a promoted backup never received the writes the old primary acknowledged last, so they are lost; a primary that was only cut off keeps accepting writes too', [
        setOption(ctx, OPTION_NAMES.replication, 'sync', 'Replicate synchronously (no acknowledged write is lost; one round trip per write)'),
        setOption(ctx, OPTION_NAMES.failover, 'manual', 'Fail over manually (an operator checks what the backup is missing)'),
      ], [{ range: asyncAt, message: asyncNote }]),
    );
  }

  const mechanism = wordsOf(ctx, OPTION_NAMES.readYourWrites);
  if (mechanism !== undefined && mechanism !== 'none') return found;
  const readsFrom = findOption(ctx, OPTION_NAMES.readsFrom);
  const serverSideReplicaReads = readsFrom !== undefined && REPLICA_READS.has(wordsOf(ctx, OPTION_NAMES.readsFrom) ?? '');
  // Read-your-writes concerns a client that both writes and reads: it can miss its own write.
  const readers = ctx.scenario.clients.filter((c) => c.ops.some((op) => op.op.name === 'read') && c.ops.some((op) => op.op.name !== 'read'));
  for (const client of readers) {
    const readFrom = client.readFrom;
    const clientReplicaReads = readFrom !== undefined && REPLICA_READS.has(readFrom.target.name);
    if (!clientReplicaReads && !(serverSideReplicaReads && readFrom === undefined)) continue;
    const where = clientReplicaReads ? readFrom!.target.name : wordsOf(ctx, OPTION_NAMES.readsFrom)!;
    const fixes: Array<LintFix | undefined> = [
      setOption(ctx, OPTION_NAMES.readYourWrites, 'position', 'Make backups wait until they have the client\'s last write (read your writes position)'),
      setOption(ctx, OPTION_NAMES.readYourWrites, 'sticky', 'Keep each client on one node (read your writes sticky)'),
    ];
    if (clientReplicaReads) fixes.push({ title: 'Read from the primary', edits: [replace(readFrom!.target.range, 'primary')] });
    found.push(
      finding('FL207', clientReplicaReads ? readFrom!.range : readsFrom!.range, `Client ${client.name} reads from ${where} under asynchronous replication with no read-your-writes mechanism: a lagging backup can answer without the client's own latest write`, fixes, [
        { range: asyncAt, message: asyncNote },
      ]),
    );
  }
  return found;
}
