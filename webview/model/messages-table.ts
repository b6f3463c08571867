// Every message copy of a run as parallel typed arrays, sorted by send time, so the diagram can
// find the ones crossing the visible window with a binary search instead of walking 100,000
// objects per frame. A duplicated message is two copies (two arrows from one send).

import type { TraceEvent } from '../../core/types/trace.ts';
import { packTrace, STORED_DELIVER, STORED_DROP, STORED_DUPLICATE, STORED_EVENT, STORED_SEND, type PackedTrace } from './packed-run.ts';
import { interner } from './interner.ts';

export const FATE_DELIVERED = 0;
export const FATE_DROPPED = 1;
/** The second copy of a duplicated message (it arrives, or dies, like any other copy). */
export const FATE_DUPLICATE_DELIVERED = 2;
export const FATE_DUPLICATE_DROPPED = 3;
/** Still travelling when the run stopped. */
export const FATE_IN_FLIGHT = 4;

export type MessageTable = {
  count: number;
  sendT: Float64Array;
  /** Arrival, death (drop) or, for copies in flight, the time they would have arrived. */
  endT: Float64Array;
  fromLane: Int32Array;
  toLane: Int32Array;
  fate: Uint8Array;
  msgId: Int32Array;
  /** Index into `types`. */
  typeIndex: Int32Array;
  /** Index into `reasons` (drops), -1 otherwise. */
  reasonIndex: Int32Array;
  types: string[];
  reasons: string[];
  /**
   * Longest end − send among the copies not in `longOnes`: a window query starts this far
   * before the window. Copies much longer than usual are listed apart, so one slow message does
   * not make every query scan from the start.
   */
  maxSpan: number;
  longOnes: Int32Array;
};

/** Growable parallel columns, so building never allocates an object per message. */
class Columns {
  size = 0;
  sendT: Float64Array;
  expectedT: Float64Array;
  endT: Float64Array;
  fromLane: Int32Array;
  toLane: Int32Array;
  fate: Uint8Array;
  msgId: Int32Array;
  typeIndex: Int32Array;
  reasonIndex: Int32Array;
  duplicate: Uint8Array;

  /** `capacity`: the copies expected (packed input knows them), so columns rarely grow. */
  constructor(capacity: number) {
    const n = Math.max(1024, capacity);
    this.sendT = new Float64Array(n);
    this.expectedT = new Float64Array(n);
    this.endT = new Float64Array(n);
    this.fromLane = new Int32Array(n);
    this.toLane = new Int32Array(n);
    this.fate = new Uint8Array(n);
    this.msgId = new Int32Array(n);
    this.typeIndex = new Int32Array(n);
    this.reasonIndex = new Int32Array(n);
    this.duplicate = new Uint8Array(n);
  }

