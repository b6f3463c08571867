// What a history reveals about a counter key (increments and reads of the total). A read of a
// count cannot name the increments it saw, only how many, but with increments that only add, a
// count is a version: a smaller count is an older one, and a read must at least reflect every
// increment that completed before it began. So:
//  - monotonic reads: a process that read 5 and later reads 3 saw the counter go back;
//  - stale reads: a read of 3 begun after increments adding up to 4 had completed missed one;
//  - read your writes: a read below the sum of the reader's own completed increments missed one.
// Without this, a counter key had no writes in the register sense and every read's source was
// unknown: a reader that saw 10, then 1, was told "No process saw a key go back".

import { WRITE_OPERATIONS, type Operation } from '../../history/operations.ts';
import type { KeyVersions } from './versions.ts';

const isIncrement = (op: Operation): boolean => op.f === 'increment' || op.f === 'add';

/** What an increment adds: its number, 1 when it has none; null when it is not a number. */
export function added(op: Operation): number | null {
  if (op.input === null || op.input === undefined) return 1;
  return typeof op.input === 'number' && Number.isFinite(op.input) ? op.input : null;
}

/** The total a read returned: a number, nil as 0 (no increment seen yet); null otherwise. */
export function counted(read: Operation): number | null {
  if (read.output === null || read.output === undefined) return 0;
  return typeof read.output === 'number' && Number.isFinite(read.output) ? read.output : null;
}

/**
 * Whether a key's operations are a counter's that only grows: increments (or Jepsen's adds) of
 * numbers ≥ 0 and nothing else that writes (whatever its outcome: an indeterminate write may
 * have happened), read back as numbers. A decrement, a write or a read of a set makes counts no
 * longer versions.
 */
export function isGrowingCounter(group: readonly Operation[]): boolean {
  let increments = 0;
  for (const op of group) {
    if (isIncrement(op)) {
      const delta = added(op);
      if (delta === null || delta < 0) return false;
      increments++;
    } else if (WRITE_OPERATIONS.has(op.f)) return false;
    else if (op.outcome === 'ok' && counted(op) === null && (op.f === 'read' || op.f === 'get')) return false;
  }
  return increments > 0;
}

/**
 * A counter key's versions. `writes` are the increments that took effect for sure (ok); what a
 * read reflects of one increment is unknown (null), so the register-shaped questions stay silent
 * and the counter rules above are asked through `counted` and `added` by the checks themselves.
 */
export function counterVersions(group: readonly Operation[], reads: Operation[]): KeyVersions {
  return {
    kind: 'counter',
    writes: group.filter((op) => isIncrement(op) && op.outcome === 'ok'),
    reads,
    observes: () => null,
    olderRead(a, b) {
      const x = counted(a);
      const y = counted(b);
      return x !== null && y !== null && x < y;
    },
    sawLast: () => null,
    sameSource: () => false,
    seenWrite: () => undefined,
  };
}

/**
 * What a read of a counter missed: given the key's increments that completed (`done`, sorted by
 * completion), a function telling for a read the first increment by whose completion the sum of
 * completed deltas passed what the read returned, and that sum; null when the read returned at
 * least every increment completed before it began. Prefix sums and binary searches: a read costs
 * O(log n), not a walk over every increment.
 */
export function missedIncrements(done: readonly Operation[]): (read: Operation) => { needed: number; passedBy: Operation } | null {
  const prefix: number[] = [];
  let sum = 0;
  for (const w of done) prefix.push((sum += added(w) ?? 0));
  return (read) => {
    const seen = counted(read);
    if (seen === null) return null;
    // Increments completed before the read began: done[0 .. before).
    let lo = 0;
    let hi = done.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (done[mid]!.ret! < read.call) lo = mid + 1;
      else hi = mid;
    }
    const before = lo;
    if (before === 0 || prefix[before - 1]! <= seen) return null;
    // The first of them whose completion took the sum past `seen` (prefix sums never decrease).
    lo = 0;
    hi = before - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (prefix[mid]! > seen) hi = mid;
      else lo = mid + 1;
    }
    return { needed: prefix[lo]!, passedBy: done[lo]! };
  };
}
