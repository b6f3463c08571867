// Sequential consistency: is there one order of all operations that keeps each process's own
// order and explains every result? Unlike linearizability it ignores real time between
// processes, and it is not local, so the whole history is searched at once (with a budget).
//
// A process's own order is real time within that process: a before b when a completed before b
// was invoked. A client that keeps several operations in flight (open loop, retries) has no
// order between overlapping ones, so either may take effect first; treating invocation order as
// program order would demand an order the process never imposed (and call linearizable
// histories non-sequential).
//
// Indeterminate operations may take effect at any point after the operations of their process
// that completed before they were invoked, or never; the search succeeds once every definite
// operation is placed. An indeterminate operation that can never change the state nor be
// refused (a timed-out read) constrains nothing and is left out.

import { Operation, toOperations } from '../history/operations.ts';
import type { History } from '../types/history.ts';
import { Budget, BudgetTracker } from './budget.ts';
import { who } from './describe.ts';
import { LinearizedCache, zobristTable } from './linearized-cache.ts';
import type { Model } from './model.ts';
import { wholeStore } from './models/whole-store.ts';
import { findSequentialWitness } from './sequential-witness.ts';
import { StateTable } from './state-table.ts';
import type { Verdict } from './verdict.ts';

/** Bounds the memo's memory (one bitset over all operations per configuration). */
const MAX_SEQUENTIAL_OPS = 3000;

export function checkSequential<S>(history: History, model: Model<S>, budget?: Budget): Verdict {
  return checkOperationsSequential(toOperations(history), model, budget);
}

export function checkOperationsSequential<S>(all: ReadonlyArray<Operation>, model: Model<S>, budget?: Budget): Verdict {
  const ops = all.filter((op) => model.includes(op));
  // A process that saw a newer write and then an older one of the same writer settles it at once.
  const witness = findSequentialWitness(ops);
  if (witness !== null) {
    const { read, saw, newer, older } = witness;
    const key = read.key ?? 'the register';
    const value = (v: unknown) => JSON.stringify(v ?? null).replace(/^null$/, 'nil');
    const seenHow = saw === newer ? `wrote ${key}=${value(newer.input)}` : `had read ${key}=${value(newer.input)}`;
    return {
      name: 'sequential',
      holds: false,
      summary:
        older === null
          ? `${who(read)} read ${key}=nil after it ${seenHow}: no order of the operations puts a write of ${key} before one read and none before a later read of the same process.`
          : `${who(read)} read ${key}=${value(older.input)} after it ${seenHow}, which ${who(newer)} wrote only after ${value(older.input)}: ` +
            `in any order that keeps each process's own order, ${value(newer.input)} comes between that write and the read.`,
      operations: [...new Set([read, saw, newer, ...(older === null ? [] : [older])])].map((op) => op.invokeIndex).sort((a, b) => a - b),
    };
  }
  if (ops.length > MAX_SEQUENTIAL_OPS) {
    return { name: 'sequential', holds: null, summary: `Undecided: ${ops.length} operations is more than the sequential search takes (${MAX_SEQUENTIAL_OPS}).` };
  }
  const whole = (model.partition ? wholeStore(model) : model) as Model<unknown>;
  const relevant = ops.filter((op) => !(op.outcome === 'unknown' && (whole.readOnly?.(op) ?? false) && (whole.neverRefused?.(op) ?? false)));
  const result = searchSequential(relevant, whole, new BudgetTracker(budget ?? { maxSteps: 2_000_000 }));
  if (result.kind === 'budget') {
    return { name: 'sequential', holds: null, summary: `Undecided: ${result.reason}.` };
  }
  if (result.kind === 'ok') {
    return { name: 'sequential', holds: true, summary: `One order keeps every process's own order and explains all ${ops.length} results.` };
  }
  const { best, total } = result;
  const stuck = result.stuck as Operation | null;
  return {
    name: 'sequential',
    holds: false,
    summary:
      stuck === null
        ? 'No order of the operations keeps each process’s own order and explains every result.'
        : `No order that keeps each process's own order explains ${who(stuck)}'s ${whole.describeOp(stuck)} (at most ${best} of ${total} operations fit).`,
    ...(stuck === null ? {} : { operations: [stuck.invokeIndex] }),
  };
}

type SearchResult =
  | { kind: 'ok' }
  | { kind: 'budget'; reason: string }
  /** best: most definite operations placed in any order tried; stuck: one that could not follow them. */
  | { kind: 'fail'; stuck: Operation | null; best: number; total: number };

/**
 * Depth-first over configurations (operations placed, model state), with an explicit stack (no
 * recursion limit) and the WGL memo (linearized-cache.ts): a configuration reached twice is not
 * explored twice.
 */
