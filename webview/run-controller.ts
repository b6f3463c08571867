// Starts simulations in a Web Worker and cancels them by terminating it. The worker runs from a
// blob: URL (a webview may not start a worker straight from its cross-origin resource URI): in the
// VS Code panel the page carries the script and its first lines start it (html.ts); otherwise the
// script is fetched by URI.
//
// The worker is started when the page boots, before any run is asked for, and kept between runs
// (only cancelling ends it, and then a fresh one is started right away): loading the ~450 KB
// worker bundle and setting up the language's parser takes longer than simulating a sample, so a
// run should never wait for it (issue 16: Run → first frame). A run in a kept worker computes what
// it computed in a fresh one: the worker holds no state between runs (core is pure).
// The first run of a panel the host creates is made by the host while VS Code sets the panel up
// (awaitHost): the page only decodes and draws it, and its worker warms up meanwhile.
//
// A kept worker that has only made small runs is still cold for a long one (the renderer's memory
// has not grown to it yet, nor has the JIT compiled for it: warm-up.ts has the figures). While the
// page is idle, prewarm() has a spare worker make the next stage of warm-up runs and then takes it
// as the run worker, then another spare the next, longer stage, taken in the same way; a run asked
// for meanwhile goes to the current worker at once, and the spare is dropped so it does not take
// the CPU from that run. The first spare waits for the page to stay quiet a moment
// (PREWARM_AFTER_QUIET_MS): started the moment a run is shown, it met the person's next click
// while its worker was still starting, and that click paid for it.

import { decodeRun, type PackedRun } from './model/packed-run.ts';
import { WARM_UP_STAGES } from './warm-up.ts';
import type { RunRequest, RunVerdicts, WorkerReply, WorkerStamps } from './worker-protocol.ts';

/**
 * How warm a run of this many events leaves its worker, in warm-up stages (warm-up.ts): any run
 * does what the 2 s one does, a 15 s warm-up run has ~30,000 events, the last stage's runs
 * ~110,000 in all.
 */
function stagesWarmedBy(events: number): number {
  if (events >= 100_000) return WARM_UP_STAGES.length;
  if (events >= 25_000) return 2;
  return events > 0 ? 1 : 0;
}

/**
 * How long the page stays quiet (no run asked for) before the first spare starts warming. With no
 * wait, each Raft-sample click made right after the last one's time travel was ready found a spare
 * starting and took 284–316 ms to its first frame in the editor bench; the long run the warm-up is
 * for comes seconds later, so a moment's wait costs it nothing.
 */
export const PREWARM_AFTER_QUIET_MS = 1_000;

export type RunCallbacks = {
  onProgress(simulatedUs: number, totalUs: number, events: number): void;
  /** The run is graded: its verdicts, before onDone (never after a cancel, a failure or another start). */
  onVerdicts?(verdicts: RunVerdicts): void;
  onDone(run: PackedRun, wallMs: number): void;
  onFailed(reason: 'compile-error' | 'cancelled' | 'error', message: string): void;
};

/**
 * Where the worker script comes from: a URI to fetch, or the worker the page's first lines already
 * started from the script carried inline (html.ts, `window.faultlineWorkerBoot`).
 */
export type WorkerSource = { uri: string } | { started: { url: string; worker: Worker } } | { error: string };

export class RunController {
  private worker: Worker | null = null;
  private blobUrl: Promise<string> | null = null;
  private active: RunCallbacks | null = null;
  /** The active run, when the host is making it (awaitHost): its id and the request to fall back on. */
  private fromHost: { runId: number; request: RunRequest } | null = null;
  private readonly workerUri: string | null;
  /** A worker making the warm-up runs (prewarm), taken as the run worker once it is warm. */
  private spare: Worker | null = null;
  /**
   * How many warm-up stages the run worker has made (or a long run did as much): prewarm makes the
   * next one, and has nothing to do once all are made.
   */
  private warmth = 0;
  /** The pending start of the first spare (prewarm), until the page has been quiet long enough. */
  private quietTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(source: WorkerSource) {
    if ('uri' in source) {
      this.workerUri = source.uri;
    } else if ('started' in source) {
      this.workerUri = null;
      this.blobUrl = Promise.resolve(source.started.url);
      this.worker = source.started.worker;
    } else {
      // Every run then fails saying why (start() reports the rejection).
      this.workerUri = null;
      this.blobUrl = Promise.reject(new Error(`the simulation worker did not start: ${source.error}`));
      this.blobUrl.catch(() => undefined);
    }
    void this.warm();
  }

