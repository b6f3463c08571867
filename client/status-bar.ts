// The status bar item with the latest verdict: how many expectations held, broke or stayed
// undecided in the last run. Clicking it brings the playground back.

import * as vscode from 'vscode';
import type { RunSummary } from '../webview/messages.ts';
import { formatMicros } from '../core/explain/units.ts';
import { verdictText } from './run-summary.ts';

export class VerdictStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('faultline.verdict', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Faultline verdict';
    this.item.command = 'faultline.openPlayground';
  }

  running(scenario: string | null, seed: number | null): void {
    this.item.text = `$(sync~spin) Faultline: running${scenario === null ? '' : ` ${scenario}`}${seed === null ? '' : ` (seed ${seed})`}`;
    this.item.tooltip = 'A Faultline simulation is running';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  finished(summary: RunSummary): void {
    const { text, broken } = verdictText(summary);
    this.item.text = `${broken ? '$(error)' : '$(pass)'} ${text}`;
    this.item.backgroundColor = broken ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.appendText(`Faultline — ${summary.scenario}, seed ${summary.seed}\n`);
    markdown.appendText(`${summary.passed} held, ${summary.failed} broke, ${summary.undecided} undecided\n`);
    if (summary.strongest !== undefined) markdown.appendText(`Strongest consistency model that held: ${summary.strongest}\n`);
    markdown.appendText(`${summary.events} events, ${formatMicros(summary.simulatedUs)} simulated in ${summary.wallMs} ms`);
    if (summary.stoppedBy === 'event-budget') markdown.appendText('\nStopped early: the event budget (faultline.maxEvents) ran out.');
    this.item.tooltip = markdown;
    this.item.show();
  }

  failed(message: string): void {
    this.item.text = '$(warning) Faultline: not run';
    this.item.tooltip = message;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
