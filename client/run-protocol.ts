// Messages between the extension host and its run worker (client/run-worker.ts, a worker_thread).
// The host needs whole runs for exports and many runs for seed sweeps; both run off the extension
// host's thread so the editor stays responsive, and cancelling means terminating the worker.

import type { ExploreProgress, ExploreResult } from '../core/explore/index.ts';
import type { Report } from '../core/types/report.ts';
import type { RunVerdicts } from '../webview/worker-protocol.ts';
import type { ShrinkOutcome } from './sweep-shrink.ts';
import type { SweepResult } from './sweep.ts';

export type RunRequest =
  | { type: 'run'; text: string; scenario?: string; seed?: number; maxEvents: number }
  /**
   * The first run of a playground panel being created, made here while VS Code sets the panel up
   * and packed as the page's own worker packs it (webview/run-and-pack.ts): the page only draws it.
   */
  | { type: 'run-packed'; text: string; scenario?: string; seed?: number; maxEvents?: number }
  | { type: 'sweep'; text: string; scenario?: string; firstSeed: number; seeds: number; maxEvents: number }
  /** Every schedule of a small model of the scenario, with the CLI's default bounds. */
  | { type: 'explore'; text: string; scenario?: string }
  /** Shrink one failing seed while `expectation` keeps breaking (the sweep view's Shrink). */
  | { type: 'shrink'; text: string; scenario?: string; fileName: string; seed: number; expectation: string; maxEvents: number; maxRuns: number }
  /** The playground's first warm-up stage (webview/warm-up.ts), made and thrown away: the JIT compiles the simulator for the first real run. */
  | { type: 'warm-up' };

export type RunReply =
  | { type: 'report'; report: Report }
  /** A 'run-packed' run's verdicts, as soon as it is graded (always followed by 'packed' or 'failed'). */
  | { type: 'verdicts'; verdicts: RunVerdicts }
  /** A 'run-packed' run: encodeRun bytes, transferred. */
  | { type: 'packed'; run: Uint8Array<ArrayBuffer> }
  | { type: 'sweep-progress'; done: number; total: number }
  | { type: 'sweep-done'; result: SweepResult }
  | { type: 'explore-progress'; progress: ExploreProgress }
  | { type: 'explore-done'; result: ExploreResult; seconds: number }
  | { type: 'shrink-progress'; runs: number; maxRuns: number }
  | { type: 'shrink-done'; outcome: ShrinkOutcome }
  | { type: 'warmed' }
  | { type: 'failed'; message: string };
