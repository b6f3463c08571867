// Spreads seeds over worker threads. Seeds go out in small batches to whichever worker is free,
// so a slow seed does not hold the others back; each worker keeps a second batch queued so it
// never waits for the main thread between batches. Outcomes come back in any order and the
// summary sorts them, which is why 1 job and 8 jobs give the same result.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runSeed, type SeedOutcome } from '../../core/sweep/index.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.ts';
import { InternalError } from '../internal-error.ts';

const BATCH = 4;
/** Batches handed to a worker ahead of the one it is running. */
const QUEUED = 1;

export type PoolResult = { outcomes: SeedOutcome[]; cpuMs: number };
export type PoolProgress = (done: number, failing: number) => void;

function workerUrl(): URL {
  return new URL('./sweep-worker.js', import.meta.url);
}

export async function runPool(setup: WorkerSetup, seeds: readonly number[], jobs: number, onProgress: PoolProgress): Promise<PoolResult> {
  const url = workerUrl();
  // Unbundled (tsx) there is no worker file next to this module: run in this thread instead.
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return runHere(setup, seeds, onProgress);
  // Process CPU time covers every thread (per-thread figures are not available on Node 20).
  const before = process.cpuUsage();
  const queue = [...seeds];
  const outcomes: SeedOutcome[] = [];
  let failing = 0;
  const count = Math.max(1, Math.min(jobs, seeds.length));
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        // No node options for the worker: by default it would inherit this process's, and a worker
        // refuses V8 flags (`node --max-old-space-size=4096 bin/faultline sweep` failed) and
        // `--input-type` (node -e). V8 flags are process-wide anyway, and the bundled worker needs
        // no loader.
        const worker = new Worker(url, { workerData: setup, execArgv: [] });
        let outstanding = 0;
        const give = () => {
          const batch = queue.splice(0, BATCH);
          if (batch.length === 0) {
            if (outstanding === 0) worker.postMessage({ type: 'stop' } satisfies ToWorker);
            return;
          }
          outstanding++;
          worker.postMessage({ type: 'seeds', seeds: batch } satisfies ToWorker);
        };
        worker.on('message', (message: FromWorker) => {
          if (message.type === 'ready') {
            for (let i = 0; i <= QUEUED; i++) give();
          } else if (message.type === 'outcomes') {
            outstanding--;
            for (const outcome of message.outcomes) {
              outcomes.push(outcome);
              if (outcome.failures.length > 0) failing++;
            }
            onProgress(outcomes.length, failing);
            give();
          } else if (message.type === 'failed') {
            void worker.terminate();
            reject(new InternalError(message.message, message.stack ?? message.message));
          }
        });
        worker.on('error', (error) => reject(new InternalError(`a sweep worker failed: ${error.message}`, error.stack ?? error.message)));
        worker.on('exit', () => resolve());
      }),
    ),
  );
  const used = process.cpuUsage(before);
  return { outcomes, cpuMs: (used.user + used.system) / 1000 };
}

function runHere(setup: WorkerSetup, seeds: readonly number[], onProgress: PoolProgress): PoolResult {
  const outcomes: SeedOutcome[] = [];
  let failing = 0;
  const before = process.cpuUsage();
  for (const seed of seeds) {
    const outcome = runSeed(setup.config, seed, setup.maxEvents === undefined ? {} : { maxEvents: setup.maxEvents });
    outcomes.push(outcome);
    if (outcome.failures.length > 0) failing++;
    onProgress(outcomes.length, failing);
  }
  const used = process.cpuUsage(before);
  return { outcomes, cpuMs: (used.user + used.system) / 1000 };
}
