/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Cutting links by hand in the playground panel, in headless Chromium with the real play worker:
// the link picker cuts one link both ways or one way, a drag from one lane's name onto another's
// does the same (Shift: one way), "Cut off" splits the ticked nodes from the rest. Each becomes a
// partition line in the breadcrumb, and the forked run's trace cuts exactly those links.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { TraceEvent } from '../../core/types/trace.ts';
import { OUTPUT_DIR, type WatchedPage } from './browser.ts';
import { openPlayablePanel, usePanelBrowser } from './panel-harness.ts';

const SCENARIO = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');
const SOURCE = { documentUri: 'file:///work/everything-on-one-timeline.fault', fileName: 'everything-on-one-timeline.fault' };
/** Before the fixture's own partition (at 1s), so the first partition in the trace is ours. */
const CURSOR = 500_000;

type Lane = { name: string; x: number; y: number };
type Playground = {
  faultlinePlayground: {
    view: {
      setCursor(t: number): void;
      canvas: HTMLCanvasElement;
      viewport: { left: number };
      model: { lanes: Array<{ kind: string; name: string }> };
      renderer: { layout: { lanes: Array<{ top: number; height: number }> } };
    };
    report: { trace: TraceEvent[] };
  };
};

function crumbs(watched: WatchedPage): Promise<string[]> {
  return watched.page.evaluate(() => [...document.querySelectorAll('.fl-play .fl-crumb-action')].map((li) => li.textContent ?? ''));
}

async function crumbsOnceThere(watched: WatchedPage, count: number): Promise<string[]> {
  for (let i = 0; i < 800; i++) {
    const now = await crumbs(watched);
    if (now.length === count) return now;
    await watched.page.waitForTimeout(25);
  }
  const note = await watched.page.evaluate(() => document.querySelector('.fl-play-note')?.textContent ?? '');
  throw new Error(`the breadcrumb never had ${count} action(s): ${JSON.stringify(await crumbs(watched))}; note: ${note}`);
}

/** The links cut by the first partition of the shown run (the fork's), as "a>b", sorted. */
async function firstCut(watched: WatchedPage): Promise<string[]> {
  await watched.page.waitForFunction((t) => (window as unknown as Playground).faultlinePlayground.report.trace.some((e) => e.kind === 'partition' && e.t < t), 1_000_000);
  const trace = await watched.page.evaluate(() => (window as unknown as Playground).faultlinePlayground.report.trace);
  const partition = trace.find((e) => e.kind === 'partition');
  assert.ok(partition?.kind === 'partition');
  assert.ok(partition.t >= CURSOR && partition.t < 1_000_000, `at ${partition.t}`);
  return partition.blocked.map(([a, b]) => `${a}>${b}`).sort();
}

/** Where each node's lane name sits on the page (the lane-name column, left of the time axis). */
function laneNames(watched: WatchedPage): Promise<Lane[]> {
  return watched.page.evaluate(() => {
    const view = (window as unknown as Playground).faultlinePlayground.view;
    const rect = view.canvas.getBoundingClientRect();
    return view.model.lanes.flatMap((lane, i) => {
      const box = view.renderer.layout.lanes[i]!;
      return lane.kind === 'node' ? [{ name: lane.name, x: rect.left + view.viewport.left / 2, y: rect.top + box.top + box.height / 2 }] : [];
    });
  });
}

