/// <reference lib="dom" />
// The diagram's message filters in headless Chromium: unticking a message type, client traffic or
// a node removes exactly those arrows from the frame (counted by the renderer), both when arrows
// are drawn one by one and when a large run is drawn as aggregated columns; ticking it again
// brings them back. Screenshots in light and dark.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { reportCommand } from '../../cli/commands/report.ts';
import { buildWebviewBundle, launchChromium, openWatchedPage, OUTPUT_DIR, type WatchedPage } from './browser.ts';

type Frame = { drawn: number; aggregated: boolean; byType: Record<string, number>; touchingClients: number; touchingN1: number };

/** Fits the whole run, draws it now and reports what the frame drew and what the run holds. */
function frame(watched: WatchedPage): Promise<Frame> {
  return watched.page.evaluate(() => {
    const { view } = (window as unknown as { faultlinePlayground: { view: any } }).faultlinePlayground;
    view.viewport.fit();
    view.drawNow();
    const table = view.model.messages;
    const lanes = view.model.lanes as Array<{ name: string; kind: string }>;
    const byType: Record<string, number> = {};
    let touchingClients = 0;
    let touchingN1 = 0;
    for (let i = 0; i < table.count; i++) {
      const type = table.types[table.typeIndex[i]] as string;
      byType[type] = (byType[type] ?? 0) + 1;
      const from = lanes[table.fromLane[i]]!;
      const to = lanes[table.toLane[i]]!;
      if (from.kind === 'client' || to.kind === 'client') touchingClients++;
      if (from.name === 'n1' || to.name === 'n1') touchingN1++;
    }
    return { drawn: view.renderer.lastFrame.drawnMessages, aggregated: view.renderer.lastFrame.aggregated, byType, touchingClients, touchingN1 };
  });
}

async function toggle(watched: WatchedPage, filter: string): Promise<void> {
  await watched.page.locator(`.fl-filters input[data-filter="${filter}"]`).click();
}

describe('diagram filters in headless Chromium', function () {
  let browser: Browser;
  let dir: string;
  const report = (name: string) => resolve(join(dir, name));

  before(async function () {
    await buildWebviewBundle();
    dir = mkdtempSync(join(tmpdir(), 'faultline-filters-'));
    assert.equal(await reportCommand.run(['test/browser/fixtures/everything-on-one-timeline.fault', '-o', report('small.html')]), 0);
    assert.equal(await reportCommand.run(['samples/service-retry-storm.fault', '--scenario', 'service: retry storm', '-o', report('storm.html')]), 0);
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
  });

  async function open(name: string, colorScheme: 'light' | 'dark' = 'light'): Promise<WatchedPage> {
    const watched = await openWatchedPage(browser, { colorScheme });
    await watched.page.goto(`file://${report(name)}`);
    await watched.page.locator('.fl-filters input').first().waitFor();
    await watched.page.waitForFunction(() => (window as unknown as { faultlinePlayground?: unknown }).faultlinePlayground !== undefined);
    return watched;
  }

  it('unticking a type, client traffic and a node removes exactly those arrows, and ticking brings them back', async function () {
    const watched = await open('small.html');
    const all = await frame(watched);
    assert.equal(all.aggregated, false, 'a small run is drawn arrow by arrow');
    const total = Object.values(all.byType).reduce((a, b) => a + b, 0);
    assert.equal(all.drawn, total, 'every copy is drawn at first');
    const [type, count] = Object.entries(all.byType).sort((a, b) => b[1] - a[1])[0]!;
    await toggle(watched, type);
    assert.equal((await frame(watched)).drawn, total - count, `${type} hidden`);
    await toggle(watched, type);
    await toggle(watched, 'client traffic');
    assert.equal((await frame(watched)).drawn, total - all.touchingClients, 'client requests and replies hidden');
    await toggle(watched, 'client traffic');
    await toggle(watched, 'n1');
    assert.equal((await frame(watched)).drawn, total - all.touchingN1, "n1's messages hidden");
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/diagram-filter-n1-hidden.png` });
    await toggle(watched, 'n1');
    assert.equal((await frame(watched)).drawn, total, 'all back');
    assert.deepEqual([...watched.pageErrors, ...watched.consoleErrors], []);
    await watched.page.close();
  });

  it('heartbeats (AppendEntries with no entries) have their own box: unticking it hides them and keeps the appends that carry entries', async function () {
    const watched = await open('small.html');
    const all = await frame(watched);
    const total = Object.values(all.byType).reduce((a, b) => a + b, 0);
    const heartbeats = all.byType['AppendEntries (heartbeat)'] ?? 0;
    const appends = all.byType['AppendEntries'] ?? 0;
    assert.ok(heartbeats > 0 && appends > 0, JSON.stringify(all.byType));
    await toggle(watched, 'AppendEntries (heartbeat)');
    assert.equal((await frame(watched)).drawn, total - heartbeats);
    await toggle(watched, 'AppendEntries');
    assert.equal((await frame(watched)).drawn, total - heartbeats - appends, 'the two boxes are separate');
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/diagram-filter-heartbeats-hidden.png` });
    assert.deepEqual([...watched.pageErrors, ...watched.consoleErrors], []);
    await watched.page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`a 100,000-event run drawn as aggregated columns loses exactly the hidden type's copies (${scheme})`, async function () {
      const watched = await open('storm.html', scheme);
      const all = await frame(watched);
      assert.equal(all.aggregated, true, 'the storm is drawn as aggregated columns');
      const total = Object.values(all.byType).reduce((a, b) => a + b, 0);
      assert.equal(all.drawn, total);
      await toggle(watched, 'ClientRequest');
      await toggle(watched, 'Forward');
      assert.equal((await frame(watched)).drawn, total - all.byType['ClientRequest']! - all.byType['Forward']!);
      await watched.page.locator('.fl-main').screenshot({ path: `${OUTPUT_DIR}/diagram-filter-storm-${scheme}.png` });
      await watched.page.close();
    });
  }
});
