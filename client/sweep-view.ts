// The sweep results view: one webview panel that stays after Run Seed Sweep's toast is gone. It
// shows the last sweep (a new sweep replaces it) and acts on its rows: Open shows a seed in the
// playground, Replay runs the seed again in the run worker and says whether its verdicts
// reproduce, Shrink runs core/sweep's shrinker in the run worker and opens the shrunk scenario
// as a new untitled .fault document. Replay and Shrink use the text that was swept, so they act
// on the run the table describes even after the file is edited.

import * as vscode from 'vscode';
import type { FaultlineContext } from './context.ts';
import { newNonce } from './playground-html.ts';
import { describeReport } from './run-summary.ts';
import { isSweepViewMessage, type HostToSweepView, type SweepAction, type SweepViewToHost } from './sweep-view-messages.ts';
import { replayFinding, shrinkSizeText, sweepViewModel, verdictLetters, type SweepViewModel } from './sweep-view-model.ts';
import { sweepViewHtml } from './sweep-view-html.ts';
import { SHRINK_RUN_BUDGET } from './sweep-shrink.ts';
import { restoredSweep, savedSweep } from './sweep-view-state.ts';
import type { SweepResult } from './sweep.ts';
import { summarizeRun } from '../webview/messages.ts';
import { noticePage } from './notice-page.ts';

export const SWEEP_VIEW_TYPE = 'faultline.sweepResults';

/** What was swept: the file and its text at that moment, and the scenario as the sweep was asked for it. */
export type SweptScenario = { documentUri: vscode.Uri; fileName: string; text: string; scenario?: string; result: SweepResult };

const views = new WeakMap<FaultlineContext, SweepView>();

/** The extension's one sweep view, created on first use and disposed with the context. */
export function sweepViewOf(ctx: FaultlineContext): SweepView {
  let view = views.get(ctx);
  if (view === undefined) {
    view = ctx.own(new SweepView(ctx));
    views.set(ctx, view);
  }
  return view;
}

