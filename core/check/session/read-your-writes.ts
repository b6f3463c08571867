// Read your writes: once a process's write completed, its later reads of that key reflect it
// (or something newer).

import { completedBefore, type Operation } from '../../history/operations.ts';
import { Clock, who, whenDone, completedAt } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { broken, byProcess, counted, held, untested } from './sessions.ts';
import { count, delta } from '../models/counter.ts';
import type { KeyVersions } from './versions.ts';

export function checkReadYourWrites(keys: Map<string, KeyVersions>, clock: Clock): Verdict {
  /** Reads that came after one of their own process's writes to the key had completed. */
  let judged = 0;
  for (const [key, v] of keys) {
    const writesBy = byProcess(v.writes);
    if (v.kind === 'counter') {
      const result = counterReadBelowOwn(key, v, writesBy, clock);
      if (typeof result !== 'number') return result;
      judged += result;
      continue;
    }
    for (const r of v.reads) {
      const own = writesBy.get(r.process);
      if (own === undefined) continue;
      // The process's latest write to this key that completed before the read began.
      let last: Operation | undefined;
      for (const w of own) if (w.ret !== null && w.ret < r.call) last = w;
      if (last === undefined) continue;
      judged++;
      if (v.observes(r, last) !== false) continue;
      return broken(
        'read-your-writes',
        `${who(r)} read ${key}=${JSON.stringify(r.output)} ${whenDone(r, clock)} although its own write of ${JSON.stringify(last.f === 'cas' && Array.isArray(last.input) ? last.input[1] : last.input)} ${completedAt(last, clock)}.`,
        [last, r],
        clock.timed,
      );
    }
  }
  if (judged === 0) return untested('read-your-writes', 'no process read a key after one of its own writes to it had completed.');
  return held('read-your-writes', `Every read reflected the reading process’s own completed writes (${counted(judged, 'read', 'reads')} came after one).`);
}

/**
 * A counter names no increment a read saw, only the total: a read below what the reader's own
 * completed increments add up to missed one of them (increments only add: counter-versions.ts).
 * Per process, its completed increments by completion with running sums: a read costs a binary
 * search, not a walk over the process's increments. The broken verdict, or how many reads came
 * after an increment of their own.
 */
function counterReadBelowOwn(key: string, v: KeyVersions, writesBy: Map<string | number, Operation[]>, clock: Clock): Verdict | number {
  let judged = 0;
  const done = new Map<string | number, { ops: Operation[]; sums: number[] }>();
  for (const [process, own] of writesBy) {
    const ops = own.filter((w) => w.ret !== null).sort((a, b) => a.ret! - b.ret!);
    let sum = 0;
    done.set(process, { ops, sums: ops.map((w) => (sum += delta(w))) });
  }
  for (const r of v.reads) {
    const own = done.get(r.process);
    const seen = count(r.output);
    if (own === undefined || seen === null) continue;
    const before = completedBefore(own.ops, r.call);
    if (before === 0) continue;
    judged++;
    if (seen >= own.sums[before - 1]!) continue;
    const last = own.ops[before - 1]!;
    return broken(
      'read-your-writes',
      `${who(r)} read ${key}=${seen} ${whenDone(r, clock)} although its own increments adding up to ${own.sums[before - 1]} had completed, the last ${completedAt(last, clock).replace(/^had completed /, '')}.`,
      [last, r],
      clock.timed,
    );
  }
  return judged;
}
