// The server's side of the outline worker (outline-worker.ts): it sends each large document's
// versions there and forwards the requests on them. A request waits for its answer at most
// until its deadline plus a short grace for the answer's trip back, without holding the
// server's thread, so a small document's requests are answered while a large one's outline is
// being built. An answer that misses the deadline is dropped; the caller answers with its
// fallback and logs why.

import type { Worker } from 'node:worker_threads';
import type { CancellationToken } from 'vscode-languageserver';
import type { LintDiagnostic } from '../core/language/lints/index.ts';
import { ANSWER_GRACE_MS, type FeatureName, type OutlineRequest, type OutlineResponse } from './outline-worker.ts';
import { startWorker, type WorkerEntry } from './live-expectations.ts';


/** Requests waiting on the worker at once; past this, a request is answered at once as unanswered. */
export const MAX_PENDING_ASKS = 256;

export type Answer =
  | { kind: 'result'; value: unknown; ranOut: boolean }
  | { kind: 'responseError'; code: number; message: string }
  /** No answer: `why` says what to log (the outline still being built, a newer version, a failure). */
  | { kind: 'unanswered'; why: string }
  | { kind: 'cancelled' };

type Pending = { resolve: (answer: Answer) => void; timer: ReturnType<typeof setTimeout> | null; startWaiting: () => void };

export class OutlineHost {
  private worker: Worker | null = null;
  /** Whether the worker's code has loaded (its first message): until then no ask's wait runs. */
  private ready = false;
  /** The version of each document the worker holds (as far as this side knows). */
  private readonly sent = new Map<string, number>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly entry: WorkerEntry,
    private readonly log: { error: (message: string) => void },
  ) {}

  /** Sends version `version` of `uri` unless the worker already has it; the worker starts building its outline. */
  ensure(uri: string, version: number, text: string): void {
    if (this.sent.get(uri) === version && this.worker !== null) return;
    this.post({ kind: 'open', uri, version, text });
    this.sent.set(uri, version);
  }

  /** The lints of a version, for hover's lint notes and the quick fixes. */
  lints(uri: string, version: number, lints: LintDiagnostic[]): void {
    if (this.sent.get(uri) !== version || this.worker === null) return;
    this.post({ kind: 'lints', uri, version, lints });
  }

  forget(uri: string): void {
    if (!this.sent.delete(uri)) return;
    this.worker?.postMessage({ kind: 'forget', uri } satisfies OutlineRequest);
  }

  /**
   * Asks the worker for `feature` on version `version` of `uri` (sent with `ensure` first) and
   * resolves when it answers, when `waitMs` plus the grace have passed, or when the client
   * cancels, whichever comes first. Never rejects. The wait starts once the worker is running:
   * a worker's start-up (once per server, a second from TypeScript sources) is no request's.
   */
  ask(uri: string, version: number, text: string, feature: FeatureName, params: unknown, options: { waitMs: number; snippets: boolean; token?: CancellationToken }): Promise<Answer> {
    if (this.pending.size >= MAX_PENDING_ASKS) return Promise.resolve({ kind: 'unanswered', why: `${MAX_PENDING_ASKS} requests already wait on the outline worker` });
    this.ensure(uri, version, text);
    const id = this.nextId++;
    return new Promise<Answer>((resolve) => {
      let cancellation: { dispose(): void } | undefined;
      const finish = (answer: Answer): void => {
        const pending = this.pending.get(id);
        if (pending === undefined) return;
        this.pending.delete(id);
        if (pending.timer !== null) clearTimeout(pending.timer);
        cancellation?.dispose();
        resolve(answer);
      };
      const waitMs = Math.max(0, options.waitMs);
      const pending: Pending = {
        resolve: finish,
        timer: null,
        startWaiting: () => {
          if (pending.timer !== null) return;
          pending.timer = setTimeout(() => finish({ kind: 'unanswered', why: `the outline of version ${version} was not ready within ${Math.round(waitMs)} ms` }), waitMs + ANSWER_GRACE_MS);
          this.post({ kind: 'ask', id, uri, version, feature, params, snippets: options.snippets, deadline: Date.now() + waitMs });
        },
      };
      this.pending.set(id, pending);
      cancellation = options.token?.onCancellationRequested(() => finish({ kind: 'cancelled' }));
      this.ensureWorker();
      if (this.ready) pending.startWaiting();
    });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = null;
    this.sent.clear();
    for (const pending of [...this.pending.values()]) pending.resolve({ kind: 'unanswered', why: 'the server is shutting down' });
    void worker?.terminate();
  }

  private post(request: OutlineRequest): void {
    this.ensureWorker().postMessage(request);
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    this.ready = false;
    const worker = startWorker(this.entry, 'outline');
    // The worker must not keep the process alive once the editor has gone (stdin closed).
    worker.unref();
    worker.on('message', (response: OutlineResponse) => {
      if ('ready' in response) {
        this.ready = true;
        for (const pending of [...this.pending.values()]) pending.startWaiting();
        return;
      }
      const pending = this.pending.get(response.id);
      if (pending === undefined) return; // answered late: the request was already answered without it
      if ('json' in response) pending.resolve({ kind: 'result', value: JSON.parse(response.json) as unknown, ranOut: response.ranOut });
      else if ('responseError' in response) pending.resolve({ kind: 'responseError', ...response.responseError });
      else if ('unanswered' in response)
        pending.resolve({ kind: 'unanswered', why: response.unanswered === 'stale' ? 'a newer version of the document arrived' : 'its deadline passed while the outline was being built' });
      else pending.resolve({ kind: 'unanswered', why: `the outline worker failed: ${response.error}` });
    });
    // A worker that dies (out of memory on a hostile document) takes only the requests it was
    // answering with it; the next request starts a new one and sends it the document again.
    const died = (reason: string): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.ready = false;
      this.sent.clear();
      this.log.error(`faultline: the outline worker stopped (${reason}); the requests waiting on it get no answer`);
      for (const pending of [...this.pending.values()]) pending.resolve({ kind: 'unanswered', why: `the outline worker stopped (${reason})` });
    };
    worker.on('error', (error) => died(String(error)));
    worker.on('exit', (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}
