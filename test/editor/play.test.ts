// Time travel and Save as scenario in a real VS Code (code-server, driven through Chromium): run
// the Raft sample, step forward and back in the playground's time-travel panel, crash a node by
// hand, save the fork as a scenario (the host appends it to raft.fault with a WorkspaceEdit), run
// the saved scenario (cursor in its header, Run Scenario), and find the same verdicts the fork showed,
// from a run of the same size (events, messages, drops, history events).
// Screenshots go to test-output/editor/play/.

import assert from 'node:assert/strict';
import { useEditorSession, type EditorSession } from './harness/editor-session.ts';
import { UI_TIMEOUT, type Workbench } from './harness/workbench.ts';

describe('time travel and Save as scenario in a real VS Code (code-server)', function () {
  this.timeout(240_000);
  let session: EditorSession;
  let bench: Workbench;
  useEditorSession(
    { name: 'play', withExtension: true },
    (started) => {
      session = started;
      bench = started.bench;
    },
  );

  it('step forward and back, crash n2 by hand, save as scenario; the saved scenario replays to the same verdicts', async () => {
    const play = () => bench.playground.locator('.fl-play');
    // The shown run's size: events, messages, drops, duplicates, history events (not the wall time).
    const stats = async () => (await bench.playground.locator('.fl-stats').first().innerText()).replace(/ · ran in .*$/, '');
    const event = async () => Number(await play().getAttribute('data-event'));
    await bench.openFile('raft.fault');
    await bench.codeLens('▶ Run').first().waitFor({ timeout: UI_TIMEOUT });
    await bench.runCommand('Faultline: Run Scenario');
    await bench.playground.locator('.fl-play h2', { hasText: /^Event 0 of / }).waitFor({ timeout: 120_000 });

    // Forward three events, back one: the panel says event 2.
    for (let i = 1; i <= 3; i++) {
      await bench.playground.locator('[data-move="forward"]').click();
      await bench.playground.locator(`.fl-play[data-event="${i}"]`).waitFor({ timeout: UI_TIMEOUT });
    }
    await bench.playground.locator('[data-move="back"]').click();
    await bench.playground.locator('.fl-play[data-event="2"]').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await event(), 2);

    // Jump to the first role change (a leader elected), then crash n2 there.
    await bench.playground.locator('[data-jump="role-forward"]').click();
    await bench.page.waitForTimeout(200);
    await bench.playground.locator('[data-act="crash n2"]').click();
    const crumb = bench.playground.locator('.fl-crumb-action').first();
    await crumb.waitFor({ timeout: 60_000 });
    const line = (await crumb.innerText()).trim();
    assert.match(line, /^at \d+(\.\d+)?(s|ms) crash n2$/);
    await bench.playground.locator('.fl-shown-forked').waitFor({ timeout: 60_000 });
    const forkedVerdicts = await bench.playground.locator('.fl-verdict-list').first().innerText();
    const forkedStats = await stats();
    await bench.screenshot('forked');

    // Save as scenario: the host appends the child scenario to raft.fault.
    await bench.playground.locator('[data-play="save"]').click();
    await bench.playground.locator('.fl-play-note', { hasText: /^Saved “.*\(forked\)” at line \d+/ }).waitFor({ timeout: UI_TIMEOUT });
    // Monaco draws spaces as no-break spaces: match the line's words, not its exact spacing.
    await bench.page.locator('.editor-group-container .view-line', { hasText: new RegExp(line.split(' ').join('\\s')) }).first().waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('saved');

    // Run the saved scenario: put the cursor in its header and run the scenario at the cursor.
    // (Not its CodeLens: the editor draws a new lens a while after the edit, later still on a
    // loaded machine, and a click before then lands on the previous scenario's lens.)
    await bench.page.locator('.editor-group-container .view-line', { hasText: /scenario\s".*\(forked\)"/ }).first().click();
    await bench.runCommand('Faultline: Run Scenario');
    await bench.playground.locator('.fl-shown-scenario', { hasText: '(forked)' }).waitFor({ timeout: 120_000 });
    await bench.playground.locator('.fl-shown-forked').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const replayedVerdicts = await bench.playground.locator('.fl-verdict-list').first().innerText();
    assert.equal(replayedVerdicts, forkedVerdicts, 'the saved scenario replays to the verdicts the fork showed');
    assert.equal(await stats(), forkedStats, 'and to the same run: as many events, messages, drops and history events');
    await bench.screenshot('replayed');
  });

  it('the extension logged no errors in the page console', () => {
    assert.deepEqual(session.consoleErrors, []);
  });
});
