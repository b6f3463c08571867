/// <reference lib="dom" />
// The spare run worker (webview/run-controller.ts prewarm, webview/warm-up.ts), in headless
// Chromium with the real bundles: once a run is shown and time travel is ready, a spare worker
// makes the next stage of warm-up runs and becomes the run worker, then another spare the stage
// after (the short first stage only for a run worker that has made no run), the first only once the
// page has stayed quiet a moment; a run asked for while
// a spare warms goes to the current worker at once and the spare is dropped; and a warmed worker
// makes the very run a fresh one makes.
//
// Every Worker the page creates is tagged by an init script (before the page's own scripts), which
// records what is posted to it (a warm-up as 'warm-up:STAGE') and whether it was terminated; while
// `__holdStage` is a stage, the 'warmed' answer of that stage's spare is kept back in `__heldWarmed`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { compile } from '../../core/language/index.ts';
import type { HostToWebviewMessage } from '../../webview/messages.ts';
import { runAndPack } from '../../webview/run-and-pack.ts';
import { PREWARM_AFTER_QUIET_MS } from '../../webview/run-controller.ts';
import type { WatchedPage } from './browser.ts';
import { openPanel, send, usePanelBrowser, waitForPosted } from './panel-harness.ts';

const TIMELINE = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');

const TAG_WORKERS = `
  window.__workers = [];
  window.__holdStage = null;
  window.__heldWarmed = [];
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.__id = window.__workers.length;
      window.__workers.push({ posts: [], terminated: false });
    }
    postMessage(message, transfer) {
      window.__workers[this.__id].posts.push(message && (message.type === 'warm-up' ? 'warm-up:' + message.stage : message.type));
      return transfer === undefined ? super.postMessage(message) : super.postMessage(message, transfer);
    }
    terminate() {
      window.__workers[this.__id].terminated = true;
      return super.terminate();
    }
    set onmessage(handler) {
      const worker = this;
      super.onmessage = handler === null ? null : (event) => {
        const held = window.__holdStage !== null && window.__workers[worker.__id].posts.includes('warm-up:' + window.__holdStage);
        if (held && event.data && event.data.type === 'warmed') { window.__heldWarmed.push(() => handler.call(worker, event)); return; }
        handler.call(worker, event);
      };
    }
    get onmessage() { return super.onmessage; }
  };
`;

type Tagged = { posts: string[]; terminated: boolean };

const workers = (watched: WatchedPage): Promise<Tagged[]> => watched.page.evaluate(() => (window as unknown as { __workers: Tagged[] }).__workers);
const runMessage = (seed?: number, hostRunId?: number): HostToWebviewMessage => ({
  type: 'run-scenario',
  text: TIMELINE,
  source: { documentUri: 'file:///work/timeline.fault', fileName: 'timeline.fault' },
  ...(seed === undefined ? {} : { seed }),
  ...(hostRunId === undefined ? {} : { hostRunId }),
});
/** Waits until the page has taken the spares of `stages` warm-up stages as its run worker. */
const warmedUp = (watched: WatchedPage, stages = 1) =>
  watched.page.waitForFunction((n) => performance.getEntriesByName('faultline:warm-up').length >= n, stages, { timeout: 60_000 });
/** Which workers were sent `type`, by tag. */
const sentTo = (all: Tagged[], type: string) => all.flatMap((w, i) => (w.posts.includes(type) ? [i] : []));
/** Which workers were sent a warm-up of any stage, by tag. */
const warmingUp = (all: Tagged[]) => all.flatMap((w, i) => (w.posts.some((post) => post.startsWith('warm-up:')) ? [i] : []));
const holdStage = (watched: WatchedPage, stage: number) => watched.page.evaluate((n) => ((window as unknown as { __holdStage: number }).__holdStage = n), stage);
const heldWarmed = (watched: WatchedPage) =>
  watched.page.waitForFunction(() => (window as unknown as { __heldWarmed: unknown[] }).__heldWarmed.length > 0, undefined, { timeout: 60_000 });
