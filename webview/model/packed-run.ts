// A run packed for the trip to the playground page. A 100,000-message run is a trace of 300,000+
// small objects; as JSON that is ~36 MB the page must parse before it can draw anything. Here the
// message events (two thirds of a trace) become typed columns with a string table; state changes
// become columns too, their records' values one flat list beside the few key shapes they share;
// the rare events drawn whole (faults, timers, notes) stay JSON; and client/apply events — the
// diagram reads operations from the history instead — are a separate JSON text decoded only when
// someone asks for `report.trace`. The same bytes travel both ways to the page: the HTML report
// embeds them gzip-compressed as base64, the simulation worker transfers them without copying.
//
// Pure (no DOM, no node APIs): the CLI, the worker and the page all use it. Lossless: unpacking
// gives back a trace deep-equal to the one packed (events with unexpected fields or types are
// kept whole instead of being squeezed into the columns).

import type { Report } from '../../core/types/report.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { interner } from './interner.ts';
import { decodeObjects, encodeObjects, type BlockReader, type ObjectsMeta } from './object-columns.ts';

export const PACKED_RUN_FORMAT = 'faultline.packed-run/3';

/** How each trace event is stored: message kinds in the columns, the rest whole. */
export const STORED_SEND = 0;
export const STORED_DELIVER = 1;
export const STORED_DROP = 2;
export const STORED_DUPLICATE = 3;
/** Kept whole in `events`: faults, states, timers, notes, and any message event out of shape. */
export const STORED_EVENT = 4;
/** Kept whole in the later part: client and apply events (nothing is drawn from them). */
export const STORED_LATER = 5;
/** A node's state change in the state columns: its record's values without their keys. */
export const STORED_STATE = 6;

const MESSAGE_KINDS = ['send', 'deliver', 'drop', 'duplicate'] as const;
const MESSAGE_KEYS = new Set(['kind', 't', 'msg', 'from', 'to', 'type', 'reason', 'deliverAt', 'heartbeat']);

export type PackedTrace = {
  /** Trace events in all. */
  count: number;
  /** Per event: STORED_*. */
  stored: Uint8Array;
  /** Per event: its time. */
  t: Float64Array;
  /** Message events in the columns below, in trace order. */
  messageCount: number;
  msg: Float64Array;
  /** Indexes into `strings`. */
  from: Int32Array;
  to: Int32Array;
  type: Int32Array;
  /** Index into `strings`, -1 when the event has no reason. */
  reason: Int32Array;
  /** NaN when the event has no deliverAt. */
  deliverAt: Float64Array;
  /** 1 when the event says `heartbeat: true` (a message with no news), 0 otherwise. */
  heartbeat: Uint8Array;
  strings: string[];
  /** The STORED_EVENT events, in trace order. */
  events: TraceEvent[];
  /** STORED_STATE events, in trace order: node (index into `strings`), local clock, record. */
  stateCount: number;
  stateNode: Int32Array;
  stateLocal: Float64Array;
  /** The records themselves (decoded from their columns on the first call when packed as bytes). */
  stateRecords(): Array<Record<string, unknown>>;
  laterCount: number;
  /** The STORED_LATER events, in trace order (decoded on the first call when packed as bytes). */
  laterEvents(): TraceEvent[];
};

/** A run ready for the playground: the report's other parts, and its trace as columns. */
export type PackedRun = { report: Report; trace: PackedTrace };

/** A message event that the columns hold exactly: known keys with the expected types. */
function fitsColumns(event: Record<string, unknown>): boolean {
  if (typeof event.msg !== 'number' || typeof event.from !== 'string' || typeof event.to !== 'string' || typeof event.type !== 'string') return false;
  if ('reason' in event && typeof event.reason !== 'string') return false;
  if ('deliverAt' in event && typeof event.deliverAt !== 'number') return false;
  if ('heartbeat' in event && event.heartbeat !== true) return false;
  for (const key in event) if (!MESSAGE_KEYS.has(key)) return false;
  return true;
}

