// Stretches when a majority side existed but no Raft leader sat on it: nothing could commit,
// although the network itself would have allowed it. The first election, each election after a
// leader crashed, and the time a cut-off leader's old followers take to notice and elect a new
// one. `faultline run` names them beside "a majority was connected", so the quorum line tells the
// same story as the playground's quorum strip (red while the leader is on the minority side).

import type { Micros } from '../../types/sim-config.ts';
import type { LeaderInterval } from './leadership.ts';
import type { QuorumInterval } from './quorum-timeline.ts';

export type Stretch = { from: Micros; to: Micros };

/**
 * Adds [from, to) to stretches kept in time order (`from` never before the last one's): one that
 * touches or overlaps the last is merged into it, an empty one is left out.
 */
export function appendStretch(out: Stretch[], from: Micros, to: Micros): void {
  if (to <= from) return;
  const last = out[out.length - 1];
  if (last !== undefined && last.to >= from) last.to = Math.max(last.to, to);
  else out.push({ from, to });
}

/** In time order, adjacent stretches merged; intervals without a majority are not included (no side could gather one anyway). */
export function majorityWithoutLeader(timeline: readonly QuorumInterval[], leaders: readonly LeaderInterval[]): Stretch[] {
  const out: Stretch[] = [];
  const add = (from: Micros, to: Micros) => appendStretch(out, from, to);
  for (const q of timeline) {
    if (q.majority === null || q.to <= q.from) continue;
    const side = new Set(q.majority);
    // Leader spans on the majority side, clipped to this interval, in start order.
    const spans = leaders
      .filter((l) => side.has(l.node) && l.from < q.to && l.to > q.from)
      .map((l) => ({ from: Math.max(l.from, q.from), to: Math.min(l.to, q.to) }))
      .sort((a, b) => a.from - b.from);
    let cursor = q.from;
    for (const span of spans) {
      add(cursor, span.from);
      cursor = Math.max(cursor, span.to);
    }
    add(cursor, q.to);
  }
  return out;
}
