// What a new user hit in the editor (issue 16, "Fixes a new user hit"), each replayed in a real
// VS Code (code-server through Chromium): a run asked for while the playground tab is hidden, the
// walkthrough's sample, and the Explain Concept tab's title. Screenshots go to
// test-output/editor/new-user-fixes/.

import assert from 'node:assert/strict';
import { useEditorSession, type EditorSession } from './harness/editor-session.ts';
import { FIRST_SCENARIO, VARIANT_SCENARIO } from './harness/fixtures.ts';
import { UI_TIMEOUT, type Workbench } from './harness/workbench.ts';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until the playground's heading names exactly this scenario. */
async function scenarioShown(bench: Workbench, scenario: string): Promise<void> {
  const exact = new RegExp(`^${escape(scenario)}$`);
  await bench.playground.locator('.fl-scenario-name').filter({ hasText: exact }).first().waitFor({ timeout: UI_TIMEOUT });
}

describe('fixes a new user hit, in a real VS Code (code-server)', function () {
  this.timeout(120_000);
  let session: EditorSession;
  let bench: Workbench;
  useEditorSession(
    { name: 'new-user-fixes', withExtension: true },
    (started) => {
      session = started;
      bench = started.bench;
    },
  );

  it('a run asked for while the playground tab is hidden shows that scenario, and the bar names its file', async () => {
    await bench.openFile('raft.fault');
    await bench.runCommand('Faultline: Run Scenario');
    await scenarioShown(bench, FIRST_SCENARIO);
    assert.match(await bench.playground.locator('.fl-shown').innerText(), new RegExp(`raft\\.fault › ${escape(FIRST_SCENARIO)}`));
    // One editor group: the scenario's tab in front, the playground's tab behind it, so VS Code
    // tears the playground's page down (it is not kept alive while hidden).
    await bench.runCommand('View: Join All Editor Groups');
    await bench.openFile('raft.fault');
    await bench.page.locator('.tabs-container .tab.active', { hasText: 'raft.fault' }).waitFor({ timeout: UI_TIMEOUT });
    await bench.page.locator('.tabs-container .tab:not(.active)', { hasText: 'Faultline' }).waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('playground-hidden-behind-the-scenario');
    // Run the second scenario from its CodeLens: the first click must run it (not re-show the first).
    await bench.codeLens('▶ Run').first().waitFor({ timeout: UI_TIMEOUT });
    await bench.focusEditor();
    await bench.page.keyboard.press('Control+End');
    const header = bench.page.locator('.editor-group-container.active .view-line', { hasText: `scenario "${VARIANT_SCENARIO}"` });
    await header.waitFor({ timeout: UI_TIMEOUT });
    await bench.lensAbove(header, '▶ Run').then((lens) => lens.click());
    await scenarioShown(bench, VARIANT_SCENARIO);
    await bench.playground.locator('canvas').first().waitFor({ timeout: UI_TIMEOUT });
    assert.match(await bench.playground.locator('.fl-shown').innerText(), new RegExp(`raft\\.fault › ${escape(VARIANT_SCENARIO)}`));
    await bench.page.locator('.tabs-container .tab', { hasText: `Faultline — ${VARIANT_SCENARIO}` }).first().waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('hidden-tab-run-shows-the-requested-scenario');
  });

  it('Explain Concept titles its tab with the concept\'s name, not its URL encoding', async () => {
    // From a settled workbench: the playground the test before left open is still warming its
    // spare worker, and a webview that takes focus closes an open quick pick.
    await bench.runCommand('View: Close All Editors');
    await bench.runCommand('Faultline: Explain Concept');
    await bench.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Faultline: Explain Concept' }).waitFor({ timeout: UI_TIMEOUT });
    const input = bench.page.locator('.quick-input-widget input');
    await input.fill('no split brain');
    await bench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'no split brain' }).first().click();
    await bench.page.locator('.tabs-container .tab', { hasText: 'no split brain.md' }).first().waitFor({ timeout: UI_TIMEOUT });
    const titles = await bench.page.locator('.tabs-container .tab').allInnerTexts();
    assert.deepEqual(titles.filter((t) => t.includes('%')), [], 'no tab title shows a %-escape');
    await bench.screenshot('explain-concept-tab-title');
  });

  it('the walkthrough opens an editable copy of the Raft sample beside it and ticks the step once the copy is open', async () => {
    await bench.runCommand('View: Close All Editors');
    await bench.runCommand('Welcome: Open Walkthrough...');
    await bench.page.locator('.quick-input-widget input').fill('Faultline');
    await bench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Faultline' }).first().click();
    const step = bench.page.locator('button.getting-started-step', { hasText: 'Open a sample scenario' }).first();
    await step.waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await step.getAttribute('aria-checked'), 'false', 'the step starts unticked');
    await bench.page.getByText('Open the Raft sample', { exact: true }).first().click();
    // An untitled copy (dirty: it holds the sample's text and is not saved anywhere yet), not the
    // read-only file inside the extension's folder.
    const copy = bench.page.locator('.tabs-container .tab.dirty', { hasText: 'raft-leader-isolated.fault' }).first();
    await copy.waitFor({ timeout: UI_TIMEOUT });
    assert.doesNotMatch((await copy.getAttribute('title')) ?? '', /extensions/, 'the tab is not the installed sample file');
    await bench.page.locator('.editor-group-container .monaco-editor .view-line', { hasText: 'scenario "raft: leader isolated"' }).first().waitFor({ timeout: UI_TIMEOUT });
    await bench.page.locator('button.getting-started-step[aria-checked="true"]', { hasText: 'Open a sample scenario' }).first().waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await bench.page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).count(), 1, 'the walkthrough is still open beside the copy');
    await bench.screenshot('walkthrough-opens-an-owned-copy');
  });

  it('the extension logged no errors in the page console', () => {
    assert.deepEqual(session.consoleErrors, []);
  });
});