const releaseWarmed = (watched: WatchedPage) =>
  watched.page.evaluate(() => {
    const w = window as unknown as { __heldWarmed: Array<() => void>; __holdStage: number | null };
    w.__holdStage = null;
    for (const deliver of w.__heldWarmed.splice(0)) deliver();
  });

function openTagged(browser: Browser, origin: string, warmUp = true): Promise<WatchedPage> {
  return openPanel(browser, origin, { initScript: TAG_WORKERS, warmUp });
}

/** A page that made a run, idle, whose spare for `stage` has made its runs and is held back: its workers then. */
async function heldAtStage(browser: Browser, origin: string, stage: number): Promise<{ watched: WatchedPage; warming: Tagged[] }> {
  const watched = await openTagged(browser, origin);
  await holdStage(watched, stage);
  await send(watched, runMessage());
  await waitForPosted(watched, 'run-finished');
  await heldWarmed(watched);
  return { watched, warming: await workers(watched) };
}

/** Asks for a second run and waits for it: the page's workers after it. */
async function secondRun(watched: WatchedPage): Promise<Tagged[]> {
  await send(watched, runMessage(11));
  await waitForPosted(watched, 'run-finished', 2);
  return workers(watched);
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

  it('after a run the page made and time travel, a spare makes the 15 s stage and becomes the run worker, then a second spare the longest', async function () {
    const watched = await openTagged(browser, origin);
    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished');
    await warmedUp(watched, 2);
    const after = await workers(watched);
    const [firstRunWorker] = sentTo(after, 'run');
    const [first, ...firstMore] = sentTo(after, 'warm-up:1');
    const [second, ...secondMore] = sentTo(after, 'warm-up:2');
    assert.ok(first !== undefined && firstMore.length === 0, 'one first stage');
    assert.ok(second !== undefined && secondMore.length === 0, 'one second stage');
    assert.equal(warmingUp(after).length, 2, 'no short stage: the run worker had made a run');
    assert.ok(firstRunWorker !== first && first !== second);
    assert.equal(after[firstRunWorker!]!.terminated, true, 'the cold run worker is let go');
    assert.equal(after[first]!.terminated, true, 'the first stage is let go for the second');
    assert.equal(after[second]!.terminated, false);

    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished', 2);
    const later = await workers(watched);
    assert.deepEqual(later[second]!.posts, ['warm-up:2', 'run'], 'the next run is made by the worker that made the last stage');
    // Time travel for the second run comes, and the page, idle again, warms nothing more.
    await watched.page.getByText(/Time travel ready/).waitFor({ timeout: 60_000 });
    await watched.page.waitForTimeout(300);
    assert.equal(warmingUp(await workers(watched)).length, 2);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a run asked for in the quiet moment after time travel is ready starts no spare: it runs in the worker that made the first', async function () {
    const watched = await openTagged(browser, origin);
    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished');
    await watched.page.getByText(/Time travel ready/).waitFor({ timeout: 60_000 });
    // The next click, as a person stepping through the samples makes it: well within the quiet moment.
    await send(watched, runMessage(11));
    await waitForPosted(watched, 'run-finished', 2);
    const after = await workers(watched);
    assert.deepEqual(warmingUp(after), [], 'no spare was started, so none competed with the click');
    const runWorkers = sentTo(after, 'run');
    assert.equal(runWorkers.length, 1, 'both runs in the one worker');
    assert.deepEqual(after[runWorkers[0]!]!.posts, ['run', 'run']);
    // Quiet again after the second run's time travel: the spare starts once the moment has passed.
    await warmedUp(watched, 1);
    assert.equal(warmingUp(await workers(watched)).length >= 1, true);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a run asked for while the first spare warms starts at once in the current worker, and the spare is dropped', async function () {
    const { watched, warming } = await heldAtStage(browser, origin, 1);
    const [spare] = sentTo(warming, 'warm-up:1');
    const [runWorker] = sentTo(warming, 'run');

    const after = await secondRun(watched);
    assert.deepEqual(after[runWorker!]!.posts, ['run', 'run'], 'the second run went to the worker that made the first');
    assert.equal(after[spare!]!.terminated, true, 'the spare was dropped when the run started');
    // Its late 'warmed' answer changes nothing.
    await releaseWarmed(watched);
    assert.equal(await watched.page.evaluate(() => performance.getEntriesByName('faultline:warm-up').length), 0);
    assert.equal((await workers(watched))[runWorker!]!.terminated, false);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a run asked for while the second spare warms goes to the worker that made the first stage', async function () {
    const { watched, warming } = await heldAtStage(browser, origin, 2);
    const [first] = sentTo(warming, 'warm-up:1');
    const [second] = sentTo(warming, 'warm-up:2');
    assert.equal(warming[first!]!.terminated, false, 'the first stage is the run worker while the second warms');

    const after = await secondRun(watched);
    assert.deepEqual(after[first!]!.posts, ['warm-up:1', 'run'], 'the run went to the first stage');
    assert.equal(after[second!]!.terminated, true, 'the second spare was dropped when the run started');
    await releaseWarmed(watched);
    assert.equal(await watched.page.evaluate(() => performance.getEntriesByName('faultline:warm-up').length), 1, 'only the first stage was taken');
    assert.equal((await workers(watched))[first!]!.terminated, false);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('when the host made the shown run, a spare first makes the short stage and becomes the run worker, and a click during the next stage goes to it', async function () {
    const watched = await openTagged(browser, origin);
    await holdStage(watched, 1);
    // As a panel the host created for a run: the page waits for the host's run and only draws it.
    await send(watched, runMessage(undefined, 7));
    const bytes = runAndPack(compile(TIMELINE).config!, {});
    await watched.page.evaluate(`(() => {
      const binary = atob(${JSON.stringify(Buffer.from(bytes).toString('base64'))});
      const run = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) run[i] = binary.charCodeAt(i);
      window.postMessage({ type: 'prepared-run', runId: 7, run }, '*');
    })()`);
    await waitForPosted(watched, 'run-finished');
    await heldWarmed(watched);
    const idle = await workers(watched);
    const [short, ...moreShort] = sentTo(idle, 'warm-up:0');
    const [next] = sentTo(idle, 'warm-up:1');
    assert.ok(short !== undefined && moreShort.length === 0, 'one short stage');
    assert.deepEqual(idle[short]!.posts, ['warm-up:0']);
    assert.equal(idle[short]!.terminated, false, 'taken as the run worker');
    assert.deepEqual(sentTo(idle, 'run'), [], 'the page itself made no run');

    const after = await secondRun(watched);
    assert.deepEqual(after[short]!.posts, ['warm-up:0', 'run'], 'the click went to the short stage\'s worker');
    assert.equal(after[next!]!.terminated, true, 'the next stage\'s spare was dropped');
    assert.deepEqual(watched.pageErrors, []);
    await releaseWarmed(watched);
    await watched.page.close();
  });

  it('with faultline.playground.warmUp off, the idle page warms nothing and keeps its run worker', async function () {
    const watched = await openTagged(browser, origin, false);
    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished');
    await watched.page.getByText(/Time travel ready/).waitFor({ timeout: 60_000 });
    // Past the quiet moment after which a page with warm-up on starts its first spare.
    await watched.page.waitForTimeout(PREWARM_AFTER_QUIET_MS + 500);
    await send(watched, runMessage());
    await waitForPosted(watched, 'run-finished', 2);
    const all = await workers(watched);
    assert.deepEqual(warmingUp(all), []);
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
    await warmedUp(watched, 2);
    await send(watched, runMessage(5));
    await waitForPosted(watched, 'run-finished', 2);
    assert.equal(sentTo(await workers(watched), 'run').length, 2);
    assert.equal(await shownReport(watched), fresh);
    await watched.page.close();
  });
});
