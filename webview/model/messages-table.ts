// Every message copy of a run as parallel typed arrays, sorted by send time, so the diagram can
// find the ones crossing the visible window with a binary search instead of walking 100,000
// objects per frame. A duplicated message is two copies (two arrows from one send).

import type { TraceEvent } from '../../core/types/trace.ts';

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
  sendT = new Float64Array(1024);
  expectedT = new Float64Array(1024);
  endT = new Float64Array(1024);
  fromLane = new Int32Array(1024);
  toLane = new Int32Array(1024);
  fate = new Uint8Array(1024);
  msgId = new Int32Array(1024);
  typeIndex = new Int32Array(1024);
  reasonIndex = new Int32Array(1024);
  duplicate = new Uint8Array(1024);

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

export function buildMessageTable(trace: readonly TraceEvent[], laneOf: (endpoint: string) => number, endUs: number): MessageTable {
  const types: string[] = [];
  const typeIds = new Map<string, number>();
  const reasons: string[] = [];
  const reasonIds = new Map<string, number>();
  const intern = (value: string, list: string[], ids: Map<string, number>): number => {
    let id = ids.get(value);
    if (id === undefined) {
      id = list.length;
      list.push(value);
      ids.set(value, id);
    }
    return id;
  };
  const laneCache = new Map<string, number>();
  const lane = (endpoint: string): number => {
    let id = laneCache.get(endpoint);
    if (id === undefined) {
      id = laneOf(endpoint);
      laneCache.set(endpoint, id);
    }
    return id;
  };

  const columns = new Columns();
  // Copies not yet arrived, by message id. Ids are small dense integers, so a typed array holds
  // the first copy; the rare second copy of a duplicated message waits in a map.
  let firstPending = new Int32Array(1024).fill(-1);
  const morePending = new Map<number, number[]>();
  const denseLimit = trace.length * 2 + 1024;
  const sparseIds = new Map<unknown, number>();
  const sparseId = (id: unknown): number => {
    let mapped = sparseIds.get(id);
    if (mapped === undefined) {
      mapped = denseLimit + 1 + sparseIds.size;
      sparseIds.set(id, mapped);
    }
    return mapped;
  };
  let lastType = '';
  let lastTypeId = -1;
  for (const event of trace) {
    const kind = event.kind;
    if (kind !== 'send' && kind !== 'duplicate' && kind !== 'deliver' && kind !== 'drop') continue;
    // Ids outside the dense range (a hand-made or hostile report) get a private id past it.
    const dense = Number.isInteger(event.msg) && event.msg >= 0 && event.msg <= denseLimit;
    const msg = dense ? event.msg : sparseId(event.msg);
    if (msg >= firstPending.length) {
      const bigger = new Int32Array(Math.max(msg + 1, firstPending.length * 2)).fill(-1);
      bigger.set(firstPending);
      firstPending = bigger;
    }
    if (kind === 'send' || kind === 'duplicate') {
      const i = columns.push();
      columns.sendT[i] = event.t;
      columns.expectedT[i] = event.deliverAt ?? event.t;
      columns.endT[i] = -1;
      columns.fromLane[i] = lane(event.from);
      columns.toLane[i] = lane(event.to);
      columns.fate[i] = FATE_IN_FLIGHT;
      columns.msgId[i] = event.msg;
      if (event.type !== lastType) {
        lastType = event.type;
        lastTypeId = intern(lastType, types, typeIds);
      }
      columns.typeIndex[i] = lastTypeId;
      columns.reasonIndex[i] = -1;
      columns.duplicate[i] = kind === 'duplicate' ? 1 : 0;
      if (firstPending[msg] === -1 && !morePending.has(msg)) firstPending[msg] = i;
      else {
        const list = morePending.get(msg) ?? [];
        if (firstPending[msg] !== -1) list.push(firstPending[msg]!);
        firstPending[msg] = -1;
        list.push(i);
        morePending.set(msg, list);
      }
      continue;
    }
    // An arrival or a death closes the copy that was due first (copies arrive in due order).
    let i = firstPending[msg]!;
    if (i !== -1) {
      firstPending[msg] = -1;
    } else {
      const waiting = morePending.get(msg);
      if (waiting === undefined) continue;
      let first = 0;
      for (let k = 1; k < waiting.length; k++) if (columns.expectedT[waiting[k]!]! < columns.expectedT[waiting[first]!]!) first = k;
      i = waiting.splice(first, 1)[0]!;
      if (waiting.length === 0) morePending.delete(msg);
    }
    columns.endT[i] = event.t;
    const duplicate = columns.duplicate[i] === 1;
    if (kind === 'deliver') columns.fate[i] = duplicate ? FATE_DUPLICATE_DELIVERED : FATE_DELIVERED;
    else {
      columns.fate[i] = duplicate ? FATE_DUPLICATE_DROPPED : FATE_DROPPED;
      columns.reasonIndex[i] = intern(event.reason ?? 'dropped', reasons, reasonIds);
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
    const out = array.slice(0, count) as T;
    if (order !== null) for (let k = 0; k < count; k++) out[k] = array[order[k]!]!;
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
  const sorted = spans.slice().sort();
  const p99 = count === 0 ? 0 : sorted[Math.min(count - 1, Math.floor(count * 0.99))]!;
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
