// Acknowledged writes lost: the client heard "ok", yet no node still running at the end holds the
// write in its current life: applied in it, or in the saved store (a snapshot) it restarted
// from. A write a later write overwrote is not lost: it was applied, then superseded.

import { Operation, toOperations, WRITE_OPERATIONS } from '../../history/operations.ts';
import type { History } from '../../types/history.ts';
import type { SimConfig } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';
import { who } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { appliesByNode, holdsOperation, NodeApplies } from './incarnations.ts';


export type LostWrites = { verdict: Verdict; lost: number[] };

/** `known`: the operations and per-node applies when the caller has them (analyzeRun shares them). */
export function findLostWrites(history: History, trace: ReadonlyArray<TraceEvent>, config: SimConfig, known: { ops?: Operation[]; applies?: NodeApplies } = {}): LostWrites {
  const applies = known.applies ?? appliesByNode(trace);
  if (!applies.sawApply) {
    return { verdict: { name: 'no-lost-writes', holds: null, summary: 'The trace records no state-machine applies, so lost writes cannot be judged.' }, lost: [] };
  }
  const live = config.nodes.filter((n) => !applies.downAtEnd.has(n));
  const acked = (known.ops ?? toOperations(history)).filter((op) => op.outcome === 'ok' && WRITE_OPERATIONS.has(op.f));
  if (acked.length === 0) {
    return { verdict: { name: 'no-lost-writes', holds: null, summary: 'nothing to judge: no write was acknowledged.' }, lost: [] };
  }
  // Nobody running reads as "every write lost", overwritten ones too, although a crashed node may
  // hold them all on its disk: down is not gone, and there is no running node to look at.
  if (live.length === 0) {
    return { verdict: { name: 'no-lost-writes', holds: null, summary: `not decided: no node is running at the end, so what the ${acked.length} acknowledged writes left behind cannot be read (a crashed node may still hold them on disk; restart it before the end to judge).` }, lost: [] };
  }
  const lostOps = acked.filter((op) => !live.some((n) => holdsOperation(applies, n, op.opId)));
  const lost = lostOps.map((op) => op.invokeIndex);
  if (lostOps.length === 0) {
    return { verdict: { name: 'no-lost-writes', holds: true, summary: `All ${acked.length} acknowledged write${acked.length === 1 ? '' : 's'} survive${acked.length === 1 ? 's' : ''} on a running node.` }, lost };
  }
  const first = lostOps[0]!;
  const verdict: Verdict = {
    name: 'no-lost-writes',
    holds: false,
    summary: `${lostOps.length} acknowledged write${lostOps.length === 1 ? ' was' : 's were'} lost; the first: ${who(first)}'s ${first.f} of ${first.key ?? ''}=${JSON.stringify(first.input)}, acknowledged${first.node ? ` by ${first.node}` : ''}, is on no running node at the end.`,
    operations: lost,
  };
  if (first.completeTime !== null) verdict.at = first.completeTime;
  return { verdict, lost };
}
