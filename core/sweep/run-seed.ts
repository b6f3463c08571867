// One seed of a sweep: run without a trace (memory stays flat however many seeds run) and keep
// only a small outcome. A seed that breaks an expectation is run once more with its trace, to
// name the faults that struck — the only trace a sweep ever holds, and only as printed lines.

import { runScenario } from '../run.ts';
import type { Report } from '../types/report.ts';
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
  stoppedBy: 'end' | 'event-budget';
  events: number;
  ops: { ok: number; fail: number; info: number };
  /** Slowest time from losing the leader (crash, pause, scheduled partition) to a leader of a newer term; null when not seen. */
  newLeaderUs: Micros | null;
  /** Acknowledged writes lost, when the run was graded (some expectation needed it); else null. */
  lostWrites: number | null;
  /** For failing seeds only: the faults that struck, as .fault lines (at most FAULT_LINES). */
  faults?: string[];
};

export const FAULT_LINES = 12;

/** Expectations the run's timeline decides by itself; every other kind needs core/check's grading. */
const TIMELINE_DECIDED = new Set(['one-leader-per-term', 'leader-within', 'no-leader', 'writes-commit', 'no-writes-commit', 'raft-safety']);

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
  const report = runScenario(seeded, { ...budget(options), recordTrace: false, analyze: needsAnalysis(seeded), observer: watch.observer });
  const outcome = outcomeOf(report, watch.newLeaderUs());
  if (outcome.failures.length > 0) outcome.faults = faultLines(seeded, options);
  return outcome;
}

function budget(options: SeedRunOptions): { maxEvents?: number } {
  return options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents };
}

export function outcomeOf(report: Report, newLeaderUs: Micros | null): SeedOutcome {
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
  const damage = (report.verdicts as { damage?: { lostWrites?: unknown } } | undefined)?.damage;
  const lostWrites = typeof damage?.lostWrites === 'number' ? damage.lostWrites : null;
  return { seed: report.seed, verdicts, failures, stoppedBy: report.stats.stoppedBy, events: report.stats.events, ops, newLeaderUs, lostWrites };
}

/** The faults a seed drew, as .fault lines: what a reader needs to see why it broke. */
function faultLines(config: SimConfig, options: SeedRunOptions): string[] {
  const report = runScenario(config, { ...budget(options), recordTrace: true, analyze: false });
  const lines = faultsFromTrace(report.trace, config).flatMap((fault) => printScheduledFault(fault, config.nodes));
  return lines.length > FAULT_LINES ? [...lines.slice(0, FAULT_LINES), `… ${lines.length - FAULT_LINES} more`] : lines;
}
