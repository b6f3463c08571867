// The messages between `faultline explore` and its worker threads (one shard each).
import type { ExploreOptions, ExploreProgress, ExploreResult } from '../../core/explore/index.ts';
import type { SimConfig } from '../../core/types/sim-config.ts';

/** What a worker is started with: the scenario, the bounds, its shard and the wall-clock deadline. */
export type ExploreWorkerSetup = {
  config: SimConfig;
  options: Omit<ExploreOptions, 'onProgress' | 'shouldStop' | 'protocol'>;
  /** Date.now() after which the shard stops (the --timeout), or null. */
  deadline: number | null;
};

export type FromExploreWorker =
  | { type: 'progress'; progress: ExploreProgress }
  | { type: 'done'; result: ExploreResult }
  | { type: 'failed'; message: string };
