// `--jobs J`: the exploration split into J shards, one worker thread each, merged when all are
// done. The workers share one table of seen states and meet at the end of every level, so the
// shards' counts add up to one search's. Unbundled (tsx, the tests) there is no worker file: the
// shards then run one after the other in this thread, each with its own table (a state reachable
// from two shards is counted by both), with the same verdicts.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createSharedSearch, explore, mergeShards, type ExploreProgress, type ExploreResult } from '../../core/explore/index.ts';
import type { ExploreWorkerSetup, FromExploreWorker } from './protocol.ts';

/** A thread that ended without its result: an internal failure (exit 4), not a fault of the input. */
export class ExplorationThreadStopped extends Error {}

/** The merged result, and whether its counts are summed over shards that did not share a table (an upper bound). */
export type ShardedExploration = { result: ExploreResult; summed: boolean };

export async function exploreInShards(setup: ExploreWorkerSetup, jobs: number, onProgress: (progress: ExploreProgress) => void): Promise<ShardedExploration> {
  const outer = setup.options.shard ?? { index: 0, count: 1 };
  // Shard i of n, split again J ways: shards i*J .. i*J+J-1 of n*J.
  const shards = Array.from({ length: jobs }, (_, j) => ({ index: outer.index * jobs + j, count: outer.count * jobs }));
  // --max-states is the budget of the whole run: each shard gets its share.
  const maxStates = Math.max(1, Math.ceil(setup.options.maxStates / jobs));
  const url = new URL('./explore-worker.js', import.meta.url);
  const latest: ExploreProgress[] = shards.map(() => ({ states: 0, distinct: 0, frontier: 0, depth: 0 }));
  const report = (shard: number, progress: ExploreProgress) => {
    latest[shard] = progress;
    onProgress({
      states: latest.reduce((s, p) => s + p.states, 0),
      distinct: latest.reduce((s, p) => s + p.distinct, 0),
      frontier: latest.reduce((s, p) => s + p.frontier, 0),
      depth: Math.min(...latest.map((p) => p.depth)),
    });
  };
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) {
    const deadline = setup.deadline;
    const results = shards.map((shard, i) =>
      explore(setup.config, {
        ...setup.options,
        maxStates,
        shard,
        onProgress: (p) => report(i, p),
        ...(deadline === null ? {} : { shouldStop: () => Date.now() > deadline }),
      }),
    );
    return { result: mergeShards(results), summed: shards.length * outer.count > 1 };
  }
  // The threads share one table of seen states, so no state is expanded twice (see
  // core/explore/shared-search.ts); a budget too large for one shared table keeps them apart.
  const sharedSearch = jobs > 1 ? createSharedSearch(jobs, setup.options.maxStates) : null;
  const workers: Worker[] = [];
  const shardRuns = shards.map(
    (shard, i) =>
      new Promise<ExploreResult>((resolve, reject) => {
        // Sharing threads count their states together, against the whole budget.
        const options = sharedSearch === null ? { ...setup.options, maxStates, shard } : { ...setup.options, shard, sharedSearch };
        const workerSetup: ExploreWorkerSetup = { ...setup, options };
        // No inherited node options: a worker refuses V8 flags (see cli/sweep/pool.ts).
        const worker = new Worker(url, { workerData: workerSetup, execArgv: [] });
        workers.push(worker);
        worker.on('message', (message: FromExploreWorker) => {
          if (message.type === 'progress') report(i, message.progress);
          else if (message.type === 'done') resolve(message.result);
          else reject(new Error(message.message));
        });
        worker.on('error', reject);
        // A thread that ends without its result (killed, out of memory) must not leave the
        // others waiting at the level barrier for it.
        worker.on('exit', (code) => reject(new ExplorationThreadStopped(`an exploration thread stopped (exit code ${code}) before it finished`)));
      }),
  );
  let results: ExploreResult[];
  try {
    results = await Promise.all(shardRuns);
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
  return { result: mergeShards(results), summed: outer.count > 1 || (jobs > 1 && sharedSearch === null) };
}
