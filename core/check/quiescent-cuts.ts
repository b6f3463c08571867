// Long histories in linear time: a history is cut wherever no operation is open (every operation
// invoked so far has completed). Across such a cut, real time orders every operation before it
// ahead of every operation after it, so a linearization is one of each segment, end to end, and
// all that passes from one segment to the next is the set of states the first can end in. A
// mostly sequential history is then a chain of tiny segments, each checked in constant time,
// where one search over the whole would keep a bitset of every operation in every memo entry.
//
// Segments before the last are enumerated (every end state and one order reaching it) from each
// state reachable so far; the last one, which holds every indeterminate operation (such an
// operation never completes, so nothing after it can be cut), and any segment too big to
// enumerate (too many operations, or too many orders of them), go with the rest of the history
// to the WGL search, once per reachable start state.

import type { Operation } from '../history/operations.ts';
import type { BudgetTracker } from './budget.ts';
import { IMPOSSIBLE, Model } from './model.ts';
import { WglSearch } from './wgl-search.ts';

/** Segments up to this many operations are enumerated; a bigger one ends the cutting. */
export const MAX_ENUMERATED = 24;
/**
 * Configurations (operations placed, state) one segment's enumeration may visit. 24 concurrent
 * operations have 2^24 subsets: without a bound the set of visited configurations outgrew what a
 * JavaScript Set holds (found by the 100,000-run theorem pass, stream 2027). Past it, the segment
 * and the rest of the history go to the WGL search, whose memo table has a memory budget.
 */
const MAX_CONFIGURATIONS = 1 << 18;
/** States reachable at one cut beyond which the check stops as undecided. */
const MAX_FRONTIER = 4096;
/** Steps per WGL slice, so the budget and the deadline are polled on a long remainder. */
const SLICE = 1 << 16;

/**
 * Where the history's quiescent cuts fall: the end (exclusive) of each segment of `ops` (in
 * invocation order, as toOperations gives), in order. Ends rather than arrays: a sequential
 * history of a million operations is a million segments of one.
 */
export function quiescentCuts(ops: ReadonlyArray<Operation>): Int32Array {
  const ends = new Int32Array(ops.length);
  let count = 0;
  let openUntil = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (i > 0 && openUntil < op.call) ends[count++] = i;
    const end = op.ret ?? Number.POSITIVE_INFINITY;
    if (end > openUntil) openUntil = end;
  }
  if (ops.length > 0) ends[count++] = ops.length;
  return ends.subarray(0, count);
}

/** A state reachable at a cut, with the way there: the previous cut's entry and this segment's order. */
type Reached<S> = { state: S; parent: Reached<S> | null; via: Operation | Operation[] | null };

export type SegmentedOutcome<S> =
  | { kind: 'ok'; order: Operation[] }
  | { kind: 'fail'; prefix: Operation[]; blocked: Operation; stateAfterPrefix: S }
  | { kind: 'budget'; reason: string; prefix: Operation[] };

/**
 * The order that reaches `end`: `committed` (the order up to the last cut where one state alone
 * was reachable, the root of every live chain), then the segments' orders along the chain.
 */
function path<S>(end: Reached<S> | null, committed: ReadonlyArray<Operation>): Operation[] {
  const out = committed.slice();
  appendChain(end, out);
  return out;
}

/** Appends the orders along `end`'s chain of parents (root first) to `out`. */
function appendChain<S>(end: Reached<S> | null, out: Operation[]): void {
  const parts: Array<Operation | Operation[]> = [];
  for (let r = end; r !== null; r = r.parent) if (r.via !== null) parts.push(r.via);
  for (let k = parts.length - 1; k >= 0; k--) {
    const part = parts[k]!;
    if (Array.isArray(part)) for (const op of part) out.push(op);
    else out.push(part);
  }
}

/** Adds a state to a frontier unless an equal one is there. */
function admit<S>(model: Model<S>, frontier: Reached<S>[], index: Map<string | number, Reached<S>[]>, entry: Reached<S>): void {
  const h = model.hash(entry.state);
  const same = index.get(h);
  if (same === undefined) index.set(h, [entry]);
  else if (same.some((e) => model.equal(e.state, entry.state))) return;
  else same.push(entry);
  frontier.push(entry);
}

/**
 * Every state `segment` can end in from `start`, with one order reaching each: a depth-first
 * walk over (placed operations, state) with an explicit stack, each configuration once.
 */
function enumerateEnds<S>(segment: ReadonlyArray<Operation>, start: S, model: Model<S>): { ends: Array<{ state: S; order: Operation[] }> | null; steps: number } {
  const n = segment.length;
  const full = (1 << n) >>> 0;
  const seen = new Set<string>();
  const ends: Array<{ state: S; order: Operation[] }> = [];
  const endIndex = new Map<string | number, S[]>();
  const stack: Array<{ placed: number; state: S; order: Operation[] }> = [{ placed: 0, state: start, order: [] }];
  let steps = 0;
  while (stack.length > 0) {
    const { placed, state, order } = stack.pop()!;
    steps++;
    if (placed === full - 1) {
      const h = model.hash(state);
      const same = endIndex.get(h);
      if (same !== undefined && same.some((s) => model.equal(s, state))) continue;
      if (same === undefined) endIndex.set(h, [state]);
      else same.push(state);
      ends.push({ state, order });
      continue;
    }
    // An operation may go next when no unplaced one completed before it was invoked.
    let firstRet = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) if ((placed & (1 << i)) === 0 && segment[i]!.ret! < firstRet) firstRet = segment[i]!.ret!;
    for (let i = 0; i < n; i++) {
      if ((placed & (1 << i)) !== 0 || segment[i]!.call > firstRet) continue;
      const next = model.step(state, segment[i]!);
      if (next === IMPOSSIBLE) continue;
      const nextPlaced = (placed | (1 << i)) >>> 0;
      const key = `${nextPlaced}:${String(model.hash(next))}`;
      if (seen.has(key)) continue;
      if (seen.size >= MAX_CONFIGURATIONS) return { ends: null, steps };
      seen.add(key);
      stack.push({ placed: nextPlaced, state: next, order: [...order, segment[i]!] });
    }
  }
  return { ends, steps };
}

