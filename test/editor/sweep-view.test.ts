// The seed sweep's results view in a real VS Code (code-server, driven through Chromium): sweep
// samples/rare-failure.fault over seeds 1..10 (seed 8 misses the leader bound), find the view's
// table after the toast, follow a line link, Shrink seed 8 and check the shrunk scenario opens as
// a new file that breaks the same expectation when run, Replay and Open the seed, and look at the
// view in the dark and the light theme. Screenshots go to test-output/editor/sweep-view/.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { ROOT } from './harness/code-server.ts';
import { EditorSession, OUTPUT } from './harness/editor-session.ts';
import { UI_TIMEOUT, type Workbench } from './harness/workbench.ts';

const SEEDS = 10;
const FAILING_SEED = 8;
const EXPECTATION = 'leader within 350ms after crash';
const SCENARIO = 'raft: rare slow election';

/** The webview page (of several: the playground may be open too) that shows `selector`. */
async function frameWith(bench: Workbench, selector: string, timeout = UI_TIMEOUT): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of bench.page.frames()) {
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    await bench.page.waitForTimeout(100);
  }
  throw new Error(`no webview showed ${selector}`);
}

/** Brings the sweep view's tab to the front (running a scenario puts the playground over it). */
async function showSweepView(bench: Workbench): Promise<Frame> {
  await bench.page.locator('.tabs-container .tab', { hasText: `Sweep — ${SCENARIO}` }).first().click();
  return frameWith(bench, '.sweep-view');
}

/** A close-up of one webview (its iframe element) beside the full-window screenshots. */
async function screenshotOf(frame: Frame, name: string): Promise<void> {
  const element = await frame.frameElement();
  await element.screenshot({ path: join(OUTPUT, 'sweep-view', `${name}.png`) });
}

