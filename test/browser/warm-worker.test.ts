/// <reference lib="dom" />
// The spare run worker (webview/run-controller.ts prewarm, webview/warm-up.ts), in headless
// Chromium with the real bundles: once a run is shown and time travel is ready, a spare worker
// makes the warm-up runs and becomes the run worker; a run asked for while it warms goes to the
// current worker at once and the spare is dropped; and a warmed worker makes the very run a fresh
// one makes.
//
// Every Worker the page creates is tagged by an init script (before the page's own scripts), which
// records what is posted to it and whether it was terminated; while `__holdWarmed` is set, a
// worker's 'warmed' answer is kept back in `__heldWarmed`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { HostToWebviewMessage } from '../../webview/messages.ts';
import type { WatchedPage } from './browser.ts';
import { openPanel, send, usePanelBrowser, waitForPosted } from './panel-harness.ts';

const TIMELINE = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');

const TAG_WORKERS = `
  window.__workers = [];
  window.__holdWarmed = false;
  window.__heldWarmed = [];
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.__id = window.__workers.length;
      window.__workers.push({ posts: [], terminated: false });
    }
    postMessage(message, transfer) {
      window.__workers[this.__id].posts.push(message && message.type);
      return transfer === undefined ? super.postMessage(message) : super.postMessage(message, transfer);
    }
    terminate() {
      window.__workers[this.__id].terminated = true;
      return super.terminate();
    }
    set onmessage(handler) {
      const worker = this;
      super.onmessage = handler === null ? null : (event) => {
        if (window.__holdWarmed && event.data && event.data.type === 'warmed') { window.__heldWarmed.push(() => handler.call(worker, event)); return; }
        handler.call(worker, event);
      };
    }
    get onmessage() { return super.onmessage; }
  };
`;

type Tagged = { posts: string[]; terminated: boolean };

const workers = (watched: WatchedPage): Promise<Tagged[]> => watched.page.evaluate(() => (window as unknown as { __workers: Tagged[] }).__workers);
const runMessage = (seed?: number): HostToWebviewMessage => ({ type: 'run-scenario', text: TIMELINE, source: { documentUri: 'file:///work/timeline.fault', fileName: 'timeline.fault' }, ...(seed === undefined ? {} : { seed }) });
const warmedUp = (watched: WatchedPage) => watched.page.waitForFunction(() => performance.getEntriesByName('faultline:warm-up').length > 0, undefined, { timeout: 60_000 });
/** Which workers were sent `type`, by tag. */
const sentTo = (all: Tagged[], type: string) => all.flatMap((w, i) => (w.posts.includes(type) ? [i] : []));

function openTagged(browser: Browser, origin: string, warmUp = true): Promise<WatchedPage> {
  return openPanel(browser, origin, { initScript: TAG_WORKERS, warmUp });
}

/** The shown run's report as JSON, without what the wall clock decided. */
const shownReport = (watched: WatchedPage): Promise<string> =>
  watched.page.evaluate(() => {
    const report = (window as unknown as { faultlinePlayground: { report: { stats: Record<string, unknown> } } }).faultlinePlayground.report;
    return JSON.stringify({ ...report, stats: { ...report.stats, wallMs: 0, gradeMs: 0 } });
  });

describe('the spare run worker warmed while the page is idle (Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let origin: string;
  usePanelBrowser((b, o) => {
    browser = b;
    origin = o;
  });

  it('after a run and time travel, a spare worker makes the warm-up runs and becomes the run worker, once', async function () {
    const watched = await openTagged(browser, origin);
    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished');
    await warmedUp(watched);
    const after = await workers(watched);
    const [firstRunWorker] = sentTo(after, 'run');
    const [spare, ...more] = sentTo(after, 'warm-up');
    assert.ok(spare !== undefined && more.length === 0, 'one warm-up');
    assert.notEqual(spare, firstRunWorker);
    assert.equal(after[firstRunWorker!]!.terminated, true, 'the cold run worker is let go');
    assert.equal(after[spare]!.terminated, false);

    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished', 2);
    const later = await workers(watched);
    assert.deepEqual(later[spare]!.posts, ['warm-up', 'run'], 'the next run is made by the warmed worker');
    // Time travel for the second run comes, and the page, idle again, warms nothing more.
    await watched.page.getByText(/Time travel ready/).waitFor({ timeout: 60_000 });
    await watched.page.waitForTimeout(300);
    assert.equal(sentTo(await workers(watched), 'warm-up').length, 1);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a run asked for while the spare warms starts at once in the current worker, and the spare is dropped', async function () {
    const watched = await openTagged(browser, origin);
    await watched.page.evaluate(() => ((window as unknown as { __holdWarmed: boolean }).__holdWarmed = true));
    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished');
    await watched.page.waitForFunction(() => (window as unknown as { __heldWarmed: unknown[] }).__heldWarmed.length > 0, undefined, { timeout: 60_000 });
    const warming = await workers(watched);
    const [spare] = sentTo(warming, 'warm-up');
    const [runWorker] = sentTo(warming, 'run');

    await send(watched, runMessage(11));
    await waitForPosted(watched, 'run-finished', 2);
    const after = await workers(watched);
    assert.deepEqual(after[runWorker!]!.posts, ['run', 'run'], 'the second run went to the worker that made the first');
    assert.equal(after[spare!]!.terminated, true, 'the spare was dropped when the run started');
    // Its late 'warmed' answer changes nothing.
    await watched.page.evaluate(() => {
      const w = window as unknown as { __heldWarmed: Array<() => void>; __holdWarmed: boolean };
      for (const deliver of w.__heldWarmed.splice(0)) deliver();
    });
    assert.equal(await watched.page.evaluate(() => performance.getEntriesByName('faultline:warm-up').length), 0);
    assert.equal((await workers(watched))[runWorker!]!.terminated, false);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('with faultline.playground.warmUp off, the idle page warms nothing and keeps its run worker', async function () {
    const watched = await openTagged(browser, origin, false);
    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished');
    await watched.page.getByText(/Time travel ready/).waitFor({ timeout: 60_000 });
    await watched.page.waitForTimeout(500);
    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished', 2);
    const all = await workers(watched);
    assert.deepEqual(sentTo(all, 'warm-up'), []);
    const runWorkers = sentTo(all, 'run');
    assert.equal(runWorkers.length, 1, 'both runs in the one worker');
    assert.deepEqual(all[runWorkers[0]!]!.posts, ['run', 'run']);
    await watched.page.close();
  });

  it('the warmed worker makes the very run a fresh worker makes, event for event', async function () {
    const watched = await openTagged(browser, origin);
    await send(watched, runMessage(5));
    await waitForPosted(watched, 'run-finished');
    const fresh = await shownReport(watched);
    await warmedUp(watched);
    await send(watched, runMessage(5));
    await waitForPosted(watched, 'run-finished', 2);
    assert.equal(sentTo(await workers(watched), 'run').length, 2);
    assert.equal(await shownReport(watched), fresh);
    await watched.page.close();
  });
});
