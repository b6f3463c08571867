// Duplicate effects: one client operation applied more than once by the same node in the same
// life (a retry without an idempotency key, re-executed). Re-applying after a restart is replay,
// not a duplicate, so each incarnation is counted on its own.

import type { History } from '../../types/history.ts';
import type { TraceEvent } from '../../types/trace.ts';
import type { Verdict } from '../verdict.ts';
import { appliesByNode, NodeApplies } from './incarnations.ts';

export type DuplicateEffects = { verdict: Verdict; duplicated: Array<{ opId: number; node: string; times: number }> };

/** `applies`: per-node applies when the caller has them (analyzeRun shares them). */
export function findDuplicateEffects(history: History, trace: ReadonlyArray<TraceEvent>, applies: NodeApplies = appliesByNode(trace)): DuplicateEffects {
  if (!applies.sawApply) {
    return { verdict: { name: 'no-duplicate-effects', holds: null, summary: 'The trace records no state-machine applies, so duplicates cannot be judged.' }, duplicated: [] };
  }
  const duplicated: Array<{ opId: number; node: string; times: number }> = [];
  for (const { node, applied } of applies.all) {
    for (const [opId, times] of applied.counts) if (times > 1) duplicated.push({ opId, node, times });
  }
  if (duplicated.length === 0) {
    return { verdict: { name: 'no-duplicate-effects', holds: true, summary: 'No operation took effect twice on any node.' }, duplicated };
  }
  const invokeIndex = new Map<number, number>();
  for (const e of history) if (e.type === 'invoke') invokeIndex.set(e.opId, e.index);
  const ops = [...new Set(duplicated.map((d) => d.opId))];
  const d = duplicated[0]!;
  return {
    verdict: {
      name: 'no-duplicate-effects',
      holds: false,
      summary: `${ops.length} operation${ops.length === 1 ? '' : 's'} took effect more than once; e.g. operation ${d.opId} was applied ${d.times} times on ${d.node} (a retried or duplicated request the node took for a new one: it came without an idempotency key, after its key expired, or to a node the first try had not reached — nodes remember keys, the cluster does not).`,
      operations: ops.map((id) => invokeIndex.get(id)).filter((i): i is number => i !== undefined),
    },
    duplicated,
  };
}