  get running(): boolean {
    return this.active !== null;
  }

  /** The worker script as a blob: URL (fetched once); the play worker starts from it too. */
  workerSource(): Promise<string> {
    const uri = this.workerUri;
    if (uri === null) return this.blobUrl ?? Promise.reject(new Error('the simulation worker was not started'));
    this.blobUrl ??= fetch(uri)
      .then((response) => {
        if (!response.ok) throw new Error(`cannot load the simulation worker (${response.status})`);
        return response.text();
      })
      .then((code) => URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    return this.blobUrl;
  }

  async start(request: RunRequest, callbacks: RunCallbacks): Promise<void> {
    this.cancel();
    this.dropSpare();
    this.active = callbacks;
    let url: string;
    try {
      url = await this.workerSource();
    } catch (error) {
      if (this.workerUri !== null) this.blobUrl = null;
      this.finish()?.onFailed('error', error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.active !== callbacks) return; // cancelled or replaced while loading
    const worker = this.worker ?? new Worker(url);
    this.worker = worker;
    const started = performance.now();
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      if (this.worker !== worker) return;
      // Before reading event.data, which is when the page copies the answer out of the message.
      const arrived = performance.now();
      const reply = event.data;
      if (reply.type === 'play-state' || reply.type === 'play-saved' || reply.type === 'play-failed' || reply.type === 'play-inspected' || reply.type === 'warmed') return;
      if (reply.type === 'progress') callbacks.onProgress(reply.simulatedUs, reply.totalUs, reply.events);
      else if (reply.type === 'verdicts') {
        performance.mark('faultline:verdicts-received', { startTime: arrived });
        // Only for the run still asked for: a cancelled or replaced run's verdicts are not shown.
        if (this.active === callbacks) callbacks.onVerdicts?.(reply.verdicts);
      }
      else if (reply.type === 'done') {
        performance.mark('faultline:run-received', { startTime: arrived });
        if (reply.stamps !== undefined) measureWorker(reply.stamps, started, arrived);
        const finished = this.finish();
        const events = finished === null ? 0 : deliver(finished, reply.run, "the simulation worker's answer", () => performance.now() - started);
        this.warmth = Math.max(this.warmth, stagesWarmedBy(events));
      }
      else this.finish()?.onFailed(reply.reason, reply.message);
    };
    worker.onerror = (event) => {
      if (this.worker !== worker) return;
      // A worker that threw outside the run's own try (out of memory, say) is not reused.
      worker.terminate();
      this.worker = null;
      this.warmth = 0;
      this.finish()?.onFailed('error', event.message || 'the simulation worker failed');
      void this.warm();
    };
    worker.postMessage(request);
  }

  /**
   * The host is making this run (a panel created for it): show its answer when it comes
   * (hostAnswered). Cancelling, or another run, drops it; a host that could not make it leaves the
   * run to this page's worker, as if it had been asked here first.
   */
  awaitHost(runId: number, request: RunRequest, callbacks: RunCallbacks): void {
    this.cancel();
    this.dropSpare();
    this.active = callbacks;
    this.fromHost = { runId, request };
  }

  /** The host's run's verdicts, ahead of its answer; ignored unless it is for the run still awaited. */
  hostVerdicts(message: { runId: number; verdicts: RunVerdicts }): void {
    const callbacks = this.active;
    if (this.fromHost === null || callbacks === null || this.fromHost.runId !== message.runId) return;
    performance.mark('faultline:verdicts-received');
    callbacks.onVerdicts?.(message.verdicts);
  }

  /** The host's answer to awaitHost; ignored unless it is for the run still awaited. */
  hostAnswered(answer: { runId: number; run: Uint8Array<ArrayBuffer> } | { runId: number; failed: string }): void {
    const awaited = this.fromHost;
    const callbacks = this.active;
    if (awaited === null || callbacks === null || awaited.runId !== answer.runId) return;
    this.fromHost = null;
    if ('failed' in answer) {
      this.active = null; // handed on to start(), which would otherwise cancel it
      void this.start(awaited.request, callbacks);
      return;
    }
    performance.mark('faultline:run-received');
    performance.mark('faultline:run-made-by-host');
    this.finish();
    // The page did not time the host's run: its own clock in the report says how long it took.
    deliver(callbacks, answer.run, "the host's run", (run) => run.report.stats.wallMs);
  }

  cancel(): void {
    if (this.active === null) return;
    if (this.fromHost !== null) {
      // Nothing runs here yet: the warm worker stays for the next run.
      this.fromHost = null;
      this.finish()?.onFailed('cancelled', 'The run was cancelled.');
      return;
    }
    // A synchronous simulation stops only when its worker is terminated; the next run gets a new one.
    this.worker?.terminate();
    this.worker = null;
    this.warmth = 0;
    const callbacks = this.finish();
    callbacks?.onFailed('cancelled', 'The run was cancelled.');
    void this.warm();
  }

  /**
   * Call when the page is idle (a run shown, time travel ready): once it has stayed quiet for
   * PREWARM_AFTER_QUIET_MS, a spare worker makes the next stage of warm-up runs and becomes the run
   * worker, so that the next run is a warm one; the stage after it follows while the page stays
   * idle. Nothing happens while a run is active, or when the run worker has made every stage.
   */
  prewarm(): void {
    if (this.quietTimer !== null) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      this.warmSpare();
    }, PREWARM_AFTER_QUIET_MS);
  }

  /** A spare worker makes the next warm-up stage now, if the page is still idle. */
  private warmSpare(): void {
    const idle = () => this.spare === null && this.warmth < WARM_UP_STAGES.length && this.active === null;
    if (!idle()) return;
    void this.workerSource().then(
      (url) => {
        if (!idle()) return;
        const stage = this.warmth;
        const spare = new Worker(url);
        this.spare = spare;
        const started = performance.now();
        spare.onmessage = (event: MessageEvent<WorkerReply>) => {
          if (this.spare !== spare) return;
          this.spare = null;
          // No run can be active here: starting one drops the spare.
          if (event.data.type !== 'warmed') return void spare.terminate();
          performance.measure('faultline:warm-up', { start: started, end: performance.now(), detail: { stage } });
          spare.onmessage = null;
          spare.onerror = null;
          this.worker?.terminate();
          this.worker = spare;
          this.warmth = stage + 1;
          this.warmSpare();
        };
        spare.onerror = () => {
          if (this.spare === spare) this.dropSpare();
        };
        spare.postMessage({ type: 'warm-up', stage });
      },
      () => undefined, // start() says why the worker cannot be loaded, when a run needs it
    );
  }

  /** The spare stops warming, or never starts: a run needs the CPU. */
  private dropSpare(): void {
    if (this.quietTimer !== null) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    this.spare?.terminate();
    this.spare = null;
  }

  /** Starts the worker ahead of the next run (it loads its script while nothing waits for it). */
  private async warm(): Promise<void> {
    try {
      const url = await this.workerSource();
      this.worker ??= new Worker(url);
    } catch {
      // start() loads it again and says why it cannot (an inline worker's blob stays).
      if (this.workerUri !== null) this.blobUrl = null;
    }
  }

  /** Ends the active run's bookkeeping; the worker stays for the next run. */
  private finish(): RunCallbacks | null {
    const callbacks = this.active;
    this.active = null;
    return callbacks;
  }
}

/** The worker's share of a run, as performance measures (`worker: ...`) on the page's clock. */
function measureWorker(stamps: WorkerStamps, posted: number, arrived: number): void {
  const at = (epochMs: number) => epochMs - performance.timeOrigin;
  const steps: Array<[string, number, number]> = [
    ['worker: request in transit', posted, at(stamps.received)],
    ['worker: compile', at(stamps.received), at(stamps.compiled)],
    ['worker: run, grade and pack', at(stamps.compiled), at(stamps.packed)],
    ['worker: answer in transit', at(stamps.packed), arrived],
  ];
  for (const [name, start, end] of steps) if (end >= start) performance.measure(`faultline:${name}`, { start, end });
}

/**
 * Unpacks a finished run for `callbacks`: onDone with it, or onFailed saying which answer could
 * not be read. Returns the run's event count (0 when unreadable).
 */
function deliver(callbacks: RunCallbacks, bytes: Uint8Array<ArrayBuffer>, what: string, wallMs: (run: PackedRun) => number): number {
  let run: PackedRun;
  try {
    run = decodeRun(bytes);
  } catch (error) {
    callbacks.onFailed('error', `${what} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  }
  callbacks.onDone(run, wallMs(run));
  return run.report.stats.events;
}
