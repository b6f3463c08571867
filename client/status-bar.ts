// The status bar item with the latest verdict: how many expectations held, broke or stayed
// undecided in the last run, and how many checker verdicts broke. It belongs to the run's file:
// another file's editor hides it. Clicking it brings the playground back.

import * as vscode from 'vscode';
import type { RunSummary } from '../webview/messages.ts';
import { formatMicros } from '../core/explain/units.ts';
import { tallyApplies, verdictText } from './run-summary.ts';
import { NOT_GRADED } from '../core/check/gradable.ts';

export class VerdictStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('faultline.verdict', vscode.StatusBarAlignment.Left, 50);

  /** The file the shown tally is about (undefined: a run not tied to one, or none yet). */
  private documentUri: string | undefined;
  private shown = false;
  private readonly editorWatch: vscode.Disposable;

  constructor() {
    this.item.name = 'Faultline verdict';
    this.item.command = 'faultline.openPlayground';
    this.editorWatch = vscode.window.onDidChangeActiveTextEditor(() => this.showIfApplies());
  }

  private showIfApplies(): void {
    if (this.shown && tallyApplies(this.documentUri, vscode.window.activeTextEditor?.document.uri.toString())) this.item.show();
    else this.item.hide();
  }

  running(scenario: string | null, seed: number | null, documentUri?: string): void {
    this.documentUri = documentUri;
    this.item.text = `$(sync~spin) Faultline: running${scenario === null ? '' : ` ${scenario}`}${seed === null ? '' : ` (seed ${seed})`}`;
    this.item.tooltip = 'A Faultline simulation is running';
    this.item.backgroundColor = undefined;
    this.shown = true;
    this.showIfApplies();
  }

  finished(summary: RunSummary, documentUri?: string): void {
    this.documentUri = documentUri;
    const { text, broken } = verdictText(summary);
    this.item.text = `${broken ? '$(error)' : '$(pass)'} ${text}`;
    this.item.backgroundColor = broken ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.appendText(`Faultline — ${summary.scenario}, seed ${summary.seed}\n`);
    markdown.appendText(`${summary.passed} held, ${summary.failed} broke, ${summary.undecided} undecided\n`);
    if ((summary.checkersBroken ?? 0) > 0) markdown.appendText(`${summary.checkersBroken} checker verdicts broken (see the playground's Verdicts panel)\n`);
    if (summary.strongest === NOT_GRADED) markdown.appendText('Consistency: not graded (the Verdicts panel says why)\n');
    else if (summary.strongest !== undefined) markdown.appendText(`Strongest consistency model that held: ${summary.strongest}\n`);
    markdown.appendText(`${summary.events} events, ${formatMicros(summary.simulatedUs)} simulated in ${formatMicros(Math.round(summary.wallMs) * 1000)}`);
    if (summary.stoppedBy === 'event-budget') markdown.appendText('\nStopped early: the event budget (faultline.maxEvents) ran out.');
    if (summary.stoppedBy === 'memory-budget') markdown.appendText('\nStopped early: the run stored more than its memory budget allows (a shorter `run for` or a lighter workload goes further).');
    this.item.tooltip = markdown;
    this.shown = true;
    this.showIfApplies();
  }

  failed(message: string, documentUri?: string): void {
    this.documentUri = documentUri;
    this.item.text = '$(warning) Faultline: not run';
    this.item.tooltip = message;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.shown = true;
    this.showIfApplies();
  }

  dispose(): void {
    this.editorWatch.dispose();
    this.item.dispose();
  }
}