function searchSequential<S>(ops: Operation[], model: Model<S>, tracker: BudgetTracker): SearchResult {
  const n = ops.length;
  // Per process, its definite operations in invocation order; indeterminate ones apart.
  const lists: number[][] = [];
  const listOf = new Map<string | number, number>();
  const late: number[] = [];
  /**
   * Where candidates come from, in the order they are tried: a process's list (p >= 0) where its
   * first completed operation was invoked, an indeterminate operation i (as -i - 1) where it was.
   * Trying sources in invocation order finds an order sooner than all definite operations first.
   */
  const sources: number[] = [];
  const processList = new Int32Array(n);
  const inList = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    let p = listOf.get(op.process);
    if (p === undefined) listOf.set(op.process, (p = lists.push([]) - 1));
    processList[i] = p;
    if (op.ret === null) {
      late.push(i);
      sources.push(-i - 1);
    } else {
      if (lists[p]!.length === 0) sources.push(p);
      inList[i] = lists[p]!.push(i) - 1;
    }
  }
  const definite = n - late.length;
  const call = Float64Array.from(ops, (op) => op.call);
  const ret = Float64Array.from(ops, (op) => op.ret ?? Number.POSITIVE_INFINITY);
  const pure = Uint8Array.from(ops, (op) => (model.readOnly?.(op) ? 1 : 0));
  const table = new StateTable(model, ops);
  const placed = new Uint32Array((n + 31) >>> 5);
  const isPlaced = (i: number) => (placed[i >>> 5]! & (1 << (i & 31))) !== 0;
  const zob = zobristTable(n);
  const cache = new LinearizedCache(placed.length, tracker.memory);
  /** Per process list: every operation before this index is placed. */
  const low = new Int32Array(lists.length);

  /**
   * The operations that may go next, in a fixed order: per process, the unplaced ones none of
   * whose own predecessors is unplaced, and the indeterminate ones whose process's earlier
   * completed operations are all placed.
   */
  const eligible = (out: number[]): void => {
    for (const source of sources) {
      if (source < 0) {
        const i = -source - 1;
        if (!isPlaced(i) && ownPastPlaced(i)) out.push(i);
        continue;
      }
      const list = lists[source]!;
      let k = low[source]!;
      while (k < list.length && isPlaced(list[k]!)) k++;
      low[source] = k;
      // Calls increase along the list; once a call is past the earliest return of an unplaced
      // operation, that operation precedes it and every later one.
      let minRet = Number.POSITIVE_INFINITY;
      for (; k < list.length; k++) {
        const i = list[k]!;
        if (call[i]! > minRet) break;
        if (isPlaced(i)) continue;
        out.push(i);
        if (ret[i]! < minRet) minRet = ret[i]!;
      }
    }
  };

  /** Whether every operation of i's process that completed before i was invoked is placed. */
  const ownPastPlaced = (i: number): boolean => {
    const p = processList[i]!;
    const list = lists[p]!;
    for (let k = low[p]!; k < list.length && call[list[k]!]! < call[i]!; k++) {
      const j = list[k]!;
      if (ret[j]! < call[i]! && !isPlaced(j)) return false;
    }
    return true;
  };

  // The stack: per depth, its state, the candidates still to try (a slice of `cands`), and the
  // operation placed to go one deeper.
  const stateAt: number[] = [];
  const candFrom: number[] = [];
  const candNext: number[] = [];
  const candEnd: number[] = [];
  const opAt: number[] = [];
  const cands: number[] = [];
  let state = table.intern(model.init());
  let hash = 0;
  let placedDefinite = 0;
  let best = -1;
  let stuck: Operation | null = null;
  let steps = 0;

  /** Pushes the frame for the current configuration; true when every definite operation is placed. */
  const enter = (): boolean => {
    if (placedDefinite === definite) return true;
    if (placedDefinite > best) {
      best = placedDefinite;
      stuck = null;
    }
    const from = cands.length;
    eligible(cands);
    // A read-only operation that fits now can always go first (moving it earlier keeps every
    // own-order constraint and changes no other result): commit to it without branching.
    let forced = -1;
    for (let k = from; k < cands.length && forced < 0; k++) {
      const i = cands[k]!;
      if (pure[i] === 1 && table.step(state, i) >= 0) forced = i;
    }
    if (forced >= 0) {
      cands.length = from;
      cands.push(forced);
    } else if (placedDefinite === best && stuck === null) {
      for (let k = from; k < cands.length; k++) {
        const i = cands[k]!;
        if (ops[i]!.ret !== null && table.step(state, i) < 0) {
          stuck = ops[i]!;
          break;
        }
      }
    }
    stateAt.push(state);
    candFrom.push(from);
    candNext.push(from);
    candEnd.push(cands.length);
    return false;
  };

  if (enter()) return { kind: 'ok' };
  while (stateAt.length > 0) {
    const top = stateAt.length - 1;
    const k = candNext[top]!;
    if (k < candEnd[top]!) {
      candNext[top] = k + 1;
      const i = cands[k]!;
      const next = table.step(state, i);
      if (next < 0) continue;
      // A step: one configuration reached, whether new or already explored.
      if (++steps % 4096 === 0 && !tracker.charge(4096)) return { kind: 'budget', reason: tracker.spent ?? 'budget spent' };
      if (!cache.addWith(placed, i, hash ^ zob[i]!, next)) continue;
      placed[i >>> 5] = (placed[i >>> 5]! | (1 << (i & 31))) >>> 0;
      hash ^= zob[i]!;
      if (ops[i]!.ret !== null) placedDefinite++;
      opAt.push(i);
      state = next;
      if (enter()) return { kind: 'ok' };
      continue;
    }
    // Every candidate failed: leave this configuration and undo the step that led to it.
    cands.length = candFrom[top]!;
    stateAt.pop();
    candFrom.pop();
    candNext.pop();
    candEnd.pop();
    const i = opAt.pop();
    if (i === undefined) break;
    placed[i >>> 5] = (placed[i >>> 5]! & ~(1 << (i & 31))) >>> 0;
    hash ^= zob[i]!;
    if (ops[i]!.ret !== null) placedDefinite--;
    const p = processList[i]!;
    // `low` only moves forward while placing; an unplaced operation may sit before it again.
    if (ops[i]!.ret !== null && inList[i]! < low[p]!) low[p] = inList[i]!;
    state = stateAt[stateAt.length - 1]!;
  }
  return { kind: 'fail', stuck: stuck as Operation | null, best: Math.max(0, best), total: definite };
}
