// Split brain: a stretch of time in which two nodes both acted as leader/primary and both
// acknowledged writes. Two nodes merely believing they lead (an old leader not yet told) is
// reported as overlap, but only acknowledged writes on both sides make it split brain.

import { Operation, toOperations, WRITE_OPERATIONS } from '../../history/operations.ts';
import type { History } from '../../types/history.ts';
import type { Micros, SimConfig } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';
import { seconds } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { LeaderInterval, leaderIntervals } from './leadership.ts';


export type SplitBrainInterval = {
  nodes: [string, string];
  terms: [number | null, number | null];
  from: Micros;
  to: Micros;
  /** History indexes of the writes each node acknowledged in the interval. */
  writes: [number[], number[]];
};

export type SplitBrain = { verdict: Verdict; intervals: SplitBrainInterval[]; overlaps: SplitBrainInterval[] };

/** `known`: the operations and leader intervals (to config.runForUs) when the caller has them. */
export function findSplitBrain(history: History, trace: ReadonlyArray<TraceEvent>, config: SimConfig, known: { ops?: Operation[]; leaders?: LeaderInterval[] } = {}): SplitBrain {
  const leaders = known.leaders ?? leaderIntervals(trace, config.runForUs);
  const acks = (known.ops ?? toOperations(history)).filter((op) => op.outcome === 'ok' && WRITE_OPERATIONS.has(op.f) && op.node !== undefined);
  const overlaps: SplitBrainInterval[] = [];
  for (let i = 0; i < leaders.length; i++) {
    for (let j = i + 1; j < leaders.length; j++) {
      const a = leaders[i]!;
      const b = leaders[j]!;
      if (a.node === b.node) continue;
      const from = Math.max(a.from, b.from);
      const to = Math.min(a.to, b.to);
      if (from >= to) continue;
      const ackedBy = (node: string) =>
        acks.filter((op) => op.node === node && op.completeTime! >= from && op.completeTime! <= to).map((op) => op.invokeIndex);
      const [x, y] = a.node < b.node ? [a, b] : [b, a];
      overlaps.push({ nodes: [x.node, y.node], terms: [x.term, y.term], from, to, writes: [ackedBy(x.node), ackedBy(y.node)] });
    }
  }
  const intervals = overlaps.filter((o) => o.writes[0].length > 0 && o.writes[1].length > 0);
  if (intervals.length === 0) {
    const times = overlaps.length === 1 ? 'once' : `${overlaps.length} times`;
    const note = overlaps.length > 0 ? ` (two nodes believed they led at the same time ${times}, but never both acknowledged writes)` : '';
    return { verdict: { name: 'no-split-brain', holds: true, summary: `No two nodes acknowledged writes as leader at the same time${note}.` }, intervals, overlaps };
  }
  const s = intervals[0]!;
  const term = (t: number | null) => (t === null ? '' : ` (term ${t})`);
  return {
    verdict: {
      name: 'no-split-brain',
      holds: false,
      summary: `Split brain from ${seconds(s.from)} to ${seconds(s.to)}: ${s.nodes[0]}${term(s.terms[0])} and ${s.nodes[1]}${term(s.terms[1])} both acknowledged writes as leader (${s.writes[0].length} and ${s.writes[1].length}).`,
      operations: [...s.writes[0], ...s.writes[1]],
      at: s.from,
    },
    intervals,
    overlaps,
  };
}
