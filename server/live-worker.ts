// The worker side of live expectations: compiles and runs scenarios off the language server's
// thread and sends back every `expect` line the run broke. It runs inside a worker thread
// started from the server's own entry file (see live-expectations.ts), so it needs no bundle
// of its own.

import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../core/language/index.ts';
import { runScenario } from '../core/run.ts';
import { faultNotes, type FaultNote } from './live-fault-notes.ts';
import { ANALYSIS_ROLE, startAnalysisWorker } from './analysis-worker.ts';
import { OUTLINE_ROLE, startOutlineWorker } from './outline-worker.ts';

export type LiveRequest = { id: number; text: string; scenarios: string[]; maxEvents: number };

export type LiveViolation = {
  scenario: string;
  seed: number;
  /** 1-based line of the `expect` statement. */
  line: number;
  text: string;
  summary: string;
  /** Virtual time at which it broke, when the checker knows it. */
  atUs?: number;
};

/** What the fault lines of a scenario did in its run. */
export type LiveFaultNotes = { scenario: string; seed: number; notes: FaultNote[] };

export type LiveResponse = { id: number; violations: LiveViolation[]; faults: LiveFaultNotes[] };

/** Trace events kept per live run: enough to describe the faults and the elections after them. */
const LIVE_TRACE_EVENTS = 50_000;

/** True in a worker thread started for live expectations. */
export function isLiveWorker(): boolean {
  return parentPort !== null && (workerData as { faultlineLiveWorker?: boolean } | null)?.faultlineLiveWorker === true;
}

export function runLive(request: LiveRequest): LiveResponse {
  const violations: LiveViolation[] = [];
  const faults: LiveFaultNotes[] = [];
  for (const scenario of request.scenarios) {
    const compiled = compile(request.text, scenario);
    if (compiled.config === null) continue;
    const report = runScenario(compiled.config, { maxEvents: request.maxEvents, maxTraceEvents: LIVE_TRACE_EVENTS });
    faults.push({ scenario, seed: report.seed, notes: faultNotes(report) });
    for (const e of report.expectations) {
      if (e.holds !== false) continue;
      const violation: LiveViolation = { scenario, seed: report.seed, line: e.line, text: e.text, summary: e.summary };
      if (e.at !== undefined) violation.atUs = e.at;
      violations.push(violation);
    }
  }
  return { id: request.id, violations, faults };
}

/**
 * The worker's message loop: one request in, one response out. A worker started with
 * `role: 'analysis'` analyses documents instead (analysis-worker.ts), one with `role: 'outline'`
 * answers large documents' requests (outline-worker.ts): all come from the same entry file, so
 * every host (server/main.ts, `faultline lsp`) starts any of them through this call.
 */
export function startLiveWorker(): void {
  const role = (workerData as { role?: string } | null)?.role;
  if (role === ANALYSIS_ROLE) {
    startAnalysisWorker();
    return;
  }
  if (role === OUTLINE_ROLE) {
    startOutlineWorker();
    return;
  }
  parentPort?.on('message', (request: LiveRequest) => {
    let response: LiveResponse;
    try {
      response = runLive(request);
    } catch {
      // A scenario the simulator cannot run yields no live diagnostics rather than a crash.
      response = { id: request.id, violations: [], faults: [] };
    }
    parentPort?.postMessage(response);
  });
}
