// An exploration worker thread (bundled to dist/explore-worker.js): explores one shard of the
// search and posts its progress and its result.

import { parentPort, workerData } from 'node:worker_threads';
import { explore } from '../../core/explore/index.ts';
import type { ExploreWorkerSetup, FromExploreWorker } from './protocol.ts';

const port = parentPort!;
const setup = workerData as ExploreWorkerSetup;
const send = (message: FromExploreWorker) => port.postMessage(message);

try {
  const deadline = setup.deadline;
  const result = explore(setup.config, {
    ...setup.options,
    onProgress: (progress) => send({ type: 'progress', progress }),
    ...(deadline === null ? {} : { shouldStop: () => Date.now() > deadline }),
  });
  send({ type: 'done', result });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
port.close();
