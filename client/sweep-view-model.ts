// What the sweep results view shows, as plain data built from a sweep's result: which file,
// scenario and seeds it covers, the tally per expectation with why some stayed undecided, and one
// row per failing seed (what broke, on which line, and the faults that seed drew). Pure, so it is
// tested without an editor; client/sweep-view-html.ts draws it and client/sweep-view.ts hosts it.

import { formatMicros } from '../core/sim/format-micros.ts';
import type { ScenarioSize } from '../core/sweep/index.ts';
import type { ExpectationTally, FailingSeed, SweepResult } from './sweep.ts';

export type TallyRow = {
  text: string;
  line: number;
  held: number;
  broke: number;
  undecided: number;
  verdict: 'broke' | 'held' | 'undecided';
  /** "seed 9: not decided: the run ended …": one real reason, when some seed left it undecided. */
  undecidedExample: string | null;
};

export type SweepViewModel = {
  scenario: string;
  fileName: string;
  firstSeed: number;
  lastSeed: number;
  runs: number;
  /** "rare.fault · scenario "…" · seeds 1..10 (10 runs)": what the view shows, in one line. */
  shows: string;
  tallies: TallyRow[];
  /** Why an expectation can be undecided; null when none was. */
  undecidedNote: string | null;
  /** Runs that stopped on the event or memory budget; null when none did. */
  budgetNote: string | null;
  /** "1 of 10 seeds broke an expectation." or that none did. */
  failingLine: string;
  rows: FailingSeed[];
  /** Said when more seeds broke than the table keeps. */
  moreNote: string | null;
};

/**
 * "Undecided" in a sweep, in the project's own terms (core/check/expectations.ts and
 * leader-expectations.ts return holds: null in exactly these cases; exit codes ignore them).
 */
export const UNDECIDED_MEANING =
  'Undecided means that seed\'s run could not settle the expectation either way, so it counts as neither held nor broken: ' +
  'what the expectation is measured from never happened (no crash to be "after", no write issued), ' +
  'the run ended — at its "run for" time or on the event or memory budget — before the expectation\'s time window closed, ' +
  'a consistency checker\'s search ran out of its budget before it could prove or refute the property, ' +
  'or the check cannot judge this protocol\'s runs at all. ' +
  'The first such seed of each expectation is shown with the reason its run gave.';

function verdictOf(tally: ExpectationTally): TallyRow['verdict'] {
  if (tally.broke > 0) return 'broke';
  return tally.held > 0 ? 'held' : 'undecided';
}

export function sweepViewModel(result: SweepResult, fileName: string): SweepViewModel {
  const lastSeed = result.firstSeed + result.runs - 1;
  const tallies = result.expectations.map((tally): TallyRow => ({
    text: tally.text,
    line: tally.line,
    held: tally.held,
    broke: tally.broke,
    undecided: tally.undecided,
    verdict: verdictOf(tally),
    // "undecided on seed 9: the run ended …", not "… seed 9: not decided: the run ended …".
    undecidedExample: tally.undecidedExample === undefined ? null : `seed ${tally.undecidedExample.seed}: ${tally.undecidedExample.reason.replace(/^(not decided|undecided):\s*/i, '')}`,
  }));
  const anyUndecided = tallies.some((t) => t.undecided > 0);
  const more = result.failingSeeds - result.failing.length;
  return {
    scenario: result.scenario,
    fileName,
    firstSeed: result.firstSeed,
    lastSeed,
    runs: result.runs,
    shows: `${fileName} · scenario "${result.scenario}" · seeds ${result.firstSeed}..${lastSeed} (${result.runs} run${result.runs === 1 ? '' : 's'})`,
    tallies,
    undecidedNote: anyUndecided ? UNDECIDED_MEANING : null,
    budgetNote:
      result.stoppedByBudget === 0
        ? null
        : `${result.stoppedByBudget} of ${result.runs} runs stopped on the event budget (setting faultline.maxEvents) or the memory budget before their "run for" time.`,
    failingLine:
      result.expectations.length === 0
        ? 'The scenario has no expect block, so no seed can break anything.'
        : result.failingSeeds === 0
          ? `No seed of ${result.runs} broke an expectation.`
          : `${result.failingSeeds} of ${result.runs} seeds broke an expectation.`,
    rows: result.failing,
    moreNote: more > 0 ? `${more} more seed${more === 1 ? '' : 's'} broke an expectation; the table keeps the first ${result.failing.length}.` : null,
  };
}

/** A run's verdicts as a sweep records them: one letter per expectation, h held, b broke, u undecided. */
export function verdictLetters(expectations: ReadonlyArray<{ holds: boolean | null }>): string {
  return expectations.map((e) => (e.holds === true ? 'h' : e.holds === false ? 'b' : 'u')).join('');
}

/**
 * What a replay of a failing seed proves: the simulator is deterministic, so the seed must give
 * the sweep's verdicts again. A difference means the replay ran something else (or a bug).
 */
export function replayFinding(row: FailingSeed, replayed: string, tallies: readonly TallyRow[]): { reproduced: boolean; text: string } {
  if (replayed === row.verdicts) {
    const broken = row.failures.map((f) => `"${f.expectation}" (line ${f.line})`).join(', ');
    return { reproduced: true, text: `Replayed seed ${row.seed}: ${broken} broke again, with every other verdict the same — the failure reproduces.` };
  }
  const differences: string[] = [];
  const words: Record<string, string> = { h: 'held', b: 'broke', u: 'undecided' };
  for (let i = 0; i < Math.max(replayed.length, row.verdicts.length); i++) {
    if (replayed[i] === row.verdicts[i]) continue;
    const name = tallies[i] === undefined ? `expectation ${i + 1}` : `"${tallies[i]!.text}"`;
    differences.push(`${name} ${words[row.verdicts[i] ?? ''] ?? 'missing'} in the sweep, ${words[replayed[i] ?? ''] ?? 'missing'} now`);
  }
  return { reproduced: false, text: `Replayed seed ${row.seed}: the verdicts differ (${differences.join('; ')}).` };
}

/** "faults 0 + 1 random → 3 + 0 random · clients 1 → 0 · run 10s → 5.448s", as `faultline sweep --shrink` says it. */
export function shrinkSizeText(before: ScenarioSize, after: ScenarioSize): string {
  return [
    `faults ${before.faults} + ${before.randomFaults} random → ${after.faults} + ${after.randomFaults} random`,
    `clients ${before.clients} → ${after.clients}`,
    `operation lines ${before.operationLines} → ${after.operationLines}`,
    `run ${formatMicros(before.runForUs)} → ${formatMicros(after.runForUs)}`,
  ].join(' · ');
}
