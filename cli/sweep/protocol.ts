// Messages between the sweep's main thread and its workers. A worker compiles the scenario once
// (workerData), then runs whatever seeds it is handed, one outcome message per seed.

import type { SeedOutcome } from '../../core/sweep/index.ts';

export type WorkerSetup = { text: string; scenario?: string; maxEvents?: number };
export type ToWorker = { type: 'seeds'; seeds: number[] } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'outcome'; outcome: SeedOutcome; cpuMs: number }
  | { type: 'idle' }
  | { type: 'failed'; message: string };
