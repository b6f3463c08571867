// The sweep results view's pure parts, outside the editor: the rows and tallies it builds from a
// core/sweep summary, what a replay proves, the gate on the page's messages and the page's HTML.

import assert from 'node:assert/strict';
import { summarize, type SeedOutcome } from '../../../core/sweep/index.ts';
import { isSweepViewMessage } from '../../../client/sweep-view-messages.ts';
import { sweepViewHtml } from '../../../client/sweep-view-html.ts';
import { replayFinding, shrinkSizeText, sweepViewModel, UNDECIDED_MEANING, verdictLetters } from '../../../client/sweep-view-model.ts';
import { KEPT_BREAKING_SEEDS, sweepResultOf } from '../../../client/sweep.ts';
import { MAX_SAVED_TEXT, restoredSweep, savedSweep } from '../../../client/sweep-view-state.ts';

const EXPECTATIONS = [
  { text: 'leader within 350ms after crash', line: 45 },
  { text: 'one leader per term', line: 46 },
];

/** An outcome as core/sweep records it; a 'b' verdict gets its failure sentence and the seed's faults. */
function outcome(seed: number, verdicts: string, stoppedBy: SeedOutcome['stoppedBy'] = 'end'): SeedOutcome {
  const failures = [...verdicts].flatMap((v, i) => (v === 'b' ? [{ expectation: EXPECTATIONS[i]!.text, line: EXPECTATIONS[i]!.line, summary: `seed ${seed} broke ${EXPECTATIONS[i]!.text}` }] : []));
  return {
    seed,
    verdicts,
    failures,
    stoppedBy,
    events: 100,
    ops: { ok: 1, fail: 0, info: 0 },
    newLeaderUs: null,
    lostWrites: null,
    ...(failures.length > 0 ? { faults: [`at ${seed}s crash n1`, `at ${seed + 1}s restart n1`] } : {}),
  };
}

const modelOf = (outcomes: SeedOutcome[], firstSeed = 1) => sweepViewModel(sweepResultOf(summarize('raft: rare slow election', EXPECTATIONS, outcomes), firstSeed), 'rare.fault');

