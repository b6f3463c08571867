// Who believed it was leader (or primary) when, from the `state` trace events: one interval per
// (node, term) stretch, ended by a role change, a crash or the end of the run.

import type { Micros } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';

export type LeaderInterval = { node: string; term: number | null; from: Micros; to: Micros };

const LEADER_ROLES: ReadonlySet<string> = new Set(['leader', 'primary']);

export function leaderIntervals(trace: ReadonlyArray<TraceEvent>, endUs: Micros): LeaderInterval[] {
  const open = new Map<string, { term: number | null; from: Micros }>();
  const out: LeaderInterval[] = [];
  const close = (node: string, t: Micros) => {
    const o = open.get(node);
    if (o === undefined) return;
    open.delete(node);
    out.push({ node, term: o.term, from: o.from, to: t });
  };
  for (const e of trace) {
    if (e.kind === 'crash') close(e.node, e.t);
    else if (e.kind === 'state') {
      const role = e.state['role'];
      if (role === undefined) continue;
      const termValue = e.state['term'] ?? e.state['epoch'] ?? e.state['view'];
      const term = typeof termValue === 'number' ? termValue : null;
      const leads = typeof role === 'string' && LEADER_ROLES.has(role);
      const o = open.get(e.node);
      if (o !== undefined && (!leads || o.term !== term)) close(e.node, e.t);
      if (leads && !open.has(e.node)) open.set(e.node, { term, from: e.t });
    }
  }
  for (const node of [...open.keys()]) close(node, Math.max(endUs, open.get(node)!.from));
  return out.sort((a, b) => a.from - b.from || (a.node < b.node ? -1 : 1));
}

/**
 * The run's changes of authority: the first interval of each (node, term), in time order. A node
 * that resumes as primary of the same epoch after a restart took nothing new, so it is not
 * listed again. The CLI's `leaders` line and the hover's fault notes both read this list, so
 * they cannot disagree on who took over when.
 */
export function leadershipChanges(intervals: ReadonlyArray<LeaderInterval>): LeaderInterval[] {
  const seen = new Set<string>();
  const changes: LeaderInterval[] = [];
  for (const interval of intervals) {
    const key = `${interval.node}\u0000${String(interval.term)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push(interval);
  }
  return changes;
}