/** A state event the state columns hold exactly: known keys, a plain record of defined values. */
function fitsStateColumns(event: Record<string, unknown>): boolean {
  if (typeof event.node !== 'string' || typeof event.local !== 'number') return false;
  const state = event.state;
  if (typeof state !== 'object' || state === null || Object.getPrototypeOf(state) !== Object.prototype) return false;
  for (const key in event) if (key !== 'kind' && key !== 't' && key !== 'node' && key !== 'local' && key !== 'state') return false;
  for (const key in state) if ((state as Record<string, unknown>)[key] === undefined || !Object.hasOwn(state, key)) return false;
  return true;
}

export function packTrace(trace: readonly TraceEvent[]): PackedTrace {
  const count = trace.length;
  const stored = new Uint8Array(count);
  const t = new Float64Array(count);
  const msg = new Float64Array(count);
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  const type = new Int32Array(count);
  const reason = new Int32Array(count);
  const deliverAt = new Float64Array(count);
  const heartbeat = new Uint8Array(count);
  const table = interner();
  const strings = table.values;
  const intern = (value: string): number => table.idOf(value);
  const events: TraceEvent[] = [];
  const later: TraceEvent[] = [];
  const stateNode = new Int32Array(count);
  const stateLocal = new Float64Array(count);
  const records: Array<Record<string, unknown>> = [];
  let m = 0;
  for (let i = 0; i < count; i++) {
    const event = trace[i]!;
    t[i] = event.t;
    const kind = event.kind;
    if ((kind === 'send' || kind === 'deliver' || kind === 'drop' || kind === 'duplicate') && fitsColumns(event)) {
      stored[i] = kind === 'send' ? STORED_SEND : kind === 'deliver' ? STORED_DELIVER : kind === 'drop' ? STORED_DROP : STORED_DUPLICATE;
      msg[m] = event.msg;
      from[m] = intern(event.from);
      to[m] = intern(event.to);
      type[m] = intern(event.type);
      reason[m] = event.reason === undefined ? -1 : intern(event.reason);
      deliverAt[m] = event.deliverAt === undefined ? NaN : event.deliverAt;
      heartbeat[m] = event.heartbeat === true ? 1 : 0;
      m++;
    } else if (kind === 'client' || kind === 'apply') {
      stored[i] = STORED_LATER;
      later.push(event);
    } else if (kind === 'state' && fitsStateColumns(event)) {
      stored[i] = STORED_STATE;
      stateNode[records.length] = intern(event.node);
      stateLocal[records.length] = event.local;
      records.push(event.state);
    } else {
      stored[i] = STORED_EVENT;
      events.push(event);
    }
  }
  return {
    count,
    stored,
    t,
    messageCount: m,
    msg: msg.slice(0, m),
    from: from.slice(0, m),
    to: to.slice(0, m),
    type: type.slice(0, m),
    reason: reason.slice(0, m),
    deliverAt: deliverAt.slice(0, m),
    heartbeat: heartbeat.slice(0, m),
    strings,
    events,
    stateCount: records.length,
    stateNode: stateNode.slice(0, records.length),
    stateLocal: stateLocal.slice(0, records.length),
    stateRecords: () => records,
    laterCount: later.length,
    laterEvents: () => later,
  };
}

/** The trace as objects again, deep-equal to the one packed. */
export function unpackTrace(packed: PackedTrace): TraceEvent[] {
  const later = packed.laterEvents();
  const records = packed.stateRecords();
  const out = new Array<TraceEvent>(packed.count);
  const s = packed.strings;
  let m = 0;
  let e = 0;
  let l = 0;
  let j = 0;
  for (let i = 0; i < packed.count; i++) {
    const stored = packed.stored[i]!;
    if (stored === STORED_EVENT) out[i] = packed.events[e++]!;
    else if (stored === STORED_LATER) out[i] = later[l++]!;
    else if (stored === STORED_STATE) {
      out[i] = { kind: 'state', t: packed.t[i]!, node: s[packed.stateNode[j]!]!, local: packed.stateLocal[j]!, state: records[j]! };
      j++;
    } else {
      const event: TraceEvent = { kind: MESSAGE_KINDS[stored]!, t: packed.t[i]!, msg: packed.msg[m]!, from: s[packed.from[m]!]!, to: s[packed.to[m]!]!, type: s[packed.type[m]!]! };
      if (packed.reason[m]! >= 0) event.reason = s[packed.reason[m]!]!;
      if (!Number.isNaN(packed.deliverAt[m]!)) event.deliverAt = packed.deliverAt[m]!;
      if (packed.heartbeat[m] === 1) event.heartbeat = true;
      out[i] = event;
      m++;
    }
  }
  return out;
}

