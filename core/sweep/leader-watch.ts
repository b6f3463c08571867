// Time to a new leader, measured during a run without a trace: an observer reads each node's live
// protocol state (`role` and `currentTerm`/`term`, as Raft keeps them) after every event. The clock
// starts at the first fault that strikes — a scheduled fault's time, or the moment a node is
// seen down or paused — and stops when a node leads a term higher than any led before it.
// Protocols whose state has no leader role simply report null.

import type { Observer } from '../sim/observer.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';

export type LeaderWatch = { observer: Observer; newLeaderUs(): Micros | null };

type LeaderLike = { role?: unknown; currentTerm?: unknown; term?: unknown };

export function createLeaderWatch(config: SimConfig): LeaderWatch {
  const scheduled = config.faults.filter((f) => f.type !== 'heal' && f.type !== 'restart').map((f) => f.atUs);
  let faultAt: Micros | null = scheduled.length === 0 ? null : Math.min(...scheduled);
  let highestLedTerm = -Infinity;
  let termAtFault = -Infinity;
  let result: Micros | null = null;
  let armed = false;

  const observer: Observer = (view) => {
    if (result !== null) return;
    if (!armed) {
      for (let i = 0; i < view.nodes.length && faultAt === null; i++) if (!view.isUp(i) || view.isPaused(i)) faultAt = view.now;
      if (faultAt !== null && view.now >= faultAt) {
        armed = true;
        termAtFault = highestLedTerm;
      }
    }
    for (let i = 0; i < view.nodes.length; i++) {
      const state = view.protocolState(i) as LeaderLike | undefined;
      if (state === undefined || state === null || state.role !== 'leader') continue;
      const term = typeof state.currentTerm === 'number' ? state.currentTerm : typeof state.term === 'number' ? state.term : null;
      if (term === null) continue;
      if (armed && term > termAtFault) {
        result = view.now - faultAt!;
        return;
      }
      if (term > highestLedTerm) highestLedTerm = term;
    }
  };
  return { observer, newLeaderUs: () => result };
}
