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

/**
 * "Faultline: 4 held · 1 broke · 2 checker verdicts broken" — the words a newcomer reads, not
 * symbols alone. Checker verdicts broken without an `expect` line are counted too: the panel's
 * banner shows them, and a green status bar beside a red banner would say two opposite things.
 */
export function verdictText(summary: Pick<RunSummary, 'passed' | 'failed' | 'undecided' | 'checkersBroken'>): { text: string; broken: boolean } {
  const checkers = summary.checkersBroken ?? 0;
  const checkerPart = checkers === 0 ? null : `${checkers} checker verdict${checkers === 1 ? '' : 's'} broken`;
  if (summary.passed + summary.failed + summary.undecided === 0) {
    return checkerPart === null ? { text: 'Faultline: ran (no expectations)', broken: false } : { text: `Faultline: no expectations · ${checkerPart}`, broken: true };
  }
  const parts = [`${summary.passed} held`];
  if (summary.failed > 0) parts.push(`${summary.failed} broke`);
  if (summary.undecided > 0) parts.push(`${summary.undecided} undecided`);
  if (checkerPart !== null) parts.push(checkerPart);
  return { text: `Faultline: ${parts.join(' · ')}`, broken: summary.failed > 0 || checkers > 0 };
}

/**
 * Whether the status bar's tally is about what the user is looking at: the run's file is the
 * active editor, or no text editor is active (the playground itself has focus). Another file's
 * editor hides it, since its numbers say nothing about that file.
 */
export function tallyApplies(runDocumentUri: string | undefined, activeDocumentUri: string | undefined): boolean {
  return runDocumentUri === undefined || activeDocumentUri === undefined || runDocumentUri === activeDocumentUri;
}