/** A Report whose `trace` is rebuilt from the columns on first read (most pages never read it). */
function withLazyTrace(rest: Omit<Report, 'trace'>, packed: PackedTrace): Report {
  const report = rest as Report;
  let trace: TraceEvent[] | null = null;
  Object.defineProperty(report, 'trace', {
    enumerable: true,
    configurable: true,
    get: () => (trace ??= unpackTrace(packed)),
    set: (value: TraceEvent[]) => {
      trace = value;
    },
  });
  return report;
}

/** A Report in packed form, without copying it to bytes (the page packs reports it receives whole). */
export function packRun(report: Report): PackedRun {
  const trace = packTrace(report.trace);
  const { trace: _omitted, ...rest } = report;
  return { report: withLazyTrace(rest, trace), trace };
}

// ───────────────────────── bytes ─────────────────────────
// [u32 header length][header JSON, UTF-8][padding to 8][blocks]. The header holds the report
// without its trace and history, the string table, the whole events, where each block lies and
// which block holds which column. Every block starts on 8 bytes; typed columns are in the
// platform's byte order, little-endian on every machine a browser or node runs on. The history,
// the state records and the client/apply events are object columns (object-columns.ts): the
// JSON text they used to be cost the worker ~250 ms to write for a 120 s run.

type Section = [offset: number, length: number];
type ColumnName = 'stored' | 't' | 'msg' | 'from' | 'to' | 'type' | 'reason' | 'deliverAt' | 'heartbeat' | 'stateNode' | 'stateLocal';
type Header = {
  format: string;
  report: Omit<Report, 'trace' | 'history'>;
  history: ObjectsMeta;
  count: number;
  messageCount: number;
  laterCount: number;
  stateCount: number;
  strings: string[];
  events: TraceEvent[];
  states: ObjectsMeta;
  later: ObjectsMeta;
  /** Narrower columns in the bytes when every value fits (widened again when read). */
  narrow: { msg: boolean; indexes: boolean };
  /** The block of each trace column. */
  columns: Record<ColumnName, number>;
  blocks: Section[];
};

const align8 = (n: number) => (n + 7) & ~7;

