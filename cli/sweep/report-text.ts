// The readable sweep summary: a tally per expectation, the spread of outcomes, and for the first
// failing seeds what broke, which faults struck and the command that replays each one.

import { formatMicros } from '../../core/sim/format-micros.ts';
import type { Spread, SweepSummary } from '../../core/sweep/index.ts';
import { shellQuote } from '../shared/shell-quote.ts';

export const SHOWN_FAILURES = 5;

export function replayCommand(file: string, scenario: string, seed: number): string {
  return `faultline run ${shellQuote(file)} --scenario ${shellQuote(scenario)} --seed ${seed}`;
}

const spreadText = (spread: Spread, format: (n: number) => string) =>
  spread === null ? 'n/a' : `p50 ${format(spread.p50)}, p90 ${format(spread.p90)}, max ${format(spread.max)}`;

export function sweepText(summary: SweepSummary, file: string, extra: { jobs?: number; cpuMs?: number }): string {
  const lines: string[] = [];
  const ranges = summary.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}..${r.to}`)).join(', ');
  lines.push(`sweep     ${summary.scenario}   (${file}, seeds ${ranges}${extra.jobs === undefined ? '' : `, ${extra.jobs} jobs`})`);
  const cpu = extra.cpuMs === undefined ? '' : `, ${(extra.cpuMs / 1000).toFixed(1)}s cpu`;
  lines.push(`ran       ${summary.seeds} seeds in ${(summary.wallMs / 1000).toFixed(1)}s${cpu}; ${summary.failingSeeds} broke an expectation`);
  lines.push(summary.expectations.length === 0 ? 'expect    (no expectations declared)' : 'expect');
  for (const tally of summary.expectations) {
    const mark = tally.broke > 0 ? '✗' : tally.held > 0 ? '✓' : '?';
    const first = tally.firstFailingSeeds.length === 0 ? '' : `; first failing seeds: ${tally.firstFailingSeeds.slice(0, 10).join(', ')}`;
    lines.push(`  ${mark} ${tally.text} — broke on ${tally.broke} of ${summary.seeds} seeds (${tally.held} held, ${tally.undecided} undecided)${first}   (line ${tally.line})`);
  }
  const d = summary.distribution;
  lines.push(`spread    time to a leader again after losing one (slowest per seed): ${spreadText(d.newLeaderUs, formatMicros)}${d.newLeaderUs === null ? '' : ` (${d.newLeaderUs.count} seeds)`}`);
  if (d.lostWrites !== null) lines.push(`          acknowledged writes lost ${spreadText(d.lostWrites, String)}`);
  lines.push(`          ops ok ${spreadText(d.opsOk, String)} · info ${spreadText(d.opsInfo, String)} · fail ${spreadText(d.opsFail, String)}`);
  lines.push(`          events ${spreadText(d.events, String)}${d.stoppedByBudget > 0 ? ` · ${d.stoppedByBudget} seeds hit the event or memory budget` : ''}`);
  const failing = summary.outcomes.filter((o) => o.failures.length > 0).slice(0, SHOWN_FAILURES);
  if (failing.length > 0) lines.push(`failures  (first ${failing.length} of ${summary.failingSeeds})`);
  for (const outcome of failing) {
    for (const failure of outcome.failures) lines.push(`  seed ${outcome.seed}  ✗ ${failure.expectation} — ${failure.summary}`);
    if (outcome.faults !== undefined && outcome.faults.length > 0) lines.push(`          faults: ${outcome.faults.join(' · ')}`);
    lines.push(`          replay: ${replayCommand(file, summary.scenario, outcome.seed)}`);
  }
  return lines.join('\n') + '\n';
}
