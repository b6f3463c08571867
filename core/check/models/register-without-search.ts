// A linearization of a read/write register found without search, when every write writes a
// value no other write writes (as a client writing a counter does). Then each read names the one
// write it saw, and in any linearization a write and the reads of its value form one unbroken
// block ("cluster"): another write in between would change the value for good. So the history is
// linearizable exactly when the clusters can be put in an order that respects real time, where
// cluster A must come before B as soon as some operation of A completed before some operation of
// B began (Gibbons & Korach's read-mapped register test; Golab, Li & Shah phrase it as zones).
// That is a topological sort, linear after sorting, where the general search is exponential in
// the number of overlapping writes.
//
// A found order is replayed against the model and checked against real time before it is
// trusted. When no order exists, two clusters each had to come first: the one that ends first
// and the one that ends next (see clusterOrder), which names four operations that prove it. When
// the shortcut does not apply (repeated values, compare-and-set, a read of a value nobody wrote),
// it returns null and the WGL search decides, as it would have anyway.

import { isPlainWrite, isRead, type Operation } from '../../history/operations.ts';
import { completedAt, whenDone, whenInvoked, who } from '../describe.ts';
import { DecidedWithoutSearch, IMPOSSIBLE, Model } from '../model.ts';

type Cluster = {
  write: Operation | null;
  reads: Operation[];
  /** Latest invocation among the cluster's operations (position in event order). */
  start: number;
  /** Earliest completion among them (+Infinity when none completed). */
  end: number;
};

export type Decision =
  | { kind: 'ok'; order: Operation[] }
  /** `read` completed before `write`, the only write of what it returned, began. */
  | { kind: 'read-before-write'; read: Operation; write: Operation }
  /**
   * Two values that each had to be current before the other: `firstDone` (of A) completed before
   * `laterStart` (of B) began, and `otherDone` (of B) completed before `back` (of A) began. An
   * operation of A is null where A is the initial nil (no write of it exists).
   */
  | { kind: 'cycle'; firstDone: Operation | null; laterStart: Operation; otherDone: Operation; back: Operation };

export function decideWithoutSearch<S>(ops: ReadonlyArray<Operation>, model: Model<S>): Decision | null {
  const byValue = new Map<string | number, Cluster>();
  const clusters: Cluster[] = [];
  for (const op of ops) {
    if (!isPlainWrite(op)) continue;
    if (op.outcome !== 'ok' && op.outcome !== 'unknown') return null;
    const key = valueKey(model, op.input);
    if (key === null || byValue.has(key)) return null;
    const cluster: Cluster = { write: op, reads: [], start: op.call, end: op.ret ?? Number.POSITIVE_INFINITY };
    byValue.set(key, cluster);
    clusters.push(cluster);
  }
  // The initial nil, as a write that took effect before everything.
  const initial: Cluster = { write: null, reads: [], start: -1, end: -1 };
  for (const op of ops) {
    if (isPlainWrite(op)) continue;
    if (!isRead(op) || op.outcome !== 'ok' || op.ret === null) return null;
    const key = valueKey(model, op.output);
    const cluster = key === null ? null : (byValue.get(key) ?? (op.output === null || op.output === undefined ? initial : null));
    if (cluster === null) return null;
    if (cluster.write !== null && op.ret < cluster.write.call) return { kind: 'read-before-write', read: op, write: cluster.write };
    cluster.reads.push(op);
    if (op.call > cluster.start) cluster.start = op.call;
    if (op.ret < cluster.end) cluster.end = op.ret;
  }
  // An indeterminate write nobody read may never have taken effect: it goes last.
  const unread = clusters.filter((c) => c.reads.length === 0 && c.write!.ret === null).map((c) => c.write!);
  const placed = clusters.filter((c) => c.reads.length > 0 || c.write!.ret !== null);
  if (initial.reads.length > 0) placed.unshift(initial);

  const order = clusterOrder(placed);
  if (!Array.isArray(order)) {
    const [a, b] = order.stuck;
    return { kind: 'cycle', firstDone: opEndingAt(a, a.end), laterStart: opStartingAt(b, b.start)!, otherDone: opEndingAt(b, b.end)!, back: opStartingAt(a, a.start)! };
  }
  const out: Operation[] = [];
  for (const c of order) {
    if (c.write !== null) out.push(c.write);
    // Within a cluster, reads by completion: one that completed before another began goes first.
    // (Loops, not push(...list): a cluster or the unread writes can outnumber the stack's room.)
    c.reads.sort((a, b) => a.ret! - b.ret!);
    for (const read of c.reads) out.push(read);
  }
  for (const write of unread) out.push(write);
  return out.length === ops.length && isLinearization(out, model) ? { kind: 'ok', order: out } : null;
}

