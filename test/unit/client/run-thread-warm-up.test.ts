// The extension's run thread (dist/run-worker.cjs, the one that makes a new panel's first run) is
// warmed when the extension starts: it makes the playground's first warm-up run and says so, and a
// run asked for meanwhile is answered after it, whole. A short run's verdicts come with its trace.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { RunReply, RunRequest } from '../../../client/run-protocol.ts';
import { decodeRun } from '../../../webview/model/packed-run.ts';

describe("the extension's run thread", function () {
  this.timeout(60_000);

  it('answers a warm-up with "warmed", then the run asked for meanwhile, packed, with no verdicts ahead of a short run', async () => {
    const thread = new Worker(new URL('../../../dist/run-worker.cjs', import.meta.url));
    try {
      const replies: RunReply['type'][] = [];
      let packed: Uint8Array | undefined;
      const done = new Promise<void>((resolve, reject) => {
        thread.on('message', (reply: RunReply) => {
          replies.push(reply.type);
          if (reply.type === 'packed') {
            packed = reply.run;
            resolve();
          } else if (reply.type === 'failed') reject(new Error(reply.message));
        });
        thread.on('error', reject);
      });
      thread.postMessage({ type: 'warm-up' } satisfies RunRequest);
      const text = readFileSync('samples/raft-leader-isolated.fault', 'utf8');
      thread.postMessage({ type: 'run-packed', text } satisfies RunRequest);
      await done;
      assert.deepEqual(replies, ['warmed', 'packed']);
      const run = decodeRun(packed! as Uint8Array<ArrayBuffer>);
      assert.equal(run.report.scenario, 'raft: leader isolated');
      assert.equal(run.report.seed, 2);
    } finally {
      await thread.terminate();
    }
  });
});
