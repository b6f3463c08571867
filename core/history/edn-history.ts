// Jepsen EDN histories in and out: one operation map per line, or one vector of maps.
// Jepsen times are nanoseconds; ours are microseconds.

import type { History, HistoryEvent, HistoryEventType } from '../types/history.ts';
import { EdnError, EdnMap, EdnReader, EdnSet, EdnSymbol, EdnValue, Keyword, kw, writeEdn } from './edn.ts';
import { HistoryImportError, importError, lineOf } from './import-error.ts';
import { pairEvents } from './pairing.ts';

const TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

/** Plain JS from EDN: keywords lose their colon, sets become arrays, maps become objects. */
export function ednToPlain(v: EdnValue): unknown {
  if (v instanceof Keyword) return v.name;
  if (v instanceof EdnSymbol) return v.name;
  if (v instanceof EdnSet) return v.items.map(ednToPlain);
  if (Array.isArray(v)) return v.map(ednToPlain);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of v) o[String(ednToPlain(k))] = ednToPlain(val);
    return o;
  }
  return v;
}

type Raw = Omit<HistoryEvent, 'index' | 'opId'>;

/** One Jepsen op map → an event without ids; a string is the reason it is not an operation. */
function eventFromMap(m: EdnValue): Raw | 'skip' | string {
  if (!(m instanceof Map)) return 'expected an operation map {:process .., :type .., :f ..}';
  const map = m as EdnMap;
  const process = map.get(kw('process'));
  // Nemesis and other non-client processes are not client operations.
  if (process instanceof Keyword) return 'skip';
  if (typeof process !== 'number' && typeof process !== 'string') return 'missing :process';
  const type = map.get(kw('type'));
  if (!(type instanceof Keyword) || !TYPES.has(type.name)) return ':type must be :invoke, :ok, :fail or :info';
  const f = map.get(kw('f'));
  if (f === undefined) return 'missing :f';
  const fName = f instanceof Keyword ? f.name : String(ednToPlain(f));
  const time = map.get(kw('time'));
  const ev: Raw = {
    process,
    type: type.name as HistoryEventType,
    f: fName,
    value: ednToPlain(map.get(kw('value')) ?? null),
    time: typeof time === 'number' ? Math.round(time / 1000) : 0,
  };
  const key = map.get(kw('key'));
  if (key !== undefined && key !== null) ev.key = String(ednToPlain(key));
  const error = map.get(kw('error'));
  if (error !== undefined && error !== null) ev.error = typeof error === 'string' ? error : writeEdn(ednToPlain(error));
  const node = map.get(kw('node'));
  if (node !== undefined && node !== null) ev.node = String(ednToPlain(node));
  return ev;
}

function finish(raws: Raw[], lines: number[], text: string): { history: History } | { error: HistoryImportError } {
  const paired = pairEvents(raws);
  if ('error' in paired) {
    return { error: importError(text, lines[paired.error.position]!, paired.error.message) };
  }
  const history = raws.map((r, i) => ({ index: i, opId: paired.opIds[i]!, ...r }));
  return { history };
}

export function parseEdnHistory(text: string): { history: History } | { error: HistoryImportError } {
  const reader = new EdnReader(text);
  const raws: Raw[] = [];
  const lines: number[] = [];
  // Line numbers are counted incrementally: offsets only grow.
  let countedTo = 0;
  let countedLine = 1;
  const lineAt = (offset: number): number => {
    if (offset < countedTo) return lineOf(text, offset);
    for (; countedTo < offset; countedTo++) if (text.charCodeAt(countedTo) === 10) countedLine++;
    return countedLine;
  };
  const add = (v: EdnValue, offset: number): HistoryImportError | undefined => {
    const ev = eventFromMap(v);
    if (ev === 'skip') return undefined;
    const line = lineAt(offset);
    if (typeof ev === 'string') return importError(text, line, ev);
    raws.push(ev);
    lines.push(line);
    return undefined;
  };
  try {
    while (reader.hasMore()) {
      const offset = reader.pos;
      const v = reader.read();
      if (Array.isArray(v) && text[offset] === '[') {
        // A vector of maps: the items' lines are not tracked one by one; re-read to find them.
        const inner = new EdnReader(text);
        inner.pos = offset + 1;
        for (let i = 0; i < v.length; i++) {
          inner.hasMore();
          const at = inner.pos;
          const item = inner.read();
          const err = add(item, at);
          if (err) return { error: err };
        }
        continue;
      }
      const err = add(v, offset);
      if (err) return { error: err };
    }
  } catch (e) {
    if (e instanceof EdnError) {
      return { error: importError(text, lineOf(text, e.offset), `not readable as EDN: ${e.message}`) };
    }
    throw e;
  }
  return finish(raws, lines, text);
}

/**
 * Jepsen EDN, one operation map per line (times back to nanoseconds). Jepsen allows a process
 * one operation at a time, but our open-loop clients may have several in flight, so each
 * concurrent operation of a client gets its own process: the client's name for the first lane,
 * `name/2`, `name/3`, ... for overlapping ones. Pairing by process then matches pairing by opId.
 */
export function historyToEdn(history: History): string {
  const out: string[] = [];
  const processOf = jepsenProcesses(history);
  for (const e of history) {
    const m = new Map<unknown, unknown>();
    m.set(kw('process'), processOf.get(e.opId) ?? e.process);
    m.set(kw('type'), kw(e.type));
    m.set(kw('f'), kw(e.f));
    if (e.key !== undefined) m.set(kw('key'), e.key);
    m.set(kw('value'), e.value ?? null);
    m.set(kw('time'), e.time * 1000);
    m.set(kw('index'), e.index);
    if (e.node !== undefined) m.set(kw('node'), e.node);
    if (e.error !== undefined) m.set(kw('error'), e.error);
    out.push(writeEdn(m));
  }
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}

/** The Jepsen process of each operation: lanes per client so no process overlaps itself. */
function jepsenProcesses(history: History): Map<number, string | number> {
  const lanesBusy = new Map<string | number, boolean[]>();
  const laneOf = new Map<number, number>();
  const processOf = new Map<number, string | number>();
  for (const e of history) {
    let lanes = lanesBusy.get(e.process);
    if (lanes === undefined) lanesBusy.set(e.process, (lanes = []));
    if (e.type === 'invoke') {
      let lane = lanes.indexOf(false);
      if (lane === -1) lane = lanes.push(false) - 1;
      lanes[lane] = true;
      laneOf.set(e.opId, lane);
      processOf.set(e.opId, lane === 0 ? e.process : `${String(e.process)}/${lane + 1}`);
    } else {
      const lane = laneOf.get(e.opId);
      if (lane !== undefined) lanes[lane] = false;
    }
  }
  return processOf;
}
