// The fuzz driver's side of test/fuzz/worker.ts: one target call with a time limit and a heap
// limit. A call past its time is a hang, a worker that dies ran out of memory (or crashed).

import { Worker } from 'node:worker_threads';

export type Verdict = { kind: 'ok' } | { kind: 'threw'; detail: string } | { kind: 'hang'; detail: string } | { kind: 'died'; detail: string };

/** Heap a target may use: the target is 1 GB for validate and for any accepted run. */
export const HEAP_LIMIT_MB = 1024;

export class Sandbox {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 0;

  constructor(private readonly timeoutMs: number) {}

  /** The worker, once it has loaded its modules (startup does not count against a call's time). */
  private async start(): Promise<Worker> {
    if (this.worker === null) {
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } });
      this.worker = worker;
      this.ready = new Promise((resolve, reject) => {
        const onReady = (m: { ready?: boolean }): void => {
          if (m.ready !== true) return;
          worker.off('message', onReady);
          resolve();
        };
        worker.on('message', onReady);
        worker.once('error', reject);
      });
    }
    await this.ready;
    return this.worker;
  }

  async call(target: string, text: string): Promise<Verdict> {
    let worker: Worker;
    try {
      worker = await this.start();
    } catch (error) {
      this.worker = null;
      return { kind: 'died', detail: `the worker did not start: ${String(error)}` };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const done = (verdict: Verdict, restart: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (restart) {
          void worker.terminate();
          this.worker = null;
          this.ready = null;
        }
        resolve(verdict);
      };
      const onMessage = (m: { id: number; error: string | null }): void => {
        if (m.id === id) done(m.error === null ? { kind: 'ok' } : { kind: 'threw', detail: m.error }, false);
      };
      const onError = (error: Error): void => done({ kind: 'died', detail: error.stack ?? String(error) }, true);
      const onExit = (code: number): void => done({ kind: 'died', detail: `worker exited with ${code}` }, true);
      const timer = setTimeout(() => done({ kind: 'hang', detail: `no answer in ${this.timeoutMs} ms` }, true), this.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, target, text });
    });
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }
}