  push(): number {
    if (this.size === this.sendT.length) {
      const grow = <T extends Float64Array | Int32Array | Uint8Array>(array: T): T => {
        const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      this.sendT = grow(this.sendT);
      this.expectedT = grow(this.expectedT);
      this.endT = grow(this.endT);
      this.fromLane = grow(this.fromLane);
      this.toLane = grow(this.toLane);
      this.fate = grow(this.fate);
      this.msgId = grow(this.msgId);
      this.typeIndex = grow(this.typeIndex);
      this.reasonIndex = grow(this.reasonIndex);
      this.duplicate = grow(this.duplicate);
    }
    return this.size++;
  }
}

/**
 * How the diagram names a heartbeat (a send marked `heartbeat`: an AppendEntries with no entries):
 * a type of its own, so the filters can hide the chatter and keep the appends that carry entries.
 */
export function heartbeatType(type: string): string {
  return `${type} (heartbeat)`;
}

/** The message copies of a trace, given as objects or already packed into columns (packed-run.ts). */
export function buildMessageTable(trace: readonly TraceEvent[] | PackedTrace, laneOf: (endpoint: string) => number, endUs: number): MessageTable {
  const packed = 'stored' in trace ? trace : packTrace(trace);
  const typeNames = interner();
  const types = typeNames.values;
  const reasonNames = interner();
  const reasons = reasonNames.values;
  // Per string of the packed table: its lane and its index in `types` (-1: not yet asked).
  const strings = packed.strings;
  const laneOfString = new Int32Array(strings.length).fill(-1);
  const typeOfString = new Int32Array(strings.length).fill(-1);
  const heartbeatTypeOfString = new Int32Array(strings.length).fill(-1);
  const laneCache = new Map<string, number>();
  const lane = (endpoint: string): number => {
    let id = laneCache.get(endpoint);
    if (id === undefined) {
      id = laneOf(endpoint);
      laneCache.set(endpoint, id);
    }
    return id;
  };

  // Copies leave with sends and duplicates; count them so the columns are allocated once.
  let copies = 0;
  for (let k = 0; k < packed.count; k++) {
    const stored = packed.stored[k]!;
    if (stored === STORED_SEND || stored === STORED_DUPLICATE) copies++;
  }
  const columns = new Columns(copies);
  // Copies not yet arrived, by message id. Ids are small dense integers, so a typed array holds
  // the first copy; the rare second copy of a duplicated message waits in a map.
  let firstPending = new Int32Array(1024).fill(-1);
  const morePending = new Map<number, number[]>();
  const denseLimit = packed.count * 2 + 1024;
  const sparseIds = new Map<unknown, number>();
  const sparseId = (id: unknown): number => {
    let mapped = sparseIds.get(id);
    if (mapped === undefined) {
      mapped = denseLimit + 1 + sparseIds.size;
      sparseIds.set(id, mapped);
    }
    return mapped;
  };

  /** One message event: a copy leaves (send, duplicate) or one arrives or dies (deliver, drop). */
  const visit = (stored: number, t: number, rawMsg: number, fromLane: number, toLane: number, typeIndex: number, reason: string | undefined, deliverAt: number): void => {
    // Ids outside the dense range (a hand-made or hostile report) get a private id past it.
    const dense = Number.isInteger(rawMsg) && rawMsg >= 0 && rawMsg <= denseLimit;
    const msg = dense ? rawMsg : sparseId(rawMsg);
    if (msg >= firstPending.length) {
      const bigger = new Int32Array(Math.max(msg + 1, firstPending.length * 2)).fill(-1);
      bigger.set(firstPending);
      firstPending = bigger;
    }
    if (stored === STORED_SEND || stored === STORED_DUPLICATE) {
      // A second copy is what its first was: a heartbeat's copy is a heartbeat (only sends say so).
      if (stored === STORED_DUPLICATE && firstPending[msg] !== -1) typeIndex = columns.typeIndex[firstPending[msg]!]!;
      const i = columns.push();
      columns.sendT[i] = t;
      columns.expectedT[i] = Number.isNaN(deliverAt) ? t : deliverAt;
      columns.endT[i] = -1;
      columns.fromLane[i] = fromLane;
      columns.toLane[i] = toLane;
      columns.fate[i] = FATE_IN_FLIGHT;
      columns.msgId[i] = rawMsg;
      columns.typeIndex[i] = typeIndex;
      columns.reasonIndex[i] = -1;
      columns.duplicate[i] = stored === STORED_DUPLICATE ? 1 : 0;
      if (firstPending[msg] === -1 && !morePending.has(msg)) firstPending[msg] = i;
      else {
        const list = morePending.get(msg) ?? [];
        if (firstPending[msg] !== -1) list.push(firstPending[msg]!);
        firstPending[msg] = -1;
        list.push(i);
        morePending.set(msg, list);
      }
      return;
    }
    // An arrival or a death closes the copy that was due first (copies arrive in due order).
    let i = firstPending[msg]!;
    if (i !== -1) {
      firstPending[msg] = -1;
    } else {
      const waiting = morePending.get(msg);
      if (waiting === undefined) return;
      let first = 0;
      for (let k = 1; k < waiting.length; k++) if (columns.expectedT[waiting[k]!]! < columns.expectedT[waiting[first]!]!) first = k;
      i = waiting.splice(first, 1)[0]!;
      if (waiting.length === 0) morePending.delete(msg);
    }
    columns.endT[i] = t;
    const duplicate = columns.duplicate[i] === 1;
    if (stored === STORED_DELIVER) columns.fate[i] = duplicate ? FATE_DUPLICATE_DELIVERED : FATE_DELIVERED;
    else {
      columns.fate[i] = duplicate ? FATE_DUPLICATE_DROPPED : FATE_DROPPED;
      columns.reasonIndex[i] = reasonNames.idOf(reason ?? 'dropped');
    }
  };

  const storedOf: Record<string, number> = { send: STORED_SEND, deliver: STORED_DELIVER, drop: STORED_DROP, duplicate: STORED_DUPLICATE };
  let m = 0;
  let e = 0;
  for (let k = 0; k < packed.count; k++) {
    const stored = packed.stored[k]!;
    if (stored <= STORED_DUPLICATE) {
      const from = packed.from[m]!;
      const to = packed.to[m]!;
      const type = packed.type[m]!;
      // Lanes and types are numbered in the order sends first use them (arrivals never ask, so
      // an arrival with no send behind it adds no lane).
      let fromLane = 0;
      let toLane = 0;
      let typeIndex = -1;
      if (stored === STORED_SEND || stored === STORED_DUPLICATE) {
        fromLane = laneOfString[from]!;
        if (fromLane === -1) fromLane = laneOfString[from] = lane(strings[from]!);
        toLane = laneOfString[to]!;
        if (toLane === -1) toLane = laneOfString[to] = lane(strings[to]!);
        if (packed.heartbeat[m] === 1) {
          typeIndex = heartbeatTypeOfString[type]!;
          if (typeIndex === -1) typeIndex = heartbeatTypeOfString[type] = typeNames.idOf(heartbeatType(strings[type]!));
        } else {
          typeIndex = typeOfString[type]!;
          if (typeIndex === -1) typeIndex = typeOfString[type] = typeNames.idOf(strings[type]!);
        }
      }
      const reason = packed.reason[m]!;
      visit(stored, packed.t[k]!, packed.msg[m]!, fromLane, toLane, typeIndex, reason === -1 ? undefined : strings[reason], packed.deliverAt[m]!);
      m++;
    } else if (stored === STORED_EVENT) {
      // A message event out of the columns' shape (hand-made reports): read from the object.
      const event = packed.events[e++]!;
      const kind = storedOf[event.kind];
      if (kind === undefined || !('msg' in event)) continue;
      const sends = kind === STORED_SEND || kind === STORED_DUPLICATE;
      const typeName = event.heartbeat === true ? heartbeatType(event.type) : event.type;
      visit(kind, event.t, event.msg, sends ? lane(event.from) : 0, sends ? lane(event.to) : 0, sends ? typeNames.idOf(typeName) : -1, event.reason, event.deliverAt ?? NaN);
    }
  }

  const count = columns.size;
  // Sends come in trace (time) order; sort by send time anyway when a trace arrives otherwise.
  let order: Int32Array | null = null;
  for (let i = 1; i < count; i++) {
    if (columns.sendT[i]! < columns.sendT[i - 1]!) {
      order = Int32Array.from({ length: count }, (_, k) => k).sort((a, b) => columns.sendT[a]! - columns.sendT[b]! || a - b);
      break;
    }
  }
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(array: T): T => {
    // In order already (the usual case): the columns themselves, without a copy.
    if (order === null) return array.subarray(0, count) as T;
    const out = array.slice(0, count) as T;
    for (let k = 0; k < count; k++) out[k] = array[order[k]!]!;
    return out;
  };
  const table: MessageTable = {
    count,
    sendT: pick(columns.sendT),
    endT: pick(columns.endT),
    fromLane: pick(columns.fromLane),
    toLane: pick(columns.toLane),
    fate: pick(columns.fate),
    msgId: pick(columns.msgId),
    typeIndex: pick(columns.typeIndex),
    reasonIndex: pick(columns.reasonIndex),
    types,
    reasons,
    maxSpan: 0,
    longOnes: new Int32Array(0),
  };
  const expected = pick(columns.expectedT);
  const spans = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    // A copy still in flight at the end is drawn up to when it was due (or the end of the run).
    if (table.endT[i]! < 0) table.endT[i] = Math.max(table.sendT[i]!, Math.min(expected[i]!, endUs));
    spans[i] = table.endT[i]! - table.sendT[i]!;
  }
  // "Long" means far beyond the typical flight: 8× the 99th percentile of spans.
  const p99 = count === 0 ? 0 : kthSmallest(spans.slice(), Math.min(count - 1, Math.floor(count * 0.99)));
  const limit = Math.max(1, p99 * 8);
  const long: number[] = [];
  let maxSpan = 0;
  for (let i = 0; i < count; i++) {
    if (spans[i]! > limit) long.push(i);
    else if (spans[i]! > maxSpan) maxSpan = spans[i]!;
  }
  table.maxSpan = maxSpan;
  table.longOnes = Int32Array.from(long);
  return table;
}

