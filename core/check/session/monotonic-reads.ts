// Monotonic reads: a process never sees a key go back to an older version than one it already read.

import { Clock, who, whenDone } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { broken, byProcess, held } from './sessions.ts';
import type { KeyVersions } from './versions.ts';

/** How many earlier reads of the same session each read is compared with. */
const WINDOW = 32;

export function checkMonotonicReads(keys: Map<string, KeyVersions>, clock: Clock): Verdict {
  for (const [key, v] of keys) {
    for (const reads of byProcess(v.reads).values()) {
      for (let j = 1; j < reads.length; j++) {
        const later = reads[j]!;
        for (let i = Math.max(0, j - WINDOW); i < j; i++) {
          const earlier = reads[i]!;
          if (earlier.ret === null || earlier.ret >= later.call) continue;
          if (!v.olderRead(later, earlier)) continue;
          return broken(
            'monotonic-reads',
            `${who(later)} read ${key}=${JSON.stringify(later.output)} ${whenDone(later, clock)}, an older value than the ${JSON.stringify(earlier.output)} it had read ${whenDone(earlier, clock)}.`,
            [earlier, later],
            clock.timed,
          );
        }
      }
    }
  }
  return held('monotonic-reads', 'No process saw a key go back to an older value.');
}
