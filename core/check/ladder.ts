// The consistency ladder over one history: linearizable, sequential, then the four session
// guarantees, plus the stale-read count, and the strongest model that held.

import { hasTimes, isRead, Operation, toOperations } from '../history/operations.ts';
import type { History } from '../types/history.ts';
import type { Budget } from './budget.ts';
import { NOT_GRADED } from './gradable.ts';
import { checkOperationsLinearizable } from './linearizability.ts';
import type { Model } from './model.ts';
import { chooseModel } from './models/index.ts';
import { checkOperationsSequential } from './sequential.ts';
import { checkMonotonicReads } from './session/monotonic-reads.ts';
import { checkMonotonicWrites } from './session/monotonic-writes.ts';
import { checkReadYourWrites } from './session/read-your-writes.ts';
import { counted } from './session/sessions.ts';
import { unreadableOperation, versionsByKey } from './session/versions.ts';
import { checkWritesFollowReads } from './session/writes-follow-reads.ts';
import { findStaleReads } from './stale-reads.ts';
import type { Verdict } from './verdict.ts';

export type LadderResult = {
  verdicts: Verdict[];
  /** The strongest rung that held: 'linearizable', 'sequential', 'session guarantees', a list, 'none' (some broke, none held) or 'not graded' (nothing decided). */
  strongest: string;
  /** Counted when no-stale-reads is among the verdicts computed (0 otherwise). */
  staleReads: { count: number; worst: number };
  /** The stale reads' history indexes, when no-stale-reads was computed (null otherwise). */
  staleReadIndexes: number[] | null;
};

/** Search steps allowed per search when the caller gives no budget: a graded run must stay
 * interactive (the panel, live expectations, sweeps), so a search that needs more says "unknown"
 * with the reason instead of holding a user for tens of seconds. */
export const DEFAULT_MAX_STEPS = 2_000_000;
/** The sequential search's steps cost more (each builds a memo key), so it gets fewer. */
export const DEFAULT_MAX_SEQUENTIAL_STEPS = 400_000;

const SESSION = ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'];

export type LadderOptions = {
  model?: Model<unknown>;
  budget?: Budget;
  /** The history's operations, when the caller has them already. */
  ops?: Operation[];
  /** Only these verdicts (by name); the others are neither computed nor listed. Default: all. */
  only?: ReadonlySet<string>;
};