/**
 * The value at index k of the values sorted ascending, found by partitioning (linear time, not a
 * full sort of 100,000 spans); reorders `values`. Values with NaN are sorted as a typed array
 * sorts them (NaN last), since comparisons cannot place NaN.
 */
export function kthSmallest(values: Float64Array, k: number): number {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) return values.sort()[k]!;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    // Median of three as the pivot keeps sorted and reversed input linear.
    const mid = (lo + hi) >>> 1;
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** First index whose send time is ≥ t (binary search over the sorted send times). */
export function firstSentAtOrAfter(table: MessageTable, t: number): number {
  let lo = 0;
  let hi = table.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table.sendT[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls `visit(i)` for every copy whose flight overlaps [t0, t1], each once. */
export function forEachMessageInWindow(table: MessageTable, t0: number, t1: number, visit: (i: number) => void): void {
  const start = firstSentAtOrAfter(table, t0 - table.maxSpan);
  for (let i = start; i < table.count && table.sendT[i]! <= t1; i++) {
    if (table.endT[i]! >= t0) visit(i);
  }
  for (const i of table.longOnes) {
    // Long ones sent at or after t0 - maxSpan were already visited by the loop above.
    if (table.sendT[i]! >= t0 - table.maxSpan) continue;
    if (table.endT[i]! >= t0 && table.sendT[i]! <= t1) visit(i);
  }
}
