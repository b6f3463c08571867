// The language server dies (killed from outside, five times in a row) and the editor keeps its
// help: the extension restarts the server with the open documents each time, and the person sees
// one notification, not the five vscode-languageclient would show before giving up for good.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { EditorSession } from './harness/editor-session.ts';
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
 * Hovers `word` until the hover shows `text`. The editor asks for a hover when the pointer moves
 * onto a word, and a hover asked while the server restarts is answered by nobody: move away and
 * back until the new server answers.
 */
async function hoverOnceReady(bench: Workbench, word: string, text: string): Promise<string> {
  const token = bench.page.locator('.editor-group-container.active .monaco-editor .view-line span span', { hasText: new RegExp(`^${word}$`) }).first();
  const shown = bench.page.locator('.monaco-hover:visible', { hasText: text }).first();
  const deadline = Date.now() + 2 * UI_TIMEOUT;
  while (Date.now() < deadline) {
    await bench.page.mouse.move(0, 0);
    await token.hover({ timeout: 5_000 }).catch(() => undefined);
    if (await shown.waitFor({ timeout: 2_000 }).then(() => true, () => false)) return shown.innerText();
  }
  throw new Error(`hovering "${word}" never showed "${text}"`);
}

describe('the language server killed five times in a real VS Code (code-server)', function () {
  this.timeout(180_000);
  let session: EditorSession;
  let bench: Workbench;

  before(async function () {
    this.timeout(600_000);
    session = await EditorSession.start({ name: 'server-crash', withExtension: true });
    bench = session.bench;
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    session.failures += 1;
    await bench.screenshot('failed-server-crash');
    await bench.page.waitForTimeout(3000); // the extension's log file is written a moment later
  });

  it('is restarted each time, answers hovers on the open file afterwards, and says so once', async () => {
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
    assert.match(await hoverOnceReady(bench, 'seed', 'random choice'), /same seed always replays the same history/);
    await bench.page.keyboard.press('Escape');
    // The error the server found in the reopened document comes back from the new server.
    await bench.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ timeout: UI_TIMEOUT });

    await bench.runCommand('Notifications: Show Notifications');
    const centre = bench.page.locator('.notifications-center .notification-list-item');
    await centre.filter({ hasText: 'stopped unexpectedly' }).first().waitFor({ timeout: UI_TIMEOUT });
    await bench.screenshot('one-notification-after-five-kills');
    assert.equal(await centre.filter({ hasText: 'language server' }).count(), 1, 'one notification about the language server');
    assert.equal(await centre.filter({ hasText: 'will not be restarted' }).count(), 0);
    assert.equal(await centre.filter({ hasText: "couldn't create connection" }).count(), 0, 'no toast per failed start');
  });
});
