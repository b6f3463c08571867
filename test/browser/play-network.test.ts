/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// "You are the network" and "the fork is shown", in the playground panel, in headless Chromium with
// the real play worker: the panel lists exactly the messages the core has in flight at the cursor;
// dropping one removes its delivery from the continued run; delivering one now makes it the next
// delivery; a delay must be a duration; and after any action the run as written is drawn greyed
// behind the fork from the fork point on, with a legend entry, until Undo brings it back.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { PlayableRun } from '../../core/debug/playable-run.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { OUTPUT_DIR, type WatchedPage } from './browser.ts';
import { openPlayablePanel, usePanelBrowser } from './panel-harness.ts';

const SCENARIO = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');
const SOURCE = { documentUri: 'file:///work/everything-on-one-timeline.fault', fileName: 'everything-on-one-timeline.fault' };

type Row = { id: number; type: string; link: string; refused: boolean; why: string; buttons: number };
type Shown = { event: number; rows: Row[]; heading: string; crumbs: string[]; note: string; happened: string[]; legend: string[] };

function shown(watched: WatchedPage): Promise<Shown> {
  return watched.page.evaluate(() => {
    const root = document.querySelector('.fl-play') as HTMLElement;
    return {
      event: Number(root.dataset['event']),
      rows: [...root.querySelectorAll<HTMLElement>('.fl-inflight-message')].map((row) => ({
        id: Number(row.dataset['msg']),
        type: row.querySelector('.fl-inflight-type')?.textContent ?? '',
        link: row.querySelector('.fl-inflight-link')?.textContent ?? '',
        refused: row.classList.contains('fl-inflight-refused'),
        why: row.querySelector('.fl-inflight-why')?.textContent ?? '',
        buttons: row.querySelectorAll('[data-msg-act]').length,
      })),
      heading: root.querySelector('.fl-inflight-heading')?.textContent ?? '',
      crumbs: [...root.querySelectorAll('.fl-crumb-action')].map((li) => li.textContent ?? ''),
      note: root.querySelector('.fl-play-note')?.textContent ?? '',
      happened: [...root.querySelectorAll('.fl-happened li')].map((li) => li.textContent ?? ''),
      legend: [...document.querySelectorAll('.fl-legend li')].map((li) => li.textContent ?? ''),
    };
  });
}

async function until(watched: WatchedPage, check: (s: Shown) => boolean, what: string): Promise<Shown> {
  for (let i = 0; i < 800; i++) {
    const now = await shown(watched);
    if (check(now)) return now;
    await watched.page.waitForTimeout(25);
  }
  throw new Error(`the panel never showed ${what}: ${JSON.stringify(await shown(watched))}`);
}

type Playground = { faultlinePlayground: { view: { setCursor(t: number): void; ghost: unknown; renderer: { lastGhost: { drawn: boolean; drawnMessages: number } }; drawNow(): number }; report: { trace: TraceEvent[] } } };

function shownTrace(watched: WatchedPage): Promise<TraceEvent[]> {
  return watched.page.evaluate(() => (window as unknown as Playground).faultlinePlayground.report.trace);
}

/** The ghost as the last frame drew it (drawn now, so no frame is awaited). */
function ghostDrawn(watched: WatchedPage): Promise<{ drawn: boolean; drawnMessages: number; hasGhost: boolean }> {
  return watched.page.evaluate(() => {
    const view = (window as unknown as Playground).faultlinePlayground.view;
    view.drawNow();
    const { drawn, drawnMessages } = view.renderer.lastGhost;
    return { drawn, drawnMessages, hasGhost: view.ghost !== null };
  });
}

/** The core's own list at event `event` of the run as written: what the panel must show. */
function coreInFlight(event: number): { ids: number[]; total: number } {
  const play = PlayableRun.open({ source: SCENARIO });
  if ('error' in play) throw new Error(play.error);
  play.seekEvent(event);
  const snapshot = play.snapshot();
  return { ids: snapshot.inFlight.map((m) => m.id), total: snapshot.inFlightTotal };
}

