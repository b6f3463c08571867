// Writes follow reads: a write a process issues after reading a key is ordered after the
// version it read. Broken when a reader sees that write and then sees the key at (or before)
// the version the writer had read, or (append logs) sees the write without what the writer read.

import type { Operation } from '../../history/operations.ts';
import { Clock, who, whenDone } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { broken, byProcess, counted, held, untested } from './sessions.ts';
import type { KeyVersions } from './versions.ts';

export function checkWritesFollowReads(keys: Map<string, KeyVersions>, clock: Clock): Verdict {
  /** Writes issued after their process had read the key, that some reader then saw and read past. */
  let judged = 0;
  for (const [key, v] of keys) {
    const readsBy = byProcess(v.reads);
    // Registers: the consecutive read pairs (ra, rb) of each process, indexed by the write ra saw
    // (only pairs whose ra saw w as the newest write can break the rule for w), in scan order.
    const pairsAfter = v.kind === 'append' ? null : consecutivePairsBySeenWrite(readsBy, v);
    for (const w of v.writes) {
      // The writer's last read of this key that completed before the write was issued.
      const own = readsBy.get(w.process) ?? [];
      let r1 = undefined;
      for (const r of own) if (r.ret !== null && r.ret < w.call) r1 = r;
      if (r1 === undefined) continue;
      if (v.kind === 'append') {
        const before = String(r1.output ?? '');
        let seen = false;
        for (const r of v.reads) {
          const text = String(r.output ?? '');
          if (!text.includes(String(w.input))) continue;
          seen = true;
          if (!text.startsWith(before)) {
            return broken('writes-follow-reads', `${who(r)} saw ${who(w)}'s append to ${key} ${whenDone(r, clock)} without the value ${who(w)} had read before writing.`, [r1, w, r], clock.timed);
          }
        }
        if (seen) judged++;
        continue;
      }
      const pairs = pairsAfter?.get(w) ?? [];
      if (pairs.length > 0) judged++;
      for (const [ra, rb] of pairs) {
        if (v.olderRead(rb, r1) || (v.sameSource(rb, r1) && v.sawLast(r1, w) !== true)) {
          return broken(
            'writes-follow-reads',
            `${who(rb)} read ${key}=${JSON.stringify(rb.output)} ${whenDone(rb, clock)} after seeing ${who(w)}'s write, which ${who(w)} issued after reading ${key}=${JSON.stringify(r1.output)}: the write landed before what it had read.`,
            [r1, w, ra, rb],
            clock.timed,
          );
        }
      }
    }
  }
  if (judged === 0) return untested('writes-follow-reads', 'no reader saw a write that its process had issued after reading the key.');
  return held('writes-follow-reads', `Writes issued after a read were ordered after what was read (${counted(judged, 'such write', 'such writes')} seen by readers).`);
}

function consecutivePairsBySeenWrite(readsBy: Map<string | number, Operation[]>, v: KeyVersions): Map<Operation, Array<[Operation, Operation]>> {
  const out = new Map<Operation, Array<[Operation, Operation]>>();
  for (const reads of readsBy.values()) {
    for (let j = 1; j < reads.length; j++) {
      const ra = reads[j - 1]!;
      const rb = reads[j]!;
      if (ra.ret === null || ra.ret >= rb.call) continue;
      const w = v.seenWrite(ra);
      if (w === undefined) continue;
      let list = out.get(w);
      if (list === undefined) out.set(w, (list = []));
      list.push([ra, rb]);
    }
  }
  return out;
}
