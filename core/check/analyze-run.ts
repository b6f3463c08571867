// Everything core/check can say about one run, in the shape the Report carries: the verdicts
// (ladder, damage, split brain, convergence), the strongest model that held, the quorum
// timeline and the static and observed CAP/PACELC classification. The engine/report code calls
// `analyzeRun` once (or its two halves, `gradeVerdicts` then `placeRun`, to have the verdicts
// first) and answers `expect` lines with `verdictFor`; a sweep, which keeps no report, calls
// `analyzeSome` for just the verdicts its `expect` lines name.

import type { Classification } from '../sim/protocol.ts';
import { toOperations, type Operation } from '../history/operations.ts';
import type { History } from '../types/history.ts';
import type { ExpectationKind, SimConfig } from '../types/sim-config.ts';
import type { TraceEvent } from '../types/trace.ts';
import type { Budget } from './budget.ts';
import { checkLadder } from './ladder.ts';
import { overGradingBudget, ungradedLadder, whyNotGradable } from './gradable.ts';
import type { Model } from './model.ts';
import { ClassificationResult, classifyRun } from './trace/cap-pacelc.ts';
import { checkConvergence } from './trace/convergence.ts';
import { appliesByNode } from './trace/incarnations.ts';
import { leaderIntervals, type LeaderInterval } from './trace/leadership.ts';
import { findDuplicateEffects } from './trace/duplicate-effects.ts';
import { gradingEvents } from './trace/grading-events.ts';
import { capNote, TRACE_TRUNCATED } from '../sim/trace-log.ts';
import { findLostWrites } from './trace/lost-writes.ts';
import { QuorumInterval, quorumTimeline } from './trace/quorum-timeline.ts';
import { findSplitBrain, SplitBrainInterval } from './trace/split-brain.ts';
import type { Verdict } from './verdict.ts';

export type RunVerdicts = {
  /** One verdict per check, named like the `expect` kinds (linearizable, no-lost-writes, ...). */
  list: Verdict[];
  strongest: string;
  damage: {
    lostWrites: number;
    duplicateEffects: number;
    staleReads: { count: number; worst: number };
    splitBrain: SplitBrainInterval[];
  };
};

export type RunAnalysis = {
  verdicts: RunVerdicts;
  quorum: QuorumInterval[];
  classification: ClassificationResult;
};

export function analyzeRun(
  run: { history: History; trace: ReadonlyArray<TraceEvent>; config: SimConfig },
  staticClass: Classification | null,
  options: { model?: Model<unknown>; budget?: Budget } = {},
): RunAnalysis {
  const graded = gradeVerdicts(run, options);
  return { verdicts: graded.verdicts, ...placeRun(run, staticClass, graded) };
}

/** The verdicts of a run, and what placing it (placeRun) reads again: derived once, shared. */
export type GradedVerdicts = {
  verdicts: RunVerdicts;
  ops: Operation[];
  trace: ReadonlyArray<TraceEvent>;
  leaders: LeaderInterval[];
  /** History indexes of the stale reads, when the ladder looked for them (null: not graded). */
  staleReads: ReadonlySet<number> | null;
};

/**
 * analyzeRun's first half: every verdict (the ladder, lost writes, duplicate effects, split brain,
 * convergence), which is all the `expect` lines read. A host that shows verdicts as soon as they
 * are known (the playground) has them before the quorum timeline and the classification.
 */
