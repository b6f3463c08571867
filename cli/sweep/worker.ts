// A sweep worker thread (bundled to dist/sweep-worker.js): compiles the scenario once, then runs
// the seeds it is sent. Each seed runs without a trace, so a worker's memory does not grow with
// the number of seeds; only failing seeds are re-run with a trace, to name their faults.

import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../../core/language/index.ts';
import { runSeed } from '../../core/sweep/index.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.ts';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const send = (message: FromWorker) => port.postMessage(message);
const config = compile(setup.text, setup.scenario).config;
const options = setup.maxEvents === undefined ? {} : { maxEvents: setup.maxEvents };

if (config === null) send({ type: 'failed', message: 'the scenario does not compile' });
else send({ type: 'ready' });

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop' || config === null) {
    port.close();
    return;
  }
  try {
    for (const seed of message.seeds) {
      const before = process.cpuUsage();
      const outcome = runSeed(config, seed, options);
      const used = process.cpuUsage(before);
      send({ type: 'outcome', outcome, cpuMs: (used.user + used.system) / 1000 });
    }
    send({ type: 'idle' });
  } catch (error) {
    send({ type: 'failed', message: `a seed crashed the simulator: ${error instanceof Error ? error.message : String(error)}` });
  }
});
