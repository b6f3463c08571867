// Writes small histories for tests as operations with start and end times (in ms), so a test
// reads like a timeline: op('alice', 'write', 1, 0, 10) is alice writing 1 from 0 to 10 ms.

import type { History, HistoryEvent, HistoryEventType } from '../../../../core/types/history.ts';

export type Op = {
  process: string | number;
  f: string;
  key?: string;
  input: unknown;
  output: unknown;
  start: number;
  /** null: never completed. */
  end: number | null;
  type?: Exclude<HistoryEventType, 'invoke'>;
  error?: string;
};

export function op(process: string | number, f: string, input: unknown, output: unknown, start: number, end: number | null, extra: Partial<Op> = {}): Op {
  return { process, f, input, output, start, end, ...extra };
}

export const read = (p: string | number, value: unknown, start: number, end: number | null, key = 'x') => op(p, 'read', null, value, start, end, { key });
export const write = (p: string | number, value: unknown, start: number, end: number | null, key = 'x') => op(p, 'write', value, value, start, end, { key });

export function history(ops: Op[]): History {
  const events: Array<Omit<HistoryEvent, 'index'> & { order: number }> = [];
  ops.forEach((o, opId) => {
    const base = { process: o.process, f: o.f, opId, ...(o.key !== undefined ? { key: o.key } : {}) };
    events.push({ ...base, type: 'invoke', value: o.input, time: o.start * 1000, order: 0 });
    if (o.end !== null) {
      const e = { ...base, type: o.type ?? 'ok', value: o.output, time: o.end * 1000, order: 1 } as Omit<HistoryEvent, 'index'> & { order: number };
      if (o.error !== undefined) e.error = o.error;
      events.push(e);
    }
  });
  // Stable by time; at equal times completions go first, so "ends at 10, starts at 10" is ordered.
  events.sort((a, b) => a.time - b.time || b.order - a.order);
  return events.map(({ order: _order, ...e }, index) => ({ ...e, index }));
}
