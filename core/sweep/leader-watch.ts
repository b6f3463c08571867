// Time to a new leader, measured during a run without a trace: an observer reads each node's live
// protocol state (`role` and `currentTerm`/`term`, as Raft keeps them) after every event.
//
// The clock starts when the cluster loses its leader: the node leading the highest term is seen
// crashed or paused, or a scheduled partition (at a fixed time) cuts it off. It stops when some
// node leads a higher term. A seed reports its slowest such recovery. Random partitions are not
// visible to an observer, and protocols whose state has no leader role report null.

import type { Observer } from '../sim/observer.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';

export type LeaderWatch = { observer: Observer; newLeaderUs(): Micros | null };

type LeaderLike = { role?: unknown; currentTerm?: unknown; term?: unknown };

export function createLeaderWatch(config: SimConfig): LeaderWatch {
  const cuts = config.faults
    .filter((f) => f.type === 'partition' && f.atMaxUs === undefined)
    .map((f) => ({ atUs: f.atUs, blocked: new Set(f.type === 'partition' ? f.partition.blocked.map(([a, b]) => `${a}\u0000${b}`) : []) }));
  const majority = Math.floor(config.nodes.length / 2) + 1;
  /** Whether the cut leaves the leader without a majority it can exchange messages with. */
  const cutsOff = (blocked: Set<string>, node: string): boolean => {
    let reachable = 1;
    for (const other of config.nodes) if (other !== node && !blocked.has(`${node}\u0000${other}`) && !blocked.has(`${other}\u0000${node}`)) reachable++;
    return reachable < majority;
  };
  let nextCut = 0;
  let leader = -1;
  let leaderTerm = -Infinity;
  let lostAt: Micros | null = null;
  let slowest: Micros | null = null;

  const observer: Observer = (view) => {
    for (let i = 0; i < view.nodes.length; i++) {
      const state = view.protocolState(i) as LeaderLike | undefined;
      if (state === undefined || state === null || state.role !== 'leader') continue;
      const term = typeof state.currentTerm === 'number' ? state.currentTerm : typeof state.term === 'number' ? state.term : null;
      if (term === null || term <= leaderTerm) continue;
      if (lostAt !== null) {
        slowest = Math.max(slowest ?? 0, view.now - lostAt);
        lostAt = null;
      }
      leader = i;
      leaderTerm = term;
    }
    while (nextCut < cuts.length && cuts[nextCut]!.atUs <= view.now) {
      const cut = cuts[nextCut++]!;
      if (lostAt === null && leader >= 0 && cutsOff(cut.blocked, view.nodes[leader]!)) lostAt = cut.atUs;
    }
    if (lostAt === null && leader >= 0 && (!view.isUp(leader) || view.isPaused(leader))) lostAt = view.now;
  };
  return { observer, newLeaderUs: () => slowest };
}
