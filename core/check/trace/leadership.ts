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