describe('the seed sweep results view in a real VS Code (code-server)', function () {
  this.timeout(240_000);
  let session: EditorSession;
  let bench: Workbench;
  let view: Frame;

  before(async function () {
    this.timeout(600_000);
    session = await EditorSession.start({ name: 'sweep-view', withExtension: true, settings: { 'faultline.sweepSeeds': SEEDS, 'workbench.colorTheme': 'Default Dark Modern' } });
    bench = session.bench;
    writeFileSync(join(session.workspace.folder, 'rare.fault'), readFileSync(join(ROOT, 'samples', 'rare-failure.fault'), 'utf8'));
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    session.failures += 1;
    await bench.screenshot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it(`Run Seed Sweep opens a view that stays, with seed ${FAILING_SEED}'s row: the broken expectation, its line and the faults it drew`, async () => {
    // Written after the workbench opened: the explorer lists it once refreshed.
    await bench.runCommand('Refresh Explorer');
    await bench.page.getByRole('treeitem', { name: /rare\.fault/ }).waitFor({ timeout: 60_000 });
    await bench.openFile('rare.fault');
    await bench.codeLens('▶ Run').first().waitFor({ timeout: UI_TIMEOUT });
    await bench.focusEditor();
    await bench.runCommand('Faultline: Run Seed Sweep');
    // The toast still comes (the other editor test waits for it); the view is what stays.
    const toast = await bench.notification(new RegExp(`broke under 1 of ${SEEDS} seeds`), 120_000);
    view = await frameWith(bench, '.sweep-view');
    assert.match(await view.locator('.shows').innerText(), new RegExp(`rare\\.fault · scenario "${SCENARIO}" · seeds 1\\.\\.${SEEDS} \\(${SEEDS} runs\\)`));
    const row = view.locator(`tr.seed-row[data-seed="${FAILING_SEED}"]`);
    const text = await row.innerText();
    assert.match(text, new RegExp(EXPECTATION));
    assert.match(text, /line 45/);
    assert.match(text, /no leader within 350ms after the crash/);
    assert.match(text, /at \d+(\.\d+)?s crash n\d/, 'the faults seed 8 drew, as .fault lines');
    assert.equal(await view.locator('tr.seed-row').count(), 1, 'one failing seed, one row');
    const tally = await view.locator('table.tallies').innerText();
    assert.match(tally, new RegExp(`${EXPECTATION}[\\s\\S]*8\\s+1\\s+1`), 'held 8, broke 1, undecided 1');
    assert.match(await view.locator('.sweep-view').innerText(), /Undecided means/);
    assert.match(await view.locator('.example').first().innerText(), /^undecided on seed \d+: the run ended/);
    await bench.screenshot('sweep-view-and-toast');
    // Dismiss the toast: the view is still there.
    await toast.hover();
    await toast.locator('.codicon-notifications-clear, .codicon-close').first().click();
    await toast.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    assert.equal(await view.locator(`tr.seed-row[data-seed="${FAILING_SEED}"]`).count(), 1);
    await bench.screenshot('sweep-view-dark');
    await screenshotOf(view, 'view-dark');
  });

  it('the view survives a window reload with the same rows, and its buttons act on the swept seeds (the tests below use the restored view)', async () => {
    // The command a person uses; unlike a bare page reload it lets the workbench save its layout and the view's state first.
    const reloaded = bench.page.waitForEvent('framenavigated', { predicate: (frame) => frame === bench.page.mainFrame(), timeout: 60_000 });
    await bench.runCommand('Developer: Reload Window');
    await reloaded;
    await bench.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    view = await showSweepView(bench);
    assert.match(await view.locator('.shows').innerText(), new RegExp(`rare\\.fault · scenario "${SCENARIO}" · seeds 1\\.\\.${SEEDS} \\(${SEEDS} runs\\)`));
    const row = view.locator(`tr.seed-row[data-seed="${FAILING_SEED}"]`);
    await row.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await row.innerText(), new RegExp(EXPECTATION));
    assert.match(await view.locator('table.tallies').innerText(), new RegExp(`${EXPECTATION}[\\s\\S]*8\\s+1\\s+1`), 'held 8, broke 1, undecided 1');
    assert.equal(await bench.page.locator('.tabs-container .tab', { hasText: 'Sweep — ' }).count(), 1, 'one sweep tab, the restored one');
    await bench.screenshot('sweep-view-after-reload');
  });

  it('a verdict\'s line link selects that expectation\'s line in the swept file', async () => {
    await view.locator(`tr.seed-row[data-seed="${FAILING_SEED}"] a.line`).first().click();
    await bench.statusBar.locator('.statusbar-item', { hasText: /^Ln 45, Col/ }).first().waitFor({ timeout: UI_TIMEOUT });
  });

  it(`Shrink opens the shrunk scenario as a new file, and running it breaks "${EXPECTATION}" again`, async () => {
    await view.locator(`button[data-action="shrink"][data-seed="${FAILING_SEED}"]`).click();
    const status = view.locator(`.status[data-seed="${FAILING_SEED}"][data-action="shrink"]`);
    await view.locator(`.status[data-seed="${FAILING_SEED}"][data-action="shrink"][data-state="done"]`).waitFor({ timeout: 120_000 });
    const said = await status.innerText();
    assert.match(said, new RegExp(`^Shrunk seed ${FAILING_SEED} in \\d+ runs, \\d+ steps: faults 0 \\+ 1 random → \\d+ \\+ 0 random`));
    assert.match(said, /run 10s → \d/);
    assert.match(said, new RegExp(`Run again, it breaks "${EXPECTATION}"`));
    // The shrunk text is the active editor: an untitled .fault document with concrete crashes.
    await bench.page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: /Untitled-\d/ }).waitFor({ timeout: UI_TIMEOUT });
    const lines = bench.page.locator('.editor-group-container.active .view-line');
    // (The editor draws spaces as no-break spaces: \s matches both.)
    await lines.filter({ hasText: "Shrunk by Faultline's seed sweep from rare.fault, seed 8" }).first().waitFor({ timeout: UI_TIMEOUT });
    await lines.filter({ hasText: /^\s*seed\s8$/ }).first().waitFor({ timeout: UI_TIMEOUT });
    await lines.filter({ hasText: /^\s*at\s\d+(\.\d+)?m?s\scrash\sn\d$/ }).first().waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await lines.filter({ hasText: 'random crash' }).count(), 0, 'the random fault line became the crashes seed 8 drew');
    await bench.screenshot('shrunk-scenario-opened');
    // Run it like any scenario: the playground shows the same expectation broken.
    await bench.focusEditor();
    await bench.runCommand('Faultline: Run Scenario');
    const playground = await frameWith(bench, '.fl-verdict-broken', 120_000);
    const broken = await playground.locator('.fl-verdict-broken').first().getAttribute('aria-label');
    assert.match(broken ?? '', new RegExp(`^${EXPECTATION}: broken`));
    await bench.screenshot('shrunk-scenario-breaks-when-run');
  });

  it(`Replay runs seed ${FAILING_SEED} again and confirms the same verdicts`, async () => {
    view = await showSweepView(bench);
    await view.locator(`button[data-action="replay"][data-seed="${FAILING_SEED}"]`).click();
    const status = view.locator(`.status[data-seed="${FAILING_SEED}"][data-action="replay"][data-state="done"]`);
    await status.waitFor({ timeout: 60_000 });
    assert.match(await status.innerText(), new RegExp(`Replayed seed ${FAILING_SEED}: "${EXPECTATION}" \\(line 45\\) broke again`));
  });

  it(`Open shows seed ${FAILING_SEED} of the swept scenario in the playground`, async () => {
    view = await showSweepView(bench);
    await view.locator(`button[data-action="open"][data-seed="${FAILING_SEED}"]`).click();
    await view.locator(`.status[data-seed="${FAILING_SEED}"][data-action="open"][data-state="done"]`).waitFor({ timeout: UI_TIMEOUT });
    const playground = await frameWith(bench, '.fl-scenario-name');
    await playground.locator('.fl-scenario-name', { hasText: new RegExp(`^${SCENARIO}$`) }).first().waitFor({ timeout: 60_000 });
    await playground.locator('canvas').first().waitFor({ timeout: 60_000 });
    await playground.locator('body', { hasText: `seed ${FAILING_SEED}` }).waitFor({ timeout: 60_000 });
    await bench.screenshot('open-seed-in-playground');
  });

  it('the view reads in the light theme too', async () => {
    await bench.runCommand('Preferences: Color Theme');
    const input = bench.page.locator('.quick-input-widget input');
    await input.fill('Default Light Modern');
    await bench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Light Modern' }).first().click();
    await bench.page.locator('.monaco-workbench.vs').waitFor({ timeout: UI_TIMEOUT });
    view = await showSweepView(bench);
    await view.locator('.status[data-action="shrink"][data-state="done"]').waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('sweep-view-light');
    await screenshotOf(view, 'view-light');
  });

  it('a second sweep replaces what the one view shows', async () => {
    await bench.openFile('raft.fault');
    await bench.focusEditor();
    await bench.runCommand('Faultline: Run Seed Sweep');
    await bench.notification(new RegExp(`no seed of ${SEEDS} broke|broke under \\d+ of ${SEEDS} seeds`), 120_000);
    // The page is reloaded with the new sweep: wait for the frame that shows it, not the old one.
    view = await frameWith(bench, '.shows:has-text("raft.fault · scenario")');
    assert.match(await view.locator('.shows').innerText(), new RegExp(`^raft\\.fault · scenario "raft: leader isolated" · seeds 1\\.\\.${SEEDS}`));
    assert.equal(await bench.page.locator('.tabs-container .tab', { hasText: 'Sweep — ' }).count(), 1, 'one sweep view, not a second tab');
    assert.equal(await view.locator('.status').filter({ hasText: /\S/ }).count(), 0, 'the rows of the first sweep are gone');
  });

  it('the extension logged no errors in the page console', () => {
    assert.deepEqual(session.consoleErrors, []);
  });
});
