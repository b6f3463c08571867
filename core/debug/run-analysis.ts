// Where a run breaks, as event numbers a debugger can stop at. One graded run (runScenario, the
// same verdicts every host shows) with an observer that notes, per event, its time, the trace
// length after it and the history entries it added. From those:
// - an `expect` line that breaks stops at the moment its checker says it broke: the first event
//   at that time that changed a node's state (the second primary's write, ...), or, with no
//   moment, the event that recorded the last of the operations it names;
// - "raft safety violated": the first event after which Raft's invariants fail (the same monitor
//   `expect raft safety` uses);
// - "split brain": the first moment two nodes both acted as leader/primary/holder.

import { createRaftSafetyMonitor } from '../check/raft-invariants.ts';
import { runScenario, type RunOptions } from '../run.ts';
import type { Engine } from '../sim/engine.ts';
import { GRADING_EVENT_CAP } from '../sim/trace-log.ts';
import type { ExpectationResult, Report } from '../types/report.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';

export type RunAnalysis = {
  report: Report;
  /** Event number (after which it is broken) of each broken `expect` line, by 1-based line. */
  expectationBreaks: Map<number, number>;
  raftSafetyBreak: number | undefined;
  splitBrainBreak: number | undefined;
  /** The event whose handling recorded trace event `index`. */
  eventOfTraceIndex(index: number): number;
};

/** Growable per-event columns (a run has up to millions of events: no array of objects). */
class EventColumns {
  times = new Float64Array(1024);
  traceEnds = new Int32Array(1024);
  count = 0;
  put(n: number, time: Micros, traceEnd: number): void {
    if (n >= this.times.length) {
      const times = new Float64Array(Math.max(n + 1, this.times.length * 2));
      times.set(this.times);
      this.times = times;
      const ends = new Int32Array(times.length);
      ends.set(this.traceEnds);
      this.traceEnds = ends;
    }
    this.times[n] = time;
    this.traceEnds[n] = traceEnd;
    if (n + 1 > this.count) this.count = n + 1;
  }
  /** The event that recorded trace index `index` (0 for what start() recorded). */
  eventOfTraceIndex(index: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.traceEnds[mid]! <= index) low = mid + 1;
      else high = mid;
    }
    return low;
  }
  /** First event (≥ 1) at or after `time`, or the last event. */
  firstAtOrAfter(time: Micros): number {
    let low = 1;
    let high = this.count - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.times[mid]! < time) low = mid + 1;
      else high = mid;
    }
    return Math.max(1, low);
  }
}

export function analyzeForDebugging(config: SimConfig, options: Pick<RunOptions, 'maxEvents' | 'protocol' | 'checkBudget'> = {}): RunAnalysis {
  const columns = new EventColumns();
  /** Event that added each history entry (the run's end adds some: they map to the last event). */
  const entryEvents: number[] = [];
  const monitor = config.protocol.name === 'raft' ? createRaftSafetyMonitor(config.nodes) : undefined;
  let raftSafetyBreak: number | undefined;
  const report = runScenario(config, {
    ...options,
    maxTraceEvents: GRADING_EVENT_CAP,
    observer: (view) => {
      const engine = view as Engine;
      columns.put(view.eventCount, view.now, engine.trace.events.length);
      const history = engine.history;
      while (entryEvents.length < history.length) entryEvents.push(view.eventCount);
      if (monitor !== undefined && raftSafetyBreak === undefined) {
        monitor.observe(view);
        if (monitor.firstViolation() !== null) raftSafetyBreak = view.eventCount;
      }
    },
  });
  const lastEvent = Math.max(0, columns.count - 1);

  /** The first event at `time` that changed a node's state or applied a fault; else the first at it. */
  const eventAtTime = (time: Micros): number => {
    const first = columns.firstAtOrAfter(time);
    for (let n = first; n < columns.count && columns.times[n] === time; n++) {
      const start = columns.traceEnds[n - 1]!;
      const end = columns.traceEnds[n]!;
      for (let i = start; i < end; i++) {
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
      return Math.min(lastEvent, entryEvents[last] ?? lastEvent);
    }
    return lastEvent;
  };

  const expectationBreaks = new Map<number, number>();
  for (const result of report.expectations as ExpectationResult[]) {
    if (result.holds === false) expectationBreaks.set(result.line, breakOf(result));
  }
  const splitBrain = report.verdicts?.damage.splitBrain[0];
  const splitBrainBreak = splitBrain === undefined ? undefined : eventAtTime(splitBrain.from);
  return { report, expectationBreaks, raftSafetyBreak, splitBrainBreak, eventOfTraceIndex: (index) => columns.eventOfTraceIndex(index) };
}
