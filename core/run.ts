// runScenario: a compiled scenario in, one Report out. Every host (CLI, webview worker, language
// server, tests) calls this; it is pure (no clock, no I/O), so the host measures wall time and
// fills stats.wallMs.

import { gradeVerdicts, placeRun } from './check/analyze-run.ts';
import type { Budget } from './check/budget.ts';
import { decideExpectations } from './check/expectations.ts';
import { createRaftSafetyMonitor } from './check/raft-invariants.ts';
import { getProtocol } from './protocols/registry.ts';
import { Engine, type AnyProtocol, type EngineResult } from './sim/engine.ts';
import { MAX_CLIENT_COUNT } from './language/limits.ts';
import { DEFAULT_MEMORY_BUDGET_BYTES, estimateStartupBytes, megabytes } from './sim/memory-budget.ts';
import type { Observer } from './sim/observer.ts';
import { DEFAULT_MAX_TRACE_EVENTS } from './sim/trace-log.ts';
import { REPORT_FORMAT, type Report } from './types/report.ts';
import type { SimConfig } from './types/sim-config.ts';

/** Enough for minutes of simulated Raft with clients; a runaway scenario stops here. */
export const DEFAULT_MAX_EVENTS = 5_000_000;

export type RunOptions = {
  /** Event budget: the run stops after this many events with stats.stoppedBy 'event-budget'. */
  maxEvents?: number;
  /**
   * Memory budget in estimated bytes (default DEFAULT_MEMORY_BUDGET_BYTES, Infinity for none):
   * the run stops with stats.stoppedBy 'memory-budget' once what it stored is priced above it,
   * and a configuration that needs more before its first event is not run at all (see
   * core/sim/memory-budget.ts: counted, not measured, so the stop is deterministic).
   */
  maxMemoryBytes?: number;
  /** Keep the trace (default true). Off, the report's trace holds only notes; checks still run. */
  recordTrace?: boolean;
  /**
   * Trace memory cap (default 200,000 events): past it the trace keeps only what grading reads
   * (states, applies, faults, notes) and says so in a note; see core/sim/trace-log.ts.
   */
  maxTraceEvents?: number;
  /**
   * Keep message and timer events in the trace (default true). Grading reads only states,
   * applies, faults, client events and notes, so a run graded and then thrown away (a sweep's
   * seed) can leave them out: the same verdicts from a quarter of the trace.
   */
  traceMessages?: boolean;
  /** Called after every event with read access to every node (invariant checkers). */
  observer?: Observer;
  /** Run this implementation instead of the registered one (tests, experiments). */
  protocol?: AnyProtocol;
  /**
   * Grade the run with core/check (default true): verdicts, quorum timeline, classification, and
   * the consistency expectations. Off, consistency expectations stay undecided (benchmarks of the
   * engine alone).
   */
  analyze?: boolean;
  /** Search budget for the linearizability and sequential checks (defaults bound the work). */
  checkBudget?: Budget;
  /**
   * Called once the run is graded, before its quorum timeline and classification are worked out:
   * a host that shows verdicts first (the playground) has them that much sooner.
   */
  onVerdicts?: (early: EarlyVerdicts) => void;
  /**
   * The host's clock in milliseconds (core never reads one). Given, stats.wallMs is the
   * simulation's wall time and stats.gradeMs the grading's: a run whose search takes half a second
   * should not read as a slow simulator.
   */
  clock?: () => number;
};

export function runScenario(config: SimConfig, options: RunOptions = {}): Report {
  const protocol = options.protocol ?? getProtocol(config.protocol.name);
  if (protocol === undefined) return unsupportedProtocolReport(config);

  const maxMemoryBytes = options.maxMemoryBytes ?? DEFAULT_MEMORY_BUDGET_BYTES;
  const startupBytes = estimateStartupBytes(config.nodes.length, clientInstances(config));
  if (startupBytes > maxMemoryBytes) return refusedReport(config, startupBytes, maxMemoryBytes);

  const analyze = options.analyze ?? true;
  const keepTrace = options.recordTrace ?? true;
  const engineOptions = {
    maxEvents: Math.max(0, Math.floor(options.maxEvents ?? DEFAULT_MAX_EVENTS)),
    ...(maxMemoryBytes === Infinity ? {} : { maxMemoryBytes }),
    // The checkers read the trace (who led, what was applied), so it is recorded for them even
    // when the caller does not want it in the report; it is dropped again below.
    recordTrace: keepTrace || analyze,
    maxTraceEvents: options.maxTraceEvents ?? DEFAULT_MAX_TRACE_EVENTS,
    traceMessages: options.traceMessages ?? true,
  };
  // `raft safety` needs the node states after every event, so it watches the run itself.
  const registered = getProtocol(config.protocol.name);
  const watchRaft =
    config.protocol.name === 'raft' && protocol === registered && config.expectations.some((e) => e.kind === 'raft-safety');
  const monitor = watchRaft ? createRaftSafetyMonitor(config.nodes) : undefined;
  const userObserver = options.observer;
  let observer: Observer | undefined = userObserver;
  if (monitor !== undefined) {
    observer =
      userObserver === undefined
        ? (view, touched) => monitor.observe(view, touched)
        : (view, touched) => {
            monitor.observe(view, touched);
            userObserver(view, touched);
          };
  }
  const engine = new Engine(config, protocol, observer === undefined ? engineOptions : { ...engineOptions, observer });
  const clock = options.clock;
  const started = clock?.() ?? 0;
  const result = engine.run();
  const simulated = clock?.() ?? 0;

  const violation = monitor?.firstViolation();
  return gradeRun(config, protocol, result, {
    analyze,
    keepTrace,
    ...(options.onVerdicts === undefined ? {} : { onVerdicts: options.onVerdicts }),
    ...(options.checkBudget === undefined ? {} : { checkBudget: options.checkBudget }),
    ...(violation === undefined ? {} : { raftSafety: violation === null ? null : { at: violation.at, summary: violation.summary } }),
    ...(clock === undefined ? {} : { clock, simulated: simulated - started }),
  });
}

