// Small random register histories whose writes all write different values (a counter), as
// Faultline's clients write: the case the linearizability check decides without search. Each
// operation takes effect at a random moment inside its interval; some reads are then corrupted
// and some operations end `info` (a write that timed out may or may not have taken effect).

import fc from 'fast-check';
import type { History, HistoryEvent } from '../../../../core/types/history.ts';

export type UniqueStep = { p: number; write: boolean; corrupt: number; info: boolean };

export const uniqueStepArb = (processes: number) =>
  fc.record({
    p: fc.integer({ min: 0, max: processes - 1 }),
    write: fc.boolean(),
    corrupt: fc.integer({ min: 0, max: 24 }),
    info: fc.integer({ min: 0, max: 7 }).map((x) => x === 0),
  });

type Open = { opId: number; write: boolean; value: number | null; applied: boolean; output: number | null };

export function uniqueRegisterHistory(steps: UniqueStep[]): History {
  const events: HistoryEvent[] = [];
  const open = new Map<number, Open>();
  let register: number | null = null;
  let nextOp = 0;
  let nextValue = 1;
  const emit = (e: Omit<HistoryEvent, 'index' | 'time' | 'key'>) => events.push({ ...e, key: 'x', index: events.length, time: events.length * 1000 });
  for (const s of steps) {
    const o = open.get(s.p);
    if (o === undefined) {
      const value = s.write ? nextValue++ : null;
      const entry: Open = { opId: nextOp++, write: s.write, value, applied: false, output: null };
      open.set(s.p, entry);
      emit({ process: s.p, type: 'invoke', f: s.write ? 'write' : 'read', value, opId: entry.opId });
    } else if (!o.applied) {
      o.applied = true;
      if (o.write) register = o.value;
      else o.output = register;
    } else {
      open.delete(s.p);
      if (s.info) {
        emit({ process: s.p, type: 'info', f: o.write ? 'write' : 'read', value: o.value, opId: o.opId });
        continue;
      }
      // A corrupted read returns an older or a never-seen-yet value.
      const output = !o.write && s.corrupt < 5 ? (s.corrupt === 0 ? null : Math.max(1, (o.output ?? 1) - s.corrupt)) : o.output;
      emit({ process: s.p, type: 'ok', f: o.write ? 'write' : 'read', value: o.write ? o.value : output, opId: o.opId });
    }
  }
  return events;
}
