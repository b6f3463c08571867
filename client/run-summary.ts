// The words for a run's outcome: the output channel's lines and the status bar's text. (The
// RunSummary itself comes from webview/messages.ts's summarizeRun, for the webview and the host.)

import type { Report } from '../core/types/report.ts';
import type { RunSummary } from '../webview/messages.ts';

/** Lines for the output channel: the outcome, each expectation, and how to replay it. */
export function describeReport(report: Report): string[] {
  const lines = [`Run of "${report.scenario}" with seed ${report.seed}: ${report.stats.events} events, stopped by ${report.stats.stoppedBy}`];
  for (const e of report.expectations) {
    const verdict = e.holds === true ? 'held' : e.holds === false ? 'BROKE' : 'undecided';
    lines.push(`  line ${e.line} ${e.text}: ${verdict} — ${e.summary}`);
  }
  return lines;
}

/** "Faultline: 4 held · 1 broke" — the words a newcomer reads, not symbols alone. */
export function verdictText(summary: Pick<RunSummary, 'passed' | 'failed' | 'undecided'>): { text: string; broken: boolean } {
  const parts = [`${summary.passed} held`];
  if (summary.failed > 0) parts.push(`${summary.failed} broke`);
  if (summary.undecided > 0) parts.push(`${summary.undecided} undecided`);
  if (summary.passed + summary.failed + summary.undecided === 0) return { text: 'Faultline: ran (no expectations)', broken: false };
  return { text: `Faultline: ${parts.join(' · ')}`, broken: summary.failed > 0 };
}
