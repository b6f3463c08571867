// The main-thread side of document analysis (see analysis-worker.ts). At most one analysis is
// in the worker at a time, and each document waits with only its latest version: an edit
// replaces the version still waiting, so a burst of edits to a large document costs one
// analysis after the one in progress, and another document's analysis waits for at most that
// one. A document that re-asks goes to the back of the line, after the others waiting.

import type { Worker } from 'node:worker_threads';
import type { AnalysisResult } from './incremental-analysis.ts';
import type { AnalysisRequest, AnalysisResponse } from './analysis-worker.ts';
import { startWorker, type WorkerEntry } from './live-expectations.ts';

type Wish = { version: number; text: string; done: (result: AnalysisResult) => void };
type InFlight = Wish & { id: number; uri: string; started: number };

const EMPTY: AnalysisResult = { diagnostics: [], lints: [] };

export class AnalysisHost {
  private worker: Worker | null = null;
  private inFlight: InFlight | null = null;
  private readonly waiting = new Map<string, Wish>();
  private nextId = 1;

  constructor(
    private readonly entry: WorkerEntry,
    private readonly log: { info: (message: string) => void; error: (message: string) => void },
  ) {}

  /** Analyses `text` (version `version` of `uri`) and calls `done` with the result, unless a later version of `uri` is asked for first. */
  request(uri: string, version: number, text: string, done: (result: AnalysisResult) => void): void {
    this.waiting.delete(uri);
    this.waiting.set(uri, { version, text, done });
    this.pump();
  }

  /** The document was closed: drop its waiting version and the worker's cache of it. */
  forget(uri: string): void {
    this.waiting.delete(uri);
    const request: AnalysisRequest = { kind: 'forget', uri };
    this.worker?.postMessage(request);
  }

  dispose(): void {
    this.waiting.clear();
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
  }

  private pump(): void {
    if (this.inFlight !== null) return;
    const next = this.waiting.entries().next();
    if (next.done === true) return;
    const [uri, wish] = next.value;
    this.waiting.delete(uri);
    const worker = this.ensureWorker();
    this.inFlight = { ...wish, uri, id: this.nextId++, started: performance.now() };
    const request: AnalysisRequest = { kind: 'analyze', id: this.inFlight.id, uri, text: wish.text };
    worker.postMessage(request);
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = startWorker(this.entry, 'analysis');
    // The worker must not keep the process alive once the editor has gone (stdin closed).
    worker.unref();
    worker.on('message', (response: AnalysisResponse) => {
      const done = this.inFlight;
      if (done === null || done.id !== response.id) return;
      this.inFlight = null;
      if ('error' in response) {
        this.log.error(`faultline: analysis of ${done.uri} (version ${done.version}) failed: ${response.error}`);
        done.done(EMPTY);
      } else done.done(response.result);
      this.pump();
    });
    // A worker that dies (out of memory, a stack overflow in the parser) takes only the
    // analysis it was running with it: that version gets no diagnostics, the next starts a new worker.
    const died = (reason: string): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      const lost = this.inFlight;
      this.inFlight = null;
      if (lost !== null) {
        this.log.error(`faultline: the analysis worker stopped (${reason}) while analysing ${lost.uri} (version ${lost.version}); that version gets no diagnostics`);
        lost.done(EMPTY);
      }
      this.pump();
    };
    worker.on('error', (error) => died(String(error)));
    worker.on('exit', (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}