/**
 * Linearizability of one piece, cut at `ends` (quiescentCuts), charging `tracker`.
 *
 * The order found so far is kept as one array (`committed`) up to the last cut where a single
 * state was reachable, so a sequential stretch costs one model step per operation and allocates
 * nothing; a chain of Reached entries exists only across stretches where several states live.
 */
export function checkSegmented<S>(ops: ReadonlyArray<Operation>, ends: Int32Array, model: Model<S>, tracker: BudgetTracker): SegmentedOutcome<S> {
  const committed: Operation[] = [];
  let frontier: Reached<S>[] = [{ state: model.init(), parent: null, via: null }];
  let k = 0;
  let from = 0;
  /** Steps not yet charged: charging polls the deadline callback, which reads a clock. */
  let uncharged = 0;
  for (; k < ends.length - 1 && ends[k]! - from <= MAX_ENUMERATED; from = ends[k]!, k++) {
    const to = ends[k]!;
    const first = frontier[0]!;
    if (to - from === 1 && frontier.length === 1 && first.parent === null) {
      // One operation from one state (most of a sequential history): step that state in place
      // (it has no parent, so no chain shares it).
      const op = ops[from]!;
      const state = model.step(first.state, op);
      if (++uncharged >= 4096) {
        const within = tracker.charge(uncharged);
        uncharged = 0;
        if (!within) return { kind: 'budget', reason: tracker.spent ?? 'budget spent', prefix: path(first, committed) };
      }
      if (state === IMPOSSIBLE) return searchFrom([op], first, committed, model, tracker);
      committed.push(op);
      first.state = state;
      continue;
    }
    const segment = ops.slice(from, to);
    const next: Reached<S>[] = [];
    // Deduplication is needed only when several states are live (most cuts carry one).
    const index = frontier.length > 1 || segment.length > 1 ? new Map<string | number, Reached<S>[]>() : null;
    let steps = 0;
    if (segment.length === 1) {
      const op = segment[0]!;
      for (const from of frontier) {
        steps++;
        const state = model.step(from.state, op);
        if (state === IMPOSSIBLE) continue;
        const entry: Reached<S> = { state, parent: from, via: op };
        if (index === null) next.push(entry);
        else admit(model, next, index, entry);
      }
    } else {
      let tooMany = false;
      for (const from of frontier) {
        const found = enumerateEnds(segment, from.state, model);
        steps += found.steps;
        if (found.ends === null) {
          tooMany = true;
          break;
        }
        for (const end of found.ends) admit(model, next, index!, { state: end.state, parent: from, via: end.order });
      }
      // Too many orders to list: this segment and the rest go to the search below, from `from`.
      if (tooMany) {
        uncharged += steps;
        break;
      }
    }
    uncharged += steps;
    if (uncharged >= 4096) {
      const within = tracker.charge(uncharged);
      uncharged = 0;
      if (!within) return { kind: 'budget', reason: tracker.spent ?? 'budget spent', prefix: path(first, committed) };
    }
    if (next.length === 0) return searchFrom(segment, first, committed, model, tracker);
    if (next.length > MAX_FRONTIER) {
      return { kind: 'budget', reason: `more than ${MAX_FRONTIER} states are reachable at one point of the history`, prefix: path(first, committed) };
    }
    if (next.length === 1) {
      // One state left: its way here becomes part of every later order.
      const only = next[0]!;
      appendChain(only, committed);
      only.parent = null;
      only.via = null;
    }
    frontier = next;
  }
  tracker.charge(uncharged);
  // The rest (the last segment, or everything from a segment too big to enumerate): search it
  // from each reachable state until one works.
  const rest = ops.slice(from);
  let firstFailure: SegmentedOutcome<S> | null = null;
  for (const start of frontier) {
    const outcome = searchFrom(rest, start, committed, model, tracker);
    if (outcome.kind === 'ok' || outcome.kind === 'budget') return outcome;
    firstFailure ??= outcome;
  }
  return firstFailure!;
}

/** The WGL search over `ops` from a reachable state, in slices charged to the budget. */
function searchFrom<S>(ops: Operation[], from: Reached<S>, committed: ReadonlyArray<Operation>, model: Model<S>, tracker: BudgetTracker): SegmentedOutcome<S> {
  const search = new WglSearch(ops, model, tracker.memory, from.state);
  const then = (order: ReadonlyArray<Operation>): Operation[] => {
    const out = path(from, committed);
    for (const op of order) out.push(op);
    return out;
  };
  try {
    for (;;) {
      const before = search.steps;
      const result = search.run(Math.min(SLICE, tracker.remaining + 1));
      const charged = tracker.charge(search.steps - before);
      if (result.kind === 'ok') return { kind: 'ok', order: then(result.order) };
      if (result.kind === 'fail') return { kind: 'fail', prefix: then(result.prefix), blocked: result.blocked, stateAfterPrefix: result.stateAfterPrefix };
      if (!charged || tracker.memory.exhausted) {
        return { kind: 'budget', reason: tracker.spent ?? tracker.memory.describe(), prefix: then(search.longestPrefix()) };
      }
    }
  } finally {
    search.release();
  }
}
