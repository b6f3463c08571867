// Monotonic writes: a process's writes to a key take effect in the order it issued them, for
// every reader. Broken when a reader sees the later write and then (or in the same append log)
// misses the earlier one or sees it land after.

import type { Operation } from '../../history/operations.ts';
import { Clock, who, whenDone } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { broken, byProcess, counted, held, untested } from './sessions.ts';
import { KeyVersions, precedes } from './versions.ts';

const WINDOW = 16;

export function checkMonotonicWrites(keys: Map<string, KeyVersions>, clock: Clock): Verdict {
  /** Reads that showed a process's later write to a key after its earlier one had completed. */
  let judged = 0;
  for (const [key, v] of keys) {
    // The pairs compared: (ws[i], ws[j]) for each writer's writes in issue order, i within WINDOW before j.
    const writers = [...byProcess(v.writes).values()].filter((ws) => ws.length > 1);
    if (writers.length === 0) continue;
    const say = (w1: Operation, w2: Operation, seen: Operation[], what: string) =>
      broken('monotonic-writes', `${who(w1)} wrote ${key} twice, but ${who(seen[seen.length - 1]!)} ${what}.`, [w1, w2, ...seen], clock.timed);
    if (v.kind === 'append') {
      for (const r of v.reads) {
        const text = String(r.output ?? '');
        let compared = false;
        for (const ws of writers) {
          // Where each of this writer's appends shows in the read, found once per read, not per pair.
          const at = ws.map((w) => text.indexOf(String(w.input)));
          for (let j = 1; j < ws.length; j++) {
            const b = at[j]!;
            if (b < 0) continue;
            for (let i = Math.max(0, j - WINDOW); i < j; i++) {
              if (r.call <= (ws[i]!.ret ?? Infinity)) continue;
              compared = true;
              const a = at[i]!;
              if (a < 0 || a > b) return say(ws[i]!, ws[j]!, [r], `saw the second write ${whenDone(r, clock)} ${a < 0 ? 'without the first one' : 'ahead of the first one'}`);
            }
          }
        }
        if (compared) judged++;
      }
      continue;
    }
    // A register read names the one write it saw, so of all pairs only those whose later write is
    // what the first read saw can match: index the writes by identity.
    const place = new Map<Operation, { ws: Operation[]; j: number }>();
    for (const ws of writers) for (let j = 1; j < ws.length; j++) place.set(ws[j]!, { ws, j });
    for (const reads of byProcess(v.reads).values()) {
      for (let j = 1; j < reads.length; j++) {
        const ra = reads[j - 1]!;
        const rb = reads[j]!;
        if (ra.ret === null || ra.ret >= rb.call) continue;
        const seen = v.seenWrite(ra);
        const at = seen === undefined ? undefined : place.get(seen);
        if (at === undefined) continue;
        judged++;
        const w2 = at.ws[at.j]!;
        for (let i = Math.max(0, at.j - WINDOW); i < at.j; i++) {
          const w1 = at.ws[i]!;
          if (!precedes(w1, w2)) continue;
          // Two reads in a row: the second write, then a state where the first one came after it
          // (or never happened).
          if (v.sawLast(rb, w1) === true) return say(w1, w2, [ra, rb], `saw the second write ${whenDone(ra, clock)}, then the first one ${whenDone(rb, clock)}, as if it came after`);
          if (v.observes(rb, w1) === false) return say(w1, w2, [ra, rb], `saw the second write ${whenDone(ra, clock)}, then ${key} without the first one ${whenDone(rb, clock)}`);
        }
      }
    }
  }
  if (judged === 0) return untested('monotonic-writes', 'no reader saw a process’s second write to a key and then read it again.');
  return held('monotonic-writes', `Every reader saw each process’s writes in the order it issued them (${counted(judged, 'read', 'reads')} could have shown otherwise).`);
}
