/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The message inspector in headless Chromium: clicking an AppendEntries arrow in the playground
// panel opens its payload in Raft's words (term, prevLogIndex, prevLogTerm, entries, leaderCommit,
// read from the play worker's re-run of the send) and what its receiver did (the
// AppendEntriesReply it sent back, clickable); following that link opens the reply, "sent because"
// its sender was handling the AppendEntries. The static HTML report, which has no simulator, shows
// cause and effects and says where to read the payload instead of showing nothing.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { reportCommand } from '../../cli/commands/report.ts';
import { openWatchedPage, OUTPUT_DIR, type WatchedPage } from './browser.ts';
import { openPanel, send, usePanelBrowser, waitForPosted } from './panel-harness.ts';

const SAMPLE = 'samples/raft-log-replication.fault';
const SCENARIO = readFileSync(SAMPLE, 'utf8');
const SOURCE = { documentUri: `file:///work/${SAMPLE}`, fileName: 'raft-log-replication.fault' };

type Inspector = { heading: string; fields: Record<string, string>; cause: string; effects: string[]; unavailable: string; timers: string[] };

function inspector(watched: WatchedPage): Promise<Inspector> {
  return watched.page.evaluate(() => {
    const root = document.querySelector('.fl-message-inspector') as HTMLElement;
    const fields: Record<string, string> = {};
    for (const dt of root.querySelectorAll('.fl-mi-fields dt')) fields[dt.textContent ?? ''] = (dt.nextElementSibling as HTMLElement).textContent ?? '';
    return {
      heading: root.hidden ? '' : (root.querySelector('h2')?.textContent ?? ''),
      fields,
      cause: root.querySelector('.fl-mi-cause')?.textContent ?? '',
      effects: [...root.querySelectorAll('.fl-mi-effects li')].map((li) => li.textContent ?? ''),
      unavailable: root.querySelector('.fl-mi-unavailable')?.textContent ?? '',
      timers: [...root.querySelectorAll('.fl-mi-timers li')].map((li) => li.textContent ?? ''),
    };
  });
}

/** Zooms in and returns the page position of the middle of a delivered AppendEntries arrow between nodes. */
function aimAtAppendEntries(watched: WatchedPage, from: number, to: number): Promise<{ x: number; y: number; msg: number; sender: string; receiver: string } | null> {
  return watched.page.evaluate(([start, end]) => {
    const { view } = (window as unknown as { faultlinePlayground: { view: any } }).faultlinePlayground;
    view.viewport.show(start, end);
    view.drawNow();
    const table = view.model.messages;
    for (let i = 0; i < table.count; i++) {
      if (table.sendT[i] < start || table.fate[i] !== 0 || table.fromLane[i] >= 3 || table.toLane[i] >= 3) continue;
      if (table.types[table.typeIndex[i]] !== 'AppendEntries') continue;
      const [x0, y0, x1, y1] = view.renderer.messageEnds(i) as number[];
      if (x1 - x0 < 30) continue;
      const box = (document.querySelector('canvas.fl-diagram') as HTMLCanvasElement).getBoundingClientRect();
      return { x: box.left + (x0 + x1) / 2, y: box.top + (y0 + y1) / 2, msg: table.msgId[i] as number, sender: view.model.lanes[table.fromLane[i]].name as string, receiver: view.model.lanes[table.toLane[i]].name as string };
    }
    return null;
  }, [from, to] as const);
}

