// Runs one target on one input per message, in a worker thread with a memory limit, so that the
// fuzz driver can tell a hang (no answer in time: the worker is terminated) and an exhausted
// heap (the worker dies) from an input that was handled.

import { parentPort } from 'node:worker_threads';
import { tryTarget, type TargetName } from './targets.ts';

// Loading the modules takes seconds on a busy machine: the driver's clock starts after this.
parentPort!.postMessage({ ready: true });
parentPort!.on('message', (message: { id: number; target: TargetName; text: string }) => {
  const error = tryTarget(message.target, message.text);
  parentPort!.postMessage({ id: message.id, error });
});
