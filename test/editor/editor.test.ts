// The extension inside a real VS Code (code-server 4.100.3, driven through Chromium): what a
// person sees when they open a scenario, make a mistake, hover, run it from the palette and
// from the CodeLens, reload the window and export a report. Screenshots of every step go to
// test-output/editor/. A negative control repeats the first checks without the extension.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { launchChromium } from './harness/browser.ts';
import { CodeServer, installExtension, isolatedDirs, ROOT } from './harness/code-server.ts';
import { ensureCodeServer, FIRST_SCENARIO, makeWorkspace, packageExtension, VARIANT_SCENARIO } from './harness/fixtures.ts';
import { UI_TIMEOUT, Workbench } from './harness/workbench.ts';

const OUTPUT = join(ROOT, 'test-output', 'editor');

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

describe('the Faultline extension in a real VS Code (code-server)', function () {
  this.timeout(120_000);
  let server: CodeServer;
  let browser: Browser;
  let bench: Workbench;
  let workspace: ReturnType<typeof makeWorkspace>;
  const extensionErrors: string[] = [];
  let scratch: string;
  let failures = 0;
  let ready = false;

  before(async function () {
    this.timeout(600_000);
    ensureCodeServer();
    const vsix = packageExtension();
    // A folder per run: two test runs in the same tree must not share an editor profile.
    scratch = join(OUTPUT, `run-${process.pid}`);
    rmSync(scratch, { recursive: true, force: true });
    const isolation = isolatedDirs(join(scratch, 'editor'));
    installExtension(isolation, vsix);
    workspace = makeWorkspace(join(scratch, 'workspace'));
    server = await CodeServer.start(isolation);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message: ConsoleMessage) => {
      // The workbench logs its own 404s (code-server lacks some proprietary files); ours mention Faultline.
      if (message.type() === 'error' && /faultline|fl-/i.test(`${message.text()} ${message.location().url}`)) extensionErrors.push(message.text());
    });
    bench = new Workbench(page, OUTPUT);
    await bench.open(server.url, workspace.folder);
    ready = true;
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await server?.stop();
    // Keep the editor's profile and logs when something failed; they say why.
    if (ready && failures === 0) rmSync(scratch, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failures += 1;
    await bench.screenshot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
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
    const hover = await bench.hoverWord('seed');
    await bench.page.locator('.monaco-hover:visible', { hasText: 'random choice' }).first().waitFor({ timeout: UI_TIMEOUT });
    assert.match(await hover.innerText(), /same seed always replays the same history/);
    await bench.screenshot('hover-explains-seed');
    await bench.page.keyboard.press('Escape');
  });

  it('Run Scenario from the palette opens the playground with the timeline and the verdicts', async () => {
    await bench.openFile('raft.fault');
    await bench.runCommand('Faultline: Run Scenario');
    const playground = bench.playground;
    await playground.locator('canvas').first().waitFor({ timeout: UI_TIMEOUT });
    await scenarioShown(bench, FIRST_SCENARIO);
    const body = await playground.locator('body').innerText();
    assert.match(body, /raft safety/, 'the verdict list names the expectation');
    assert.match(body, /one leader per term/);
    assert.match(body, /holds/, 'at least one expectation is shown as holding');
    await bench.statusBar.locator('text=/Faultline: \\d+ held/').waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('run-command-playground');
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
    const playground = bench.playground;
    await scenarioShown(bench, VARIANT_SCENARIO, 60_000);
    await playground.locator('canvas').first().waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('playground-after-reload');
  });

  it('Export Report (HTML) writes one self-contained file with the run inside', async () => {
    await bench.openFile('raft.fault');
    await bench.runCommand('Faultline: Export Report (HTML)');
    const path = await bench.acceptSaveDialog();
    await bench.screenshot('export-save-dialog-accepted');
    const written = path.startsWith('/') ? path : join(workspace.folder, path);
    await fileAppears(written);
    await bench.page.locator('.notifications-toasts', { hasText: 'HTML report written' }).waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('export-report-written');
    const html = readFileSync(written, 'utf8');
    assert.match(html, /<script type="application\/json" id="faultline-report">/, 'the run is embedded');
    assert.match(html, /"seed":11/, 'the exported run is the one the panel showed');
    assert.doesNotMatch(html, /\s(src|href)="https?:/, 'no external assets');
  });

  it('the extension logged no errors in the page console', () => {
    assert.deepEqual(extensionErrors, []);
  });
});
