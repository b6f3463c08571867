// One seed of a sweep: run without a trace (memory stays flat however many seeds run) and keep
// only a small outcome. A seed that breaks an expectation is run once more with its trace, to
// name the faults that struck — the only trace a sweep ever holds, and only as printed lines.

import { analyzeSome } from '../check/analyze-run.ts';
import { decideFromVerdicts } from '../check/expectations.ts';
import { runScenario } from '../run.ts';
import type { Observer } from '../sim/observer.ts';
import type { Report, RunStats } from '../types/report.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';
import { faultsFromTrace } from './concrete-faults.ts';
import { createLeaderWatch } from './leader-watch.ts';
import { printScheduledFault } from './print-scenario.ts';

export type SeedFailure = { expectation: string; line: number; summary: string; at?: Micros };

export type SeedOutcome = {
  seed: number;
  /** One letter per expectation, in declaration order: h held, b broke, u undecided. */
  verdicts: string;
  failures: SeedFailure[];
  stoppedBy: RunStats['stoppedBy'];
  events: number;
  ops: { ok: number; fail: number; info: number };
  /** Slowest time from losing the leader (crash, pause, scheduled partition) to a leader again (core/sweep/leader-watch.ts); null when not seen. */
  newLeaderUs: Micros | null;
  /** Acknowledged writes lost, when the run was graded (some expectation needed it); else null. */
  lostWrites: number | null;
  /** For failing seeds only: the faults that struck, as .fault lines (at most FAULT_LINES). */
  faults?: string[];
};

export const FAULT_LINES = 12;

/** Expectations the run's timeline decides by itself; every other kind needs core/check's grading. */
export const TIMELINE_DECIDED = new Set(['one-leader-per-term', 'leader-within', 'no-leader', 'writes-commit', 'no-writes-commit', 'raft-safety']);

/**
 * Grading (linearizability search, lost writes, ...) records a trace and costs more than the run
 * itself; a sweep skips it when no expectation needs it. Verdicts stay those `faultline run` gives.
 */
export function needsAnalysis(config: SimConfig): boolean {
  return config.expectations.some((e) => !TIMELINE_DECIDED.has(e.kind));
}

export type SeedRunOptions = { maxEvents?: number };

export function runSeed(config: SimConfig, seed: number, options: SeedRunOptions = {}): SeedOutcome {
  const seeded = { ...config, seed };
  const watch = createLeaderWatch(seeded);
  const { report, lostWrites } = gradedRun(seeded, { ...budget(options), observer: watch.observer });
  const outcome = outcomeOf(report, watch.newLeaderUs(), lostWrites);
  if (outcome.failures.length > 0) outcome.faults = faultLines(seeded, options);
  return outcome;
}

/**
 * One run with its `expect` lines decided exactly as `faultline run` decides them, but grading
 * only the verdicts those lines name (and lost writes, for the outcome), not the whole analysis
 * a report carries (quorum timeline, classification, every other check): per seed of a sweep,
 * that is most of the grading cost. The report keeps the trace only when grading needed it.
 */
export function gradedRun(config: SimConfig, options: { maxEvents?: number; observer?: Observer } = {}): { report: Report; lostWrites: number | null } {
  if (!needsAnalysis(config)) return { report: runScenario(config, { ...options, recordTrace: false, analyze: false }), lostWrites: null };
  const report = runScenario(config, { ...options, recordTrace: true, traceMessages: false, analyze: false });
  const kinds = new Set<string>(config.expectations.filter((e) => !TIMELINE_DECIDED.has(e.kind)).map((e) => e.kind));
  const graded = analyzeSome({ history: report.history, trace: report.trace, config }, kinds);
  report.expectations = report.expectations.map((result, i) => {
    const expectation = config.expectations[i]!;
    return TIMELINE_DECIDED.has(expectation.kind) ? result : decideFromVerdicts(expectation, graded.list);
  });
  return { report, lostWrites: graded.lostWrites };
}

function budget(options: SeedRunOptions): { maxEvents?: number } {
  return options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents };
}

/** `lostWrites`: counted by the caller's grading; by default read from the report's verdicts. */
export function outcomeOf(report: Report, newLeaderUs: Micros | null, lostWrites: number | null = reportedLostWrites(report)): SeedOutcome {
  const failures: SeedFailure[] = [];
  let verdicts = '';
  for (const result of report.expectations) {
    verdicts += result.holds === true ? 'h' : result.holds === false ? 'b' : 'u';
    if (result.holds !== false) continue;
    const failure: SeedFailure = { expectation: result.text, line: result.line, summary: result.summary };
    if (result.at !== undefined) failure.at = result.at;
    failures.push(failure);
  }
  const ops = { ok: 0, fail: 0, info: 0 };
  for (const event of report.history) if (event.type !== 'invoke') ops[event.type]++;
  return { seed: report.seed, verdicts, failures, stoppedBy: report.stats.stoppedBy, events: report.stats.events, ops, newLeaderUs, lostWrites };
}

function reportedLostWrites(report: Report): number | null {
  const damage = (report.verdicts as { damage?: { lostWrites?: unknown } } | undefined)?.damage;
  return typeof damage?.lostWrites === 'number' ? damage.lostWrites : null;
}

/** The faults a seed drew, as .fault lines: what a reader needs to see why it broke. */
function faultLines(config: SimConfig, options: SeedRunOptions): string[] {
  const report = runScenario(config, { ...budget(options), recordTrace: true, analyze: false });
  const lines = faultsFromTrace(report.trace, config).flatMap((fault) => printScheduledFault(fault, config.nodes));
  return lines.length > FAULT_LINES ? [...lines.slice(0, FAULT_LINES), `… ${lines.length - FAULT_LINES} more`] : lines;
}
