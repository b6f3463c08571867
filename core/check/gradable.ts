// Which histories the consistency ladder can grade. Linearizability, sequential consistency and
// the session guarantees judge reads and writes of keys against a data model; a service's
// `request` is a call to an API (balancer → instance → database) with no value to read back, so
// no register, counter or list model explains it. Grading it anyway printed "linearizable ✗ ...
// the state was nil" on every service run: a broken verdict about nothing the run promised.

import type { Operation } from '../history/operations.ts';
import { MAX_GRADED_OPERATIONS, type Budget } from './budget.ts';
import type { LadderResult } from './ladder.ts';
import type { Verdict } from './verdict.ts';

/** The verdicts checkLadder gives, in its order. */
const LADDER_NAMES = ['linearizable', 'sequential', 'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'no-stale-reads'] as const;

/** `strongest` of a history the ladder could not grade. */
export const NOT_GRADED = 'not graded';

/** Operation kinds that are calls, not data operations: no consistency model applies to them. */
const CALLS: ReadonlySet<string> = new Set(['request']);

/** Why the ladder cannot grade these operations, or null when it can (some data operation exists). */
export function whyNotGradable(ops: ReadonlyArray<Operation>): string | null {
  if (ops.length === 0 || ops.some((op) => !CALLS.has(op.f))) return null;
  return 'not graded: service requests are calls, not reads and writes of a key, so no consistency model applies (the service summary reports what they did)';
}

/** Why a run's history is too big for the ladder to grade within its budget, or null when it is not. */
export function overGradingBudget(ops: ReadonlyArray<Operation>, budget: Budget | undefined): string | null {
  const limit = budget?.maxOperations ?? MAX_GRADED_OPERATIONS;
  if (ops.length <= limit) return null;
  return `not decided (budget): the history's ${ops.length} operations are over the grading budget of ${limit}; a shorter run or a lighter workload is graded`;
}

/** The ladder's verdicts for a history it cannot grade: each undecided, with the reason. */
export function ungradedLadder(reason: string, only?: ReadonlySet<string>): LadderResult {
  const verdicts = LADDER_NAMES.filter((name) => only === undefined || only.has(name)).map((name): Verdict => ({ name, holds: null, summary: reason }));
  return { verdicts, strongest: NOT_GRADED, staleReads: { count: 0, worst: 0 }, staleReadIndexes: null };
}
