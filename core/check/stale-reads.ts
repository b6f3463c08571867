// Stale reads, from the history alone: a read that returned a value older than a write that had
// already completed before the read began. Counted, with the worst staleness (how long the
// missed write had been acknowledged when the read started).

import { completedBefore, hasTimes, Operation, toOperations } from '../history/operations.ts';
import type { History } from '../types/history.ts';
import type { Micros } from '../types/sim-config.ts';
import { seconds, who, whenDone, completedAt } from './describe.ts';
import { missedIncrements } from './session/counter-versions.ts';
import { counted } from './session/sessions.ts';
import { KeyVersions, versionsByKey } from './session/versions.ts';
import type { Verdict } from './verdict.ts';

/** How many of the latest completed writes each read is compared with. */
const WINDOW = 64;

export type StaleReads = {
  verdict: Verdict;
  count: number;
  /** Worst staleness in microseconds (or in events when the history has no times). */
  worst: number;
  worstRead?: number;
  /** History indexes (invocations) of every stale read: what the CAP classifier takes as a side's evidence of availability. */
  reads: number[];
};

/** `known`: the history's operations and versions when the caller has them (analyzeRun shares them). */
export function findStaleReads(history: History, known?: { ops: Operation[]; keys: Map<string, KeyVersions> }): StaleReads {
  const timed = hasTimes(history);
  const clock = { timed };
  const keys = known?.keys ?? versionsByKey(known?.ops ?? toOperations(history));
  const reads: number[] = [];
  let worst = 0;
  let worstPair: [Operation, Operation] | null = null;
  /** For a counter's worst read: the sum of completed increments it fell short of. */
  let worstNeeded: number | null = null;
  /** Reads begun after a write (or increment) of their key had completed: the ones that could be stale. */
  let judged = 0;
  for (const v of keys.values()) {
    const done = v.writes.filter((w) => w.ret !== null).sort((a, b) => a.ret! - b.ret!);
    // A counter's count names no increment, only how many (counter-versions.ts).
    const missedBy = v.kind === 'counter' ? missedIncrements(done) : writeMisses(v, done);
    for (const r of v.reads) {
      if (completedBefore(done, r.call) > 0) judged++;
      const miss = missedBy(r);
      if (miss === null) continue;
      reads.push(r.invokeIndex);
      const staleness: Micros = timed ? r.invokeTime - miss.write.completeTime! : r.invokeIndex - miss.write.completeIndex!;
      if (worstPair === null || staleness > worst) {
        worst = staleness;
        worstPair = [miss.write, r];
        worstNeeded = miss.needed;
      }
    }
  }
  if (worstPair === null) {
    const verdict: Verdict =
      judged === 0
        ? { name: 'no-stale-reads', holds: null, summary: 'nothing to judge: no read began after a write to its key had completed.' }
        : { name: 'no-stale-reads', holds: true, summary: `Every read saw at least the writes that had completed before it began (${counted(judged, 'read', 'reads')} began after one had).` };
    return { verdict, count: 0, worst: 0, reads };
  }
  const [w, r] = worstPair;
  const count = reads.length;
  const amount = timed ? seconds(worst) : `${worst} events`;
  const verdict: Verdict = {
    name: 'no-stale-reads',
    holds: false,
    summary:
      `${count} stale read${count === 1 ? '' : 's'}; the worst: ${who(r)} read ${r.key ?? 'x'}=${JSON.stringify(r.output)} ${whenDone(r, clock)} although ` +
      (worstNeeded === null
        ? `${who(w)}'s write ${completedAt(w, clock)} (${amount} stale).`
        : `increments adding up to ${worstNeeded} ${completedAt(w, clock)} (the last of them ${who(w)}'s; ${amount} stale).`),
    operations: [w.invokeIndex, r.invokeIndex],
  };
  if (timed) verdict.at = r.invokeTime;
  return { verdict, count, worst, worstRead: r.invokeIndex, reads };
}

/** What a read missed: the completed write it is stale against, and for a counter the sum of increments it fell short of. */
type Miss = { write: Operation; needed: number | null };

/**
 * Registers and logs: of the latest writes completed before the read began (newest first, at most
 * WINDOW), the oldest one the read does not reflect.
 */
function writeMisses(v: KeyVersions, done: Operation[]): (r: Operation) => Miss | null {
  return (r) => {
    let stale: Operation | null = null;
    let hi = completedBefore(done, r.call);
    for (let k = 0; k < WINDOW && hi > 0; k++, hi--) {
      const w = done[hi - 1]!;
      if (v.observes(r, w) === false) stale = w;
    }
    return stale === null ? null : { write: stale, needed: null };
  };
}
