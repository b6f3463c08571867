// The first run of a playground panel the host is creating, made by the host (client/run-host.ts,
// a worker_thread) while VS Code sets the panel up. In code-server, with the panel not yet created,
// VS Code takes 0.4–1.2 s before the panel's page is even fetched; a sample is simulated, graded
// and packed in ~0.2 s in that time, so the page only has to draw it instead of starting a cold
// worker and running it then (issue 16: click Run → first frame).
// One run at a time: a newer one, the panel's end or the page moving on cancels the older.

import * as vscode from 'vscode';
import type { HostToWebviewMessage } from '../webview/messages.ts';
import type { RunHost } from './run-host.ts';

type RunScenario = Extract<HostToWebviewMessage, { type: 'run-scenario' }>;
type PreparedAnswer = Extract<HostToWebviewMessage, { type: 'prepared-run' }>;

export class PreparedRuns implements vscode.Disposable {
  private pending: { runId: number; cancel: vscode.CancellationTokenSource } | null = null;
  private lastId = 0;

  constructor(private readonly runs: RunHost) {}

  /**
   * Starts making `message`'s run and returns it marked with the id the page waits for; `answer`
   * gets the packed run, or why there is none (the page then runs it itself), unless cancelled.
   */
  start(message: RunScenario, answer: (prepared: PreparedAnswer) => void): RunScenario {
    this.cancel();
    const runId = ++this.lastId;
    const cancel = new vscode.CancellationTokenSource();
    this.pending = { runId, cancel };
    const request = {
      type: 'run-packed' as const,
      text: message.text,
      ...(message.maxEvents === undefined ? {} : { maxEvents: message.maxEvents }),
      ...(message.scenario === undefined ? {} : { scenario: message.scenario }),
      ...(message.seed === undefined ? {} : { seed: message.seed }),
    };
    void this.runs.runPacked(request, cancel.token).then((outcome) => {
      if (this.pending?.runId !== runId) return;
      this.pending = null;
      cancel.dispose();
      answer(outcome.ok ? { type: 'prepared-run', runId, run: outcome.value } : { type: 'prepared-run', runId, failed: outcome.message });
    });
    return { ...message, hostRunId: runId };
  }

  /** Stops the run being made, if any (its thread is terminated); nothing is answered for it. */
  cancel(): void {
    const pending = this.pending;
    this.pending = null;
    pending?.cancel.cancel();
    pending?.cancel.dispose();
  }

  dispose(): void {
    this.cancel();
  }
}
