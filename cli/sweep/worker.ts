// A sweep worker thread (bundled to dist/sweep-worker.js): takes the compiled scenario from the
// main thread, then runs the seeds it is sent, one batch at a time. Each seed runs without a
// trace unless grading needs one, and nothing is kept between seeds, so a worker's memory does
// not grow with the number of seeds; only failing seeds are re-run with a trace, to name faults.

import { parentPort, workerData } from 'node:worker_threads';
import { runSeed } from '../../core/sweep/index.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.ts';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const send = (message: FromWorker) => port.postMessage(message);
const options = setup.maxEvents === undefined ? {} : { maxEvents: setup.maxEvents };

send({ type: 'ready' });

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    port.close();
    return;
  }
  try {
    send({ type: 'outcomes', outcomes: message.seeds.map((seed) => runSeed(setup.config, seed, options)) });
  } catch (error) {
    const failed: FromWorker = { type: 'failed', message: `a seed crashed the simulator: ${error instanceof Error ? error.message : String(error)}` };
    if (error instanceof Error && error.stack !== undefined) failed.stack = error.stack;
    send(failed);
  }
});
