/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Time travel and breaking things by hand in the playground panel, in headless Chromium with the
// real play worker: stepping back shows the earlier state; a crash taken by hand forks the run
// (the diagram's trace gets the crash and a different future); Undo brings the run as written
// back; Save as scenario posts the child scenario, whose replay is the forked run.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { isWebviewToHostMessage } from '../../webview/messages.ts';
import { OUTPUT_DIR, type WatchedPage } from './browser.ts';
import { openPlayablePanel, usePanelBrowser, waitForPosted } from './panel-harness.ts';

const SCENARIO = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');
const SOURCE = { documentUri: 'file:///work/everything-on-one-timeline.fault', fileName: 'everything-on-one-timeline.fault' };

type PanelNode = { name: string; status: string; role: string };

/** The event number and node rows the time-travel panel shows now. */
function panel(watched: WatchedPage): Promise<{ event: number; heading: string; nodes: PanelNode[]; crumbs: string[]; note: string }> {
  return watched.page.evaluate(() => {
    const root = document.querySelector('.fl-play') as HTMLElement;
    const nodes = [...root.querySelectorAll<HTMLElement>('.fl-node')].map((node) => ({
      name: node.dataset['node'] ?? '',
      status: node.className.replace(/.*fl-node-(up|crashed|paused).*/, '$1'),
      role: node.querySelector('.fl-role')?.textContent ?? '',
    }));
    return {
      event: Number(root.dataset['event']),
      heading: root.querySelector('h2')?.textContent ?? '',
      nodes,
      crumbs: [...root.querySelectorAll('.fl-crumb-action')].map((li) => li.textContent ?? ''),
      note: root.querySelector('.fl-play-note')?.textContent ?? '',
    };
  });
}

/** Clicks and waits until the panel shows another event number (or the same one re-rendered with `until`). */
async function clickAndWait(watched: WatchedPage, selector: string, until: (p: Awaited<ReturnType<typeof panel>>) => boolean): Promise<Awaited<ReturnType<typeof panel>>> {
  await watched.page.locator(selector).first().click();
  for (let i = 0; i < 600; i++) {
    const now = await panel(watched);
    if (until(now)) return now;
    await watched.page.waitForTimeout(25);
  }
  throw new Error(`after clicking ${selector} the panel never showed what was expected: ${JSON.stringify(await panel(watched))}`);
}

function shownTrace(watched: WatchedPage): Promise<TraceEvent[]> {
  return watched.page.evaluate(() => (window as unknown as { faultlinePlayground: { report: { trace: TraceEvent[] } } }).faultlinePlayground.report.trace);
}

function withoutLines(trace: readonly TraceEvent[]): unknown[] {
  return trace.map((event) => {
    const { line: _line, ...rest } = event as TraceEvent & { line?: number };
    return rest;
  });
}

