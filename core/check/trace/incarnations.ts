// What each node applied to its state machine, per incarnation: a restart starts a new one (the
// node rebuilds from its durable state, replaying and re-applying), so counts never mix lives.

import type { TraceEvent } from '../../types/trace.ts';

export type Applied = {
  /** opId → how many times this incarnation applied it. */
  counts: Map<number, number>;
  /** key → the last value applied. */
  values: Map<string, unknown>;
  /** opId → time of the first application in this incarnation. */
  firstAt: Map<number, number>;
};

export type NodeApplies = {
  /** The current (last) incarnation of each node that applied anything. */
  current: Map<string, Applied>;
  /** Every incarnation, for counting duplicates. */
  all: Array<{ node: string; applied: Applied }>;
  /** Nodes crashed (and not restarted) at the end of the trace. */
  downAtEnd: Set<string>;
  sawApply: boolean;
};

export function appliesByNode(trace: ReadonlyArray<TraceEvent>): NodeApplies {
  const current = new Map<string, Applied>();
  const all: Array<{ node: string; applied: Applied }> = [];
  const downAtEnd = new Set<string>();
  let sawApply = false;
  const fresh = (node: string): Applied => {
    const a: Applied = { counts: new Map(), values: new Map(), firstAt: new Map() };
    current.set(node, a);
    all.push({ node, applied: a });
    return a;
  };
  for (const e of trace) {
    if (e.kind === 'crash') downAtEnd.add(e.node);
    else if (e.kind === 'restart') {
      downAtEnd.delete(e.node);
      fresh(e.node);
    } else if (e.kind === 'apply') {
      sawApply = true;
      const a = current.get(e.node) ?? fresh(e.node);
      a.counts.set(e.op, (a.counts.get(e.op) ?? 0) + 1);
      if (!a.firstAt.has(e.op)) a.firstAt.set(e.op, e.t);
      a.values.set(e.key, e.value);
    } else if (e.kind === 'state' && Array.isArray(e.state['dropped'])) {
      // A demoted primary that rejoins throws away the writes it never replicated (it notes
      // their opIds as `dropped`): they are no longer on that node, however often it applied them.
      const a = current.get(e.node);
      if (a !== undefined) for (const op of e.state['dropped'] as unknown[]) if (typeof op === 'number') a.counts.delete(op);
    }
  }
  return { current, all, downAtEnd, sawApply };
}
