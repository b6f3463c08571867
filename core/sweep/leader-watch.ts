// Time to a leader again after losing one, measured during a run without a trace: an observer
// reads each node's live protocol state (`role` and `currentTerm`/`term`, as Raft keeps them)
// after every event.
//
// The clock starts when the cluster loses its leader: the node leading the highest term is seen
// crashed or paused, or scheduled partitions (at fixed times) cut it off. It stops when the
// cluster has a leader again: some node leads a higher term, or the lost leader is back in
// charge — running and not paused, still leading its term, and able to reach a majority that
// would take its orders (itself and nodes that are up, not paused, not cut off from it by a
// scheduled partition still in force, and at its term or an older one: a node that moved to a
// newer term rejects a stale leader, Raft §5.1). A paused leader that resumes before anyone is
// elected is back when it resumes; one cut off is back when a scheduled heal reconnects it. A seed
// reports its slowest such recovery. Random partitions (and partitions or heals at drawn times)
// are not visible to an observer, and protocols whose state has no leader role report null.

import type { Observer, SimView } from '../sim/observer.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';

export type LeaderWatch = { observer: Observer; newLeaderUs(): Micros | null };

type LeaderLike = { role?: unknown; currentTerm?: unknown; term?: unknown };

/** A scheduled partition's cut links, or a heal (null) that ends every partition. */
type CutChange = { atUs: Micros; blocked: Set<string> | null };

const link = (a: string, b: string): string => `${a}\u0000${b}`;

function termOf(state: LeaderLike): number | null {
  return typeof state.currentTerm === 'number' ? state.currentTerm : typeof state.term === 'number' ? state.term : null;
}

export function createLeaderWatch(config: SimConfig): LeaderWatch {
  const changes: CutChange[] = [];
  for (const f of config.faults) {
    if (f.atMaxUs !== undefined) continue; // drawn per seed: the observer cannot know when
    if (f.type === 'partition') changes.push({ atUs: f.atUs, blocked: new Set(f.partition.blocked.map(([a, b]) => link(a, b))) });
    else if (f.type === 'heal') changes.push({ atUs: f.atUs, blocked: null });
  }
  changes.sort((a, b) => a.atUs - b.atUs); // stable: same-time faults keep their order
  const majority = Math.floor(config.nodes.length / 2) + 1;
  /** The links scheduled partitions cut now (partitions add up; a heal ends them all). */
  const cut = new Set<string>();
  const apart = (a: string, b: string): boolean => cut.has(link(a, b)) || cut.has(link(b, a));
  /** Whether the cuts in force leave the leader without a majority it can exchange messages with. */
  const cutsOff = (node: string): boolean => {
    let reachable = 1;
    for (const other of config.nodes) if (other !== node && !apart(node, other)) reachable++;
    return reachable < majority;
  };
  /** Whether node `i` is back in charge of term `term` (see the header). */
  const backInCharge = (view: SimView, i: number, term: number): boolean => {
    if (!view.isUp(i) || view.isPaused(i)) return false;
    const state = view.protocolState(i) as LeaderLike | undefined;
    if (state === undefined || state === null || state.role !== 'leader' || termOf(state) !== term) return false;
    let following = 1;
    for (let j = 0; j < view.nodes.length; j++) {
      if (j === i || !view.isUp(j) || view.isPaused(j) || apart(view.nodes[i]!, view.nodes[j]!)) continue;
      const other = termOf((view.protocolState(j) ?? {}) as LeaderLike);
      if (other !== null && other <= term) following++;
    }
    return following >= majority;
  };
  let nextChange = 0;
  let leader = -1;
  let leaderTerm = -Infinity;
  let lostAt: Micros | null = null;
  let slowest: Micros | null = null;
  const recovered = (now: Micros): void => {
    slowest = Math.max(slowest ?? 0, now - lostAt!);
    lostAt = null;
  };

  const observer: Observer = (view) => {
    for (let i = 0; i < view.nodes.length; i++) {
      const state = view.protocolState(i) as LeaderLike | undefined;
      if (state === undefined || state === null || state.role !== 'leader') continue;
      const term = termOf(state);
      if (term === null || term <= leaderTerm) continue;
      if (lostAt !== null) recovered(view.now);
      leader = i;
      leaderTerm = term;
    }
    while (nextChange < changes.length && changes[nextChange]!.atUs <= view.now) {
      const change = changes[nextChange++]!;
      if (change.blocked === null) cut.clear();
      else {
        for (const l of change.blocked) cut.add(l);
        if (lostAt === null && leader >= 0 && cutsOff(view.nodes[leader]!)) lostAt = change.atUs;
      }
    }
    if (lostAt === null && leader >= 0 && (!view.isUp(leader) || view.isPaused(leader))) lostAt = view.now;
    else if (lostAt !== null && backInCharge(view, leader, leaderTerm)) recovered(view.now);
  };
  return { observer, newLeaderUs: () => slowest };
}