export function gradeVerdicts(
  run: { history: History; trace: ReadonlyArray<TraceEvent>; config: SimConfig },
  options: { model?: Model<unknown>; budget?: Budget } = {},
): GradedVerdicts {
  // Several checks read the same operations, applies and leader intervals: derive each once.
  const ops = toOperations(run.history);
  const trace = gradingEvents(run.trace);
  const applies = appliesByNode(trace);
  const leaders = leaderIntervals(trace, run.config.runForUs);
  const notGradable = overGradingBudget(ops, options.budget) ?? whyNotGradable(ops);
  const ladder = notGradable === null ? checkLadder(run.history, { ...options, ops }) : ungradedLadder(notGradable);
  const lost = findLostWrites(run.history, trace, run.config, { ops, applies });
  const dup = findDuplicateEffects(run.history, trace, applies);
  const split = findSplitBrain(run.history, trace, run.config, { ops, leaders });
  const converge = checkConvergence(trace, run.config);
  markUndecidedWhenTruncated(trace, [lost.verdict, dup.verdict, split.verdict, converge.verdict]);
  const verdicts: RunVerdicts = {
    list: [...ladder.verdicts, lost.verdict, dup.verdict, split.verdict, converge.verdict],
    strongest: ladder.strongest,
    damage: {
      lostWrites: lost.lost.length,
      duplicateEffects: new Set(dup.duplicated.map((d) => d.opId)).size,
      staleReads: ladder.staleReads,
      splitBrain: split.intervals,
    },
  };
  return { verdicts, ops, trace, leaders, staleReads: ladder.staleReadIndexes === null ? null : new Set(ladder.staleReadIndexes) };
}

/** analyzeRun's second half: the quorum timeline and the CAP/PACELC classification, with its evidence. */
export function placeRun(
  run: { history: History; trace: ReadonlyArray<TraceEvent>; config: SimConfig },
  staticClass: Classification | null,
  graded: GradedVerdicts,
): Pick<RunAnalysis, 'quorum' | 'classification'> {
  const quorum = quorumTimeline(graded.trace, run.config, graded.leaders);
  const classification = classifyRun(run.history, run.trace, run.config, staticClass, {
    ops: graded.ops,
    timeline: quorum,
    ...(graded.staleReads === null ? {} : { staleReads: graded.staleReads }),
  });
  return { quorum, classification };
}

const LADDER: ReadonlySet<string> = new Set(['linearizable', 'sequential', 'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'no-stale-reads']);

/**
 * Only the named verdicts (as analyzeRun would give them) and the lost-write count: what a sweep
 * needs per seed, without the quorum timeline, the classification or checks nobody asked for.
 * Trace verdicts are undecided when the trace was cut short, as in a full run.
 */
export function analyzeSome(
  run: { history: History; trace: ReadonlyArray<TraceEvent>; config: SimConfig },
  names: ReadonlySet<string>,
  options: { budget?: Budget } = {},
): { list: Verdict[]; lostWrites: number } {
  const ops = toOperations(run.history);
  const list: Verdict[] = [];
  if ([...names].some((n) => LADDER.has(n))) {
    const notGradable = overGradingBudget(ops, options.budget) ?? whyNotGradable(ops);
    const ladder = notGradable === null ? checkLadder(run.history, { ...options, ops, only: names }) : ungradedLadder(notGradable, names);
    list.push(...ladder.verdicts);
  }
  const events = gradingEvents(run.trace);
  const applies = appliesByNode(events);
  const lost = findLostWrites(run.history, events, run.config, { ops, applies });
  const fromTrace: Verdict[] = [lost.verdict];
  if (names.has('no-duplicate-effects')) fromTrace.push(findDuplicateEffects(run.history, events, applies).verdict);
  if (names.has('no-split-brain')) fromTrace.push(findSplitBrain(run.history, events, run.config, { ops }).verdict);
  if (names.has('converges')) fromTrace.push(checkConvergence(events, run.config).verdict);
  markUndecidedWhenTruncated(events, fromTrace);
  list.push(...fromTrace);
  return { list, lostWrites: lost.lost.length };
}

/** Verdicts read from the trace cannot be trusted once the trace stopped growing. */
function markUndecidedWhenTruncated(trace: ReadonlyArray<TraceEvent>, fromTrace: Verdict[]): void {
  if (capNote(trace, TRACE_TRUNCATED) !== undefined) for (const verdict of fromTrace) markUndecided(verdict);
}

function markUndecided(verdict: Verdict): void {
  verdict.holds = null;
  verdict.summary = "not decided: the run outgrew the trace's memory cap, so the states and applies after that point were not recorded";
  delete verdict.operations;
  delete verdict.at;
}

/** The verdict that answers an `expect` line of this kind, if core/check decides it. */
export function verdictFor(kind: ExpectationKind, analysis: RunAnalysis): Verdict | undefined {
  return analysis.verdicts.list.find((v) => v.name === kind);
}
