// Small random concurrent histories for property tests. Processes run one operation at a time;
// each operation takes effect on a real object at a random moment between its invocation and
// completion, so untouched histories are linearizable. A few results are then corrupted, which
// usually (not always) breaks linearizability. Some operations end `info` or never complete.

import fc from 'fast-check';
import type { History, HistoryEvent } from '../../../../core/types/history.ts';

export type Step = { p: number; f: number; v: number; info: boolean; corrupt: number };

export const stepArb = (processes: number) =>
  fc.record({
    p: fc.integer({ min: 0, max: processes - 1 }),
    f: fc.integer({ min: 0, max: 2 }),
    v: fc.integer({ min: 0, max: 2 }),
    info: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
    corrupt: fc.integer({ min: 0, max: 19 }),
  });

type Open = { p: number; opId: number; f: string; input: unknown; applied: boolean; output: unknown; outcome: 'ok' | 'fail' };

/** A register history (read/write/cas on one key). */
export function registerHistory(steps: Step[]): History {
  return build(steps, null, (state: unknown, f, v) => {
    if (f === 0) return { f: 'read', input: null, output: state, outcome: 'ok', next: state };
    if (f === 1) return { f: 'write', input: v, output: v, outcome: 'ok', next: v };
    const from = v === 0 ? null : v - 1;
    const to = v;
    const hit = state === from;
    return { f: 'cas', input: [from, to], output: [from, to], outcome: hit ? 'ok' : 'fail', next: hit ? to : state };
  }, (o) => {
    if (o.f === 'read') o.output = o.output === 1 ? 2 : 1;
    else if (o.f === 'cas') o.outcome = o.outcome === 'ok' ? 'fail' : 'ok';
  });
}

/** A key-value history (get/put/append on two keys). */
export function kvHistory(steps: Step[]): History {
  return build(steps, new Map<string, string>(), (state: Map<string, string>, f, v) => {
    const key = String(v % 2);
    const cur = state.get(key) ?? '';
    const next = new Map(state);
    if (f === 0) return { f: 'get', key, input: null, output: cur, outcome: 'ok', next: state };
    if (f === 1) {
      next.set(key, `p${v}`);
      return { f: 'put', key, input: `p${v}`, output: `p${v}`, outcome: 'ok', next };
    }
    next.set(key, cur + `a${v}`);
    return { f: 'append', key, input: `a${v}`, output: `a${v}`, outcome: 'ok', next };
  }, (o) => {
    if (o.f === 'get') o.output = (o.output as string).length > 0 ? '' : 'a1';
  });
}

type Effect<S> = { f: string; key?: string; input: unknown; output: unknown; outcome: 'ok' | 'fail'; next: S };

function build<S>(
  steps: Step[],
  init: S,
  apply: (state: S, f: number, v: number) => Effect<S>,
  corrupt: (o: Open) => void,
): History {
  const events: HistoryEvent[] = [];
  const open = new Map<number, Open & { key?: string; f0: number; v0: number }>();
  let state = init;
  let nextOp = 0;
  let clock = 0;
  const emit = (e: Omit<HistoryEvent, 'index' | 'time'>) => events.push({ ...e, index: events.length, time: (clock += 1000) });
  for (const s of steps) {
    const o = open.get(s.p);
    if (o === undefined) {
      // Invoke: what it is and its input are known now; the effect comes later.
      const probe = apply(state, s.f, s.v);
      const entry = { p: s.p, opId: nextOp++, f: probe.f, input: probe.input, applied: false, output: null, outcome: 'ok' as const, f0: s.f, v0: s.v } as Open & { key?: string; f0: number; v0: number };
      if (probe.key !== undefined) entry.key = probe.key;
      open.set(s.p, entry);
      const ev: Omit<HistoryEvent, 'index' | 'time'> = { process: s.p, type: 'invoke', f: probe.f, value: probe.input, opId: entry.opId };
      if (probe.key !== undefined) ev.key = probe.key;
      emit(ev);
      continue;
    }
    if (!o.applied) {
      // The operation takes effect now (an `info` one may also never take effect).
      if (s.info && s.corrupt < 10) {
        open.delete(s.p);
        emitDone(o, 'info');
        continue;
      }
      const eff = apply(state, o.f0, o.v0);
      state = eff.next;
      o.applied = true;
      o.output = eff.output;
      o.outcome = eff.outcome;
      continue;
    }
    open.delete(s.p);
    if (s.info) {
      emitDone(o, 'info');
      continue;
    }
    if (s.corrupt < 8) corrupt(o);
    emitDone(o, o.outcome);
  }
  return events;

  function emitDone(o: Open & { key?: string }, type: 'ok' | 'fail' | 'info') {
    const ev: Omit<HistoryEvent, 'index' | 'time'> = { process: o.p, type, f: o.f, value: type === 'info' ? o.input : o.output, opId: o.opId };
    if (o.key !== undefined) ev.key = o.key;
    emit(ev);
  }
}
