// runScenario: a compiled scenario in, one Report out. Every host (CLI, webview worker, language
// server, tests) calls this; it is pure (no clock, no I/O), so the host measures wall time and
// fills stats.wallMs.

import { decideExpectations } from './check/expectations.ts';
import { createRaftSafetyMonitor } from './check/raft-invariants.ts';
import { getProtocol } from './protocols/registry.ts';
import { Engine, type AnyProtocol } from './sim/engine.ts';
import type { Observer } from './sim/observer.ts';
import { DEFAULT_MAX_TRACE_EVENTS } from './sim/trace-log.ts';
import { REPORT_FORMAT, type Report } from './types/report.ts';
import type { SimConfig } from './types/sim-config.ts';

/** Enough for minutes of simulated Raft with clients; a runaway scenario stops here. */
export const DEFAULT_MAX_EVENTS = 5_000_000;

export type RunOptions = {
  /** Event budget: the run stops after this many events with stats.stoppedBy 'event-budget'. */
  maxEvents?: number;
  /** Keep the trace (default true). Off, the report's trace holds only notes; checks still run. */
  recordTrace?: boolean;
  /** Trace memory cap (default 200,000 events); past it the trace says it was truncated. */
  maxTraceEvents?: number;
  /** Called after every event with read access to every node (invariant checkers). */
  observer?: Observer;
  /** Run this implementation instead of the registered one (tests, experiments). */
  protocol?: AnyProtocol;
};

export function runScenario(config: SimConfig, options: RunOptions = {}): Report {
  const protocol = options.protocol ?? getProtocol(config.protocol.name);
  if (protocol === undefined) return unsupportedProtocolReport(config);

  const engineOptions = {
    maxEvents: Math.max(0, Math.floor(options.maxEvents ?? DEFAULT_MAX_EVENTS)),
    recordTrace: options.recordTrace ?? true,
    maxTraceEvents: options.maxTraceEvents ?? DEFAULT_MAX_TRACE_EVENTS,
  };
  // `raft safety` needs every node's full state after every event, so it watches the run itself.
  const registered = getProtocol(config.protocol.name);
  const watchRaft =
    config.protocol.name === 'raft' && protocol === registered && config.expectations.some((e) => e.kind === 'raft-safety');
  const monitor = watchRaft ? createRaftSafetyMonitor(config.nodes) : undefined;
  const userObserver = options.observer;
  let observer: Observer | undefined = userObserver;
  if (monitor !== undefined) {
    observer =
      userObserver === undefined
        ? (view) => monitor.observe(view)
        : (view) => {
            monitor.observe(view);
            userObserver(view);
          };
  }
  const engine = new Engine(config, protocol, observer === undefined ? engineOptions : { ...engineOptions, observer });
  const result = engine.run();

  const violation = monitor?.firstViolation();
  const expectations = decideExpectations({
    config,
    history: result.history,
    timeline: result.timeline,
    endUs: result.stats.simulatedUs,
    ...(violation === undefined ? {} : { raftSafety: violation === null ? null : { at: violation.at, summary: violation.summary } }),
  });
  return {
    format: REPORT_FORMAT,
    scenario: config.scenario,
    seed: config.seed,
    config,
    stats: result.stats,
    expectations,
    history: result.history,
    trace: result.trace,
  };
}

function unsupportedProtocolReport(config: SimConfig): Report {
  const summary = `not run: the ${config.protocol.name} protocol has no simulator implementation yet`;
  return {
    format: REPORT_FORMAT,
    scenario: config.scenario,
    seed: config.seed,
    config,
    stats: { events: 0, simulatedUs: 0, wallMs: 0, messages: { sent: 0, delivered: 0, dropped: 0, duplicated: 0 }, stoppedBy: 'end' },
    expectations: config.expectations.map((expectation) => ({ text: expectation.text, line: expectation.line, holds: null, summary })),
    history: [],
    trace: [{ kind: 'note', t: 0, text: summary }],
  };
}