/** What a graded run's verdicts panel shows: the Report's parts known before it is placed in CAP terms. */
/** `events`: how many events the run made (a host sends small runs' verdicts with the trace). */
export type EarlyVerdicts = Pick<Report, 'scenario' | 'seed' | 'config' | 'expectations' | 'verdicts'> & { events: number };

export type GradeOptions = {
  analyze: boolean;
  keepTrace: boolean;
  onVerdicts?: (early: EarlyVerdicts) => void;
  checkBudget?: Budget;
  /** What a Raft safety monitor that watched the run found (null: nothing); absent: not watched. */
  raftSafety?: { at: number; summary: string } | null;
  /** The host's clock and the simulation's wall time, to fill stats.wallMs and gradeMs. */
  clock?: () => number;
  simulated?: number;
};

/**
 * A finished engine run graded into the Report: verdicts, quorum, classification, expectations.
 * runScenario's second half, shared with hosts that drove the engine themselves (the debugger's
 * time-travel run grades the run it stepped through).
 */
export function gradeRun(config: SimConfig, protocol: AnyProtocol, result: EngineResult, options: GradeOptions): Report {
  const { analyze, keepTrace, clock } = options;
  const gradingStarted = clock?.() ?? 0;
  const run = { history: result.history, trace: result.trace, config };
  const graded = analyze ? gradeVerdicts(run, options.checkBudget === undefined ? {} : { budget: options.checkBudget }) : undefined;
  const expectations = decideExpectations({
    config,
    history: result.history,
    timeline: result.timeline,
    endUs: result.stats.simulatedUs,
    ...(graded === undefined ? {} : { analysis: graded }),
    ...(options.raftSafety === undefined ? {} : { raftSafety: options.raftSafety }),
  });
  options.onVerdicts?.({ scenario: config.scenario, seed: config.seed, config, expectations, events: result.stats.events, ...(graded === undefined ? {} : { verdicts: graded.verdicts }) });
  const placed = graded === undefined ? undefined : placeRun(run, protocol.classify(config.protocol.options), graded);
  if (clock !== undefined) {
    result.stats.wallMs = options.simulated ?? 0;
    if (graded !== undefined) result.stats.gradeMs = clock() - gradingStarted;
  }
  const report: Report = {
    format: REPORT_FORMAT,
    scenario: config.scenario,
    seed: config.seed,
    config,
    stats: result.stats,
    expectations,
    history: result.history,
    trace: keepTrace ? result.trace : result.trace.filter((event) => event.kind === 'note'),
  };
  if (graded !== undefined && placed !== undefined) {
    report.verdicts = graded.verdicts;
    report.quorum = placed.quorum;
    report.classification = placed.classification;
  }
  return report;
}

/** Client instances the engine will simulate (it caps each declaration, as the validator does). */
function clientInstances(config: SimConfig): number {
  let total = 0;
  for (const client of config.clients) total += Math.min(MAX_CLIENT_COUNT, Math.max(1, Math.floor(client.count)));
  return total;
}

/** A configuration whose nodes and clients alone would outgrow the memory budget: not run. */
function refusedReport(config: SimConfig, needed: number, budget: number): Report {
  const summary = `not run: ${config.nodes.length} nodes and ${clientInstances(config)} client instances need about ${megabytes(needed)} before the first event, over the memory budget of ${megabytes(budget)}`;
  return notRunReport(config, summary, 'memory-budget');
}

function unsupportedProtocolReport(config: SimConfig): Report {
  return notRunReport(config, `not run: the ${config.protocol.name} protocol has no simulator implementation yet`, 'end');
}

function notRunReport(config: SimConfig, summary: string, stoppedBy: Report['stats']['stoppedBy']): Report {
  return {
    format: REPORT_FORMAT,
    scenario: config.scenario,
    seed: config.seed,
    config,
    stats: { events: 0, simulatedUs: 0, wallMs: 0, messages: { sent: 0, delivered: 0, dropped: 0, duplicated: 0 }, stoppedBy },
    expectations: config.expectations.map((expectation) => ({ text: expectation.text, line: expectation.line, holds: null, summary })),
    history: [],
    trace: [{ kind: 'note', t: 0, text: summary }],
  };
}
