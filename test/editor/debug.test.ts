// Debug Scenario in a real VS Code (code-server 4.100.3, driven through Chromium): a person puts a
// breakpoint on a fault line of the Raft sample and presses F5 with no launch.json. The debugger
// stops where the partition fires, the call stack names that fault, the Variables view lists the
// cluster's nodes, and the playground open beside it moves its time cursor to the debugger's.
// Screenshots go to test-output/editor/debug/.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useEditorSession, type EditorSession } from './harness/editor-session.ts';
import { UI_TIMEOUT, type Workbench } from './harness/workbench.ts';

/** `at 2s partition n1 | n2, n3` in samples/raft-leader-isolated.fault (the workspace's raft.fault). */
const PARTITION_TEXT = 'at 2s partition n1 | n2, n3';

describe('Debug Scenario in a real VS Code (code-server)', function () {
  this.timeout(180_000);
  let session: EditorSession;
  let bench: Workbench;
  useEditorSession(
    { name: 'debug', withExtension: true },
    (started) => {
      session = started;
      bench = started.bench;
    },
  );

  it('F5 on the Raft sample with a breakpoint on a fault line stops when the partition fires; Variables shows the nodes and the playground follows', async () => {
    const page = bench.page;
    await bench.openFile('raft.fault');
    await bench.codeLens('▶ Run').first().waitFor({ timeout: UI_TIMEOUT });
    // The playground is open beside the editor, showing the same scenario (it follows the debugger).
    await bench.runCommand('Faultline: Run Scenario');
    await bench.playground.locator('canvas').first().waitFor({ timeout: UI_TIMEOUT });
    await bench.runCommand('View: Focus First Editor Group');
    // Put the cursor on the partition line (Go to Line) and toggle a breakpoint there (F9).
    const line = readFileSync(session.workspace.raft, 'utf8').split('\n').findIndex((l) => l.includes(PARTITION_TEXT)) + 1;
    assert.ok(line > 0, 'the sample still has its partition line');
    await bench.focusEditor();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(`:${line}`);
    await page.keyboard.press('Enter');
    await bench.statusBar.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col`) }).first().waitFor({ timeout: UI_TIMEOUT });
    await page.keyboard.press('F9');
    await page.locator('.editor-group-container.active .codicon-debug-breakpoint').first().waitFor({ timeout: UI_TIMEOUT });

    // F5: no launch.json in the workspace, so the extension's configuration provider fills one in.
    await page.keyboard.press('F5');
    await page.locator('.debug-toolbar').waitFor({ timeout: 60_000 });
    // Stopped: the call stack shows a paused thread whose top frame is the partition firing.
    const stack = page.locator('.debug-view-content .monaco-list-row', { hasText: /partition/ }).first();
    await stack.waitFor({ timeout: 60_000 });
    const stackText = await page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Call Stack/i }) }).innerText();
    assert.match(stackText, /partition/, 'the top frame names the partition that fired');
    // The editor marks the line the debugger stopped on: the breakpoint's own line.
    await page.locator('.editor-group-container.active .debug-top-stack-frame-line').first().waitFor({ timeout: UI_TIMEOUT });

    // Variables: the event, the nodes, the in-flight messages, clocks and history; Nodes opened
    // lists each node with its state.
    const variables = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Variables/i }) });
    for (const scope of ['Event #', 'Nodes', 'In flight', 'Clocks', 'History']) await variables.locator('.monaco-list-row', { hasText: scope }).first().waitFor({ timeout: UI_TIMEOUT });
    await variables.locator('.monaco-list-row', { hasText: /^Nodes$/ }).first().click();
    await variables.locator('.monaco-list-row', { hasText: /n3/ }).first().waitFor({ timeout: UI_TIMEOUT });
    const shown = await variables.innerText();
    for (const node of ['n1', 'n2', 'n3']) assert.match(shown, new RegExp(`\\b${node}\\b`), `Variables lists ${node}`);
    await bench.screenshot('f5-stops-at-partition');

    // The playground beside it moved its time cursor to the debugger's: the partition at 2s.
    await bench.playground.locator('.fl-status', { hasText: 'Following the debugger: 2s' }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await bench.playground.locator('.fl-time').first().innerText(), '2s');

    // Stop the session (Shift+F5): the toolbar goes away.
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  });

  it('the extension logged no errors in the page console', () => {
    assert.deepEqual(session.consoleErrors, []);
  });
});
