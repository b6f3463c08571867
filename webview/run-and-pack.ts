// A run as the playground shows it: simulated, graded, classified and packed for the page
// (model/packed-run.ts). The page's simulation worker (worker.ts) and the extension host's run
// worker (client/run-worker.ts, which prepares the first run of a panel the host is creating)
// both call this, so a run the host prepares is byte for byte the one the page would have made.

import { runScenario } from '../core/run.ts';
import type { Observer } from '../core/sim/observer.ts';
import type { Report } from '../core/types/report.ts';
import type { SimConfig } from '../core/types/sim-config.ts';
import { withStaticClassification } from './complete-report.ts';
import { encodeRun } from './model/packed-run.ts';

export type RunAndPackOptions = {
  seed?: number;
  maxEvents?: number;
  observer?: Observer;
  /** Called with the graded report before it is packed (the page's worker sends its verdicts ahead). */
  onGraded?: (report: Report) => void;
};

export function runAndPack(compiled: SimConfig, options: RunAndPackOptions): Uint8Array<ArrayBuffer> {
  const config = options.seed === undefined ? compiled : { ...compiled, seed: options.seed };
  const started = Date.now();
  const report = runScenario(config, {
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
    ...(options.observer === undefined ? {} : { observer: options.observer }),
  });
  report.stats.wallMs = Date.now() - started;
  options.onGraded?.(report);
  return encodeRun(withStaticClassification(report));
}
