// Jepsen EDN histories in and out: one operation map per line, or one vector of maps.
// Jepsen times are nanoseconds; ours are microseconds.

import type { History, HistoryEvent, HistoryEventType } from '../types/history.ts';
import { EdnError, EdnMap, EdnReader, EdnSet, EdnSymbol, EdnValue, Keyword, kw, MapSink, writeEdn } from './edn.ts';
import { HistoryImportError, importError, lineOf } from './import-error.ts';
import { pairEvents } from './pairing.ts';

const TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

/**
 * The first line of every history Faultline exports. In Faultline's own runs a failed operation
 * without an :error is a compare-and-set whose comparison failed (a fact about the value), while
 * in Jepsen's EDN a :fail means the operation did not happen; this line says which reading holds.
 */
export const FAULTLINE_EDN_HEADER = ';; faultline history: a :fail without :error is a compare-and-set whose comparison failed';

/** How often (in values read) a long import asks whether its time is up. */
const POLL_EVERY = 4096;

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

const PROCESS = kw('process');
const TYPE = kw('type');
const F = kw('f');
const VALUE = kw('value');
const TIME = kw('time');
const KEY = kw('key');
const ERROR = kw('error');
const NODE = kw('node');

/** The fields an operation uses, found in one pass over a map's entries (the last one wins). */
class OperationFields implements MapSink {
  process: EdnValue | undefined = undefined;
  type: EdnValue | undefined = undefined;
  f: EdnValue | undefined = undefined;
  value: EdnValue | undefined = undefined;
  time: EdnValue | undefined = undefined;
  key: EdnValue | undefined = undefined;
  error: EdnValue | undefined = undefined;
  node: EdnValue | undefined = undefined;

  clear(): void {
    this.process = this.type = this.f = this.value = this.time = this.key = this.error = this.node = undefined;
  }

  put(k: EdnValue, v: EdnValue): void {
    if (k === PROCESS) this.process = v;
    else if (k === TYPE) this.type = v;
    else if (k === F) this.f = v;
    else if (k === VALUE) this.value = v;
    else if (k === TIME) this.time = v;
    else if (k === KEY) this.key = v;
    else if (k === ERROR) this.error = v;
    else if (k === NODE) this.node = v;
  }

  get(k: EdnValue): EdnValue | undefined {
    if (k === PROCESS) return this.process;
    if (k === TYPE) return this.type;
    if (k === F) return this.f;
    if (k === VALUE) return this.value;
    if (k === TIME) return this.time;
    if (k === KEY) return this.key;
    if (k === ERROR) return this.error;
    return k === NODE ? this.node : undefined;
  }
}

/**
 * The next value, with a map read straight into `sink` (one object reused for every operation:
 * the caller turns it into an event before reading the next).
 */
function readOperation(reader: EdnReader, sink: OperationFields): EdnValue | OperationFields {
  sink.clear();
  return reader.readMapInto(sink) ? sink : reader.read();
}

/**
 * One Jepsen op map → an event (index and opId filled in later, so every event has one shape);
 * a string is the reason it is not an operation.
 */
function eventFromMap(m: EdnValue | OperationFields): HistoryEvent | 'skip' | string {
  if (!(m instanceof Map) && !(m instanceof OperationFields)) return 'expected an operation map {:process .., :type .., :f ..}';
  const map: { get(k: EdnValue): EdnValue | undefined } = m as EdnMap | OperationFields;
  const process = map.get(PROCESS);
  // Nemesis and other non-client processes are not client operations.
  if (process instanceof Keyword) return 'skip';
  if (typeof process !== 'number' && typeof process !== 'string') return 'missing :process';
  const type = map.get(TYPE);
  if (!(type instanceof Keyword) || !TYPES.has(type.name)) return ':type must be :invoke, :ok, :fail or :info';
  const f = map.get(F);
  if (f === undefined) return 'missing :f';
  const fName = f instanceof Keyword ? f.name : String(ednToPlain(f));
  const time = map.get(TIME);
  const value = map.get(VALUE);
  const ev: HistoryEvent = {
    index: -1,
    opId: -1,
    process,
    type: type.name as HistoryEventType,
    f: fName,
    value: value === undefined || value === null || typeof value === 'number' ? (value ?? null) : ednToPlain(value),
    time: typeof time === 'number' ? Math.round(time / 1000) : 0,
  };
  const key = map.get(KEY);
  if (key !== undefined && key !== null) ev.key = String(ednToPlain(key));
  const error = map.get(ERROR);
  if (error !== undefined && error !== null) ev.error = typeof error === 'string' ? error : writeEdn(ednToPlain(error));
  const node = map.get(NODE);
  if (node !== undefined && node !== null) ev.node = String(ednToPlain(node));
  return ev;
}