export function checkLadder(history: History, options: LadderOptions = {}): LadderResult {
  const ops = options.ops ?? toOperations(history);
  // The model the operations call for, per key: a counter key is not a register (issue 15, 7).
  // When none describes them (a saga's `request` changes keys in ways no model here says), there
  // is nothing to search against: both searches are undecided, with the reason. Searching them
  // against a register anyway called every saga run "not linearizable".
  const choice = options.model === undefined ? chooseModel(ops) : { ok: true as const, model: options.model };
  const timed = hasTimes(history);
  const clock = { timed };
  const wanted = (name: string) => options.only === undefined || options.only.has(name);
  // Never an unbounded search inside a run report: without a budget, stop after a few seconds' work.
  const budget = options.budget ?? { maxSteps: DEFAULT_MAX_STEPS };
  const verdicts: Verdict[] = [];
  const nothing = choice.ok ? unobserved(ops, choice.model) : null;
  if (!choice.ok) {
    for (const name of ['linearizable', 'sequential']) if (wanted(name)) verdicts.push({ name, holds: null, summary: `not graded: ${choice.reason}` });
  } else if (nothing !== null) {
    // Only writes (or adds, appends): every order of them explains every result, so "holds" would
    // name a guarantee nothing put to the test — and top the ladder as the strongest that held.
    for (const name of ['linearizable', 'sequential']) if (wanted(name)) verdicts.push({ name, holds: null, summary: nothing });
  } else if (wanted('linearizable') || wanted('sequential')) {
    const model = choice.model;
    const lin = checkOperationsLinearizable(ops, model, { timed, budget }).verdict;
    if (wanted('linearizable')) verdicts.push(lin);
    // Linearizable implies sequential: skip the second search when the first one succeeded.
    if (wanted('sequential')) {
      verdicts.push(
        lin.holds === true
          ? { name: 'sequential', holds: true, summary: 'Holds, since the history is linearizable.' }
          : checkOperationsSequential(ops, model, options.budget ?? { maxSteps: DEFAULT_MAX_SEQUENTIAL_STEPS }),
      );
    }
  }
  // The session guarantees and stale reads order reads by the writes they name. An operation whose
  // effect on the data they cannot read (a saga's request, a lock, a counter that also goes down)
  // leaves them undecided, saying which: judged without it, each "held" over reads of unknown source.
  const unreadable = unreadableOperation(ops);
  if (unreadable !== undefined) {
    const why = `not graded: the session checks cannot tell what ${/^[aeiou]/.test(unreadable.f) ? 'an' : 'a'} ${unreadable.f} does to the data it touches (process ${String(unreadable.process)}'s, for one)`;
    for (const name of [...SESSION, 'no-stale-reads']) if (wanted(name)) verdicts.push({ name, holds: null, summary: why });
    return { verdicts, strongest: strongestHeld(verdicts), staleReads: { count: 0, worst: 0 }, staleReadIndexes: null };
  }
  // The session guarantees know a write older than another only within one process (versions.ts).
  const keys = SESSION.some(wanted) ? versionsByKey(ops, 'process') : new Map();
  if (wanted('read-your-writes')) verdicts.push(checkReadYourWrites(keys, clock));
  if (wanted('monotonic-reads')) verdicts.push(checkMonotonicReads(keys, clock));
  if (wanted('monotonic-writes')) verdicts.push(checkMonotonicWrites(keys, clock));
  if (wanted('writes-follow-reads')) verdicts.push(checkWritesFollowReads(keys, clock));
  let staleReads = { count: 0, worst: 0 };
  let staleReadIndexes: number[] | null = null;
  if (wanted('no-stale-reads')) {
    const stale = findStaleReads(history, { ops, keys: versionsByKey(ops) });
    verdicts.push(stale.verdict);
    staleReads = { count: stale.count, worst: stale.worst };
    staleReadIndexes = stale.reads;
  }
  return { verdicts, strongest: strongestHeld(verdicts), staleReads, staleReadIndexes };
}

/** Whether some operation's result could contradict a state: a read, a compare-and-set, a dequeue. */
export function observesState(ops: ReadonlyArray<Operation>, model: Model<unknown>): boolean {
  return ops.some((op) => model.includes(op) && !(model.neverRefused?.(op) ?? false));
}

/** Why linearizable and sequential have nothing to judge in these operations, or null when they have. */
export function unobserved(ops: ReadonlyArray<Operation>, model: Model<unknown>): string | null {
  if (observesState(ops, model)) return null;
  if (ops.length === 0) return 'Nothing to judge: no client operation ran.';
  // Reads may have run and observed nothing: a failed one never happened (the model leaves it
  // out) and one without an answer fits any state (nothing can refuse it). They are no writes.
  const failed = ops.filter((op) => isRead(op) && !model.includes(op)).length;
  const unanswered = ops.filter((op) => isRead(op) && model.includes(op)).length;
  const updates = ops.length - failed - unanswered;
  if (updates === ops.length) {
    return `Nothing to judge: no operation read the data back (${counted(ops.length, 'operation', 'operations')}, all writes or updates whose results depend on no state), so any order of them fits.`;
  }
  const parts = [`${counted(updates, 'write or update', 'writes or updates')} whose results depend on no state`];
  if (failed > 0) parts.push(`${counted(failed, 'read', 'reads')} that failed`);
  if (unanswered > 0) parts.push(`${counted(unanswered, 'read', 'reads')} without an answer`);
  return `Nothing to judge: no read returned a value (${counted(ops.length, 'operation', 'operations')}: ${parts.join(', ')}), so any order of the writes fits.`;
}

export function strongestHeld(verdicts: Verdict[]): string {
  // Nothing decided, nothing to name: "none" would read as "every model broke".
  if (verdicts.length > 0 && verdicts.every((v) => v.holds === null)) return NOT_GRADED;
  const holds = (name: string) => verdicts.find((v) => v.name === name)?.holds === true;
  if (holds('linearizable')) return 'linearizable';
  if (holds('sequential')) return 'sequential';
  const session = SESSION.filter(holds);
  if (session.length === SESSION.length) return 'session guarantees';
  return session.length > 0 ? session.join(', ') : 'none';
}
