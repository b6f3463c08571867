// The lost-write count again, from the other end: not from the trace's apply events, but from what
// each node running at the end of the run holds — every entry of its log, applied (a snapshot's
// included: the log is never compacted) or stored awaiting the commit index. The two must agree on every run; a test holds
// them to it (test/unit/check/lost-writes-recount.test.ts), so a checker that misreads the trace
// (a restart from a snapshot, a dropped write) or a protocol that misreports its applies shows.

import { toOperations, WRITE_OPERATIONS } from '../history/operations.ts';
import type { PrimaryBackupState } from '../protocols/primary_backup/types.ts';
import type { RaftState } from '../protocols/raft/types.ts';
import type { History } from '../types/history.ts';
import type { SimConfig } from '../types/sim-config.ts';

/**
 * The history indexes of acknowledged writes that no running node's store holds at the end, in
 * history order; null for a protocol whose store this recount cannot read. `finalStates`: each
 * node's protocol state at the end of the run (undefined while down), as an observer sees it.
 */
export function recountLostWrites(history: History, config: SimConfig, finalStates: ReadonlyArray<unknown>): number[] | null {
  const held = new Set<number>();
  for (const state of finalStates) {
    if (state === undefined) continue;
    const added = addHeldOperations(config.protocol.name, state, held);
    if (!added) return null;
  }
  return toOperations(history)
    .filter((op) => op.outcome === 'ok' && WRITE_OPERATIONS.has(op.f) && !held.has(op.opId))
    .map((op) => op.invokeIndex);
}

/** Adds the operations one node's store holds; false for a protocol not read here. */
function addHeldOperations(protocol: string, state: unknown, held: Set<number>): boolean {
  if (protocol === 'raft') {
    const raft = state as RaftState;
    for (let i = 0; i < raft.log.entries.length; i++) {
      const command = raft.log.entries[i]!.command;
      if (command !== null) held.add(command.opId);
    }
    return true;
  }
  if (protocol === 'primary_backup') {
    const node = state as PrimaryBackupState;
    for (let i = 0; i < node.log.length; i++) held.add(node.log[i]!.opId);
    return true;
  }
  return false;
}
