// Runs scenarios for the extension host in a worker_thread (dist/run-worker.cjs), never on the
// extension host's own thread. One worker per request; cancelling terminates it at once, which
// is the only way to stop a synchronous simulation from outside.

import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { ExploreProgress, ExploreResult } from '../core/explore/index.ts';
import type { Report } from '../core/types/report.ts';
import type { RunReply, RunRequest } from './run-protocol.ts';
import type { ShrinkOutcome } from './sweep-shrink.ts';
import type { SweepResult } from './sweep.ts';

export const RUN_WORKER_BUNDLE = ['dist', 'run-worker.cjs'] as const;

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export class RunHost {
  constructor(private readonly extensionUri: vscode.Uri) {}

  run(request: Extract<RunRequest, { type: 'run' }>, token: vscode.CancellationToken): Promise<Outcome<Report>> {
    return this.start(request, token, (reply) => (reply.type === 'report' ? { ok: true, value: reply.report } : undefined));
  }

  sweep(
    request: Extract<RunRequest, { type: 'sweep' }>,
    token: vscode.CancellationToken,
    progress: (done: number, total: number) => void,
  ): Promise<Outcome<SweepResult>> {
    return this.start(request, token, (reply) => {
      if (reply.type === 'sweep-progress') progress(reply.done, reply.total);
      return reply.type === 'sweep-done' ? { ok: true, value: reply.result } : undefined;
    });
  }

  explore(
    request: Extract<RunRequest, { type: 'explore' }>,
    token: vscode.CancellationToken,
    progress: (progress: ExploreProgress) => void,
  ): Promise<Outcome<{ result: ExploreResult; seconds: number }>> {
    return this.start(request, token, (reply) => {
      if (reply.type === 'explore-progress') progress(reply.progress);
      return reply.type === 'explore-done' ? { ok: true, value: { result: reply.result, seconds: reply.seconds } } : undefined;
    });
  }

  shrink(
    request: Extract<RunRequest, { type: 'shrink' }>,
    token: vscode.CancellationToken,
    progress: (runs: number, maxRuns: number) => void,
  ): Promise<Outcome<ShrinkOutcome>> {
    return this.start(request, token, (reply) => {
      if (reply.type === 'shrink-progress') progress(reply.runs, reply.maxRuns);
      return reply.type === 'shrink-done' ? { ok: true, value: reply.outcome } : undefined;
    });
  }

  private start<T>(request: RunRequest, token: vscode.CancellationToken, settle: (reply: RunReply) => Outcome<T> | undefined): Promise<Outcome<T>> {
    return new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(vscode.Uri.joinPath(this.extensionUri, ...RUN_WORKER_BUNDLE).fsPath);
      } catch (error) {
        resolve({ ok: false, message: `the run worker did not start (${error instanceof Error ? error.message : String(error)}); is dist/run-worker.cjs built?` });
        return;
      }
      let settled = false;
      const finish = (outcome: Outcome<T>) => {
        if (settled) return;
        settled = true;
        cancellation.dispose();
        void worker.terminate();
        resolve(outcome);
      };
      const cancellation = token.onCancellationRequested(() => finish({ ok: false, message: 'cancelled' }));
      worker.on('message', (reply: RunReply) => {
        if (reply.type === 'failed') return finish({ ok: false, message: reply.message });
        const outcome = settle(reply);
        if (outcome !== undefined) finish(outcome);
      });
      worker.on('error', (error) => finish({ ok: false, message: `the run worker failed: ${error.message}` }));
      worker.on('exit', (code) => finish({ ok: false, message: `the run worker stopped early (exit code ${code})` }));
      if (token.isCancellationRequested) return finish({ ok: false, message: 'cancelled' });
      worker.postMessage(request);
    });
  }
}
