// Monotonic reads: a process never sees a key go back to an older version than one it already read.

import { Clock, who, whenDone } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { broken, byProcess, counted, held, untested } from './sessions.ts';
import type { KeyVersions } from './versions.ts';

/** How many earlier reads of the same session each read is compared with. */
const WINDOW = 32;

export function checkMonotonicReads(keys: Map<string, KeyVersions>, clock: Clock): Verdict {
  /** Reads that came after an earlier completed read of the same key by the same process. */
  let judged = 0;
  for (const [key, v] of keys) {
    for (const reads of byProcess(v.reads).values()) {
      for (let j = 1; j < reads.length; j++) {
        const later = reads[j]!;
        let compared = false;
        for (let i = Math.max(0, j - WINDOW); i < j; i++) {
          const earlier = reads[i]!;
          if (earlier.ret === null || earlier.ret >= later.call) continue;
          compared = true;
          if (!v.olderRead(later, earlier)) continue;
          return broken(
            'monotonic-reads',
            `${who(later)} read ${key}=${JSON.stringify(later.output)} ${whenDone(later, clock)}, an older value than the ${JSON.stringify(earlier.output)} it had read ${whenDone(earlier, clock)}.`,
            [earlier, later],
            clock.timed,
          );
        }
        if (compared) judged++;
      }
    }
  }
  if (judged === 0) return untested('monotonic-reads', 'no process read a key again after an earlier read of it had completed.');
  return held('monotonic-reads', `No process saw a key go back to an older value (${counted(judged, 'read', 'reads')} followed an earlier one).`);
}