export function encodeRun(report: Report, packed: PackedTrace = packTrace(report.trace)): Uint8Array<ArrayBuffer> {
  if (!littleEndian()) throw new Error('packed runs need a little-endian machine');
  const parts: Uint8Array[] = [];
  const write = (bytes: Uint8Array): number => parts.push(bytes) - 1;
  // Message ids are small integers and indexes point into short tables: 4 and 2 bytes carry
  // them in all but odd runs, and every byte saved is one the page does not inflate.
  const narrow = {
    msg: packed.msg.every((id) => (id | 0) === id && !Object.is(id, -0)),
    indexes: packed.strings.length < 0x7fff,
  };
  const ids = (column: Float64Array) => write(bytesOf(narrow.msg ? new Int32Array(column) : column));
  const index = (column: Int32Array) => write(bytesOf(narrow.indexes ? new Int16Array(column) : column));
  const columns: Header['columns'] = {
    t: write(bytesOf(packed.t)),
    msg: ids(packed.msg),
    deliverAt: write(bytesOf(packed.deliverAt)),
    stateLocal: write(bytesOf(packed.stateLocal)),
    stateNode: index(packed.stateNode),
    from: index(packed.from),
    to: index(packed.to),
    type: index(packed.type),
    reason: index(packed.reason),
    stored: write(packed.stored),
    heartbeat: write(packed.heartbeat),
  };
  const { trace: _omitted, history, ...rest } = report;
  const historyMeta = encodeObjects(history, write);
  const states = encodeObjects(packed.stateRecords(), write);
  const later = encodeObjects(packed.laterEvents(), write);
  const blocks: Section[] = [];
  let size = 0;
  for (const bytes of parts) {
    size = align8(size);
    blocks.push([size, bytes.byteLength]);
    size += bytes.byteLength;
  }
  const header: Header = {
    format: PACKED_RUN_FORMAT,
    report: rest,
    history: historyMeta,
    count: packed.count,
    messageCount: packed.messageCount,
    laterCount: packed.laterCount,
    stateCount: packed.stateCount,
    strings: packed.strings,
    events: packed.events,
    states,
    later,
    narrow,
    columns,
    blocks,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(4 + headerBytes.byteLength);
  const out = new Uint8Array(dataStart + size);
  new DataView(out.buffer).setUint32(0, headerBytes.byteLength, true);
  out.set(headerBytes, 4);
  for (let b = 0; b < parts.length; b++) out.set(parts[b]!, dataStart + blocks[b]![0]);
  return out;
}

/** Reads bytes from encodeRun; throws an Error that says what is wrong with malformed input. */
export function decodeRun(input: Uint8Array): PackedRun {
  if (!littleEndian()) throw new Error('packed runs need a little-endian machine');
  // Typed views need aligned offsets: copy the rare input that does not start on 8 bytes.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  if (bytes.byteLength < 4) throw new Error('the packed run is truncated');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) throw new Error('the packed run is truncated');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as Header;
  if (typeof header !== 'object' || header === null || header.format !== PACKED_RUN_FORMAT) throw new Error('not a packed Faultline run (or a newer format)');
  const { count, messageCount, laterCount, stateCount, strings, events, narrow, columns, blocks } = header;
  const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (
    !whole(count) ||
    !whole(messageCount) ||
    !whole(laterCount) ||
    !whole(stateCount) ||
    !Array.isArray(strings) ||
    !strings.every((s) => typeof s === 'string') ||
    !Array.isArray(events) ||
    !events.every((e) => typeof e === 'object' && e !== null) ||
    typeof narrow !== 'object' ||
    narrow === null ||
    typeof columns !== 'object' ||
    columns === null ||
    !Array.isArray(blocks)
  ) {
    throw new Error('the packed run has a malformed header');
  }
  if (typeof header.report !== 'object' || header.report === null) throw new Error('the packed run has no report');
  const dataStart = bytes.byteOffset + align8(4 + headerLength);
  // Every block within the input, checked now: the lazily decoded ones would otherwise fail late.
  for (const section of blocks) {
    if (!Array.isArray(section) || !whole(section[0]) || !whole(section[1])) throw new Error("the packed run's blocks are malformed");
    if (dataStart + section[0] + section[1] > bytes.byteOffset + bytes.byteLength) throw new Error('the packed run is truncated');
  }
  /** Block `block`'s bytes, checked to lie within the input and to hold whole elements of `width` bytes. */
  const blockAt = (block: unknown, width: number, what: string): Section => {
    const section = typeof block === 'number' ? blocks[block] : undefined;
    if (!Array.isArray(section) || !whole(section[0]) || !whole(section[1]) || section[0] % 8 !== 0 || section[1] % width !== 0) throw new Error(`the packed run's ${what} is malformed`);
    if (dataStart + section[0] + section[1] > bytes.byteOffset + bytes.byteLength) throw new Error('the packed run is truncated');
    return [dataStart + section[0], section[1]];
  };
  const reader: BlockReader = {
    typed(block, kind, width, length) {
      if (kind === 'float' ? width !== 8 : width !== 1 && width !== 2 && width !== 4) throw new Error("the packed run's column width is malformed");
      const size = width as number;
      const [offset, byteLength] = blockAt(block, size, 'column');
      if (byteLength !== length * size) throw new Error("the packed run's column does not match its objects");
      const buffer = bytes.buffer;
      return size === 8 ? new Float64Array(buffer, offset, length) : size === 4 ? new Int32Array(buffer, offset, length) : size === 2 ? new Int16Array(buffer, offset, length) : new Int8Array(buffer, offset, length);
    },
    text(block) {
      const [offset, byteLength] = blockAt(block, 1, 'text');
      return new TextDecoder().decode(new Uint8Array(bytes.buffer, offset, byteLength));
    },
  };
  const view = <T>(name: ColumnName, make: (buffer: ArrayBufferLike, offset: number, length: number) => T, elementSize: number, length: number): T => {
    const [offset, byteLength] = blockAt(columns[name], elementSize, `${name} column`);
    if (byteLength !== length * elementSize) throw new Error(`the packed run's ${name} column is malformed`);
    return make(bytes.buffer, offset, length);
  };
  const f64 = (b: ArrayBufferLike, o: number, n: number) => new Float64Array(b, o, n);
  // Narrow columns widen natively (a typed array built from another converts each value).
  const idsOf = (b: ArrayBufferLike, o: number, n: number) => (narrow.msg === true ? new Float64Array(new Int32Array(b, o, n)) : new Float64Array(b, o, n));
  const indexOf = (b: ArrayBufferLike, o: number, n: number) => (narrow.indexes === true ? new Int32Array(new Int16Array(b, o, n)) : new Int32Array(b, o, n));
  const idSize = narrow.msg === true ? 4 : 8;
  const indexSize = narrow.indexes === true ? 2 : 4;
  const history = decodeObjects(header.history, reader) as unknown as Report['history'];
  const packed: PackedTrace = {
    count,
    stored: view('stored', (b, o, n) => new Uint8Array(b, o, n), 1, count),
    t: view('t', f64, 8, count),
    messageCount,
    msg: view('msg', idsOf, idSize, messageCount),
    from: view('from', indexOf, indexSize, messageCount),
    to: view('to', indexOf, indexSize, messageCount),
    type: view('type', indexOf, indexSize, messageCount),
    reason: view('reason', indexOf, indexSize, messageCount),
    deliverAt: view('deliverAt', f64, 8, messageCount),
    heartbeat: view('heartbeat', (b, o, n) => new Uint8Array(b, o, n), 1, messageCount),
    strings,
    events,
    stateCount,
    stateNode: view('stateNode', indexOf, indexSize, stateCount),
    stateLocal: view('stateLocal', f64, 8, stateCount),
    stateRecords: () => [],
    laterCount,
    laterEvents: () => [],
  };
  checkConsistent(packed);
  // Records and later events are built on first use (most pages never read the later ones).
  let records: Array<Record<string, unknown>> | null = null;
  packed.stateRecords = () => {
    if (records === null) {
      records = decodeObjects(header.states, reader);
      if (records.length !== stateCount) throw new Error("the packed run's state records do not match its trace");
    }
    return records;
  };
  let later: TraceEvent[] | null = null;
  packed.laterEvents = () => {
    if (later === null) {
      later = decodeObjects(header.later, reader) as unknown as TraceEvent[];
      if (later.length !== laterCount) throw new Error("the packed run's later events do not match its trace");
    }
    return later;
  };
  // The history goes back where the report had it (key order as in a Report).
  const { format, scenario, seed, config, stats, expectations, ...more } = header.report;
  const rest = { format, scenario, seed, config, stats, expectations, history, ...more };
  return { report: withLazyTrace(rest, packed), trace: packed };
}

/** Every stored kind and string index agrees with the columns' lengths (so readers never look past them). */
function checkConsistent(packed: PackedTrace): void {
  let messages = 0;
  let events = 0;
  let later = 0;
  let states = 0;
  for (let i = 0; i < packed.count; i++) {
    const stored = packed.stored[i]!;
    if (stored <= STORED_DUPLICATE) messages++;
    else if (stored === STORED_EVENT) events++;
    else if (stored === STORED_LATER) later++;
    else if (stored === STORED_STATE) states++;
    else throw new Error('the packed run has an unknown event kind');
  }
  if (messages !== packed.messageCount || events !== packed.events.length || later !== packed.laterCount || states !== packed.stateCount) throw new Error("the packed run's counts do not match its events");
  const strings = packed.strings.length;
  for (let j = 0; j < packed.stateCount; j++) {
    const node = packed.stateNode[j]!;
    if (node < 0 || node >= strings) throw new Error('the packed run refers to a string it does not hold');
  }
  for (let m = 0; m < packed.messageCount; m++) {
    const from = packed.from[m]!;
    const to = packed.to[m]!;
    const type = packed.type[m]!;
    const reason = packed.reason[m]!;
    if (from < 0 || from >= strings || to < 0 || to >= strings || type < 0 || type >= strings || reason < -1 || reason >= strings) throw new Error('the packed run refers to a string it does not hold');
  }
}

function bytesOf(array: Float64Array | Int32Array | Int16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
