// Spreads seeds over worker threads. Seeds go out in small batches to whichever worker is idle,
// so a slow seed does not hold the others back; outcomes come back in any order and the summary
// sorts them, which is why 1 job and 8 jobs give the same result.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compile } from '../../core/language/index.ts';
import { runSeed, type SeedOutcome } from '../../core/sweep/index.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.ts';

const BATCH = 4;

export type PoolResult = { outcomes: SeedOutcome[]; cpuMs: number };
export type PoolProgress = (done: number, failing: number) => void;

function workerUrl(): URL {
  return new URL('./sweep-worker.js', import.meta.url);
}

export async function runPool(setup: WorkerSetup, seeds: readonly number[], jobs: number, onProgress: PoolProgress): Promise<PoolResult> {
  const url = workerUrl();
  // Unbundled (tsx) there is no worker file next to this module: run in this thread instead.
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return runHere(setup, seeds, onProgress);
  const queue = [...seeds];
  const outcomes: SeedOutcome[] = [];
  let cpuMs = 0;
  let failing = 0;
  const count = Math.max(1, Math.min(jobs, seeds.length));
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        // --input-type (node -e) cannot be passed to a worker loaded from a file.
        const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
        const worker = new Worker(url, { workerData: setup, execArgv });
        const give = () => {
          const seedsNow = queue.splice(0, BATCH);
          const message: ToWorker = seedsNow.length === 0 ? { type: 'stop' } : { type: 'seeds', seeds: seedsNow };
          worker.postMessage(message);
        };
        worker.on('message', (message: FromWorker) => {
          if (message.type === 'ready' || message.type === 'idle') give();
          else if (message.type === 'outcome') {
            outcomes.push(message.outcome);
            cpuMs += message.cpuMs;
            if (message.outcome.failures.length > 0) failing++;
            onProgress(outcomes.length, failing);
          } else if (message.type === 'failed') {
            void worker.terminate();
            reject(new Error(message.message));
          }
        });
        worker.on('error', reject);
        worker.on('exit', () => resolve());
      }),
    ),
  );
  return { outcomes, cpuMs };
}

function runHere(setup: WorkerSetup, seeds: readonly number[], onProgress: PoolProgress): PoolResult {
  const config = compile(setup.text, setup.scenario).config;
  if (config === null) throw new Error('the scenario does not compile');
  const outcomes: SeedOutcome[] = [];
  let failing = 0;
  const before = process.cpuUsage();
  for (const seed of seeds) {
    const outcome = runSeed(config, seed, setup.maxEvents === undefined ? {} : { maxEvents: setup.maxEvents });
    outcomes.push(outcome);
    if (outcome.failures.length > 0) failing++;
    onProgress(outcomes.length, failing);
  }
  const used = process.cpuUsage(before);
  return { outcomes, cpuMs: (used.user + used.system) / 1000 };
}
