// The extension host's pure parts, outside the editor: the seed-sweep tally, the status bar's
// words and the export file names.

import assert from 'node:assert/strict';
import { exportFileName, slugify } from '../../../client/export-names.ts';
import { tallyApplies, verdictText } from '../../../client/run-summary.ts';
import { summarizeRun } from '../../../webview/messages.ts';
import { describeSweep, KEPT_BREAKING_SEEDS, sweepResultOf } from '../../../client/sweep.ts';
import { summarize, type SeedOutcome } from '../../../core/sweep/index.ts';
import type { ExpectationResult, Report } from '../../../core/types/report.ts';

const held = (line: number, text: string): ExpectationResult => ({ line, text, holds: true, summary: '' });
const broke = (line: number, text: string): ExpectationResult => ({ line, text, holds: false, summary: '' });
const open = (line: number, text: string): ExpectationResult => ({ line, text, holds: null, summary: '' });

describe('the extension host logic', () => {
  /** A seed's outcome as core/sweep records it: one letter per expectation (h held, b broke, u undecided). */
  const outcome = (seed: number, verdicts: string, stoppedBy: 'end' | 'event-budget' = 'end'): SeedOutcome => ({
    seed,
    verdicts,
    failures: [],
    stoppedBy,
    events: 1,
    ops: { ok: 0, fail: 0, info: 0 },
    newLeaderUs: null,
    lostWrites: null,
  });

  it('a seed sweep counts per expectation how many seeds held, broke or stayed undecided, and which seeds broke', () => {
    const expectations = [{ text: 'no split brain', line: 5 }, { text: 'linearizable', line: 6 }];
    const result = sweepResultOf(summarize('lease', expectations, [outcome(12, 'bh', 'event-budget'), outcome(10, 'hu'), outcome(11, 'bu')]), 10);
    assert.equal(result.runs, 3);
    assert.equal(result.stoppedByBudget, 1);
    assert.deepEqual(result.expectations, [
      { text: 'no split brain', line: 5, held: 1, broke: 2, undecided: 0, breakingSeeds: [11, 12] },
      { text: 'linearizable', line: 6, held: 1, broke: 0, undecided: 2, breakingSeeds: [] },
    ]);
    const lines = describeSweep(result);
    assert.match(lines[0]!, /seeds 10\.\.12 \(3 runs\)/);
    assert.match(lines[1]!, /line 5 no split brain: BROKE — held 1, broke 2, undecided 0; breaking seeds: 11, 12/);
    assert.match(lines.at(-1)!, /1 run\(s\) hit the event budget/);
  });

  it('a sweep keeps only the first breaking seeds and says there were more', () => {
    const outcomes = Array.from({ length: KEPT_BREAKING_SEEDS + 5 }, (_, i) => outcome(i + 1, 'b'));
    const result = sweepResultOf(summarize('storm', [{ text: 'no lost writes', line: 3 }], outcomes), 1);
    const only = result.expectations[0]!;
    assert.equal(only.broke, KEPT_BREAKING_SEEDS + 5);
    assert.equal(only.breakingSeeds.length, KEPT_BREAKING_SEEDS);
    assert.match(describeSweep(result)[1]!, /, …$/);
  });

  it('two expectations with the same text on different lines are tallied apart', () => {
    const result = sweepResultOf(summarize('twice', [{ text: 'linearizable', line: 3 }, { text: 'linearizable', line: 9 }], [outcome(1, 'hb')]), 1);
    assert.deepEqual(result.expectations.map((e) => [e.line, e.held, e.broke]), [[3, 1, 0], [9, 0, 1]]);
  });

  it('the status bar names held, broke and undecided counts in words and flags a run where something broke', () => {
    assert.deepEqual(verdictText({ passed: 4, failed: 0, undecided: 1 }), { text: 'Faultline: 4 held · 1 undecided', broken: false });
    assert.deepEqual(verdictText({ passed: 2, failed: 1, undecided: 0 }), { text: 'Faultline: 2 held · 1 broke', broken: true });
    assert.equal(verdictText({ passed: 0, failed: 0, undecided: 0 }).text, 'Faultline: ran (no expectations)');
  });

  it('the status bar counts checker verdicts the panel shows broken, not only expect lines', () => {
    assert.deepEqual(verdictText({ passed: 3, failed: 0, undecided: 0, checkersBroken: 7 }), { text: 'Faultline: 3 held · 7 checker verdicts broken', broken: true });
    assert.deepEqual(verdictText({ passed: 0, failed: 0, undecided: 0, checkersBroken: 1 }), { text: 'Faultline: no expectations · 1 checker verdict broken', broken: true });
    const report = {
      scenario: 's',
      seed: 1,
      expectations: [held(1, 'a')],
      verdicts: { list: [{ name: 'linearizable', holds: false, summary: '' }, { name: 'sequential', holds: null, summary: '' }, { name: 'converges', holds: true, summary: '' }], strongest: 'none', damage: {} },
      stats: { events: 1, simulatedUs: 1, wallMs: 1, messages: { sent: 0, delivered: 0, dropped: 0, duplicated: 0 }, stoppedBy: 'end' },
    } as unknown as Report;
    assert.equal(summarizeRun(report).checkersBroken, 1, 'one checker verdict broke; an undecided one is not broken');
  });

  it("the status bar's tally shows only beside the run's own file (or the playground)", () => {
    assert.equal(tallyApplies('file:///a.fault', 'file:///a.fault'), true);
    assert.equal(tallyApplies('file:///a.fault', 'file:///b.fault'), false);
    assert.equal(tallyApplies('file:///a.fault', undefined), true, 'no text editor active: the playground has focus');
    assert.equal(tallyApplies(undefined, 'file:///b.fault'), true, 'a run tied to no file');
  });

  it('a report summary counts its expectations by verdict', () => {
    const report = {
      scenario: 's',
      seed: 3,
      expectations: [held(1, 'a'), broke(2, 'b'), broke(3, 'c'), open(4, 'd')],
      stats: { events: 10, simulatedUs: 5, wallMs: 1, messages: { sent: 0, delivered: 0, dropped: 0, duplicated: 0 }, stoppedBy: 'end' },
    } as unknown as Report;
    const summary = summarizeRun(report);
    assert.deepEqual([summary.passed, summary.failed, summary.undecided, summary.seed], [1, 2, 1, 3]);
    assert.equal(summary.strongest, undefined, 'an ungraded run names no model');
    const graded = summarizeRun({ ...report, verdicts: { list: [], strongest: 'sequential', damage: {} } } as unknown as Report);
    assert.equal(graded.strongest, 'sequential', 'the status bar tooltip shows the strongest model that held');
  });

  it('export file names keep the scenario name readable and say the seed that replays it', () => {
    assert.equal(exportFileName('raft: leader isolated', 7, 'html'), 'raft-leader-isolated-seed-7.html');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd', 'no path separators survive');
    assert.equal(slugify('<img src=x onerror=alert(1)>'), 'img-src-x-onerror-alert-1');
    assert.equal(slugify('!!!'), 'scenario');
    assert.ok(slugify('x'.repeat(200)).length <= 60);
  });
});
