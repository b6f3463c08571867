// The first run of a playground panel the host is creating, made by the host while VS Code sets
// the panel up. In code-server, with the panel not yet created, VS Code takes 0.4–1.3 s before the
// panel's page is even fetched; a sample is simulated, graded and packed in ~0.1–0.2 s in that
// time, so the page only has to draw it instead of running it in a cold worker then (issue 16:
// click Run → first frame).
//
// The run happens in a worker_thread (dist/run-worker.cjs, 'run-packed'), never on the extension
// host's own thread. Unlike RunHost's one-thread-per-request, this thread is started ahead (when
// the extension starts) and kept between runs, as the page keeps its worker: loading the ~0.9 MB
// bundle and compiling the simulator's hot code is most of a sample's time. Only cancelling ends
// it (a synchronous simulation stops only when its thread is terminated); the next run starts a
// fresh one. One run at a time: a newer one, the panel's end or the page moving on cancels it.

import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { HostToWebviewMessage } from '../webview/messages.ts';
import type { RunVerdicts } from '../webview/worker-protocol.ts';
import { RUN_WORKER_BUNDLE } from './run-host.ts';
import type { RunReply, RunRequest } from './run-protocol.ts';

type RunScenario = Extract<HostToWebviewMessage, { type: 'run-scenario' }>;
type PreparedAnswer = Extract<HostToWebviewMessage, { type: 'prepared-run' | 'prepared-verdicts' }>;

export class PreparedRuns implements vscode.Disposable {
  private thread: Worker | null = null;
  private pending: { runId: number; answer: (prepared: PreparedAnswer) => void } | null = null;
  private lastId = 0;
  private disposed = false;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /**
   * Starts the thread ahead of the first run (it loads its bundle while nothing waits for it) and,
   * with `warmUp`, has it make the playground's first warm-up run: a cold thread took ~0.3 s more
   * over the Raft sample than a warm one, while the page it was made for sat waiting for it (issue
   * 16: a panel created by the click, first frame ≤ 1 s). A run asked for meanwhile waits behind it.
   */
  warm(warmUp = false): void {
    if (this.thread !== null || this.disposed) return;
    let thread: Worker;
    try {
      thread = new Worker(vscode.Uri.joinPath(this.extensionUri, ...RUN_WORKER_BUNDLE).fsPath);
    } catch {
      return; // start() says so for the run that needs it (the page then runs it itself)
    }
    this.thread = thread;
    thread.unref(); // an idle thread must not keep the extension host alive
    thread.on('message', (reply: RunReply) => {
      if (reply.type === 'verdicts') this.verdicts(thread, reply.verdicts);
      else if (reply.type === 'packed') this.settle(thread, { run: reply.run });
      else if (reply.type === 'failed') this.settle(thread, { failed: reply.message });
    });
    thread.on('error', (error) => this.lose(thread, `the run thread failed: ${error.message}`));
    thread.on('exit', (code) => this.lose(thread, `the run thread stopped early (exit code ${code})`));
    if (warmUp) thread.postMessage({ type: 'warm-up' } satisfies RunRequest);
  }

  /**
   * Starts making `message`'s run and returns it marked with the id the page waits for; `answer`
   * gets its verdicts as soon as it is graded, then the packed run, or why there is none (the page
   * then runs it itself), unless cancelled.
   */
  start(message: RunScenario, answer: (prepared: PreparedAnswer) => void): RunScenario {
    this.cancel();
    const runId = ++this.lastId;
    this.pending = { runId, answer };
    this.warm();
    const request: RunRequest = {
      type: 'run-packed',
      text: message.text,
      ...(message.maxEvents === undefined ? {} : { maxEvents: message.maxEvents }),
      ...(message.scenario === undefined ? {} : { scenario: message.scenario }),
      ...(message.seed === undefined ? {} : { seed: message.seed }),
    };
    if (this.thread === null) this.settle(null, { failed: `the run thread did not start; is ${RUN_WORKER_BUNDLE.join('/')} built?` });
    else this.thread.postMessage(request);
    return { ...message, hostRunId: runId };
  }

  /** Stops the run being made, if any (its thread is terminated); nothing is answered for it. */
  cancel(): void {
    if (this.pending === null) return;
    this.pending = null;
    const thread = this.thread;
    this.thread = null;
    void thread?.terminate();
  }

  dispose(): void {
    this.disposed = true;
    this.pending = null;
    const thread = this.thread;
    this.thread = null;
    void thread?.terminate();
  }

  /** The run's verdicts, ahead of its packed trace (a 120 s run's take a second more to pack and send). */
  private verdicts(from: Worker, verdicts: RunVerdicts): void {
    const pending = this.pending;
    if (pending === null || from !== this.thread) return;
    pending.answer({ type: 'prepared-verdicts', runId: pending.runId, verdicts });
  }

  private settle(from: Worker | null, outcome: { run: Uint8Array<ArrayBuffer> } | { failed: string }): void {
    const pending = this.pending;
    if (pending === null || from !== this.thread) return;
    this.pending = null;
    const { runId } = pending;
    pending.answer('run' in outcome ? { type: 'prepared-run', runId, run: outcome.run } : { type: 'prepared-run', runId, failed: outcome.failed });
  }

  /** The thread is gone (crashed, out of memory): the awaited run fails, and the next run starts a new thread. */
  private lose(thread: Worker, message: string): void {
    if (thread !== this.thread) return;
    this.settle(thread, { failed: message });
    this.thread = null;
  }
}