describe('cutting links by hand in the playground panel (headless Chromium, play worker)', function () {
  let browser: Browser;
  let origin: string;
  usePanelBrowser((launched, served) => {
    browser = launched;
    origin = served;
  });

  async function playable(colorScheme: 'light' | 'dark' = 'light'): Promise<WatchedPage> {
    const watched = await openPlayablePanel(browser, origin, SOURCE, SCENARIO, colorScheme);
    await watched.page.evaluate((t) => (window as unknown as Playground).faultlinePlayground.view.setCursor(t), CURSOR);
    await watched.page.waitForFunction(() => Number((document.querySelector('.fl-play') as HTMLElement).dataset['event']) > 0);
    return watched;
  }

  it('the link picker cuts n1 ↔ n3 both ways and nothing else, then n2 → n1 one way', async function () {
    const watched = await playable();
    await watched.page.selectOption('[data-link="from"]', 'n1');
    await watched.page.selectOption('[data-link="to"]', 'n3');
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/cut-links-picker-light.png` });
    await watched.page.locator('[data-play="cut-link"]').click();
    const [both] = await crumbsOnceThere(watched, 1);
    assert.match(both!, /^at 5\d\d(\.\d+)?ms partition n1 <-> n3$/);
    assert.deepEqual(await firstCut(watched), ['n1>n3', 'n3>n1'], 'n2 keeps both its links');

    await watched.page.locator('[data-play="undo"]').click();
    await crumbsOnceThere(watched, 0);
    // The picker keeps its choice across the re-render each update does.
    assert.equal(await watched.page.locator('[data-link="from"]').inputValue(), 'n1');
    await watched.page.selectOption('[data-link="from"]', 'n2');
    await watched.page.selectOption('[data-link="to"]', 'n1');
    await watched.page.selectOption('[data-link="way"]', 'one');
    await watched.page.locator('[data-play="cut-link"]').click();
    const [oneWay] = await crumbsOnceThere(watched, 1);
    assert.match(oneWay!, /^at 5\d\d(\.\d+)?ms partition n2 -> n1$/);
    assert.deepEqual(await firstCut(watched), ['n2>n1'], 'n1 still reaches n2');
    assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
    await watched.page.close();
  });

  it('a link from a node to itself is refused with a note, and nothing is taken', async function () {
    const watched = await playable();
    await watched.page.selectOption('[data-link="from"]', 'n2');
    await watched.page.selectOption('[data-link="to"]', 'n2');
    await watched.page.locator('[data-play="cut-link"]').click();
    await watched.page.waitForFunction(() => /two different nodes/.test(document.querySelector('.fl-play-note')?.textContent ?? ''));
    assert.deepEqual(await crumbs(watched), []);
    await watched.page.close();
  });

  it('dragging n1\'s lane name onto n2\'s cuts that link both ways; with Shift held, one way', async function () {
    const watched = await playable('dark');
    const lanes = await laneNames(watched);
    const [n1, n2] = ['n1', 'n2'].map((name) => lanes.find((lane) => lane.name === name)!);
    assert.ok(n1 !== undefined && n2 !== undefined, JSON.stringify(lanes));
    await watched.page.mouse.move(n1.x, n1.y);
    await watched.page.mouse.down();
    await watched.page.mouse.move(n2.x, n2.y, { steps: 5 });
    assert.equal(await watched.page.locator('.fl-lane-drag-hint').textContent(), 'cut n1 ↔ n2', 'the hint names the link before the release');
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/cut-links-drag-dark.png` });
    await watched.page.mouse.up();
    const [dragged] = await crumbsOnceThere(watched, 1);
    assert.match(dragged!, /^at 5\d\d(\.\d+)?ms partition n1 <-> n2$/);
    assert.deepEqual(await firstCut(watched), ['n1>n2', 'n2>n1']);
    assert.equal(await watched.page.locator('.fl-lane-drag-hint').isHidden(), true, 'the hint goes with the release');

    await watched.page.locator('[data-play="undo"]').click();
    await crumbsOnceThere(watched, 0);
    await watched.page.keyboard.down('Shift');
    await watched.page.mouse.move(n1.x, n1.y);
    await watched.page.mouse.down();
    await watched.page.mouse.move(n2.x, n2.y, { steps: 5 });
    await watched.page.mouse.up();
    await watched.page.keyboard.up('Shift');
    const [oneWay] = await crumbsOnceThere(watched, 1);
    assert.match(oneWay!, /^at 5\d\d(\.\d+)?ms partition n1 -> n2$/);
    assert.deepEqual(await firstCut(watched), ['n1>n2']);
    assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
    await watched.page.close();
  });

  it('"Cut off" with n2 ticked partitions n2 from the rest', async function () {
    const watched = await playable();
    await watched.page.locator('input[aria-label="cut off n2"]').check();
    await watched.page.locator('[data-play="cut"]').click();
    const [cut] = await crumbsOnceThere(watched, 1);
    assert.match(cut!, /^at 5\d\d(\.\d+)?ms partition n2 \| n1, n3$/);
    assert.deepEqual(await firstCut(watched), ['n1>n2', 'n2>n1', 'n2>n3', 'n3>n2']);
    await watched.page.close();
  });
});