describe('message inspector (headless Chromium)', function () {
  let browser: Browser;
  let origin: string;
  usePanelBrowser((launched, served) => {
    browser = launched;
    origin = served;
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`clicking an AppendEntries shows its Raft payload and the reply it caused, which links back to it (${colorScheme})`, async function () {
      const watched = await openPanel(browser, origin, { colorScheme, width: 1280, height: 1000 });
      await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
      await waitForPosted(watched, 'run-finished');
      await watched.page.waitForFunction(() => /^Event 0 of /.test(document.querySelector('.fl-play h2')?.textContent ?? ''), undefined, { timeout: 60_000 });

      const target = await aimAtAppendEntries(watched, 2_000_000, 2_040_000);
      assert.ok(target !== null, 'an AppendEntries arrow to aim at');
      await watched.page.mouse.click(target.x, target.y);
      await watched.page.waitForSelector('.fl-message-inspector .fl-mi-fields');
      const opened = await inspector(watched);
      assert.match(opened.heading, new RegExp(`^AppendEntries #${target.msg} ${target.sender} → ${target.receiver}`));
      for (const name of ['term', 'leader', 'prevLogIndex', 'prevLogTerm', 'entries', 'leaderCommit']) assert.ok(name in opened.fields, `payload field ${name} in ${JSON.stringify(opened.fields)}`);
      assert.match(opened.fields['term']!, /^\d+$/);
      assert.equal(opened.fields['leader'], target.sender);
      const reply = opened.effects.find((line) => line.startsWith('sent AppendEntriesReply #'));
      assert.ok(reply !== undefined && reply.endsWith(`→ ${target.sender}`), `effects: ${JSON.stringify(opened.effects)}`);
      await watched.page.waitForTimeout(50);
      await watched.page.screenshot({ path: `${OUTPUT_DIR}/message-inspector-${colorScheme}.png`, fullPage: false });

      // Following the effect's link opens the reply, sent because of the AppendEntries.
      await watched.page.locator('.fl-mi-effects a', { hasText: 'AppendEntriesReply' }).first().click();
      await watched.page.waitForFunction(() => /^AppendEntriesReply #/.test(document.querySelector('.fl-message-inspector h2')?.textContent ?? ''));
      await watched.page.waitForSelector('.fl-message-inspector .fl-mi-fields');
      const followed = await inspector(watched);
      assert.equal(followed.cause, `${target.receiver} was handling AppendEntries #${target.msg} from ${target.sender}`);
      assert.ok('success' in followed.fields && 'matchIndex' in followed.fields, JSON.stringify(followed.fields));
      assert.match(await watched.page.locator('.fl-details').textContent() ?? '', /^AppendEntriesReply #/);
      // And back again through the cause's link.
      await watched.page.locator('.fl-mi-cause a').click();
      await watched.page.waitForFunction((msg) => (document.querySelector('.fl-message-inspector h2')?.textContent ?? '').startsWith(`AppendEntries #${msg} `), target.msg);
      // Escape closes it.
      await watched.page.locator('.fl-diagram-box').focus();
      await watched.page.keyboard.press('Escape');
      assert.equal((await inspector(watched)).heading, '');
      assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
      await watched.page.close();
    });
  }

  it('the static report shows cause and effects, and says where the payload can be read', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-inspector-'));
    const path = join(dir, 'raft.html');
    assert.equal(await reportCommand.run([SAMPLE, '-o', path]), 0);
    const watched = await openWatchedPage(browser, { width: 1280, height: 1000 });
    await watched.page.goto(`file://${resolve(path)}`);
    await watched.page.waitForFunction(() => (window as unknown as { faultlinePlayground?: { view: { frameTimes: number[] } } }).faultlinePlayground?.view.frameTimes.length! > 0);
    const target = await aimAtAppendEntries(watched, 2_000_000, 2_040_000);
    assert.ok(target !== null);
    await watched.page.mouse.click(target.x, target.y);
    await watched.page.waitForSelector('.fl-message-inspector .fl-mi-unavailable');
    const opened = await inspector(watched);
    assert.match(opened.unavailable, /static report has no simulator.*editor's playground/);
    assert.ok(opened.effects.some((line) => line.startsWith('sent AppendEntriesReply #')), JSON.stringify(opened.effects));
    assert.ok(opened.cause.length > 0);
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/message-inspector-static.png` });
    assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
    await watched.page.close();
  });
});
