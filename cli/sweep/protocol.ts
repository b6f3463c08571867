// Messages between the sweep's main thread and its workers. A worker gets the compiled scenario
// (workerData, structured-cloned: the worker never loads the language front end), then runs
// whatever seeds it is handed and answers each batch with one message holding its outcomes.

import type { SeedOutcome } from '../../core/sweep/index.ts';
import type { SimConfig } from '../../core/types/sim-config.ts';

export type WorkerSetup = { config: SimConfig; maxEvents?: number };
export type ToWorker = { type: 'seeds'; seeds: number[] } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'outcomes'; outcomes: SeedOutcome[] }
  | { type: 'failed'; message: string; stack?: string };
