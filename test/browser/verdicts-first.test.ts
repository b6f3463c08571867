/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The verdicts ahead of the trace (issue 16: a 120 s run's verdicts on screen within 1.5 s), in
// headless Chromium with the real run worker: the worker posts the graded run's verdicts before it
// packs the trace, and the page shows a real verdicts panel before the diagram; the run's view
// then keeps that very panel, equal to the one it builds from the report when nothing came early.
// A run cancelled or replaced between its two messages leaves none of its verdicts on the page.
//
// To stop a run between its two messages deterministically, the page's Worker.onmessage setter is
// wrapped (an init script, before the page's own scripts): while `__holdDone` is set, a `done`
// answer is kept back in `__held` and delivered only when the test says so.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { HostToWebviewMessage } from '../../webview/messages.ts';
import { OUTPUT_DIR, type WatchedPage } from './browser.ts';
import { openPanel, send, usePanelBrowser, waitForPosted } from './panel-harness.ts';

// Only a run of EARLY_VERDICTS_FROM events or more sends its verdicts ahead (webview/run-and-pack.ts):
// the fixture's 4 s make ~1,200 events, 90 s ~25,000, with the same faults in the first seconds.
const TIMELINE_SHORT = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');
const TIMELINE = TIMELINE_SHORT.replace('run for 4s', 'run for 90s');
const LEADER_ISOLATED = readFileSync('samples/raft-leader-isolated.fault', 'utf8');

const HOLD_DONE = `
  window.__held = [];
  window.__holdDone = false;
  const slot = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', {
    configurable: true,
    get() { return slot.get.call(this); },
    set(handler) {
      const worker = this;
      slot.set.call(this, handler === null ? null : (event) => {
        if (window.__holdDone && event.data && event.data.type === 'done') { window.__held.push(() => handler.call(worker, event)); return; }
        handler.call(worker, event);
      });
    },
  });
  // When the first verdicts panel of each run appears, and whether a diagram was on the page then.
  window.__verdictsSeen = [];
  new MutationObserver(() => {
    const panel = document.querySelector('.fl-verdicts');
    if (panel === null || window.__verdictsSeen.some((seen) => seen.panel === panel)) return;
    window.__verdictsSeen.push({ panel, diagram: document.querySelector('canvas.fl-diagram') !== null, pending: panel.closest('.fl-run-pending') !== null });
  }).observe(document, { childList: true, subtree: true });
`;

function runMessage(text: string, fileName: string, seed?: number): HostToWebviewMessage {
  return { type: 'run-scenario', text, source: { documentUri: `file:///work/${fileName}`, fileName }, ...(seed === undefined ? {} : { seed }) };
}

function openHoldingPanel(browser: Browser, origin: string): Promise<WatchedPage> {
  return openPanel(browser, origin, { initScript: HOLD_DONE });
}

type Shown = { scenario: string; verdictPanels: number; verdictsHtml: string; pending: boolean; diagram: boolean };

function shown(watched: WatchedPage): Promise<Shown> {
  return watched.page.evaluate(() => ({
    scenario: document.querySelector('.fl-scenario-name')?.textContent ?? '',
    verdictPanels: document.querySelectorAll('.fl-verdicts').length,
    verdictsHtml: document.querySelector('.fl-verdicts')?.outerHTML ?? '',
    pending: document.querySelector('.fl-run-pending') !== null,
    diagram: document.querySelector('canvas.fl-diagram') !== null,
  }));
}

/** Waits until the run's `done` has been held back, with its verdicts shown. */
async function waitForHeldRun(watched: WatchedPage, scenario: string): Promise<void> {
  await watched.page.waitForFunction(
    (name) => (window as unknown as { __held: unknown[] }).__held.length > 0 && document.querySelector('.fl-run-pending .fl-scenario-name')?.textContent === name,
    scenario,
    { timeout: 60_000 },
  );
}

/** Runs the everything-on-one-timeline fixture with its `done` held back: its verdicts on screen, no diagram yet. */
async function runTimelineHeld(watched: WatchedPage): Promise<void> {
  await setHold(watched, true);
  await send(watched, runMessage(TIMELINE, 'everything-on-one-timeline.fault'));
  await waitForHeldRun(watched, 'everything on one timeline');
}

function release(watched: WatchedPage): Promise<number> {
  return watched.page.evaluate(() => {
    const w = window as unknown as { __held: Array<() => void>; __holdDone: boolean };
    w.__holdDone = false;
    const held = w.__held.splice(0);
    for (const deliver of held) deliver();
    return held.length;
  });
}

function setHold(watched: WatchedPage, hold: boolean): Promise<void> {
  return watched.page.evaluate((h) => void ((window as unknown as { __holdDone: boolean }).__holdDone = h), hold);
}

describe('the verdicts before the trace (Chromium, real run worker)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let origin: string;
  usePanelBrowser((b, o) => {
    browser = b;
    origin = o;
  });

  it('shows a real verdicts panel before the diagram, and the run ends with that same panel, equal to the one built without it', async function () {
    const watched = await openHoldingPanel(browser, origin);
    // Held, so that what is on the page between the two messages can be looked at.
    await runTimelineHeld(watched);
    const early = await shown(watched);
    assert.equal(early.diagram, false, 'no diagram yet: only the verdicts came');
    assert.equal(early.verdictPanels, 1);
    assert.match(early.verdictsHtml, /Verdicts — 2 broken/);
    assert.match(early.verdictsHtml, /no writes commit/);
    await watched.page.waitForFunction(() => (window as unknown as { faultlineVerdicts?: { shownAt?: number } }).faultlineVerdicts?.shownAt !== undefined);
    // To look at: the page between the two messages.
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/verdicts-first-pending.png` });
    assert.equal(await release(watched), 1);
    await waitForPosted(watched, 'run-finished');
    await watched.page.waitForFunction(() => (window as unknown as { faultlinePlayground?: { panelsShownAt?: number } }).faultlinePlayground?.panelsShownAt !== undefined);
    const final = await shown(watched);
    assert.equal(final.diagram, true);
    assert.equal(final.pending, false);
    assert.equal(final.verdictPanels, 1, 'one verdicts panel, not the early one beside a new one');
    assert.equal(final.verdictsHtml, early.verdictsHtml, 'the verdicts read before the diagram are the ones that stay');
    const facts = await watched.page.evaluate(() => {
      const w = window as unknown as { __verdictsSeen: Array<{ panel: Element; diagram: boolean; pending: boolean }>; faultlineVerdicts: { shownAt: number }; faultlinePlayground: { firstFrameAt: number } };
      const panel = document.querySelector('.fl-verdicts');
      return {
        seen: w.__verdictsSeen.length,
        firstSeenWithoutDiagram: w.__verdictsSeen[0]?.diagram === false && w.__verdictsSeen[0]?.pending === true,
        samePanel: w.__verdictsSeen[0]?.panel === panel,
        verdictsBeforeFirstFrame: w.faultlineVerdicts.shownAt <= w.faultlinePlayground.firstFrameAt,
        sideOrder: [...document.querySelector('.fl-side')!.children].map((child) => child.classList[1] ?? child.classList[0]),
        capHtml: document.querySelector('.fl-cap')?.outerHTML ?? '',
      };
    });
    assert.equal(facts.seen, 1, 'no other verdicts panel ever appeared');
    assert.ok(facts.firstSeenWithoutDiagram);
    assert.ok(facts.samePanel, 'the run view kept the panel shown early (same element)');
    assert.ok(facts.verdictsBeforeFirstFrame);

    // Today's panels: the same report shown by the host (no early verdicts): the same verdicts
    // panel, the same CAP card, the side column in the same order.
    await watched.page.evaluate(() => {
      const w = window as unknown as { faultlinePlayground: { report: unknown } };
      window.postMessage({ type: 'show-report', report: w.faultlinePlayground.report, source: { documentUri: 'file:///work/everything-on-one-timeline.fault', fileName: 'everything-on-one-timeline.fault' } }, '*');
    });
    await watched.page.waitForFunction(() => (window as unknown as { __verdictsSeen: unknown[] }).__verdictsSeen.length === 2);
    await watched.page.waitForFunction(() => document.querySelector('.fl-cap') !== null);
    const today = await watched.page.evaluate(() => ({
      verdictsHtml: document.querySelector('.fl-verdicts')?.outerHTML ?? '',
      sideOrder: [...document.querySelector('.fl-side')!.children].map((child) => child.classList[1] ?? child.classList[0]),
      capHtml: document.querySelector('.fl-cap')?.outerHTML ?? '',
    }));
    assert.equal(final.verdictsHtml, today.verdictsHtml);
    assert.deepEqual(facts.sideOrder, today.sideOrder);
    assert.deepEqual(facts.sideOrder, ['fl-play', 'fl-inspector', 'fl-verdicts', 'fl-cap']);
    assert.equal(facts.capHtml, today.capHtml);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a verdict clicked before the diagram is there is selected in the diagram once it is', async function () {
    const watched = await openHoldingPanel(browser, origin);
    await runTimelineHeld(watched);
    await watched.page.locator('.fl-verdict-broken').first().click();
    await release(watched);
    await waitForPosted(watched, 'run-finished');
    const after = await watched.page.evaluate(() => ({
      selected: document.querySelectorAll('.fl-verdict.fl-selected').length,
      highlighted: (window as unknown as { faultlinePlayground: { view: { highlightedOps: Set<number> } } }).faultlinePlayground.view.highlightedOps.size,
      details: document.querySelector('.fl-details')?.textContent ?? '',
    }));
    assert.equal(after.selected, 1);
    assert.ok(after.highlighted > 0, 'the broken expectation’s operations are highlighted in the diagram');
    assert.match(after.details, /no writes commit/);
    await watched.page.close();
  });

  it('a short run sends no verdicts ahead: they appear with its diagram, never on their own', async function () {
    const watched = await openHoldingPanel(browser, origin);
    await setHold(watched, true);
    await send(watched, runMessage(TIMELINE_SHORT, 'everything-on-one-timeline.fault'));
    await watched.page.waitForFunction(() => (window as unknown as { __held: unknown[] }).__held.length > 0, undefined, { timeout: 60_000 });
    // The trace is held back, and still no verdicts panel is on the page.
    assert.equal((await shown(watched)).verdictPanels, 0);
    assert.equal(await release(watched), 1);
    await waitForPosted(watched, 'run-finished');
    await watched.page.waitForFunction(() => (window as unknown as { faultlinePlayground?: { panelsShownAt?: number } }).faultlinePlayground?.panelsShownAt !== undefined);
    const seen = await watched.page.evaluate(() => (window as unknown as { __verdictsSeen: Array<{ diagram: boolean; pending: boolean }> }).__verdictsSeen.map((v) => ({ diagram: v.diagram, pending: v.pending })));
    assert.deepEqual(seen, [{ diagram: true, pending: false }]);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a run cancelled between its verdicts and its trace leaves none of its verdicts: the run shown before comes back', async function () {
    const watched = await openHoldingPanel(browser, origin);
    await send(watched, runMessage(LEADER_ISOLATED, 'raft-leader-isolated.fault'));
    await waitForPosted(watched, 'run-finished');
    const before = await shown(watched);
    assert.equal(before.scenario, 'raft: leader isolated');

    await runTimelineHeld(watched);
    await send(watched, { type: 'cancel-run' });
    await waitForPosted(watched, 'run-failed');
    const cancelled = await shown(watched);
    assert.equal(cancelled.pending, false);
    assert.equal(cancelled.scenario, 'raft: leader isolated');
    assert.equal(cancelled.verdictsHtml, before.verdictsHtml);
    assert.equal(cancelled.verdictPanels, 1);

    // The cancelled run's trace, arriving late, is dropped.
    assert.equal(await release(watched), 1);
    await watched.page.waitForTimeout(200);
    const later = await shown(watched);
    assert.deepEqual(later, cancelled);
    assert.equal(await watched.page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'run-finished').length), 1);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('while only a run’s verdicts are on screen the bar names that run, Export is off and a verdict’s line opens in its file; a cancel puts the shown run back', async function () {
    const watched = await openHoldingPanel(browser, origin);
    const bar = () =>
      watched.page.evaluate(() => ({
        shown: document.querySelector('.fl-shown')?.textContent ?? '',
        seed: document.querySelector<HTMLInputElement>('.fl-seed-input')?.value ?? '',
        exportsOff: [...document.querySelectorAll<HTMLButtonElement>('.fl-export')].map((button) => button.disabled),
      }));
    await send(watched, runMessage(LEADER_ISOLATED, 'raft-leader-isolated.fault', 5));
    await waitForPosted(watched, 'run-finished');
    const before = await bar();
    assert.equal(before.shown, 'raft-leader-isolated.fault › raft: leader isolated · seed 5');
    assert.equal(before.seed, '5');
    assert.deepEqual(before.exportsOff, [false, false]);

    await runTimelineHeld(watched);
    const pending = await bar();
    assert.match(pending.shown, /^everything-on-one-timeline\.fault › everything on one timeline · seed \d+$/);
    assert.deepEqual(pending.exportsOff, [true, true], 'Export would write the previous run: off until this one is drawn');
    assert.equal(pending.shown.endsWith(`seed ${pending.seed}`), true, 'the seed box shows the seed of the verdicts shown');
    await watched.page.locator('.fl-run-pending .fl-verdict .fl-source-link').first().click();
    const reveal = await waitForPosted(watched, 'reveal-line');
    assert.equal(reveal.documentUri, 'file:///work/everything-on-one-timeline.fault', 'the line is in the file of the verdicts shown');

    await send(watched, { type: 'cancel-run' });
    await waitForPosted(watched, 'run-failed');
    assert.deepEqual(await bar(), before);
    // The run back on screen is leader-isolated's: its lines are in its own file again.
    await watched.page.locator('.fl-verdict .fl-source-link').first().click();
    const back = await waitForPosted(watched, 'reveal-line', 2);
    assert.equal(back.documentUri, 'file:///work/raft-leader-isolated.fault');
    await release(watched);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a run replaced between its verdicts and its trace leaves none of its verdicts: the next run is shown with its own', async function () {
    const watched = await openHoldingPanel(browser, origin);
    await runTimelineHeld(watched);
    await setHold(watched, false);
    await send(watched, runMessage(LEADER_ISOLATED, 'raft-leader-isolated.fault'));
    await waitForPosted(watched, 'run-started', 2);
    const replaced = await shown(watched);
    assert.ok(!replaced.verdictsHtml.includes('no writes commit'), 'the replaced run’s verdicts left the page when the next run started');

    // The replaced run's held trace, delivered now, is dropped; the next run shows its own verdicts.
    await watched.page.evaluate(() => {
      const w = window as unknown as { __held: Array<() => void> };
      for (const deliver of w.__held.splice(0)) deliver();
    });
    await waitForPosted(watched, 'run-finished');
    await watched.page.waitForFunction(() => (window as unknown as { faultlinePlayground?: { panelsShownAt?: number } }).faultlinePlayground?.panelsShownAt !== undefined);
    const final = await shown(watched);
    assert.equal(final.scenario, 'raft: leader isolated');
    assert.equal(final.verdictPanels, 1);
    assert.ok(!final.verdictsHtml.includes('no writes commit'));
    assert.equal(await watched.page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'run-finished').length), 1);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });
});