function members(c: Cluster): Operation[] {
  return c.write === null ? c.reads : [c.write, ...c.reads];
}

function opEndingAt(c: Cluster, end: number): Operation | null {
  return members(c).find((op) => op.ret === end) ?? null;
}

function opStartingAt(c: Cluster, start: number): Operation | null {
  return members(c).find((op) => op.call === start) ?? null;
}

function valueKey<S>(model: Model<S>, value: unknown): string | number | null {
  const key = model.hash(value as S);
  return typeof key === 'number' || typeof key === 'string' ? key : null;
}

/**
 * Clusters in an order where A comes before B whenever A.end < B.start. Each round takes a
 * cluster none of the others left must precede: when any exists, the one that starts first or
 * the one that ends first is such a cluster. When neither is, every cluster left has one that
 * must precede it, the earliest-ending one among the others included; so the cluster ending
 * first (A) and the one ending next (B) must each precede the other: `stuck` is [A, B].
 */
function clusterOrder(clusters: Cluster[]): Cluster[] | { stuck: [Cluster, Cluster] } {
  const n = clusters.length;
  const byStart = clusters.map((_, i) => i).sort((a, b) => clusters[a]!.start - clusters[b]!.start);
  const byEnd = clusters.map((_, i) => i).sort((a, b) => clusters[a]!.end - clusters[b]!.end);
  const taken = new Uint8Array(n);
  let s = 0;
  let e = 0;
  const out: Cluster[] = [];
  /** The earliest-ending cluster left, other than cluster `not` (-1 when none). */
  const earliestEndBut = (not: number): number => {
    for (let k = e; k < n; k++) {
      const i = byEnd[k]!;
      if (taken[i] === 0 && i !== not) return i;
    }
    return -1;
  };
  const fits = (i: number): boolean => {
    const other = earliestEndBut(i);
    return other < 0 || clusters[i]!.start <= clusters[other]!.end;
  };
  while (out.length < n) {
    while (taken[byStart[s]!] === 1) s++;
    while (taken[byEnd[e]!] === 1) e++;
    const first = byStart[s]!;
    const done = byEnd[e]!;
    let next = -1;
    if (fits(first)) next = first;
    else if (fits(done)) next = done;
    if (next < 0) return { stuck: [clusters[done]!, clusters[earliestEndBut(done)]!] };
    taken[next] = 1;
    out.push(clusters[next]!);
  }
  return out;
}

/** Replays the order on the model and checks it against real time (nothing placed after an
 * operation completed before that operation began). */
export function isLinearization<S>(order: ReadonlyArray<Operation>, model: Model<S>): boolean {
  let state = model.init();
  for (const op of order) {
    const next = model.step(state, op);
    if (next === IMPOSSIBLE) return false;
    state = next;
  }
  let earliestLaterEnd = Number.POSITIVE_INFINITY;
  for (let k = order.length - 1; k >= 0; k--) {
    const op = order[k]!;
    if (earliestLaterEnd < op.call) return false;
    if (op.ret !== null && op.ret < earliestLaterEnd) earliestLaterEnd = op.ret;
  }
  return true;
}

/** The decision in the shape the linearizability check takes, with the sentence that proves it. */
export function registerDecision<S>(ops: ReadonlyArray<Operation>, model: Model<S>): DecidedWithoutSearch | null {
  const d = decideWithoutSearch(ops, model);
  if (d === null || d.kind === 'ok') return d;
  const op = (o: Operation) => `${who(o)}'s ${model.describeOp(o)}`;
  if (d.kind === 'read-before-write') {
    const { read, write } = d;
    return {
      kind: 'violation',
      blocked: read,
      operations: [read, write].sort((a, b) => a.call - b.call),
      explain: (clock) => `${who(read)} ${model.describeOp(read)} ${whenDone(read, clock)}, before ${op(write)} (the only write of that value) began ${whenInvoked(write, clock)}.`,
    };
  }
  const { firstDone, laterStart, otherDone, back } = d;
  const proof = [firstDone, laterStart, otherDone, back].filter((o): o is Operation => o !== null);
  return {
    kind: 'violation',
    blocked: back,
    operations: [...new Set(proof)].sort((a, b) => a.call - b.call),
    explain: (clock) =>
      firstDone === null
        ? `${who(back)} ${model.describeOp(back)} ${whenDone(back, clock)} although ${op(otherDone)} ${completedAt(otherDone, clock)}.`
        : `No order explains ${op(back)} ${whenDone(back, clock)}: ${op(firstDone)} ${completedAt(firstDone, clock)} before ${op(laterStart)} began ${whenInvoked(laterStart, clock)}, ` +
          `and ${op(otherDone)} ${completedAt(otherDone, clock)} before ${who(back)}'s began, so ${back.key ?? 'the register'} would have gone back to an older value.`,
  };
}
