// Split brain: a stretch of time in which two nodes both acted as leader/primary and both had
// writes accepted: acknowledged to a client, or taken by a storage the node wrote to as leader or
// lock holder (an apply whose `via` names it: a paused lock holder's late write lands although its
// client gave up long before). Two nodes merely believing they lead (an old leader not yet told)
// is reported as overlap, but only writes accepted on both sides make it split brain.

import { Operation, toOperations, WRITE_OPERATIONS } from '../../history/operations.ts';
import type { History } from '../../types/history.ts';
import type { Micros, SimConfig } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';
import { seconds } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { LeaderInterval, leaderIntervals } from './leadership.ts';
import { authorityWords, noHolderReason } from '../../explain/authority.ts';


export type SplitBrainInterval = {
  nodes: [string, string];
  terms: [number | null, number | null];
  from: Micros;
  to: Micros;
  /** History indexes of the writes each node had accepted in the interval (acknowledged, or applied via it). */
  writes: [number[], number[]];
};

export type SplitBrain = { verdict: Verdict; intervals: SplitBrainInterval[]; overlaps: SplitBrainInterval[] };

/** `known`: the operations and leader intervals (to config.runForUs) when the caller has them. */
export function findSplitBrain(history: History, trace: ReadonlyArray<TraceEvent>, config: SimConfig, known: { ops?: Operation[]; leaders?: LeaderInterval[] } = {}): SplitBrain {
  const leaders = known.leaders ?? leaderIntervals(trace, config.runForUs);
  const ops = known.ops ?? toOperations(history);
  const acks = ops.filter((op) => op.outcome === 'ok' && WRITE_OPERATIONS.has(op.f) && op.node !== undefined);
  // Writes a storage took from a node acting as leader or holder (apply events with `via`).
  const invokeIndexOf = new Map(ops.map((op) => [op.opId, op.invokeIndex]));
  const handedOver: Array<{ via: string; term: number | undefined; t: Micros; index: number }> = [];
  for (const e of trace) {
    if (e.kind !== 'apply' || e.via === undefined) continue;
    const index = invokeIndexOf.get(e.op);
    if (index !== undefined) handedOver.push({ via: e.via, term: e.term, t: e.t, index });
  }
  const options = config.protocol.options;
  const fenced = config.protocol.name === 'lease_lock' && options['fencing tokens'] === true && options['storage checks tokens'] !== false;
  const overlaps: SplitBrainInterval[] = [];
  for (let i = 0; i < leaders.length; i++) {
    for (let j = i + 1; j < leaders.length; j++) {
      const a = leaders[i]!;
      const b = leaders[j]!;
      if (a.node === b.node) continue;
      const from = Math.max(a.from, b.from);
      const to = Math.min(a.to, b.to);
      if (from >= to) continue;
      /**
       * What `self` had accepted during the overlap with `other`: writes it acknowledged then, and
       * writes a storage took from it then — or, when the storage names the term it was handed
       * over under, a write of `self`'s term taken any time `other` led a newer term (a holder's
       * late write lands after it has already learnt it lost the lock).
       */
      const acceptedFrom = (self: LeaderInterval, other: LeaderInterval) => {
        const indexes = new Set(acks.filter((op) => op.node === self.node && op.completeTime! >= from && op.completeTime! <= to).map((op) => op.invokeIndex));
        for (const h of handedOver) {
          if (h.via !== self.node) continue;
          const stale = h.term !== undefined && h.term === self.term && other.term !== null && other.term > h.term && h.t >= other.from && h.t <= other.to;
          if (stale || (h.t >= from && h.t <= to)) indexes.add(h.index);
        }
        return [...indexes].sort((p, q) => p - q);
      };
      /**
       * With fencing tokens checked by the storage, an older holder's write the storage took
       * before any write of the newer token is harmless: the storage saw one holder after the
       * other, as if the lock had passed a moment later. Only a write of the older token taken
       * after one of the newer (what fencing forbids) makes two holders at once.
       */
      const fencedFrom = (self: LeaderInterval, other: LeaderInterval): number[] => {
        let newerFirst = Number.POSITIVE_INFINITY;
        for (const h of handedOver) if (h.via === other.node && h.term === other.term && h.t < newerFirst) newerFirst = h.t;
        return handedOver.filter((h) => h.via === self.node && h.t > newerFirst && h.t >= from).map((h) => h.index).sort((p, q) => p - q);
      };
      /**
       * A Raft leader acknowledges a write when it learns the write is committed, which can be
       * after a newer leader is elected: the followers stored it (and acknowledged) before they
       * voted, and the acknowledgements arrived late. Such a write was accepted under one leader
       * only. A request that reached the older leader after the newer one took office cannot be
       * committed by it (a majority voted for the newer term first, and a voter refuses the older
       * term's appends): an acknowledgement of a write invoked after that is a second leader.
       */
      const raftLateFrom = (self: LeaderInterval, other: LeaderInterval): number[] =>
        acks.filter((op) => op.node === self.node && op.completeTime! >= from && op.completeTime! <= to && op.invokeTime >= other.from).map((op) => op.invokeIndex);
      const olderOf = a.term !== null && b.term !== null && a.term !== b.term ? (a.term < b.term ? a : b) : null;
      const older = fenced || config.protocol.name === 'raft' ? olderOf : null;
      const writesOf = (self: LeaderInterval, other: LeaderInterval) =>
        self !== older ? acceptedFrom(self, other) : fenced ? fencedFrom(self, other) : raftLateFrom(self, other);
      const [x, y] = a.node < b.node ? [a, b] : [b, a];
      overlaps.push({ nodes: [x.node, y.node], terms: [x.term, y.term], from, to, writes: [writesOf(x, y), writesOf(y, x)] });
    }
  }
  const intervals = overlaps.filter((o) => o.writes[0].length > 0 && o.writes[1].length > 0);
  // In the protocol's words: "n1 (epoch 1) and n2 (epoch 2) both had writes accepted as primary".
  const elected = authorityWords(config.protocol.name);
  const words = elected ?? { holder: 'leader', term: 'term' };
  if (intervals.length === 0) {
    if (elected === null && overlaps.length === 0) {
      const reason = noHolderReason(config.protocol.name).replace(/^none elected: /, '');
      return { verdict: { name: 'no-split-brain', holds: true, summary: `No split brain: this protocol elects nobody (${reason}).` }, intervals, overlaps };
    }
    const times = overlaps.length === 1 ? 'once' : `${overlaps.length} times`;
    const note = overlaps.length > 0 ? ` (two nodes believed they were ${words.holder} at the same time ${times}, but never both had writes accepted)` : '';
    return { verdict: { name: 'no-split-brain', holds: true, summary: `No two nodes had writes accepted as ${words.holder} at the same time${note}.` }, intervals, overlaps };
  }
  const s = intervals[0]!;
  const term = (t: number | null) => (t === null ? '' : ` (${words.term} ${t})`);
  // A late write of the older holder counts though it landed after the overlap (it had learnt it
  // lost the lock by then): the window alone would read as if every write fell inside it.
  const acceptedAt = new Map<number, Micros>();
  for (const op of acks) acceptedAt.set(op.invokeIndex, op.completeTime!);
  for (const h of handedOver) acceptedAt.set(h.index, Math.min(acceptedAt.get(h.index) ?? Number.POSITIVE_INFINITY, h.t));
  const latest = Math.max(...[...s.writes[0], ...s.writes[1]].map((index) => acceptedAt.get(index) ?? Number.NEGATIVE_INFINITY));
  const late = latest > s.to ? `; the last of them was accepted at ${seconds(latest)}, after the overlap, from the ${words.holder} of the older ${words.term}` : '';
  return {
    verdict: {
      name: 'no-split-brain',
      holds: false,
      summary: `Split brain from ${seconds(s.from)} to ${seconds(s.to)}: ${s.nodes[0]}${term(s.terms[0])} and ${s.nodes[1]}${term(s.terms[1])} both had writes accepted as ${words.holder} (${s.writes[0].length} and ${s.writes[1].length})${late}.`,
      operations: [...s.writes[0], ...s.writes[1]],
      at: s.from,
    },
    intervals,
    overlaps,
  };
}
