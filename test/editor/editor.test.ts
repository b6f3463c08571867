// The extension inside a real VS Code (code-server 4.100.3, driven through Chromium): what a
// person sees when they open a scenario, make a mistake, hover, run it from the palette and from
// the CodeLens, reload the window, export a report, sweep seeds and ask for an explanation.
// Screenshots of every step go to test-output/editor/. A negative control without the extension
// shows that these checks depend on it.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EditorSession, useEditorSession } from './harness/editor-session.ts';
import { FIRST_SCENARIO, VARIANT_SCENARIO } from './harness/fixtures.ts';
import { UI_TIMEOUT, type Workbench } from './harness/workbench.ts';

const SWEEP_SEEDS = 3;

/** Waits for a file to appear on disk (the export's real effect). */
async function fileAppears(path: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the playground's heading names exactly this scenario. */
async function scenarioShown(bench: Workbench, scenario: string, timeout = UI_TIMEOUT): Promise<void> {
  const exact = new RegExp(`^${scenario.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await bench.playground.locator('.fl-scenario-name').filter({ hasText: exact }).first().waitFor({ timeout });
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)));
}

describe('the Faultline extension in a real VS Code (code-server)', function () {
  this.timeout(120_000);
  let session: EditorSession;
  let bench: Workbench;
  useEditorSession(
    { name: 'with-extension', withExtension: true, settings: { 'faultline.sweepSeeds': SWEEP_SEEDS } },
    (started) => {
      session = started;
      bench = started.bench;
    },
  );

  it('the installed .vsix holds the bundles, grammar, snippets, samples and walkthrough, and no sources', () => {
    const installed = join(session.isolation.extensionsDir, 'faultline.faultline-0.1.0');
    const files = filesUnder(installed);
    for (const required of ['package.json', 'dist/extension.cjs', 'dist/server.cjs', 'dist/run-worker.cjs', 'dist/webview.js', 'dist/webview-worker.js', 'syntaxes/faultline.tmLanguage.json', 'language-configuration.json', 'samples/raft-leader-isolated.fault', 'media/walkthrough/verdicts.md']) {
      assert.ok(files.includes(required), `${required} is shipped`);
    }
    const unwanted = files.filter((f) => /\.(ts|map)$/.test(f) || f.startsWith('node_modules/') || f.startsWith('test/') || f === 'dist/cli.js');
    assert.deepEqual(unwanted, []);
  });

  it('Run Scenario with no scenario file open says why it cannot run', async () => {
    await bench.runCommand('Faultline: Run Scenario');
    await bench.notification('open a .fault scenario file first');
    await bench.screenshot('run-without-file-says-why');
    await bench.page.keyboard.press('Escape');
  });

  it('a broken line gets an error squiggle and a Problems row that names the mistake', async () => {
    await bench.openFile('broken.fault');
    await bench.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ timeout: UI_TIMEOUT });
    const rows = await bench.problemRows('heartbeat evry');
    const text = await rows.first().innerText();
    assert.match(text, /raft has no option `heartbeat evry`/);
    assert.match(text, /heartbeat every/, 'the row suggests the option that was meant');
    await bench.screenshot('squiggle-and-problems-row');
    await bench.page.keyboard.press('Control+Shift+M'); // close the panel again
  });

  it('hovering a keyword explains it in plain words', async () => {
    await bench.openFile('raft.fault');
    // The CodeLens row above the scenario arrives with the server's first analysis and pushes the
    // lines below it down; hovering before it is drawn can land on the line above `seed`.
    await bench.codeLens('▶ Run').first().waitFor({ timeout: UI_TIMEOUT });
    const hover = await bench.hoverWord('seed');
    await bench.page.locator('.monaco-hover:visible', { hasText: 'random choice' }).first().waitFor({ timeout: UI_TIMEOUT });
    assert.match(await hover.innerText(), /same seed always replays the same history/);
    await bench.screenshot('hover-explains-seed');
    await bench.page.keyboard.press('Escape');
  });

  it('Run Scenario from the palette opens the playground with the timeline and the verdicts, the run made by the extension host while the panel was created', async () => {
    await bench.openFile('raft.fault');
    await bench.runCommand('Faultline: Run Scenario');
    const playground = bench.playground;
    await playground.locator('canvas').first().waitFor({ timeout: UI_TIMEOUT });
    await scenarioShown(bench, FIRST_SCENARIO);
    const body = await playground.locator('body').innerText();
    assert.match(body, /raft safety/, 'the verdict list names the expectation');
    assert.match(body, /one leader per term/);
    assert.match(body, /holds/, 'at least one expectation is shown as holding');
    // The page drew the run the host made (client/prepared-run.ts), not one of its own worker's.
    const madeByHost = await playground.locator('body').evaluate(() => performance.getEntriesByName('faultline:run-made-by-host').length);
    assert.equal(madeByHost, 1);
    await bench.statusBar.locator('text=/Faultline: \\d+ held/').waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('run-command-playground');
  });

  it('a verdict\'s source link in the playground selects that expectation\'s line in the scenario', async () => {
    const link = bench.playground.locator('.fl-source-link').filter({ hasText: /^line \d+$/ }).first();
    const line = Number((await link.innerText()).replace('line ', ''));
    assert.ok(line > 0);
    await link.click();
    await bench.statusBar.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col`) }).first().waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('source-link-reveals-line');
  });

  it('the ▶ Run CodeLens of the second scenario runs that scenario, not the first', async () => {
    await bench.runCommand('View: Close All Editors');
    await bench.openFile('raft.fault');
    await bench.codeLens('▶ Run').first().waitFor({ timeout: UI_TIMEOUT });
    // Scroll to the variant (the last scenario) and click the lens drawn just above its header.
    await bench.focusEditor();
    await bench.page.keyboard.press('Control+End');
    const header = bench.page.locator('.editor-group-container.active .view-line', { hasText: `scenario "${VARIANT_SCENARIO}"` });
    await header.waitFor({ timeout: UI_TIMEOUT });
    await bench.lensAbove(header, '▶ Run').then((lens) => lens.click());
    const playground = bench.playground;
    await scenarioShown(bench, VARIANT_SCENARIO);
    await playground.locator('canvas').first().waitFor({ timeout: UI_TIMEOUT });
    assert.match(await playground.locator('body').innerText(), /seed 11/);
    await bench.screenshot('codelens-runs-variant');
  });

  it('the playground survives a window reload and shows the same run again', async () => {
    // The command a person uses; unlike a bare page reload it lets the workbench save its layout first.
    const reloaded = bench.page.waitForEvent('framenavigated', { predicate: (frame) => frame === bench.page.mainFrame(), timeout: 60_000 });
    await bench.runCommand('Developer: Reload Window');
    await reloaded;
    await bench.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await scenarioShown(bench, VARIANT_SCENARIO, 60_000);
    await bench.playground.locator('canvas').first().waitFor({ timeout: UI_TIMEOUT });
    await bench.statusBar.locator('text=/Faultline: \\d+ held/').waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('playground-after-reload');
  });

  it('Export Report (HTML) writes one self-contained file with the run the panel shows', async () => {
    await bench.openFile('raft.fault');
    await bench.runCommand('Faultline: Export Report (HTML)');
    const path = await bench.acceptSaveDialog();
    await bench.screenshot('export-save-dialog-accepted');
    const written = path.startsWith('/') ? path : join(session.workspace.folder, path);
    await fileAppears(written);
    await bench.notification('HTML report written');
    await bench.screenshot('export-report-written');
    const html = readFileSync(written, 'utf8');
    assert.match(html, /<script type="application\/json" id="faultline-report">/, 'the run is embedded');
    assert.match(html, /"seed":11/, 'the exported run is the one the panel showed');
    assert.doesNotMatch(html, /\s(src|href)="https?:/, 'no external assets');
  });

  it('the playground\'s Export history button asks the host to write a Jepsen EDN file', async () => {
    await bench.playground.getByRole('button', { name: /Export history/ }).click();
    const path = await bench.acceptSaveDialog();
    assert.match(path, /\.edn$/);
    const written = path.startsWith('/') ? path : join(session.workspace.folder, path);
    await fileAppears(written);
    await bench.notification('Jepsen EDN history written');
    const edn = readFileSync(written, 'utf8');
    assert.match(edn, /^\{.*:type :(invoke|ok|fail|info)/m, 'one Jepsen operation map per line');
    await bench.screenshot('export-history-from-playground');
  });

  it(`Run Seed Sweep runs ${SWEEP_SEEDS} seeds (the setting) and reports the tally`, async () => {
    await bench.openFile('raft.fault');
    await bench.focusEditor();
    await bench.runCommand('Faultline: Run Seed Sweep');
    const toast = await bench.notification(new RegExp(`no seed of ${SWEEP_SEEDS} broke|broke under \\d+ of ${SWEEP_SEEDS} seeds`), 60_000);
    await bench.screenshot('seed-sweep-tally');
    assert.match(await toast.innerText(), /raft: leader isolated/);
  });

  it('Explain Concept shows the explanation of a picked concept', async () => {
    await bench.runCommand('Faultline: Explain Concept');
    const input = bench.page.locator('.quick-input-widget input');
    await input.fill('linearizable');
    await bench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'linearizable' }).first().click();
    await bench.frameWithText('one instant between its call and its reply');
    await bench.screenshot('explain-concept');
  });

  it('the Getting Started walkthrough opens the Raft sample from its first step', async () => {
    await bench.runCommand('Welcome: Open Walkthrough...');
    await bench.page.locator('.quick-input-widget input').fill('Faultline');
    await bench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Faultline' }).first().click();
    await bench.page.getByText('Open the Raft sample', { exact: true }).first().click();
    await bench.page.locator('.tabs-container .tab', { hasText: 'raft-leader-isolated.fault' }).first().waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('walkthrough-opens-sample');
  });

  it('the extension logged no errors in the page console', () => {
    assert.deepEqual(session.consoleErrors, []);
  });
});

describe('negative control: the same editor without the extension', function () {
  this.timeout(120_000);
  let session: EditorSession;

  before(async function () {
    this.timeout(300_000);
    session = await EditorSession.start({ name: 'without-extension', withExtension: false });
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') session.failures += 1;
  });

  it('has no Faultline commands, and a .fault file is plain text with no problems', async () => {
    const bench = session.bench;
    // Barrier: once a built-in extension's command is listed, the installed extensions are known too.
    await bench.waitForCommand('Simple Browser: Show', 60_000);
    const rows = await bench.paletteRows('Faultline');
    assert.deepEqual(rows.filter((row) => /^Faultline:/.test(row)), []);
    await bench.openFile('broken.fault');
    await bench.statusBar.locator('.statusbar-item', { hasText: 'Plain Text' }).first().waitFor({ timeout: UI_TIMEOUT });
    await bench.page.keyboard.press('Control+Shift+M');
    await bench.page.locator('.markers-panel-container', { hasText: 'No problems have been detected' }).first().waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await bench.page.locator('.monaco-editor .squiggly-error').count(), 0);
    await bench.screenshot('no-extension-plain-text');
  });
});
