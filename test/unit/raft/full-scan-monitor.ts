// The Raft safety monitor as it was before it learned which node an event touched: it looks at
// every running node after every event. Kept only as the reference the incremental monitor
// (core/check/raft-invariants.ts) must agree with, verdict for verdict and event for event.

import { RaftInvariants, type RaftViolation } from '../../../core/check/raft-invariants.ts';
import type { SimView } from '../../../core/sim/observer.ts';
import type { RaftLog, RaftState } from '../../../core/protocols/raft/types.ts';

/**
 * Checks every running node's state after each event of a run (hook it into runScenario's
 * `observer`). The first violation is kept with the global time it appeared; checking stops there.
 */
export function createFullScanRaftSafetyMonitor(nodes: readonly string[]): {
  observe(view: SimView): void;
  firstViolation(): { at: number; summary: string; property: RaftViolation['property'] } | null;
} {
  const invariants = new RaftInvariants();
  let violation: { at: number; summary: string; property: RaftViolation['property'] } | null = null;
  // An event changes at most one node's state, yet every node is looked at after every event: a
  // node whose checked fields are as they were at its last check, while no entry was committed
  // anywhere since, would pass the same checks again, so it is skipped.
  const last = nodes.map(() => ({ state: undefined as RaftState | undefined, role: '', term: -1, log: undefined as RaftLog | undefined, length: -1, truncations: -1, commit: -1, applied: -1, committedCount: -1 }));
  return {
    observe(view) {
      if (violation !== null) return;
      for (let i = 0; i < nodes.length; i++) {
        if (!view.isUp(i)) continue;
        const state = view.protocolState(i) as RaftState | undefined;
        if (state === undefined) continue;
        const seen = last[i]!;
        const log = state.log;
        const committedCount = invariants.committedCount;
        if (
          seen.state === state &&
          seen.role === state.role &&
          seen.term === state.currentTerm &&
          seen.log === log &&
          seen.length === log.entries.length &&
          seen.truncations === log.truncations &&
          seen.commit === state.commitIndex &&
          seen.applied === state.lastApplied &&
          seen.committedCount === committedCount
        ) continue;
        const found = invariants.checkNode(nodes[i]!, state);
        if (found !== null) {
          violation = { at: view.now, summary: `${found.property}: ${found.summary}`, property: found.property };
          return;
        }
        seen.state = state;
        seen.role = state.role;
        seen.term = state.currentTerm;
        seen.log = log;
        seen.length = log.entries.length;
        seen.truncations = log.truncations;
        seen.commit = state.commitIndex;
        seen.applied = state.lastApplied;
        seen.committedCount = invariants.committedCount;
      }
    },
    firstViolation: () => violation,
  };
}
