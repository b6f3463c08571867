// Duplicate effects: one client operation applied more than once by the same node in the same
// life (a retry without an idempotency key, re-executed). Re-applying after a restart is replay,
// not a duplicate, so each incarnation is counted on its own. A saga's compensation applies
// under the negated operation id (core/protocols/saga/steps.ts): it takes its step's effect
// back, so an operation's effect on a node is its applies minus its compensation's, and a step
// retried after its compensation has taken effect once, not twice. Only sagas apply negated ids
// (every client numbers operations from 1, imported histories refuse negative ones).

import type { History } from '../../types/history.ts';
import type { TraceEvent } from '../../types/trace.ts';
import type { Verdict } from '../verdict.ts';
import { appliesByNode, NodeApplies } from './incarnations.ts';

/** `times`: how many times the operation took effect on `node` in one life (applies less compensations). */
export type DuplicateEffects = { verdict: Verdict; duplicated: Array<{ opId: number; node: string; times: number }> };

/** `applies`: per-node applies when the caller has them (analyzeRun shares them). */
export function findDuplicateEffects(history: History, trace: ReadonlyArray<TraceEvent>, applies: NodeApplies = appliesByNode(trace)): DuplicateEffects {
  if (!applies.sawApply) {
    return { verdict: { name: 'no-duplicate-effects', holds: null, summary: 'The trace records no state-machine applies, so duplicates cannot be judged.' }, duplicated: [] };
  }
  const duplicated: Array<{ opId: number; node: string; times: number }> = [];
  /** Compensations counted against each entry of `duplicated`, for the example in the summary. */
  const compensations: number[] = [];
  /** Steps (per node and life) applied again after their compensation: not duplicates. */
  let redoneAfterCompensation = 0;
  for (const { node, applied } of applies.all) {
    for (const [opId, appliedTimes] of applied.counts) {
      if (opId < 0) continue; // a compensation: counted against its operation, never an operation itself
      // Operation 0 (hand-built histories) has no compensation: -0 is the same Map key as 0.
      const compensated = opId > 0 ? (applied.counts.get(-opId) ?? 0) : 0;
      const times = appliedTimes - compensated;
      if (times > 1) {
        duplicated.push({ opId, node, times });
        compensations.push(compensated);
      } else if (appliedTimes > 1) redoneAfterCompensation++;
    }
  }
  if (duplicated.length === 0) {
    const one = redoneAfterCompensation === 1;
    const redone = redoneAfterCompensation === 0 ? '' : ` (${redoneAfterCompensation} saga step${one ? ' was' : 's were'} applied again after a compensation had taken the earlier apply back: ${one ? 'not a duplicate' : 'not duplicates'})`;
    return { verdict: { name: 'no-duplicate-effects', holds: true, summary: `No operation took effect twice on any node${redone}.` }, duplicated };
  }
  const invokeIndex = new Map<number, number>();
  for (const e of history) if (e.type === 'invoke') invokeIndex.set(e.opId, e.index);
  const ops = [...new Set(duplicated.map((d) => d.opId))];
  const d = duplicated[0]!;
  const example = compensations[0]! === 0 ? `was applied ${d.times} times` : `took effect ${d.times} times (applied ${d.times + compensations[0]!}, compensated ${compensations[0]!})`;
  return {
    verdict: {
      name: 'no-duplicate-effects',
      holds: false,
      summary: `${ops.length} operation${ops.length === 1 ? '' : 's'} took effect more than once; e.g. operation ${d.opId} ${example} on ${d.node} (a retried or duplicated request the node took for a new one: it came without an idempotency key, after its key expired, or to a node the first try had not reached — nodes remember keys, the cluster does not).`,
      operations: ops.map((id) => invokeIndex.get(id)).filter((i): i is number => i !== undefined),
    },
    duplicated,
  };
}
