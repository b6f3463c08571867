// Linearizability of a history against a model: drop operations that constrain nothing, split
// the rest into independent pieces when the model allows (per key), and run the WGL search on
// each. One failing piece fails the whole; a piece that spends the budget makes it unknown.

import { hasTimes, Operation, toOperations } from '../history/operations.ts';
import type { History } from '../types/history.ts';
import { Budget, BudgetTracker } from './budget.ts';
import { explainViolation } from './explain-linearizability.ts';
import type { DecidedWithoutSearch, Model } from './model.ts';
import { checkSegmented, MAX_ENUMERATED, quiescentCuts } from './quiescent-cuts.ts';
import type { Verdict } from './verdict.ts';
import { SearchOutcome, WglSearch } from './wgl-search.ts';

/**
 * Search steps a piece the model already proved non-linearizable gets to find the search's own
 * explanation (longest prefix, blocking operation) before the proof's sentence is used instead:
 * proving a violation by search can take exponentially long where the proof took none.
 */
const EXPLAIN_STEPS = 10_000;
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
  /**
   * What a failed operation means (core/history/import.ts): 'did-not-happen' (Jepsen's EDN)
   * drops every failed operation; 'comparison' (default: Faultline's runs, Porcupine's logs)
   * lets the model keep a failed compare-and-set as a comparison that failed.
   */
  failReading?: 'did-not-happen' | 'comparison';
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
  const dropFailed = options.failReading === 'did-not-happen';
  const ops = kept(all, (op) => (dropFailed ? op.outcome !== 'fail' : true) && model.includes(op));
  const pieces = options.partition !== false && model.partition ? model.partition(ops) : [ops];
  const base = { model: model.name, ops: all.length, checkedOps: ops.length, partitions: pieces.length };
  const orders: number[][] = new Array(pieces.length);
  let unknown: { reason: string; prefix: number[] } | null = null;
  let pending: Pending<unknown>[] = [];
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index]!;
    // A model per piece when pieces differ (a counter key beside a register key).
    const pm = (model.pieceModel?.(piece) ?? model) as Model<unknown>;
    // An indeterminate operation that can neither change the state nor be refused (a timed-out
    // read) fits anywhere, so it only multiplies the configurations searched: it goes last.
    const irrelevant = (op: Operation) => op.outcome === 'unknown' && (pm.readOnly?.(op) ?? false) && (pm.neverRefused?.(op) ?? false);
    const searched = kept(piece, (op) => !irrelevant(op));
    const last = searched === piece ? [] : piece.filter(irrelevant);
    // A model that can decide a piece outright saves the search (exponential in the overlapping
    // writes); a proven violation still goes to the search first, for its usual explanation.
    const decided = pm.decideWithoutSearch?.(searched) ?? null;
    if (decided?.kind === 'ok') {
      orders[index] = invokeIndexes(decided.order, last);
      continue;
    }
    const cuts = decided === null ? quiescentCuts(searched) : null;
    if (cuts !== null && cuts.length > 1 && cuts[0]! <= MAX_ENUMERATED) {
      // Cut where nothing is open: linear in a mostly sequential piece (quiescent-cuts.ts). A
      // piece that opens with a big concurrent stretch gains nothing from it and stays in the
      // round-robin below, where a violation in another piece is found without waiting for it.
      const outcome = checkSegmented(searched, cuts, pm, tracker);
      if (outcome.kind === 'ok') orders[index] = invokeIndexes(outcome.order, last);
      else if (outcome.kind === 'fail') return violation(outcome, pm, options, base, tracker.steps, piece, all);
      else {
        unknown = { reason: outcome.reason, prefix: outcome.prefix.map((op) => op.invokeIndex) };
        break;
      }
      continue;
    }
    pending.push({ index, model: pm, search: null, piece, searched, last, proven: decided });
  }
  if (unknown !== null) pending = [];
  // Round-robin with a growing slice: easy pieces finish (and free their memory) in the first
  // round, and a violation in any piece is found without first finishing the hard ones.
  let slice = SLICE_STEPS;
  while (pending.length > 0 && unknown === null) {
    const still: typeof pending = [];
    for (const p of pending) {
      // The search numbers a piece's operations by their position in it (not by Operation.id).
      p.search ??= new WglSearch(p.searched, p.model, tracker.memory);
      const before = p.search.steps;
      const cap = p.proven === null ? slice : Math.min(slice, EXPLAIN_STEPS - before);
      if (cap <= 0) return provenViolation(p, options, base, tracker.steps);
      const result = p.search.run(Math.min(cap, tracker.remaining + 1));
      if (!tracker.charge(p.search.steps - before)) {
        // Out of budget: a violation proven in any piece still left beats "undecided".
        const proven = pending.find((q) => q.proven !== null && orders[q.index] === undefined);
        if (proven !== undefined) return provenViolation(proven, options, base, tracker.steps);
        unknown = { reason: tracker.spent ?? 'budget spent', prefix: p.search.longestPrefix().map((op) => op.invokeIndex) };
        break;
      }
      if (result.kind === 'paused' && tracker.memory.exhausted) {
        // A finished search is exact even with a full memo; a paused one would only get slower.
        unknown = { reason: tracker.memory.describe(), prefix: p.search.longestPrefix().map((op) => op.invokeIndex) };
        break;
      }
      if (result.kind === 'paused') {
        still.push(p);
        continue;
      }
      if (result.kind === 'ok') {
        orders[p.index] = invokeIndexes(result.order, p.last);
        p.search.release();
        p.search = null;
        continue;
      }
      return violation(result, p.model, options, base, tracker.steps, p.piece, all);
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

/**
 * The operations `keep` accepts: `list` itself when it accepts them all (no copy of a long
 * history; nothing here changes a piece), else a new array.
 */
function kept(list: Operation[], keep: (op: Operation) => boolean): Operation[] {
  let i = 0;
  while (i < list.length && keep(list[i]!)) i++;
  if (i === list.length) return list;
  const out = list.slice(0, i);
  for (i++; i < list.length; i++) if (keep(list[i]!)) out.push(list[i]!);
  return out;
}

/** History indexes of an order's invocations, then of the operations that fit anywhere. */
function invokeIndexes(order: ReadonlyArray<Operation>, last: ReadonlyArray<Operation>): number[] {
  const out = new Array<number>(order.length + last.length);
  for (let k = 0; k < order.length; k++) out[k] = order[k]!.invokeIndex;
  for (let k = 0; k < last.length; k++) out[order.length + k] = last[k]!.invokeIndex;
  return out;
}

type Pending<S> = {
  index: number;
  model: Model<S>;
  search: WglSearch<S> | null;
  piece: Operation[];
  /** The piece without the operations that fit anywhere (`last`, placed at the end of an order). */
  searched: Operation[];
  last: Operation[];
  /** A violation the model proved without search, or null. */
  proven: Extract<DecidedWithoutSearch, { kind: 'violation' }> | null;
};

/** Answer for a piece the model proved non-linearizable once the search's explanation is not coming. */
function provenViolation<S>(
  p: Pending<S>,
  options: LinearizabilityOptions,
  base: Omit<LinearizabilityResult, 'verdict' | 'steps' | 'witness'>,
  steps: number,
): LinearizabilityResult {
  const proven = p.proven!;
  const sentence = proven.explain({ timed: options.timed ?? false });
  const prefix = p.search?.longestPrefix().map((op) => op.invokeIndex) ?? [];
  const witness: LinearizabilityWitness = { kind: 'violation', prefix, blocked: proven.blocked.invokeIndex, sentence };
  if (proven.blocked.key !== undefined) witness.key = proven.blocked.key;
  const verdict: Verdict = { name: 'linearizable', holds: false, summary: sentence, operations: proven.operations.map((op) => op.invokeIndex) };
  if (options.timed) verdict.at = proven.blocked.completeTime ?? proven.blocked.invokeTime;
  return { ...base, verdict, steps, witness };
}

function violation<S>(
  result: Extract<SearchOutcome<S>, { kind: 'fail' }>,
  model: Model<S>,
  options: LinearizabilityOptions,
  base: Omit<LinearizabilityResult, 'verdict' | 'steps' | 'witness'>,
  steps: number,
  piece: ReadonlyArray<Operation>,
  all: ReadonlyArray<Operation>,
): LinearizabilityResult {
  // The failed operations were left out of the search; a read may still have seen one's value.
  const failed = all.filter((op) => op.outcome === 'fail');
  const sentence = explainViolation(result.prefix, result.blocked, result.stateAfterPrefix, model, { timed: options.timed ?? false }, piece, failed);
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