function finish(events: HistoryEvent[], offsets: number[], text: string): { history: History } | { error: HistoryImportError } {
  const paired = pairEvents(events);
  if ('error' in paired) {
    return { error: importError(text, lineOf(text, offsets[paired.error.position]!), paired.error.message) };
  }
  for (let i = 0; i < events.length; i++) {
    events[i]!.index = i;
    events[i]!.opId = paired.opIds[i]!;
  }
  return { history: events };
}

export type ImportOptions = {
  /** Polled while reading; true stops the import with `timedOut` (e.g. the CLI's --timeout). */
  expired?: () => boolean;
};

export type ParsedHistory = { history: History } | { error: HistoryImportError; timedOut?: true };

/** Whether an EDN history says it was exported by Faultline (see FAULTLINE_EDN_HEADER). */
export function isFaultlineEdn(text: string): boolean {
  return text.startsWith(FAULTLINE_EDN_HEADER);
}

export function parseEdnHistory(text: string, options: ImportOptions = {}): ParsedHistory {
  const reader = new EdnReader(text);
  const sink = new OperationFields();
  let reads = 0;
  const timedOut = (offset: number): ParsedHistory | null =>
    ++reads % POLL_EVERY === 0 && options.expired?.() === true
      ? { error: importError(text, lineAt(offset), 'ran out of time while reading the history'), timedOut: true }
      : null;
  const raws: HistoryEvent[] = [];
  // Where each event starts; its line is counted only when an error needs it.
  const offsets: number[] = [];
  const lineAt = (offset: number): number => lineOf(text, offset);
  const add = (v: EdnValue | OperationFields, offset: number): HistoryImportError | undefined => {
    const ev = eventFromMap(v);
    if (ev === 'skip') return undefined;
    if (typeof ev === 'string') return importError(text, lineAt(offset), ev);
    raws.push(ev);
    offsets.push(offset);
    return undefined;
  };
  try {
    while (reader.hasMore()) {
      const open = text[reader.pos];
      if (open === '[' || open === '(') {
        // A vector or list of maps (Jepsen tools write both): stepped into here rather than read
        // whole, so each map keeps its own line and a long one can still run out of time.
        const close = open === '[' ? ']' : ')';
        const start = reader.pos;
        reader.pos++;
        for (;;) {
          if (!reader.hasMore()) throw new EdnError(`missing '${close}'`, start);
          if (text[reader.pos] === close) break;
          const at = reader.pos;
          const err = add(readOperation(reader, sink), at);
          if (err) return { error: err };
          const late = timedOut(at);
          if (late !== null) return late;
        }
        reader.pos++;
        continue;
      }
      const offset = reader.pos;
      const v = readOperation(reader, sink);
      const late = timedOut(offset);
      if (late !== null) return late;
      const err = add(v, offset);
      if (err) return { error: err };
    }
  } catch (e) {
    if (e instanceof EdnError) {
      return { error: importError(text, lineOf(text, e.offset), `not readable as EDN: ${e.message}`) };
    }
    throw e;
  }
  return finish(raws, offsets, text);
}

/**
 * Jepsen EDN, one operation map per line (times back to nanoseconds). Jepsen allows a process
 * one operation at a time, but our open-loop clients may have several in flight, so each
 * concurrent operation of a client gets its own process: the client's name for the first lane,
 * `name/2`, `name/3`, ... for overlapping ones. Pairing by process then matches pairing by opId.
 */
export function historyToEdn(history: History): string {
  const out: string[] = [FAULTLINE_EDN_HEADER];
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
  return out.join('\n') + '\n';
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
