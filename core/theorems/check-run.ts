// One run judged by every theorem whose preconditions it meets. The run keeps the trace a
// grading needs (states, applies, faults, client events; no messages or timers), the verdicts are
// computed only for the `expect` lines some theorem needs, and `sequential` is searched on its
// own rather than derived from `linearizable`, so the coherence checks compare two searches.

import { analyzeSome } from '../check/analyze-run.ts';
import type { Budget } from '../check/budget.ts';
import { chooseModel } from '../check/models/index.ts';
import { unobserved } from '../check/ladder.ts';
import { checkOperationsSequential } from '../check/sequential.ts';
import type { Verdict } from '../check/verdict.ts';
import { toOperations } from '../history/operations.ts';
import { runScenario } from '../run.ts';
import type { SimView } from '../sim/observer.ts';
import type { ExpectationKind, Micros, SimConfig } from '../types/sim-config.ts';
import type { RunStats } from '../types/report.ts';
import { EXPECT_TEXT, type RunWatch, type Theorem, type TheoremRun } from './theorem.ts';

/** A sweep's run stops here: a generated scenario is small, and one that is not must not hold the sweep up. */
export const THEOREM_MAX_EVENTS = 400_000;
/** Search steps per linearizability search in a sweep; a search that needs more is undecided, not failed. */
export const THEOREM_SEARCH_STEPS = 300_000;
/**
 * The sequential search's steps cost about 15 µs each (each builds a memo key): 20,000 keeps the
 * worst history near a third of a second. A history with no linearization often has none of
 * this either, and proving that is the expensive search; undecided, it proves nothing.
 */
export const THEOREM_SEQUENTIAL_STEPS = 20_000;
const MAX_INDETERMINATE_FOR_SEQUENTIAL = 20;

export type TheoremFailure = { theorem: string; summary: string; at?: Micros };

export type TheoremOutcome = {
  /** Theorems whose preconditions the scenario met (judged, unless the run hit its event budget). */
  checked: string[];
  failures: TheoremFailure[];
  events: number;
  /** A run that hit its event or memory budget is judged by no theorem: what holds "at the end" needs an end. */
  stoppedBy: RunStats['stoppedBy'];
};

/** Verdicts read off the run's own timeline and monitors (core/check/expectations.ts), not graded from the history. */
const FROM_REPORT: ReadonlySet<ExpectationKind> = new Set(['raft-safety', 'one-leader-per-term', 'leader-within', 'no-leader', 'writes-commit', 'no-writes-commit']);

/** The scenario with one `expect` line per verdict the theorems need, so a reproducer replays as it was judged. */
export function withExpectations(config: SimConfig, theorems: readonly Theorem[]): SimConfig {
  const kinds = [...new Set(theorems.flatMap((t) => t.needs))];
  return { ...config, expectations: kinds.map((kind) => ({ kind, text: EXPECT_TEXT[kind] ?? kind, line: 0 })) };
}

export function checkTheorems(config: SimConfig, theorems: readonly Theorem[], options: { maxEvents?: number; searchSteps?: number; sequentialSteps?: number } = {}): { outcome: TheoremOutcome; run: TheoremRun | null } {
  const applicable = theorems.filter((t) => t.applies(config));
  const configured = withExpectations(config, applicable);
  const watches: Array<[Theorem, RunWatch]> = [];
  for (const theorem of applicable) if (theorem.watch !== undefined) watches.push([theorem, theorem.watch(configured)]);
  let last: SimView | null = null;
  const observer = (view: SimView, touched: number) => {
    last = view;
    for (const [, watch] of watches) watch.observer(view, touched);
  };
  const report = runScenario(configured, { recordTrace: true, traceMessages: false, analyze: false, maxEvents: options.maxEvents ?? THEOREM_MAX_EVENTS, observer });
  const checked = applicable.map((t) => t.name);
  const base = { checked, events: report.stats.events, stoppedBy: report.stats.stoppedBy };
  if (report.stats.stoppedBy !== 'end') return { outcome: { ...base, failures: [] }, run: null };

  const budget: Budget = { maxSteps: options.searchSteps ?? THEOREM_SEARCH_STEPS };
  const verdicts = new Map<string, Verdict>();
  configured.expectations.forEach((expectation, i) => {
    if (!FROM_REPORT.has(expectation.kind)) return;
    const result = report.expectations[i]!;
    verdicts.set(expectation.kind, { name: expectation.kind, holds: result.holds, summary: result.summary, ...(result.at === undefined ? {} : { at: result.at }) });
  });
  const graded = new Set(configured.expectations.map((e) => e.kind).filter((kind) => !FROM_REPORT.has(kind) && kind !== 'sequential'));
  if (graded.size > 0) for (const verdict of analyzeSome({ history: report.history, trace: report.trace, config: configured }, graded, { budget }).list) verdicts.set(verdict.name, verdict);
  if (configured.expectations.some((e) => e.kind === 'sequential')) {
    const ops = toOperations(report.history);
    // Each indeterminate operation may sit anywhere after its call, and one search step can cost
    // milliseconds with a hundred of them (measured: 100 steps, 0.3 s, on 107 of 134). Searched
    // always when the history is linearizable (lin ⇒ seq is the implication at stake), else only
    // when few operations are indeterminate.
    const indeterminate = ops.reduce((sum, op) => sum + (op.ret === null ? 1 : 0), 0);
    const choice = chooseModel(ops);
    const nothing = choice.ok ? unobserved(ops, choice.model) : null;
    if (!choice.ok) verdicts.set('sequential', { name: 'sequential', holds: null, summary: `not graded: ${choice.reason}` });
    else if (nothing !== null) verdicts.set('sequential', { name: 'sequential', holds: null, summary: nothing });
    else if (verdicts.get('linearizable')?.holds === true || indeterminate <= MAX_INDETERMINATE_FOR_SEQUENTIAL) {
      verdicts.set('sequential', checkOperationsSequential(ops, choice.model, { maxSteps: options.sequentialSteps ?? THEOREM_SEQUENTIAL_STEPS }));
    }
  }

  const view = last as SimView | null;
  const finalStates = configured.nodes.map((_, i) => (view === null ? undefined : (view.protocolState(i) ?? view.durableState(i))));
  const upAtEnd = configured.nodes.map((_, i) => view?.isUp(i) ?? true);
  const run: TheoremRun = { config: configured, report, verdicts, finalStates, upAtEnd };
  const failures: TheoremFailure[] = [];
  for (const theorem of applicable) {
    const watch = watches.find(([t]) => t === theorem)?.[1];
    const violation = theorem.check(run) ?? watch?.violation(run) ?? null;
    if (violation !== null) failures.push({ theorem: theorem.name, ...violation });
  }
  return { outcome: { ...base, failures }, run };
}