describe('time travel in the playground panel (headless Chromium, play worker)', function () {
  let browser: Browser;
  let origin: string;
  usePanelBrowser((launched, served) => {
    browser = launched;
    origin = served;
  });

  async function playable(colorScheme: 'light' | 'dark' = 'light'): Promise<WatchedPage> {
    const watched = await openPlayablePanel(browser, origin, SOURCE, SCENARIO, colorScheme);
    return watched;
  }

  it('pausing, then stepping back one event, shows the state before that event (a crashed node is up again)', async function () {
    const watched = await playable();
    const start = await panel(watched);
    assert.match(start.heading, /^Event 0 of [\d,]+ · /);
    assert.ok(start.nodes.length === 3 && start.nodes.every((n) => n.status === 'up'));
    // Playing, then a step by hand pauses at the cursor.
    await watched.page.locator('.fl-controls button', { hasText: 'Play' }).click();
    await watched.page.locator('.fl-controls button', { hasText: 'Pause' }).waitFor();
    // Jump through the faults to the crash of n3 (the fixture: partition at 1s, crash n3 at 1.5s).
    let now = await clickAndWait(watched, '[data-jump="fault-forward"]', (p) => p.event > 0);
    assert.equal(await watched.page.locator('.fl-controls button', { hasText: 'Play' }).count(), 1, 'playback paused');
    now = await clickAndWait(watched, '[data-jump="fault-forward"]', (p) => p.nodes[2]!.status === 'crashed');
    const crashedAt = now.event;
    assert.ok(await watched.page.locator('.fl-happened li', { hasText: 'crash n3' }).count() === 1, 'the event at the cursor is the crash');
    // One event back: n3 is up again, with its role as it was.
    const back = await clickAndWait(watched, '[data-move="back"]', (p) => p.event === crashedAt - 1);
    assert.equal(back.nodes[2]!.status, 'up');
    assert.notEqual(back.nodes[2]!.role, 'crashed');
    const forward = await clickAndWait(watched, '[data-move="forward"]', (p) => p.event === crashedAt);
    assert.equal(forward.nodes[2]!.status, 'crashed');
    // The diagram's cursor follows the step.
    const cursor = await watched.page.evaluate(() => (window as unknown as { faultlinePlayground: { view: { cursor: number } } }).faultlinePlayground.view.cursor);
    assert.equal(cursor, 1_500_000);
    assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
  });

  it('scrubbing the diagram back in time moves the state panel to the last event at or before it', async function () {
    const watched = await playable();
    await watched.page.evaluate(() => (window as unknown as { faultlinePlayground: { view: { setCursor(t: number): void } } }).faultlinePlayground.view.setCursor(2_000_000));
    const late = await watched.page.waitForFunction(() => Number((document.querySelector('.fl-play') as HTMLElement).dataset['event']) > 0).then(() => panel(watched));
    assert.equal(late.nodes[2]!.status, 'crashed', 'n3 is down at 2s');
    await watched.page.evaluate(() => (window as unknown as { faultlinePlayground: { view: { setCursor(t: number): void } } }).faultlinePlayground.view.setCursor(1_000_000));
    await watched.page.waitForFunction((e) => Number((document.querySelector('.fl-play') as HTMLElement).dataset['event']) < e, late.event);
    const early = await panel(watched);
    assert.equal(early.nodes[2]!.status, 'up', 'n3 is up again at 1s');
    assert.match(early.heading, / · (1s|9\d\d(\.\d+)?ms)$/);
  });

  it('a crash by hand forks the run, Undo restores it, and Save as scenario posts the `at T crash nX` child scenario', async function () {
    const watched = await playable();
    const original = await shownTrace(watched);
    await watched.page.evaluate(() => (window as unknown as { faultlinePlayground: { view: { setCursor(t: number): void } } }).faultlinePlayground.view.setCursor(700_000));
    await watched.page.waitForFunction(() => Number((document.querySelector('.fl-play') as HTMLElement).dataset['event']) > 0);
    const forked = await clickAndWait(watched, '[data-act="crash n2"]', (p) => p.crumbs.length === 1);
    assert.match(forked.crumbs[0]!, /^at 7\d\d(\.\d+)?ms crash n2$/);
    await watched.page.waitForFunction(() => document.querySelector('.fl-shown-forked') !== null);
    // The diagram now draws the fork: its trace has the crash, and what follows differs.
    await watched.page.waitForFunction(() =>
      (window as unknown as { faultlinePlayground: { report: { trace: Array<{ kind: string; node?: string; t: number }> } } }).faultlinePlayground.report.trace.some((e) => e.kind === 'crash' && e.node === 'n2' && e.t < 1_000_000),
    );
    const fork = await shownTrace(watched);
    const crash = fork.findIndex((e) => e.kind === 'crash' && e.node === 'n2');
    assert.deepEqual(withoutLines(fork.slice(0, crash)), withoutLines(original.slice(0, crash)), 'the past is untouched');
    assert.notDeepEqual(withoutLines(fork.slice(crash)), withoutLines(original.slice(crash)), 'the future differs');
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/time-travel-forked-light.png` });

    // Undo: the run as written comes back.
    const undone = await clickAndWait(watched, '[data-play="undo"]', (p) => p.crumbs.length === 0);
    assert.match(undone.note, /^Undone: at 7\d\d(\.\d+)?ms crash n2$/);
    await watched.page.waitForFunction(() => document.querySelector('.fl-shown-forked') === null);
    assert.deepEqual(await shownTrace(watched), original);

    // Crash again and save.
    await clickAndWait(watched, '[data-act="crash n2"]', (p) => p.crumbs.length === 1);
    await watched.page.locator('[data-play="save"]').click();
    const saved = await waitForPosted(watched, 'save-scenario');
    assert.ok(isWebviewToHostMessage(saved), 'the host accepts it');
    assert.equal(saved.documentUri, SOURCE.documentUri);
    assert.equal(saved.ranText, SCENARIO);
    assert.equal(saved.name, 'everything on one timeline (forked)');
    assert.match(saved.scenarioText, /^scenario "everything on one timeline \(forked\)" extends "everything on one timeline" \{\n {2}faults \{\n/);
    assert.match(saved.scenarioText, /\n {4}at 7\d\d(\.\d+)?ms crash n2\n {2}\}\n\}\n$/);
    // Replaying the saved file is the run the panel shows.
    await watched.page.waitForFunction(() => document.querySelector('.fl-shown-forked') !== null);
    const replay = runScenario(compile(saved.fileText, saved.name).config!);
    assert.deepEqual(withoutLines(replay.trace), withoutLines(await shownTrace(watched)));
    assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
  });

  it('clicking a node\'s lane offers its crash, and taking it crashes that node in the fork', async function () {
    const watched = await playable();
    await watched.page.evaluate(() => (window as unknown as { faultlinePlayground: { view: { setCursor(t: number): void } } }).faultlinePlayground.view.setCursor(400_000));
    await watched.page.waitForFunction(() => Number((document.querySelector('.fl-play') as HTMLElement).dataset['event']) > 0);
    const lane = await watched.page.evaluate(() => (window as unknown as { faultlinePlayground: { view: { renderer: { layout: { lanes: Array<{ center: number }> } } } } }).faultlinePlayground.view.renderer.layout.lanes[1]!.center);
    await watched.page.locator('canvas.fl-diagram').click({ position: { x: 20, y: lane } });
    await watched.page.waitForFunction(() => (document.querySelector('.fl-node-focused') as HTMLElement | null)?.dataset['node'] === 'n2');
    assert.equal(await watched.page.evaluate(() => (document.activeElement as HTMLElement).dataset['act']), 'crash n2');
    await watched.page.keyboard.press('Enter');
    await watched.page.waitForFunction(() => /crash n2$/.test(document.querySelector('.fl-crumb-action')?.textContent ?? ''));
    const after = await clickAndWait(watched, '[data-move="forward"]', (p) => p.nodes[1]!.status === 'crashed');
    assert.equal(after.nodes[1]!.status, 'crashed');
  });

  it('the panel names the file and scenario it plays, beside the diagram, in light and dark themes', async function () {
    for (const scheme of ['light', 'dark'] as const) {
      const watched = await playable(scheme);
      const shown = await watched.page.locator('.fl-play-shown').textContent();
      assert.equal(shown, 'everything-on-one-timeline.fault › everything on one timeline · seed 7');
      // Beside the diagram, above the fold: the panel's top is level with the diagram's, and on screen.
      const [play, diagram] = await Promise.all([watched.page.locator('.fl-play').boundingBox(), watched.page.locator('.fl-diagram-box').boundingBox()]);
      assert.ok(play !== null && diagram !== null);
      assert.ok(play.x > diagram.x + diagram.width - 1, 'to the right of the diagram');
      assert.ok(play.y < 1000 && play.y <= diagram.y + 40, `at the diagram's height (panel y ${play.y}, diagram y ${diagram.y})`);
      await watched.page.evaluate(() => (window as unknown as { faultlinePlayground: { view: { setCursor(t: number): void } } }).faultlinePlayground.view.setCursor(1_600_000));
      await watched.page.waitForFunction(() => document.querySelector('.fl-node-crashed') !== null);
      await watched.page.screenshot({ path: `${OUTPUT_DIR}/time-travel-${scheme}.png` });
      await watched.page.close();
    }
  });
});
