// Eventual convergence: at the end of the run, every running node's state machine holds the
// same value for every key (judged from the values each node reported applying).

import type { SimConfig } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';
import type { Verdict } from '../verdict.ts';
import { appliesByNode } from './incarnations.ts';

export type Convergence = { verdict: Verdict; differing: Array<{ key: string; values: Record<string, unknown> }> };

export function checkConvergence(trace: ReadonlyArray<TraceEvent>, config: SimConfig): Convergence {
  const applies = appliesByNode(trace);
  if (!applies.sawApply) {
    return { verdict: { name: 'converges', holds: null, summary: 'The trace records no state-machine applies, so convergence cannot be judged.' }, differing: [] };
  }
  const live = config.nodes.filter((n) => !applies.downAtEnd.has(n));
  const keys = new Set<string>();
  for (const n of live) for (const k of applies.current.get(n)?.values.keys() ?? []) keys.add(k);
  const differing: Array<{ key: string; values: Record<string, unknown> }> = [];
  for (const key of [...keys].sort()) {
    const values: Record<string, unknown> = {};
    for (const n of live) values[n] = applies.current.get(n)?.values.get(key) ?? null;
    const distinct = new Set(Object.values(values).map((v) => JSON.stringify(v)));
    if (distinct.size > 1) differing.push({ key, values });
  }
  if (differing.length === 0) {
    return { verdict: { name: 'converges', holds: true, summary: `The ${live.length} running nodes ended with equal values for all ${keys.size} keys.` }, differing };
  }
  const d = differing[0]!;
  const shown = Object.entries(d.values).map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(', ');
  return {
    verdict: { name: 'converges', holds: false, summary: `Replicas ended different on ${differing.length} key(s); ${d.key}: ${shown}.` },
    differing,
  };
}
