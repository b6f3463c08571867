// Messages between the playground UI thread and its simulation worker. The UI cancels a run by
// terminating the worker (a synchronous simulation cannot be interrupted from outside any other
// way), then starts a fresh one for the next run.

import type { SimConfig } from '../core/types/sim-config.ts';

export type WorkerRequest = {
  type: 'run';
  /** Scenario text to compile and run… */
  text?: string;
  /** …or an already compiled scenario (re-running a report with another seed). */
  config?: SimConfig;
  scenario?: string;
  seed?: number;
  maxEvents?: number;
};

export type WorkerReply =
  | { type: 'progress'; simulatedUs: number; totalUs: number; events: number }
  /** The finished run as encodeRun bytes (model/packed-run.ts), transferred, not copied. */
  | { type: 'done'; run: Uint8Array<ArrayBuffer> }
  | { type: 'failed'; reason: 'compile-error' | 'error'; message: string };
