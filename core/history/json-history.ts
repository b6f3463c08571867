// The project's own history format: a JSON array of HistoryEvent (core/types/history.ts), or any
// JSON object with a `history` field holding one (such as a saved Report).

import type { History, HistoryEvent } from '../types/history.ts';
import { HistoryImportError, importError, lineOf } from './import-error.ts';
import { pairEvents } from './pairing.ts';

const TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

/** As deep as the EDN reader allows: deeper values would overflow the checkers' JSON.stringify. */
const MAX_VALUE_DEPTH = 256;

/** Whether a parsed JSON value nests deeper than `max` (an explicit stack: no recursion). */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The line where the n-th event sits: events are found by their "process" key. */
function elementLine(text: string, n: number): number {
  const re = /"process"\s*:/g;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = re.exec(text)) !== null) {
    if (count === n) return lineOf(text, m.index);
    count++;
  }
  return 1;
}

export function parseJsonHistory(text: string): { history: History } | { error: HistoryImportError } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    const line = m ? lineOf(text, Number(m[1])) : 1;
    return { error: importError(text, line, `not valid JSON: ${(e as Error).message}`) };
  }
  const list = Array.isArray(data) ? data : (data as { history?: unknown } | null)?.history;
  if (!Array.isArray(list)) return { error: importError(text, 1, 'expected a JSON array of history events, or an object with a "history" array') };
  const events: HistoryEvent[] = [];
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as Partial<HistoryEvent> | null;
    const bad = (why: string) => ({ error: importError(text, elementLine(text, i), `event ${i}: ${why}`) });
    if (e === null || typeof e !== 'object') return bad('not an object');
    if (typeof e.process !== 'string' && typeof e.process !== 'number') return bad('"process" must be a string or a number');
    if (typeof e.type !== 'string' || !TYPES.has(e.type)) return bad('"type" must be invoke, ok, fail or info');
    if (typeof e.f !== 'string') return bad('"f" must be a string');
    if (nestsDeeperThan(e.value, MAX_VALUE_DEPTH)) return bad(`"value" is nested more than ${MAX_VALUE_DEPTH} levels deep`);
    const ev: HistoryEvent = {
      index: typeof e.index === 'number' ? e.index : i,
      process: e.process,
      type: e.type,
      f: e.f,
      value: e.value ?? null,
      time: typeof e.time === 'number' ? e.time : 0,
      opId: typeof e.opId === 'number' ? e.opId : -1,
    };
    if (typeof e.key === 'string') ev.key = e.key;
    if (typeof e.node === 'string') ev.node = e.node;
    if (typeof e.error === 'string') ev.error = e.error;
    events.push(ev);
  }
  events.sort((a, b) => a.index - b.index);
  if (events.some((e) => e.opId < 0)) {
    const paired = pairEvents(events);
    if ('error' in paired) return { error: importError(text, elementLine(text, paired.error.position), paired.error.message) };
    events.forEach((e, i) => (e.opId = paired.opIds[i]!));
  }
  return { history: events };
}