describe('the sweep results view', () => {
  it('lists one row per failing seed, lowest first, with what broke, on which line, and the faults that seed drew', () => {
    const model = modelOf([outcome(3, 'hh'), outcome(8, 'bh'), outcome(1, 'hh'), outcome(5, 'bb'), outcome(2, 'uh')]);
    assert.deepEqual(model.rows.map((r) => r.seed), [5, 8]);
    assert.deepEqual(model.rows[0]!.failures.map((f) => [f.expectation, f.line]), [['leader within 350ms after crash', 45], ['one leader per term', 46]]);
    assert.deepEqual(model.rows[1]!.faults, ['at 8s crash n1', 'at 9s restart n1']);
    assert.equal(model.rows[1]!.verdicts, 'bh');
    assert.equal(model.shows, 'rare.fault · scenario "raft: rare slow election" · seeds 1..5 (5 runs)');
    assert.equal(model.failingLine, '2 of 5 seeds broke an expectation.');
    assert.equal(model.moreNote, null);
  });

  it('tallies held, broke and undecided per expectation and explains undecided only when some seed left one undecided', () => {
    const mixed = modelOf([outcome(1, 'bh'), outcome(2, 'uh'), outcome(3, 'hh')]);
    assert.deepEqual(mixed.tallies.map((t) => [t.held, t.broke, t.undecided, t.verdict]), [[1, 1, 1, 'broke'], [3, 0, 0, 'held']]);
    assert.equal(mixed.undecidedNote, UNDECIDED_MEANING);
    assert.match(UNDECIDED_MEANING, /neither held nor broken/);
    assert.match(UNDECIDED_MEANING, /event or memory budget/);
    assert.match(UNDECIDED_MEANING, /search ran out of its budget/);
    const decided = modelOf([outcome(1, 'hh'), outcome(2, 'hh')]);
    assert.equal(decided.undecidedNote, null);
    assert.equal(decided.failingLine, 'No seed of 2 broke an expectation.');
    assert.equal(decided.rows.length, 0);
  });

  it('names the seed and the run\'s own reason for an undecided expectation when the worker found one', () => {
    const result = sweepResultOf(summarize('s', EXPECTATIONS, [outcome(1, 'uh')]), 1);
    result.expectations[0]!.undecidedExample = { seed: 1, reason: 'not decided: no crash happened in this run' };
    assert.equal(sweepViewModel(result, 'f.fault').tallies[0]!.undecidedExample, 'seed 1: no crash happened in this run');
  });

  it(`keeps the first ${KEPT_BREAKING_SEEDS} failing seeds and says how many more broke`, () => {
    const model = modelOf(Array.from({ length: KEPT_BREAKING_SEEDS + 7 }, (_, i) => outcome(i + 1, 'bh')));
    assert.equal(model.rows.length, KEPT_BREAKING_SEEDS);
    assert.equal(model.rows.at(-1)!.seed, KEPT_BREAKING_SEEDS);
    assert.equal(model.moreNote, `7 more seeds broke an expectation; the table keeps the first ${KEPT_BREAKING_SEEDS}.`);
  });

  it('says when runs stopped on the event or memory budget', () => {
    const model = modelOf([outcome(1, 'hh', 'event-budget'), outcome(2, 'hh')]);
    assert.match(model.budgetNote ?? '', /^1 of 2 runs stopped on the event budget/);
  });

  it('a replay with the sweep\'s verdict letters reproduces the failure; any other letter is named as a difference', () => {
    const model = modelOf([outcome(8, 'bh')]);
    const row = model.rows[0]!;
    assert.equal(verdictLetters([{ holds: false }, { holds: true }, { holds: null }]), 'bhu');
    const same = replayFinding(row, 'bh', model.tallies);
    assert.equal(same.reproduced, true);
    assert.match(same.text, /"leader within 350ms after crash" \(line 45\) broke again/);
    const other = replayFinding(row, 'hh', model.tallies);
    assert.equal(other.reproduced, false);
    assert.match(other.text, /"leader within 350ms after crash" broke in the sweep, held now/);
  });

  it('states a shrink\'s size before and after as the CLI does', () => {
    const before = { faults: 0, randomFaults: 1, clients: 1, operationLines: 1, runForUs: 10_000_000 };
    const after = { faults: 3, randomFaults: 0, clients: 0, operationLines: 0, runForUs: 5_448_000 };
    assert.equal(shrinkSizeText(before, after), 'faults 0 + 1 random → 3 + 0 random · clients 1 → 0 · operation lines 1 → 0 · run 10s → 5.448s');
  });

  it('accepts from the page only actions on the table\'s own seeds, failures and lines', () => {
    const model = modelOf([outcome(5, 'bb'), outcome(8, 'bh')]);
    const ok = (message: object | null) => isSweepViewMessage(message === null ? null : { sweep: 3, ...message }, model, 3);
    assert.equal(ok({ type: 'open', seed: 8 }), true);
    assert.equal(ok({ type: 'replay', seed: 5 }), true);
    assert.equal(ok({ type: 'shrink', seed: 5, failure: 1 }), true);
    assert.equal(ok({ type: 'reveal-line', line: 46 }), true);
    assert.equal(ok({ type: 'open', seed: 8, sweep: 2 }), false, 'a click on the page of an earlier sweep');
    assert.equal(ok({ type: 'open', seed: 9 }), false, 'a seed not in the table');
    assert.equal(ok({ type: 'shrink', seed: 8, failure: 1 }), false, 'seed 8 broke one expectation only');
    assert.equal(ok({ type: 'shrink', seed: 8 }), false, 'no failure index');
    assert.equal(ok({ type: 'replay', seed: '8' }), false, 'a seed as text');
    assert.equal(ok({ type: 'reveal-line', line: 7 }), false, 'a line the view does not show');
    assert.equal(ok({ type: 'run-command', seed: 8 }), false);
    assert.equal(ok(null), false);
  });

  it('draws one Open, Replay and Shrink per failing seed, a line link per verdict, and escapes the scenario\'s text', () => {
    const result = sweepResultOf(summarize('<img src=x>', EXPECTATIONS, [outcome(5, 'bb'), outcome(8, 'bh'), outcome(9, 'hh')]), 5);
    const html = sweepViewHtml(sweepViewModel(result, 'a&b.fault'), { nonce: 'N0nce', cspSource: 'vscode-resource:', sweep: 4 });
    const count = (pattern: RegExp) => html.match(pattern)?.length ?? 0;
    assert.equal(count(/<button[^>]*data-action="open"/g), 2);
    assert.equal(count(/<button[^>]*data-action="replay"/g), 2);
    assert.equal(count(/<button data-action="shrink"/g), 3, 'seed 5 broke two expectations: a Shrink for each');
    assert.match(html, />Shrink line 46</);
    assert.match(html, /data-line="45"/);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x&gt;/);
    assert.match(html, /a&amp;b\.fault/);
    assert.match(html, /script-src 'nonce-N0nce'/);
    assert.equal(count(/<script/g), 1, 'one script, the page\'s own');
    assert.match(html, /<main class="sweep-view" data-sweep="4">/, 'the page knows which sweep it shows');
  });

  it('keeps a sweep for a window reload: the page saves it as its state, and the state reads back as the same sweep', () => {
    const result = sweepResultOf(summarize('rare', EXPECTATIONS, [outcome(5, 'bb'), outcome(8, 'bh'), outcome(9, 'hu')]), 5);
    const saved = savedSweep({ documentUri: 'file:///w/rare.fault', fileName: 'rare.fault', text: 'scenario "rare" {}', scenario: 'rare', result })!;
    const html = sweepViewHtml(sweepViewModel(result, 'rare.fault'), { nonce: 'N', cspSource: 'x', sweep: 1, state: saved });
    const embedded = /<script type="application\/json" id="sweep-state">([^<]*)<\/script>/.exec(html);
    assert.ok(embedded !== null, 'the page carries the state it saves');
    assert.match(html, /vscode\.setState\(/);
    // What VS Code hands back to the serializer after the reload: the JSON the page saved.
    const restored = restoredSweep(JSON.parse(embedded[1]!));
    assert.deepEqual(restored, JSON.parse(JSON.stringify(saved)));
    assert.deepEqual(sweepViewModel(restored!.result, restored!.fileName), sweepViewModel(result, 'rare.fault'), 'the restored view shows the same rows');
  });

  it('restores nothing from a state that is not a sweep this build saved, and keeps no file over the size bound', () => {
    const result = sweepResultOf(summarize('rare', EXPECTATIONS, [outcome(5, 'bh')]), 5);
    const good = savedSweep({ documentUri: 'file:///w/rare.fault', fileName: 'rare.fault', text: 'x', result })!;
    assert.notEqual(restoredSweep(good), null);
    for (const bad of [null, 3, 'x', {}, { ...good, v: 2 }, { ...good, text: 7 }, { ...good, result: { ...result, failing: 'many' } }, { ...good, result: { ...result, failing: [{ seed: -1 }] } }, { ...good, result: { ...result, expectations: [{ text: 'x' }] } }, { ...good, scenario: 5 }]) {
      assert.equal(restoredSweep(bad), null, JSON.stringify(bad).slice(0, 80));
    }
    assert.equal(savedSweep({ documentUri: 'file:///w/big.fault', fileName: 'big.fault', text: 'x'.repeat(MAX_SAVED_TEXT + 1), result }), null);
    const html = sweepViewHtml(sweepViewModel(result, 'big.fault'), { nonce: 'N', cspSource: 'x', sweep: 1, state: null });
    assert.doesNotMatch(html, /id="sweep-state"/, 'no state: the page saves null');
  });
});
