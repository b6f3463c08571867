// What a history reveals about a counter key (increments and reads of the total). A read of a
// count cannot name the increments it saw, only how many, but with increments that only add, a
// count is a version: a smaller count is an older one, and a read must at least reflect every
// increment that completed before it began. So:
//  - monotonic reads: a process that read 5 and later reads 3 saw the counter go back;
//  - stale reads: a read of 3 begun after increments adding up to 4 had completed missed one;
//  - read your writes: a read below the sum of the reader's own completed increments missed one.
// Without this, a counter key had no writes in the register sense and every read's source was
// unknown: a reader that saw 10, then 1, was told "No process saw a key go back".

import { completedBefore, WRITE_OPERATIONS, type Operation } from '../../history/operations.ts';
import { count, delta, isAdd } from '../models/counter.ts';
import type { KeyVersions } from './versions.ts';

/**
 * Whether a key's operations are a counter's that only grows: increments (or Jepsen's adds) of
 * numbers ≥ 0 and nothing else that writes (whatever its outcome: an indeterminate write may
 * have happened), read back as numbers. A decrement, a write or a read of a set makes counts no
 * longer versions.
 */
export function isGrowingCounter(group: readonly Operation[]): boolean {
  let increments = 0;
  for (const op of group) {
    if (isAdd(op)) {
      const by = op.input ?? 1;
      if (typeof by !== 'number' || !Number.isFinite(by) || by < 0) return false;
      increments++;
    } else if (WRITE_OPERATIONS.has(op.f)) return false;
    else if (op.outcome === 'ok' && (op.f === 'read' || op.f === 'get') && count(op.output) === null) return false;
  }
  return increments > 0;
}

/**
 * A counter key's versions. `writes` are the increments that took effect for sure (ok); what a
 * read reflects of one increment is unknown (null), so the register-shaped questions stay silent
 * and the counter rules above are asked by the checks themselves (models/counter.ts's `count`
 * of a read, `delta` of an increment).
 */
export function counterVersions(group: readonly Operation[], reads: Operation[]): KeyVersions {
  return {
    kind: 'counter',
    writes: group.filter((op) => isAdd(op) && op.outcome === 'ok'),
    reads,
    observes: () => null,
    olderRead(a, b) {
      const x = count(a.output);
      const y = count(b.output);
      return x !== null && y !== null && x < y;
    },
    sawLast: () => null,
    sameSource: () => false,
    seenWrite: () => undefined,
  };
}

/**
 * What a read of a counter missed: given the key's increments that completed (`done`, sorted by
 * completion), a function telling for a read the first increment (`write`) by whose completion
 * the sum of completed deltas passed what the read returned, and that sum (`needed`); null when
 * the read returned at least every increment completed before it began. Prefix sums and binary
 * searches: a read costs O(log n), not a walk over every increment.
 */
export function missedIncrements(done: readonly Operation[]): (read: Operation) => { needed: number; write: Operation } | null {
  const prefix: number[] = [];
  let sum = 0;
  for (const w of done) prefix.push((sum += delta(w)));
  return (read) => {
    const seen = count(read.output);
    if (seen === null) return null;
    // Increments completed before the read began: done[0 .. before).
    const before = completedBefore(done, read.call);
    if (before === 0 || prefix[before - 1]! <= seen) return null;
    // The first of them whose completion took the sum past `seen` (prefix sums never decrease).
    let lo = 0;
    let hi = before - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (prefix[mid]! > seen) hi = mid;
      else lo = mid + 1;
    }
    return { needed: prefix[lo]!, write: done[lo]! };
  };
}