describe('you are the network, and the fork is shown (headless Chromium, play worker)', function () {
  let browser: Browser;
  let origin: string;
  usePanelBrowser((launched, served) => {
    browser = launched;
    origin = served;
  });

  /** The panel, ready to play, with the cursor at `t` and a message a line can name alone listed. */
  async function playableAt(t: number, colorScheme: 'light' | 'dark' = 'light'): Promise<{ watched: WatchedPage; at: Shown; row: Row }> {
    const watched = await openPlayablePanel(browser, origin, SOURCE, SCENARIO, colorScheme);
    await watched.page.evaluate((time) => (window as unknown as Playground).faultlinePlayground.view.setCursor(time), t);
    let at = await until(watched, (s) => s.event > 0, 'the cursor moved');
    for (let steps = 0; steps < 200 && !at.rows.some((r) => !r.refused); steps++) {
      const before = at.event;
      await watched.page.locator('[data-move="forward"]').click();
      at = await until(watched, (s) => s.event === before + 1, 'one event on');
    }
    const row = at.rows.find((r) => !r.refused);
    assert.ok(row, 'a node-to-node message is on its way');
    return { watched, at, row };
  }

  it('the in-flight list shows exactly the messages the core has on its way at the cursor', async function () {
    const { watched, at } = await playableAt(700_000);
    const core = coreInFlight(at.event);
    assert.deepEqual(at.rows.map((r) => r.id), core.ids);
    assert.equal(at.heading, `In flight: ${core.total} message${core.total === 1 ? '' : 's'}`);
    const play = PlayableRun.open({ source: SCENARIO });
    if ('error' in play) throw new Error(play.error);
    play.seekEvent(at.event);
    assert.deepEqual(at.rows.map((r) => `${r.type} ${r.link}`), play.snapshot().inFlight.map((m) => `${m.type} ${m.from} → ${m.to}`));
    // A message no line can name alone shows the core's reason instead of the four buttons.
    assert.deepEqual(at.rows.map((r) => [r.why, r.buttons]), play.snapshot().inFlight.map((m) => [m.refusal ?? '', m.refusal === undefined ? 4 : 0]));
    assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
    await watched.page.close();
  });

  it('Drop removes that message\'s delivery from the continued run; the greyed original appears, and goes on Undo', async function () {
    const { watched, row } = await playableAt(700_000);
    const original = await shownTrace(watched);
    assert.ok(original.some((e) => e.kind === 'deliver' && e.msg === row.id), 'as written, it is delivered');
    assert.deepEqual(await ghostDrawn(watched), { drawn: false, drawnMessages: 0, hasGhost: false }, 'no ghost before a fork');
    await watched.page.locator(`.fl-inflight-message[data-msg="${row.id}"] [data-msg-act="drop"]`).click();
    const forked = await until(watched, (s) => s.crumbs.length === 1, 'the fork');
    assert.match(forked.crumbs[0]!, new RegExp(`^at \\d+(\\.\\d+)?m?s drop next ${row.type} ${row.link.replace(' → ', ' -> ')}$`));
    await watched.page.waitForFunction(() => document.querySelector('.fl-shown-forked') !== null);
    await watched.page.waitForFunction((id) => !(window as unknown as Playground).faultlinePlayground.report.trace.some((e) => e.kind === 'deliver' && 'msg' in e && e.msg === id), row.id);
    const fork = await shownTrace(watched);
    assert.ok(fork.some((e) => e.kind === 'drop' && e.msg === row.id && e.reason === 'drop next'), 'it dies where it would have arrived');

    // The fork is shown: the run as written, greyed, from the fork point on; named in the legend.
    const ghost = await ghostDrawn(watched);
    assert.equal(ghost.hasGhost, true);
    assert.equal(ghost.drawn, true);
    assert.ok(ghost.drawnMessages > 0, 'the original\'s later messages are drawn');
    const withGhost = await shown(watched);
    assert.ok(withGhost.legend.some((text) => /^greyed: the run as written, after the fork at /.test(text)), withGhost.legend.join(' | '));
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/play-network-dropped-light.png` });

    await watched.page.locator('[data-play="undo"]').click();
    const undone = await until(watched, (s) => s.crumbs.length === 0 && /^Undone/.test(s.note), 'the undo');
    await watched.page.waitForFunction(() => document.querySelector('.fl-shown-forked') === null);
    assert.deepEqual(await ghostDrawn(watched), { drawn: false, drawnMessages: 0, hasGhost: false }, 'the ghost is gone with the fork');
    assert.ok(!undone.legend.some((text) => text.startsWith('greyed')));
    assert.deepEqual(await shownTrace(watched), original);
    assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
    await watched.page.close();
  });

  it('Deliver next makes it the very next delivery: one step on, the panel shows it arriving', async function () {
    const { watched, at, row } = await playableAt(1_200_000);
    await watched.page.locator(`.fl-inflight-message[data-msg="${row.id}"] [data-msg-act="deliver"]`).click();
    const forked = await until(watched, (s) => s.crumbs.length === 1, 'the fork');
    assert.match(forked.crumbs[0]!, /^at \d+(\.\d+)?(s|ms) deliver next \S+ n\d -> n\d$/);
    await watched.page.waitForFunction(() => document.querySelector('.fl-shown-forked') !== null);
    const fork = await shownTrace(watched);
    const forkedAt = Math.round(Number(/^at (\S+)s /.exec(forked.crumbs[0]!)![1]) * 1_000_000);
    const next = fork.find((e) => e.kind === 'deliver' && e.t >= forkedAt);
    assert.ok(next !== undefined && next.kind === 'deliver');
    assert.equal(next.msg, row.id, 'the next delivery is the message picked');
    assert.equal(next.t, forkedAt, 'delivered at the action\'s moment');
    // The list no longer waits for it once it is delivered: one event on, it has arrived.
    const stepped = await (async () => {
      const before = forked.event;
      await watched.page.locator('[data-move="forward"]').click();
      return until(watched, (s) => s.event === before + 1, 'one event on');
    })();
    assert.ok(stepped.happened.some((line) => line === `deliver ${next.from} → ${next.to} ${next.type}`), stepped.happened.join(' | '));
    assert.ok(!stepped.rows.some((r) => r.id === row.id), 'no longer in flight');
    assert.ok(at.event <= forked.event);
    assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
    await watched.page.close();
  });

  it('a delay must be a duration: the Delay buttons are off while it is not, and the line says by how much', async function () {
    const { watched, row } = await playableAt(700_000);
    const delay = watched.page.locator('.fl-delay-input');
    const button = watched.page.locator(`.fl-inflight-message[data-msg="${row.id}"] [data-msg-act="delay"]`);
    await delay.fill('soon');
    assert.equal(await button.isDisabled(), true);
    assert.match((await watched.page.locator('.fl-delay-problem').textContent()) ?? '', /not a duration/);
    assert.equal(await delay.getAttribute('aria-invalid'), 'true');
    await delay.fill('2h');
    assert.match((await watched.page.locator('.fl-delay-problem').textContent()) ?? '', /more than an hour/);
    await delay.fill('40ms');
    assert.equal(await button.isDisabled(), false);
    await button.click();
    const forked = await until(watched, (s) => s.crumbs.length === 1, 'the fork');
    assert.match(forked.crumbs[0]!, /^at \d+(\.\d+)?(s|ms) delay next \S+ n\d -> n\d by 40ms$/);
    assert.equal(await delay.inputValue(), '40ms', 'the amount stays for the next one');
    await watched.page.close();
  });

  it('the forked diagram with the greyed original and the in-flight list read well in dark and light themes', async function () {
    for (const scheme of ['dark', 'light'] as const) {
      const { watched, row } = await playableAt(1_200_000, scheme);
      await watched.page.locator(`.fl-inflight-message[data-msg="${row.id}"] [data-msg-act="drop"]`).click();
      await until(watched, (s) => s.crumbs.length === 1, 'the fork');
      await watched.page.waitForFunction(() => document.querySelector('.fl-shown-forked') !== null);
      await watched.page.locator('.fl-crumb-action').waitFor();
      // Crash a node too: a fork whose future differs visibly from the greyed original.
      await watched.page.locator('[data-act="crash n1"], [data-act="crash n2"]').first().click();
      await until(watched, (s) => s.crumbs.length === 2, 'the second action');
      await watched.page.waitForFunction(() => document.querySelectorAll('.fl-crumb-action').length === 2 && (window as unknown as Playground).faultlinePlayground.view.ghost !== null);
      const ghost = await ghostDrawn(watched);
      assert.ok(ghost.drawn && ghost.drawnMessages > 0);
      await watched.page.screenshot({ path: `${OUTPUT_DIR}/play-network-${scheme}.png`, fullPage: true });
      // Close up on the fork point: the fork's arrows over the original's greyed ones.
      await watched.page.evaluate(() => {
        const view = (window as unknown as Playground).faultlinePlayground.view as unknown as { viewport: { show(a: number, b: number): void }; drawNow(): number };
        view.viewport.show(1_100_000, 1_700_000);
        view.drawNow();
      });
      await watched.page.locator('.fl-left').screenshot({ path: `${OUTPUT_DIR}/play-network-${scheme}-fork-point.png` });
      assert.deepEqual([watched.pageErrors, watched.consoleErrors], [[], []]);
      await watched.page.close();
    }
  });
});
