// Jepsen EDN histories in and out: one operation map per line, or one vector of maps.
// Jepsen times are nanoseconds; ours are microseconds.

import type { History, HistoryEvent, HistoryEventType } from '../types/history.ts';
import { EdnError, EdnReader, EdnSet, EdnSymbol, EdnValue, Keyword, kw, writeEdn } from './edn.ts';
import { OperationFields, readOperationMap } from './edn-operation-map.ts';
import { HistoryImportError, importError, lineOf } from './import-error.ts';
import { neverInvoked, OpenOperations } from './pairing.ts';

/**
 * The first line of every history Faultline exports. In Faultline's own runs a failed operation
 * without an :error is a compare-and-set whose comparison failed (a fact about the value), while
 * in Jepsen's EDN a :fail means the operation did not happen; this line says which reading holds.
 */
export const FAULTLINE_EDN_HEADER = ';; faultline history: a :fail without :error is a compare-and-set whose comparison failed';

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

const INVOKE = kw('invoke');
const OK = kw('ok');
const FAIL = kw('fail');
const INFO = kw('info');

/** The event type a `:type` names, or null. */
function eventType(type: EdnValue | undefined): HistoryEventType | null {
  return type === INVOKE ? 'invoke' : type === OK ? 'ok' : type === FAIL ? 'fail' : type === INFO ? 'info' : null;
}

/**
 * Where the import puts each event: a History (HistoryBuilder), or straight into operations
 * (OperationJoiner), which saves making millions of event objects on the way to a check.
 */
export interface EventSink {
  add(
    index: number,
    opId: number,
    type: HistoryEventType,
    process: string | number,
    f: string,
    value: unknown,
    time: number,
    key: string | undefined,
    node: string | undefined,
    error: string | undefined,
  ): void;
}

/** Collects the events as a History. */
export class HistoryBuilder implements EventSink {
  readonly history: HistoryEvent[] = [];
  add(index: number, opId: number, type: HistoryEventType, process: string | number, f: string, value: unknown, time: number, key?: string, node?: string, error?: string): void {
    const ev: HistoryEvent = { index, opId, process, type, f, value, time };
    if (key !== undefined) ev.key = key;
    if (error !== undefined) ev.error = error;
    if (node !== undefined) ev.node = node;
    this.history.push(ev);
  }
}

/**
 * One Jepsen op map → an event given to `sink` (as number `index`, its opId from `open`), and its
 * opId (-1: a completion of no open operation); 'skip' for a map that is no client operation, a
 * string for the reason it is not an operation.
 */
function addEvent(m: OperationFields, index: number, open: OpenOperations, sink: EventSink): number | 'skip' | string {
  const process = m.process;
  // Nemesis and other non-client processes are not client operations.
  if (process instanceof Keyword) return 'skip';
  if (typeof process !== 'number' && typeof process !== 'string') return 'missing :process';
  const type = eventType(m.type);
  if (type === null) return ':type must be :invoke, :ok, :fail or :info';
  const f = m.f;
  if (f === undefined) return 'missing :f';
  const time = m.time;
  const value = m.value;
  const key = m.key;
  const error = m.error;
  const node = m.node;
  const opId = type === 'invoke' ? open.invoke(process) : open.complete(process);
  sink.add(
    index,
    opId,
    type,
    process,
    f instanceof Keyword ? f.name : String(ednToPlain(f)),
    value === undefined || value === null || typeof value === 'number' ? (value ?? null) : ednToPlain(value),
    typeof time === 'number' ? Math.round(time / 1000) : 0,
    key !== undefined && key !== null ? String(ednToPlain(key)) : undefined,
    node !== undefined && node !== null ? String(ednToPlain(node)) : undefined,
    error !== undefined && error !== null ? (typeof error === 'string' ? error : writeEdn(ednToPlain(error))) : undefined,
  );
  return opId;
}

export type ImportOptions = {
  /** Polled while reading; true stops the import with `timedOut` (e.g. the CLI's --timeout). */
  expired?: () => boolean;
  /**
   * Read every operation map with the general EDN reader instead of the fast path
   * (edn-operation-map.ts): the same result, slower; for the tests that compare the two.
   */
  generalReaderOnly?: boolean;
};

export type ParsedHistory = { history: History } | { error: HistoryImportError; timedOut?: true };

/** Whether an EDN history says it was exported by Faultline (see FAULTLINE_EDN_HEADER). */
export function isFaultlineEdn(text: string): boolean {
  return text.startsWith(FAULTLINE_EDN_HEADER);
}

export function parseEdnHistory(text: string, options: ImportOptions = {}): ParsedHistory {
  const builder = new HistoryBuilder();
  const failed = readEdnEvents(text, options, builder);
  return failed ?? { history: builder.history };
}

