// Monotonic writes: a process's writes to a key take effect in the order it issued them, for
// every reader. Broken when a reader sees the later write and then (or in the same append log)
// misses the earlier one or sees it land after.

import type { Operation } from '../../history/operations.ts';
import { Clock, who, whenDone } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { broken, byProcess, held } from './sessions.ts';
import { KeyVersions, precedes } from './versions.ts';

const WINDOW = 16;

export function checkMonotonicWrites(keys: Map<string, KeyVersions>, clock: Clock): Verdict {
  for (const [key, v] of keys) {
    const writers = [...byProcess(v.writes).values()];
    const pairs: Array<[Operation, Operation]> = [];
    for (const ws of writers) for (let j = 1; j < ws.length; j++) for (let i = Math.max(0, j - WINDOW); i < j; i++) pairs.push([ws[i]!, ws[j]!]);
    if (pairs.length === 0) continue;
    const say = (w1: Operation, w2: Operation, seen: Operation[]) =>
      broken(
        'monotonic-writes',
        `${who(w1)} wrote ${key} twice, but ${who(seen[seen.length - 1]!)} saw the second write ${whenDone(seen[0]!, clock)} without the first one before it.`,
        [w1, w2, ...seen],
        clock.timed,
      );
    if (v.kind === 'append') {
      for (const r of v.reads) {
        const text = String(r.output ?? '');
        for (const [w1, w2] of pairs) {
          const a = text.indexOf(String(w1.input));
          const b = text.indexOf(String(w2.input));
          if (b >= 0 && (a < 0 || a > b) && r.call > (w1.ret ?? Infinity)) return say(w1, w2, [r]);
        }
      }
      continue;
    }
    for (const reads of byProcess(v.reads).values()) {
      for (let j = 1; j < reads.length; j++) {
        const ra = reads[j - 1]!;
        const rb = reads[j]!;
        if (ra.ret === null || ra.ret >= rb.call) continue;
        for (const [w1, w2] of pairs) {
          if (v.sawLast(ra, w2) === true && (v.sawLast(rb, w1) === true || v.observes(rb, w1) === false) && precedes(w1, w2)) {
            return say(w1, w2, [ra, rb]);
          }
        }
      }
    }
  }
  return held('monotonic-writes', 'Every reader saw each process’s writes in the order it issued them.');
}
