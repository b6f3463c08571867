// A run as the playground shows it: simulated, graded, classified, timed (playgroundReport), and
// packed for the page (runAndPack, model/packed-run.ts). The page's simulation worker (worker.ts)
// and the extension host's run worker (client/run-worker.ts: exports, and the first run of a panel
// the host is creating) both call these, so a run the host makes is the one the page would have.

import { runScenario, type EarlyVerdicts } from '../core/run.ts';
import type { Observer } from '../core/sim/observer.ts';
import type { Report } from '../core/types/report.ts';
import type { SimConfig } from '../core/types/sim-config.ts';
import { withStaticClassification } from './complete-report.ts';
import { encodeRun } from './model/packed-run.ts';
import { findingsOf } from './model/verdict-list.ts';
import type { RunVerdicts } from './worker-protocol.ts';

export type PlaygroundRunOptions = {
  seed?: number;
  maxEvents?: number;
  observer?: Observer;
  /**
   * Called as soon as the run is graded, before it is placed in CAP terms and packed: the page's
   * worker and the host send the verdicts ahead of the trace. Only for runs of EARLY_VERDICTS_FROM
   * events or more.
   */
  onVerdicts?: (early: EarlyVerdicts) => void;
};

/**
 * Below this many events the trace is classified and packed in a few milliseconds: its verdicts
 * come with it. Sent on their own, the page drew them first and the trace waited behind that
 * drawing (the Raft sample's answer arrived 54 ms after it was sent, issue 16: Run → first frame).
 */
export const EARLY_VERDICTS_FROM = 20_000;

export function playgroundReport(compiled: SimConfig, options: PlaygroundRunOptions): Report {
  const config = options.seed === undefined ? compiled : { ...compiled, seed: options.seed };
  const started = Date.now();
  const report = runScenario(config, {
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
    ...(options.observer === undefined ? {} : { observer: options.observer }),
    ...(options.onVerdicts === undefined ? {} : { onVerdicts: bigRunsOnly(options.onVerdicts) }),
  });
  report.stats.wallMs = Date.now() - started;
  return withStaticClassification(report);
}

function bigRunsOnly(onVerdicts: (early: EarlyVerdicts) => void): (early: EarlyVerdicts) => void {
  return (early) => {
    if (early.events >= EARLY_VERDICTS_FROM) onVerdicts(early);
  };
}

/**
 * The graded run's verdicts as the page's verdicts panel shows them: the same findingsOf the page's
 * RunView computes, so the panel shown ahead of the trace is the one the run's view keeps.
 */
export function verdictsOf(report: EarlyVerdicts): RunVerdicts {
  return { scenario: report.scenario, seed: report.seed, protocol: report.config.protocol.name, findings: findingsOf(report) };
}

export function runAndPack(compiled: SimConfig, options: PlaygroundRunOptions): Uint8Array<ArrayBuffer> {
  return encodeRun(playgroundReport(compiled, options));
}
