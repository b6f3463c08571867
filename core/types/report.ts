// The one Report a run produces. The CLI's --json, the webview, the HTML export and hover texts
// all read this shape; bump `format` when a field changes meaning.

import type { RunVerdicts } from '../check/analyze-run.ts';
import type { ClassificationResult } from '../check/trace/cap-pacelc.ts';
import type { QuorumInterval } from '../check/trace/quorum-timeline.ts';
import type { History } from './history.ts';
import type { Micros, SimConfig } from './sim-config.ts';
import type { TraceEvent } from './trace.ts';

export const REPORT_FORMAT = 'faultline.report/1';

export type RunStats = {
  events: number;
  simulatedUs: Micros;
  /**
   * Wall time is measured by the host (core never reads a clock); 0 when not measured. When the
   * host hands runScenario its clock, this is the simulation alone and gradeMs the grading.
   */
  wallMs: number;
  /** Wall time spent grading the run (core/check), when the host gave runScenario a clock. */
  gradeMs?: number;
  messages: { sent: number; delivered: number; dropped: number; duplicated: number };
  /**
   * Why the run ended: it reached `run for`, it spent its event budget, or what it stored went
   * over its memory budget (core/sim/memory-budget.ts; also a run refused before its first
   * event, with 0 events). Either budget leaves a partial report.
   */
  stoppedBy: 'end' | 'event-budget' | 'memory-budget';
};

export type ExpectationResult = {
  text: string;
  line: number;
  /** null: not decided (not yet checked, or the checker ran out of budget). */
  holds: boolean | null;
  summary: string;
  /** Global time at which it broke, when it has one. */
  at?: Micros;
  /** History indexes of the operations that show it. */
  operations?: number[];
};

export type Report = {
  format: typeof REPORT_FORMAT;
  scenario: string;
  seed: number;
  config: SimConfig;
  stats: RunStats;
  expectations: ExpectationResult[];
  history: History;
  trace: TraceEvent[];
  /** Consistency verdicts, the strongest model that held and damage counts (core/check). */
  verdicts?: RunVerdicts;
  /** Connectivity components, majority, leaders and failure tolerance over time (core/check). */
  quorum?: QuorumInterval[];
  /** Static CAP/PACELC from the protocol's options beside what this run showed (core/check). */
  classification?: ClassificationResult;
};
