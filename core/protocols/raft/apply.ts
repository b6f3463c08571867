// Applying committed entries (Figure 2: "If commitIndex > lastApplied: increment lastApplied,
// apply log[lastApplied] to state machine") and answering the clients who proposed them.

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { serveReadyReads } from './reads.ts';
import { replyOf } from './state-machine.ts';
import type { LogEntry, RaftMessage, RaftState } from './types.ts';

export function applyCommitted(state: RaftState, ctx: NodeContext, out: Out<RaftMessage>): void {
  while (state.lastApplied < state.commitIndex) {
    const index = ++state.lastApplied;
    const entry = state.log.entries[index - 1]!;
    const command = entry.command;
    if (command === null) continue; // a leader's no-op changes nothing
    const result = state.machine.apply(command);
    // Every replica reports its own effect; a retry the idempotency table absorbed is no effect.
    // Only the trace shows these, so without one they are not built at all.
    if (result.changed && !result.duplicate && state.recording) {
      out.push({ kind: 'apply', opId: command.opId, key: command.key, value: result.written, index });
    }
    if (state.pendingReplyCount > 0) {
      // The same entry object proves it is the command this node proposed, not a newer leader's
      // entry that replaced it at the same index. When it was replaced the client hears nothing
      // and times out: its command may still commit elsewhere (a node that kept the entry can
      // win a later election), so "it failed" would be a lie.
      if (takeProposal(state, index) === entry) out.push({ kind: 'reply', requestId: command.requestId, reply: replyOf(result, state.machine) });
    }
  }
  if (state.pendingReads.length > 0) serveReadyReads(state, ctx, out);
  const snapshotAt = state.snapshot === null ? 0 : state.snapshot.lastIncludedIndex;
  if (state.lastApplied - snapshotAt >= SNAPSHOT_EVERY_ENTRIES) takeSnapshot(state);
}

/** Notes that this leader proposed `entry` at `index` for a client (replacing an older proposal there). */
export function rememberProposal(state: RaftState, index: number, entry: LogEntry): void {
  // Nothing outstanding means every slot is empty: start over at this index in the same slots,
  // so the array stays as short as the longest run of outstanding proposals.
  if (state.pendingReplyCount === 0) state.pendingBase = index;
  else if (index < state.pendingBase) {
    // An earlier index while proposals are still outstanding (re-elected after losing a suffix):
    // rare, so the whole array moves.
    const gap = state.pendingBase - index;
    state.pendingReplies = new Array<LogEntry | undefined>(gap).fill(undefined).concat(state.pendingReplies);
    state.pendingBase = index;
  }
  const pending = state.pendingReplies;
  const slot = index - state.pendingBase;
  while (pending.length <= slot) pending.push(undefined); // dense, so lookups stay fast
  if (pending[slot] === undefined) state.pendingReplyCount++;
  pending[slot] = entry;
}

/** The entry this leader proposed at `index` for a client, forgotten as it is returned. */
export function takeProposal(state: RaftState, index: number): LogEntry | undefined {
  const slot = index - state.pendingBase;
  if (slot < 0 || slot >= state.pendingReplies.length) return undefined;
  const entry = state.pendingReplies[slot];
  if (entry !== undefined) {
    state.pendingReplies[slot] = undefined;
    state.pendingReplyCount--;
  }
  return entry;
}

/** How many applied entries between two snapshots: rare enough to cost little, frequent enough to spare long replays. */
export const SNAPSHOT_EVERY_ENTRIES = 1024;

/** §7: each server snapshots its own committed state, independently of the others. */
function takeSnapshot(state: RaftState): void {
  state.snapshot = {
    lastIncludedIndex: state.lastApplied,
    lastIncludedTerm: state.log.entries[state.lastApplied - 1]!.term,
    machine: state.machine.image(),
  };
}
