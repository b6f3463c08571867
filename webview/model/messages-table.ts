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

type Copy = { sendT: number; expectedT: number; from: number; to: number; msg: number; type: number; duplicate: boolean; endT: number; fate: number; reason: number };

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

  const copies: Copy[] = [];
  const pending = new Map<number, Copy[]>();
  for (const event of trace) {
    if (event.kind !== 'send' && event.kind !== 'duplicate' && event.kind !== 'deliver' && event.kind !== 'drop') continue;
    if (event.kind === 'send' || event.kind === 'duplicate') {
      const copy: Copy = {
        sendT: event.t,
        expectedT: event.deliverAt ?? event.t,
        from: laneOf(event.from),
        to: laneOf(event.to),
        msg: event.msg,
        type: intern(event.type, types, typeIds),
        duplicate: event.kind === 'duplicate',
        endT: -1,
        fate: FATE_IN_FLIGHT,
        reason: -1,
      };
      copies.push(copy);
      const list = pending.get(event.msg);
      if (list === undefined) pending.set(event.msg, [copy]);
      else list.push(copy);
      continue;
    }
    // An arrival or a death closes the copy that was due first (copies arrive in due order).
    const list = pending.get(event.msg);
    if (list === undefined || list.length === 0) continue;
    let first = 0;
    for (let i = 1; i < list.length; i++) if (list[i]!.expectedT < list[first]!.expectedT) first = i;
    const copy = list.splice(first, 1)[0]!;
    if (list.length === 0) pending.delete(event.msg);
    copy.endT = event.t;
    if (event.kind === 'deliver') copy.fate = copy.duplicate ? FATE_DUPLICATE_DELIVERED : FATE_DELIVERED;
    else {
      copy.fate = copy.duplicate ? FATE_DUPLICATE_DROPPED : FATE_DROPPED;
      copy.reason = intern(event.reason ?? 'dropped', reasons, reasonIds);
    }
  }

  // Duplicates were pushed right after their send, so only ties can be out of order; sort anyway
  // (stable) to keep the binary search honest whatever order a trace arrives in.
  let sorted = true;
  for (let i = 1; i < copies.length; i++) if (copies[i]!.sendT < copies[i - 1]!.sendT) sorted = false;
  if (!sorted) copies.sort((a, b) => a.sendT - b.sendT);

  const count = copies.length;
  const table: MessageTable = {
    count,
    sendT: new Float64Array(count),
    endT: new Float64Array(count),
    fromLane: new Int32Array(count),
    toLane: new Int32Array(count),
    fate: new Uint8Array(count),
    msgId: new Int32Array(count),
    typeIndex: new Int32Array(count),
    reasonIndex: new Int32Array(count),
    types,
    reasons,
    maxSpan: 0,
    longOnes: new Int32Array(0),
  };
  const spans: number[] = [];
  copies.forEach((copy, i) => {
    const endT = copy.endT >= 0 ? copy.endT : Math.max(copy.sendT, Math.min(copy.expectedT, endUs));
    table.sendT[i] = copy.sendT;
    table.endT[i] = endT;
    table.fromLane[i] = copy.from;
    table.toLane[i] = copy.to;
    table.fate[i] = copy.fate;
    table.msgId[i] = copy.msg;
    table.typeIndex[i] = copy.type;
    table.reasonIndex[i] = copy.reason;
    spans.push(endT - copy.sendT);
  });
  // "Long" means far beyond the typical flight: 8× the 99th percentile of spans.
  const ordered = [...spans].sort((a, b) => a - b);
  const p99 = ordered.length === 0 ? 0 : ordered[Math.min(ordered.length - 1, Math.floor(ordered.length * 0.99))]!;
  const limit = Math.max(1, p99 * 8);
  const long: number[] = [];
  let maxSpan = 0;
  spans.forEach((span, i) => {
    if (span > limit) long.push(i);
    else if (span > maxSpan) maxSpan = span;
  });
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
