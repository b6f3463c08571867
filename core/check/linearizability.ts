// Linearizability of a history against a model: drop operations that constrain nothing, split
// the rest into independent pieces when the model allows (per key), and run the WGL search on
// each. One failing piece fails the whole; a piece that spends the budget makes it unknown.

import { hasTimes, Operation, toOperations } from '../history/operations.ts';
import type { History } from '../types/history.ts';
import { Budget, BudgetTracker } from './budget.ts';
import { explainViolation } from './explain-linearizability.ts';
import type { Model } from './model.ts';
import type { Verdict } from './verdict.ts';
import { SearchOutcome, WglSearch } from './wgl-search.ts';

/** Steps per piece in the first round-robin round (doubling after each round). */
const SLICE_STEPS = 5_000;
const MAX_SLICE_STEPS = 1 << 20;

export type LinearizabilityWitness =
  /** Holds: one linearization per piece, as history indexes of invocations. */
  | { kind: 'linearization'; orders: number[][] }
  /** Fails: the longest linearizable prefix of the failing piece and the operation that breaks it. */
  | { kind: 'violation'; key?: string; prefix: number[]; blocked: number; sentence: string }
  /** Unknown: why the search stopped. */
  | { kind: 'budget'; reason: string; prefix: number[] };

export type LinearizabilityResult = {
  verdict: Verdict;
  model: string;
  /** Operations in the history, and how many the search considered. */
  ops: number;
  checkedOps: number;
  partitions: number;
  steps: number;
  witness: LinearizabilityWitness;
};

export type LinearizabilityOptions = {
  budget?: Budget;
  /** Use the model's partition (P-compositionality). Default true. */
  partition?: boolean;
  /** Whether to phrase times in seconds; default: when the history carries times. */
  timed?: boolean;
};

export function checkLinearizable<S>(
  history: History,
  model: Model<S>,
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  return checkOperationsLinearizable(toOperations(history), model, { timed: hasTimes(history), ...options });
}

export function checkOperationsLinearizable<S>(
  all: Operation[],
  model: Model<S>,
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  const tracker = new BudgetTracker(options.budget);
  const ops = all.filter((op) => model.includes(op));
  const pieces = options.partition !== false && model.partition ? model.partition(ops) : [ops];
  const base = { model: model.name, ops: all.length, checkedOps: ops.length, partitions: pieces.length };
  const orders: number[][] = new Array(pieces.length);
  let unknown: { reason: string; prefix: number[] } | null = null;
  // Round-robin with a growing slice: easy pieces finish (and free their memory) in the first
  // round, and a violation in any piece is found without first finishing the hard ones.
  let pending = pieces.map((piece, index) => ({ index, search: null as WglSearch<S> | null, piece }));
  let slice = SLICE_STEPS;
  while (pending.length > 0 && unknown === null) {
    const still: typeof pending = [];
    for (const p of pending) {
      // The search numbers a piece's operations by their position in it (not by Operation.id).
      p.search ??= new WglSearch(p.piece, model);
      const before = p.search.steps;
      const result = p.search.run(Math.min(slice, tracker.remaining + 1));
      if (!tracker.charge(p.search.steps - before)) {
        unknown = { reason: tracker.spent ?? 'budget spent', prefix: p.search.longestPrefix().map((op) => op.invokeIndex) };
        break;
      }
      if (result.kind === 'paused') {
        still.push(p);
        continue;
      }
      if (result.kind === 'ok') {
        orders[p.index] = result.order.map((op) => op.invokeIndex);
        continue;
      }
      return violation(result, model, options, base, tracker.steps, p.piece);
    }
    pending = still;
    // Capped so the deadline callback is still polled often on one huge piece.
    slice = Math.min(slice * 2, MAX_SLICE_STEPS);
  }
  if (unknown !== null) {
    return {
      ...base,
      verdict: { name: 'linearizable', holds: null, summary: `Undecided: ${unknown.reason}.` },
      steps: tracker.steps,
      witness: { kind: 'budget', ...unknown },
    };
  }
  return {
    ...base,
    verdict: {
      name: 'linearizable',
      holds: true,
      summary: `All ${ops.length} operations can be placed in one order that respects real time and the ${model.name} model.`,
    },
    steps: tracker.steps,
    witness: { kind: 'linearization', orders },
  };
}

function violation<S>(
  result: Extract<SearchOutcome<S>, { kind: 'fail' }>,
  model: Model<S>,
  options: LinearizabilityOptions,
  base: Omit<LinearizabilityResult, 'verdict' | 'steps' | 'witness'>,
  steps: number,
  piece: ReadonlyArray<Operation>,
): LinearizabilityResult {
  const sentence = explainViolation(result.prefix, result.blocked, result.stateAfterPrefix, model, { timed: options.timed ?? false }, piece);
  const prefix = result.prefix.map((op) => op.invokeIndex);
  const witness: LinearizabilityWitness = { kind: 'violation', prefix, blocked: result.blocked.invokeIndex, sentence };
  if (result.blocked.key !== undefined) witness.key = result.blocked.key;
  const verdict: Verdict = {
    name: 'linearizable',
    holds: false,
    summary: sentence,
    operations: [...prefix.slice(-3), result.blocked.invokeIndex],
  };
  if (options.timed) verdict.at = result.blocked.completeTime ?? result.blocked.invokeTime;
  return { ...base, verdict, steps, witness };
}