export type ImportFailure = { error: HistoryImportError; timedOut?: true };

/**
 * Where a reading of an EDN history stands between two values: how far it got, whether it is
 * inside the top-level vector or list, and what it has learnt so far. The byte reader
 * (edn-bytes.ts) reads the start of a history this way and hands the rest to readEdnEvents.
 */
export type EdnReadState = {
  /** Offset of the next value (or of the blanks before it) in the text. */
  pos: number;
  /** Inside a top-level vector or list: its closing character (']' or ')'), else ''. */
  close: '' | ']' | ')';
  /** Where that vector or list opened. */
  seqStart: number;
  /** Events given to the sink. */
  events: number;
  /** Values read, for polling the deadline every POLL_EVERY of them. */
  reads: number;
  open: OpenOperations;
  /** The first completion no invocation opened: reported once the whole text proved readable. */
  unpaired: { offset: number; message: string | null };
};

export const freshReadState = (): EdnReadState => ({
  pos: 0,
  close: '',
  seqStart: 0,
  events: 0,
  reads: 0,
  open: new OpenOperations(),
  unpaired: { offset: 0, message: null },
});

/**
 * Gives `sink` the event an operation map's fields describe. Null when it did (or when the map is
 * no client operation), else the reason the map is no operation; nothing is changed then.
 */
export function addOperationEvent(fields: OperationFields, offset: number, state: EdnReadState, sink: EventSink): string | null {
  const added = addEvent(fields, state.events, state.open, sink);
  if (added === 'skip') return null;
  if (typeof added === 'string') return added;
  state.events++;
  if (added < 0 && state.unpaired.message === null) {
    state.unpaired.offset = offset;
    state.unpaired.message = neverInvoked(fields.process as string | number);
  }
  return null;
}

/** The import's answer once all of the text was read: the unpaired completion, if any. */
export function finishEdnEvents(text: string, state: EdnReadState): ImportFailure | null {
  const { unpaired } = state;
  return unpaired.message !== null ? { error: importError(text, lineOf(text, unpaired.offset), unpaired.message) } : null;
}

/** How often (in values read) a long import asks whether its time is up. */
export const POLL_EVERY = 4096;

/**
 * Reads the EDN history's events into `sink`; null when all of it was read, else why not.
 * `state` says where to start (the start of the text unless the byte reader read a part).
 */
export function readEdnEvents(text: string, options: ImportOptions, sink: EventSink, state: EdnReadState = freshReadState()): ImportFailure | null {
  const reader = new EdnReader(text);
  reader.pos = state.pos;
  const fields = new OperationFields();
  const fast = options.generalReaderOnly !== true;
  const timedOut = (offset: number): ImportFailure | null =>
    ++state.reads % POLL_EVERY === 0 && options.expired?.() === true
      ? { error: importError(text, lineOf(text, offset), 'ran out of time while reading the history'), timedOut: true }
      : null;
  /** The next value as an operation's fields, or whatever else it is. */
  const next = (): EdnValue | OperationFields => {
    if (fast) return readOperationMap(reader, fields) ? fields : reader.read();
    const v = reader.read();
    return v instanceof Map ? fields.fromMap(v) : v;
  };
  const add = (v: EdnValue | OperationFields, offset: number): HistoryImportError | undefined => {
    if (!(v instanceof OperationFields)) return importError(text, lineOf(text, offset), 'expected an operation map {:process .., :type .., :f ..}');
    const wrong = addOperationEvent(v, offset, state, sink);
    return wrong === null ? undefined : importError(text, lineOf(text, offset), wrong);
  };
  /** The rest of a top-level vector or list of maps, up to and past its closing character. */
  const readSeq = (close: ']' | ')', at: number): ImportFailure | null => {
    for (;;) {
      if (!reader.hasMore()) throw new EdnError(`missing '${close}'`, at);
      if (text[reader.pos] === close) break;
      const offset = reader.pos;
      const err = add(next(), offset);
      if (err) return { error: err };
      const late = timedOut(offset);
      if (late !== null) return late;
    }
    reader.pos++;
    return null;
  };
  try {
    if (state.close !== '') {
      const failed = readSeq(state.close, state.seqStart);
      if (failed !== null) return failed;
    }
    while (reader.hasMore()) {
      const start = text.charCodeAt(reader.pos);
      if (start === 91 /* [ */ || start === 40 /* ( */) {
        // A vector or list of maps (Jepsen tools write both): stepped into here rather than read
        // whole, so each map keeps its own line and a long one can still run out of time.
        const at = reader.pos;
        reader.pos++;
        const failed = readSeq(start === 91 ? ']' : ')', at);
        if (failed !== null) return failed;
        continue;
      }
      const offset = reader.pos;
      const v = next();
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
  return finishEdnEvents(text, state);
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
