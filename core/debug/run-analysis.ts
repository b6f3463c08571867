// Where a run breaks, as event numbers a debugger can stop at. The time-travel run is driven to
// its end once and graded (gradeRun: the same verdicts every host shows); its per-event columns
// (time, trace and history lengths after each event) turn the verdicts into events:
// - an `expect` line that breaks stops at the moment its checker says it broke: the first event
//   at that time that changed a node's state (the second primary's write, ...), or, with no
//   moment, the event that recorded the last of the operations it names;
// - "raft safety violated": the first event after which Raft's invariants fail (the monitor
//   `expect raft safety` uses, on a run of its own: it must see every event from the start;
//   made only when the scenario expects raft safety or the filter is turned on);
// - "split brain": the moment the first split-brain interval begins.

import { createRaftSafetyMonitor } from '../check/raft-invariants.ts';
import { analyzeSome } from '../check/analyze-run.ts';
import { decideFromVerdicts } from '../check/expectations.ts';
import { gradeRun, runScenario } from '../run.ts';
import { TIMELINE_DECIDED } from '../sweep/run-seed.ts';
import type { AnyProtocol } from '../sim/engine.ts';
import type { TimeTravelRun } from '../sim/time-travel.ts';
import type { Report } from '../types/report.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';

export type RunAnalysis = {
  report: Report;
  /** Event number (after which it is broken) of each broken `expect` line, by 1-based line. */
  expectationBreaks: Map<number, number>;
  /** Undefined also when not looked for yet (findRaftSafetyBreak looks). */
  raftSafetyBreak: number | undefined;
  raftSafetyChecked: boolean;
  splitBrainBreak: number | undefined;
  /** The event whose handling recorded trace event `index`. */
  eventOfTraceIndex(index: number): number;
};

/**
 * The first event after which Raft's safety rules fail, on a run of its own (the monitor must see
 * every event from the start); undefined for other protocols. `violation` is what `expect raft
 * safety` is decided from.
 */
export function findRaftSafetyBreak(
  config: SimConfig,
  protocol: AnyProtocol,
): { event: number | undefined; violation: { at: number; summary: string } | null } | undefined {
  if (config.protocol.name !== 'raft') return undefined;
  const monitor = createRaftSafetyMonitor(config.nodes);
  let event: number | undefined;
  runScenario(config, {
    analyze: false,
    recordTrace: false,
    protocol,
    observer: (view, touched) => {
      if (event !== undefined) return;
      monitor.observe(view, touched);
      if (monitor.firstViolation() !== null) event = view.eventCount;
    },
  });
  const violation = monitor.firstViolation();
  return { event, violation: violation === null ? null : { at: violation.at, summary: violation.summary } };
}

/** The first index in [low, high] whose value is > `value` (high when none). */
function firstAbove(column: Int32Array | Float64Array, value: number, low: number, high: number): number {
  while (low < high) {
    const mid = (low + high) >> 1;
    if (column[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Grades `run` (driving it to its end; the caller moves the cursor back where it wants it).
 * `replayConfig` is the run's config with its manual faults in it, for the Raft monitor's run.
 */
export function analyzeForDebugging(run: TimeTravelRun, protocol: AnyProtocol, replayConfig: SimConfig): RunAnalysis {
  const config = run.config;
  const result = run.finish();
  const { times, traceEnds, historyEnds } = run.eventColumns();
  const lastEvent = times.length - 1;

  // `expect raft safety` needs the monitor's verdict now; the exception filter asks for it later.
  const raft = config.expectations.some((e) => e.kind === 'raft-safety') ? findRaftSafetyBreak(replayConfig, protocol) : undefined;
  const raftSafetyBreak = raft?.event;
  const raftSafety = raft === undefined ? undefined : raft.violation;
  // The run's logs are shared with its checkpoints and cut back when the cursor moves: the
  // report keeps copies.
  const report = gradeRun(
    config,
    protocol,
    { ...result, trace: result.trace.slice(), history: result.history.slice(), timeline: result.timeline.slice() },
    { analyze: false, keepTrace: true, ...(raftSafety === undefined ? {} : { raftSafety }) },
  );
  // Only the verdicts the `expect` lines name, and split brain (an exception filter), are graded,
  // as a sweep grades a seed (core/sweep/run-seed.ts): the same decisions `faultline run` makes,
  // without the checks nobody asked for.
  const kinds = new Set<string>(config.expectations.filter((e) => !TIMELINE_DECIDED.has(e.kind)).map((e) => e.kind));
  kinds.add('no-split-brain');
  const graded = analyzeSome({ history: report.history, trace: report.trace, config }, kinds);
  report.expectations = report.expectations.map((decided, i) => {
    const expectation = config.expectations[i]!;
    return TIMELINE_DECIDED.has(expectation.kind) ? decided : decideFromVerdicts(expectation, graded.list);
  });

  /** The first event at `time` that changed a node's state or applied a fault; else the first at it. */
  const eventAtTime = (time: Micros): number => {
    const first = Math.max(1, firstAbove(times, time - 1, 1, lastEvent));
    for (let n = first; n <= lastEvent && times[n] === time; n++) {
      for (let i = traceEnds[n - 1]!; i < traceEnds[n]!; i++) {
        const kind = report.trace[i]?.kind;
        if (kind === 'state' || kind === 'apply' || kind === 'crash' || kind === 'partition' || kind === 'restart') return n;
      }
    }
    return first;
  };

  // The checker's own moment comes first: `at` is when it broke (the second primary's first
  // acknowledged write, the read that saw a stale value). Evidence operations without a moment
  // break when the last of them is recorded.
  const breakOf = (evidence: { operations?: number[]; at?: Micros }): number => {
    if (evidence.at !== undefined) return eventAtTime(evidence.at);
    const ops = evidence.operations ?? [];
    if (ops.length > 0) {
      const opIds = new Set(ops.map((index) => report.history[index]?.opId));
      let last = -1;
      for (const entry of report.history) if (opIds.has(entry.opId) && entry.index > last) last = entry.index;
      return Math.min(lastEvent, firstAbove(historyEnds, last, 0, lastEvent));
    }
    return lastEvent;
  };

  const expectationBreaks = new Map<number, number>();
  for (const result of report.expectations) {
    if (result.holds === false) expectationBreaks.set(result.line, breakOf(result));
  }
  const splitBrain = graded.list.find((v) => v.name === 'no-split-brain' && v.holds === false);
  const splitBrainBreak = splitBrain?.at === undefined ? undefined : eventAtTime(splitBrain.at);
  return {
    report,
    expectationBreaks,
    raftSafetyBreak,
    raftSafetyChecked: raft !== undefined,
    splitBrainBreak,
    eventOfTraceIndex: (index) => firstAbove(traceEnds, index, 0, lastEvent),
  };
}
