// The language server dies (killed from outside, five times in a row) and the editor keeps its
// help: the extension restarts the server with the open documents each time, and the person sees
// one notification, not the five vscode-languageclient would show before giving up for good.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { useEditorSession, type EditorSession } from './harness/editor-session.ts';
import { UI_TIMEOUT, type Workbench } from './harness/workbench.ts';

const KILLS = 5;

/** Pids of the language servers started from this session's installed extension. */
function serverPids(extensionsDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    if (cmdline.includes(extensionsDir) && cmdline.includes('dist/server.cjs')) pids.push(Number(entry));
  }
  return pids;
}

/** Waits until exactly one server runs and it is none of `dead`; returns its pid. */
async function freshServer(bench: Workbench, extensionsDir: string, dead: readonly number[]): Promise<number> {
  const deadline = Date.now() + UI_TIMEOUT;
  while (Date.now() < deadline) {
    const live = serverPids(extensionsDir).filter((pid) => !dead.includes(pid));
    if (live.length === 1) return live[0]!;
    await bench.page.waitForTimeout(100);
  }
  throw new Error(`no new language server process appeared (killed so far: ${dead.join(', ') || 'none'})`);
}

/**
 * The editor's outline of the open file (Go to Symbol in Editor), which only a live server can
 * answer: asked again until the restarted server answers it with `symbol`.
 */
async function symbolsOnceReady(bench: Workbench, symbol: string): Promise<string> {
  const row = bench.page.locator('.quick-input-widget .monaco-list-row', { hasText: symbol }).first();
  const deadline = Date.now() + 2 * UI_TIMEOUT;
  while (Date.now() < deadline) {
    await bench.focusEditor();
    await bench.page.keyboard.press('Control+Shift+O');
    const shown = await row.waitFor({ timeout: 3_000 }).then(() => true, () => false);
    const text = shown ? await row.innerText() : '';
    await bench.page.keyboard.press('Escape');
    if (shown) return text;
  }
  throw new Error(`Go to Symbol never listed "${symbol}"`);
}

describe('the language server killed five times in a real VS Code (code-server)', function () {
  this.timeout(180_000);
  let session: EditorSession;
  let bench: Workbench;
  // FAULTLINE_TRACE=messages logs every LSP message to the Faultline channel (kept on failure).
  const trace = process.env.FAULTLINE_TRACE ?? 'off';
  useEditorSession(
    { name: 'server-crash', withExtension: true, settings: { 'faultline.trace.server': trace } },
    (started) => {
      session = started;
      bench = started.bench;
    },
    // The extension's log file is written a moment after a failure: keep it in the profile.
    (failed) => failed.bench.page.waitForTimeout(3000),
  );

  it('is restarted each time, answers for the open file afterwards, and says so once', async () => {
    const extensionsDir = session.isolation.extensionsDir;
    await bench.openFile('broken.fault');
    await bench.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ timeout: UI_TIMEOUT });
    const killed: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      const pid = await freshServer(bench, extensionsDir, killed);
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    }
    // The sixth server: started by the extension after the fifth kill, with the open document.
    await freshServer(bench, extensionsDir, killed);
    assert.match(await symbolsOnceReady(bench, 'raft: leader isolated'), /raft: leader isolated/);
    // The error the server found in the reopened document comes back from the new server.
    await bench.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ timeout: UI_TIMEOUT });
    // Hover is answered by the new server too (the pointer moved away first: VS Code asks again
    // only for a new hover position).
    await bench.page.mouse.move(0, 0);
    const hover = await bench.hoverWord('seed', 'random choice');
    assert.match(await hover.innerText(), /same seed always replays the same history/);

    await bench.runCommand('Notifications: Show Notifications');
    const centre = bench.page.locator('.notifications-center .notification-list-item');
    await centre.filter({ hasText: 'stopped unexpectedly' }).first().waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('one-notification-after-five-kills');
    assert.equal(await centre.filter({ hasText: 'language server' }).count(), 1, 'one notification about the language server');
    assert.equal(await centre.filter({ hasText: 'will not be restarted' }).count(), 0);
    assert.equal(await centre.filter({ hasText: "couldn't create connection" }).count(), 0, 'no toast per failed start');
  });
});