export class SweepView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private swept: (SweptScenario & { model: SweepViewModel }) | undefined;
  /** Counts the sweeps shown; the page's messages name the one they are about. */
  private sweepNumber = 0;
  /** Replays and shrinks under way, by "action seed": one of each per row at a time. */
  private readonly running = new Map<string, vscode.CancellationTokenSource>();

  constructor(private readonly ctx: FaultlineContext) {}

  /** Shows a sweep, replacing the one shown (whose replays and shrinks are cancelled). */
  show(swept: SweptScenario): void {
    if (this.panel === undefined) {
      this.attach(vscode.window.createWebviewPanel(SWEEP_VIEW_TYPE, 'Seed Sweep', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, SweepView.options()));
    } else {
      this.panel.reveal(undefined, true);
    }
    this.render(swept);
  }

  /**
   * The serializer's entry after a window reload: the tab VS Code restored shows the sweep its
   * page kept (sweep-view-state.ts says why the results are kept rather than swept again).
   */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    if (this.panel !== undefined && this.panel !== panel) this.panel.dispose();
    panel.webview.options = SweepView.options();
    this.attach(panel);
    const saved = restoredSweep(state);
    if (saved === null) {
      this.cancelAll();
      this.swept = undefined;
      panel.title = 'Seed Sweep';
      panel.webview.html = sweepGonePage(newNonce());
      return;
    }
    let documentUri: vscode.Uri;
    try {
      documentUri = vscode.Uri.parse(saved.documentUri, true);
    } catch {
      panel.webview.html = sweepGonePage(newNonce());
      return;
    }
    this.render({ documentUri, fileName: saved.fileName, text: saved.text, ...(saved.scenario === undefined ? {} : { scenario: saved.scenario }), result: saved.result });
  }

  private static options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // A small page: keeping it alive while hidden keeps the rows' replay and shrink results.
    return { enableScripts: true, enableFindWidget: true, retainContextWhenHidden: true, localResourceRoots: [] };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.ctx.extensionUri, 'media', 'icon.png');
    const subscription = panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    panel.onDidDispose(() => {
      subscription.dispose();
      if (this.panel === panel) this.panel = undefined;
      this.cancelAll();
    });
  }

  private render(swept: SweptScenario): void {
    const panel = this.panel;
    if (panel === undefined) return;
    this.cancelAll();
    const model = sweepViewModel(swept.result, swept.fileName);
    this.swept = { ...swept, model };
    this.sweepNumber += 1;
    panel.title = `Sweep — ${model.scenario}`;
    const state = savedSweep({ documentUri: swept.documentUri.toString(), fileName: swept.fileName, text: swept.text, ...(swept.scenario === undefined ? {} : { scenario: swept.scenario }), result: swept.result });
    if (state === null) this.ctx.output.info(`sweep view: ${swept.fileName} is too large to keep its sweep across a window reload`);
    panel.webview.html = sweepViewHtml(model, { nonce: newNonce(), cspSource: panel.webview.cspSource, sweep: this.sweepNumber, state });
  }

  dispose(): void {
    this.cancelAll();
    this.panel?.dispose();
  }

  private cancelAll(): void {
    for (const source of this.running.values()) source.cancel();
    this.running.clear();
  }

  private receive(message: unknown): void {
    const swept = this.swept;
    if (swept === undefined || !isSweepViewMessage(message, swept.model, this.sweepNumber)) {
      this.ctx.output.warn(`ignored a message from the sweep view that is malformed or about an earlier sweep: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    void this.handle(message, swept).catch((error: unknown) => this.ctx.output.error(`sweep view: ${error instanceof Error ? error.message : String(error)}`));
  }

  private async handle(message: SweepViewToHost, swept: SweptScenario & { model: SweepViewModel }): Promise<void> {
    switch (message.type) {
      case 'reveal-line':
        return this.revealLine(swept, message.line);
      case 'open':
        return this.open(swept, message.seed);
      case 'replay':
        return this.exclusive('replay', message.seed, (source) => this.replay(swept, message.seed, source));
      case 'shrink':
        return this.exclusive('shrink', message.seed, (source) => this.shrink(swept, message.seed, message.failure, source));
    }
  }

  private status(seed: number, action: SweepAction, state: HostToSweepView['state'], text: string): void {
    void this.panel?.webview.postMessage({ type: 'row-status', seed, action, state, text } satisfies HostToSweepView);
  }

  /** Runs `work` unless the same action is already under way for that seed (a double click). */
  private async exclusive(action: SweepAction, seed: number, work: (source: vscode.CancellationTokenSource) => Promise<void>): Promise<void> {
    const key = `${action} ${seed}`;
    if (this.running.has(key)) return;
    const source = new vscode.CancellationTokenSource();
    this.running.set(key, source);
    try {
      await work(source);
    } finally {
      if (this.running.get(key) === source) this.running.delete(key);
      source.dispose();
    }
  }

  private async revealLine(swept: SweptScenario, line: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(swept.documentUri);
    const target = document.lineAt(Math.min(line - 1, document.lineCount - 1)).range;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === swept.documentUri.toString());
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(target.start, target.end);
    editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** The playground runs the file as it is now: say so when that is no longer the swept text. */
  private async open(swept: SweptScenario, seed: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(swept.documentUri);
    const changed = document.getText() !== swept.text;
    await this.ctx.playground.run({ document, seed, maxEvents: this.ctx.config.maxEvents, ...(swept.scenario === undefined ? {} : { scenario: swept.scenario }) });
    this.status(
      seed,
      'open',
      changed ? 'failed' : 'done',
      changed ? `Opened seed ${seed} in the playground — but ${swept.fileName} changed since the sweep, so the playground runs the file as it is now.` : `Opened seed ${seed} in the playground.`,
    );
  }

  private async replay(swept: SweptScenario & { model: SweepViewModel }, seed: number, source: vscode.CancellationTokenSource): Promise<void> {
    const row = swept.model.rows.find((r) => r.seed === seed)!;
    this.status(seed, 'replay', 'busy', `Replaying seed ${seed}…`);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Faultline: replaying seed ${seed} of "${swept.result.scenario}"`, cancellable: true },
      (_progress, progressToken) =>
        linked(source, progressToken, (token) =>
          this.ctx.runs.run({ type: 'run', text: swept.text, seed, maxEvents: this.ctx.config.maxEvents, ...(swept.scenario === undefined ? {} : { scenario: swept.scenario }) }, token),
        ),
    );
    if (!outcome.ok) return this.status(seed, 'replay', 'failed', outcome.message === 'cancelled' ? 'Replay cancelled.' : `Replay failed: ${outcome.message}`);
    const report = outcome.value;
    for (const line of describeReport(report)) this.ctx.output.info(line);
    this.ctx.status.finished(summarizeRun(report), swept.documentUri.toString());
    const finding = replayFinding(row, verdictLetters(report.expectations), swept.model.tallies);
    this.ctx.output.info(finding.text);
    this.status(seed, 'replay', finding.reproduced ? 'done' : 'failed', finding.text);
  }

  private async shrink(swept: SweptScenario & { model: SweepViewModel }, seed: number, failureIndex: number, source: vscode.CancellationTokenSource): Promise<void> {
    const failure = swept.model.rows.find((r) => r.seed === seed)!.failures[failureIndex]!;
    const what = `"${failure.expectation}" (line ${failure.line})`;
    this.status(seed, 'shrink', 'busy', `Shrinking seed ${seed} while ${what} keeps breaking…`);
    let shown = 0;
    let posted = 0;
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Faultline: shrinking seed ${seed} of "${swept.result.scenario}"`, cancellable: true },
      (progress, progressToken) =>
        linked(source, progressToken, (token) => this.ctx.runs.shrink(
          {
            type: 'shrink',
            text: swept.text,
            ...(swept.scenario === undefined ? {} : { scenario: swept.scenario }),
            fileName: swept.fileName,
            seed,
            expectation: failure.expectation,
            maxEvents: this.ctx.config.maxEvents,
            maxRuns: SHRINK_RUN_BUDGET,
          },
          token,
          (runs, maxRuns) => {
            progress.report({ message: `run ${runs} of at most ${maxRuns}`, increment: ((runs - shown) * 100) / maxRuns });
            shown = runs;
            // Every tenth run is enough for the row; the notification shows each.
            if (runs - posted < 10) return;
            posted = runs;
            this.status(seed, 'shrink', 'busy', `Shrinking seed ${seed} while ${what} keeps breaking… run ${runs} of at most ${maxRuns}`);
          },
        )),
    );
    if (!outcome.ok) return this.status(seed, 'shrink', 'failed', outcome.message === 'cancelled' ? 'Shrink cancelled.' : `Shrink failed: ${outcome.message}`);
    const result = outcome.value;
    if (!result.ok) return this.status(seed, 'shrink', 'failed', `Nothing to shrink: ${result.message}`);
    const document = await vscode.workspace.openTextDocument({ language: 'faultline', content: result.text });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    const size = shrinkSizeText(result.before, result.after);
    const replays = result.replays ? `Run again, it breaks "${failure.expectation}": ${result.brokeAs}` : `WARNING: the shrunk text, run again, did not break "${failure.expectation}".`;
    const text = `Shrunk seed ${seed} in ${result.runs} runs, ${result.steps.length} steps${result.budgetSpent ? ' (the run budget ran out first)' : ''}: ${size}. Opened as ${document.uri.path}. ${replays}`;
    this.ctx.output.info(text);
    this.status(seed, 'shrink', result.replays ? 'done' : 'failed', text);
  }
}

export class SweepViewSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly ctx: FaultlineContext) {}

  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    sweepViewOf(this.ctx).revive(panel, state);
    return Promise.resolve();
  }
}

/** The restored tab when its state holds no sweep (an older build's, or a file too large to keep). */
function sweepGonePage(nonce: string): string {
  return noticePage(nonce, 'Seed sweep', `<p class="gone">This sweep's results were not kept across the reload. Run <b>Faultline: Run Seed Sweep</b> again to see them.</p>`);
}

/** Runs `work` with the view's token, cancelled too by the progress notification's Cancel button. */
async function linked<T>(source: vscode.CancellationTokenSource, progressToken: vscode.CancellationToken, work: (token: vscode.CancellationToken) => Promise<T>): Promise<T> {
  const link = progressToken.onCancellationRequested(() => source.cancel());
  try {
    return await work(source.token);
  } finally {
    link.dispose();
  }
}
