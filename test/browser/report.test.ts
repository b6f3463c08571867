/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (The page-side callbacks passed to page.evaluate run in the browser and use DOM types.)

// The standalone HTML report in headless Chromium: what a person sees when they open the file a
// CI run attached. Each test generates the report with `faultline report` from a fixture, loads
// it over file:// and checks the page from the outside (DOM, canvas pixels, recorded events).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { renderReportHtml, reportCommand } from '../../cli/commands/report.ts';
import type { Report } from '../../core/types/report.ts';
import { buildWebviewBundle, launchChromium, openWatchedPage, OUTPUT_DIR, type WatchedPage } from './browser.ts';

const FIXTURE = 'test/browser/fixtures/everything-on-one-timeline.fault';
const HOSTILE = 'test/browser/fixtures/hostile-name.fault';

type PageModel = {
  lanes: string[];
  messageCopies: number;
  droppedCopies: number;
  visibleMessages: number;
  cursor: number;
  span: number;
  highlighted: number[];
};

/** Reads the playground's model through the page (the UI publishes it on window for tests). */
function pageModel(watched: WatchedPage): Promise<PageModel> {
  return watched.page.evaluate(() => {
    const { view } = (window as unknown as { faultlinePlayground: { view: any } }).faultlinePlayground;
    const fates: number[] = Array.from(view.model.messages.fate as Uint8Array);
    return {
      lanes: view.model.lanes.map((lane: { name: string }) => lane.name),
      messageCopies: view.model.messages.count,
      droppedCopies: fates.filter((fate) => fate === 1 || fate === 3).length,
      visibleMessages: view.renderer.lastFrame.visibleMessages,
      cursor: view.cursor,
      span: view.viewport.span,
      highlighted: [...view.highlightedOps],
    };
  });
}

async function writeReport(fixture: string, dir: string, name: string): Promise<{ path: string; report: Report }> {
  const path = join(dir, name);
  const code = await reportCommand.run([fixture, '-o', path]);
  assert.equal(code, 0, `faultline report ${fixture} exits 0`);
  const html = readFileSync(path, 'utf8');
  const json = /<script type="application\/json" id="faultline-report">([^<]*)<\/script>/.exec(html);
  assert.ok(json !== null, 'the report embeds its run as JSON');
  return { path: resolve(path), report: JSON.parse(json[1]!) as Report };
}

describe('HTML report in headless Chromium', function () {
  let browser: Browser;
  let dir: string;
  let fixture: { path: string; report: Report };

  before(async function () {
    await buildWebviewBundle();
    dir = mkdtempSync(join(tmpdir(), 'faultline-report-'));
    fixture = await writeReport(FIXTURE, dir, 'everything.html');
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
  });

  async function open(options: { colorScheme?: 'light' | 'dark'; path?: string } = {}): Promise<WatchedPage> {
    const watched = await openWatchedPage(browser, options);
    await watched.page.goto(`file://${options.path ?? fixture.path}`);
    await watched.page.waitForSelector('canvas.fl-diagram');
    await watched.page.waitForFunction(() => (window as unknown as { faultlinePlayground?: { view: { frameTimes: number[] } } }).faultlinePlayground?.view.frameTimes.length! > 0);
    return watched;
  }

  it('is one file that loads nothing from anywhere else', async function () {
    const html = readFileSync(fixture.path, 'utf8');
    assert.ok(!/<script[^>]+src=/.test(html), 'no external scripts');
    assert.ok(!/<link[^>]+href=/.test(html), 'no external stylesheets');
    assert.ok(/Content-Security-Policy" content="default-src &#39;none&#39;;.* script-src &#39;nonce-/.test(html), 'a strict CSP with a script nonce');
    const watched = await open();
    const elsewhere = watched.requests.filter((url) => url !== `file://${fixture.path}`);
    assert.deepEqual(elsewhere, [], 'the page requested nothing but itself');
    await watched.page.close();
  });

  it('draws one lane per node and per client, and every message copy of the run', async function () {
    const watched = await open();
    const model = await pageModel(watched);
    assert.deepEqual(model.lanes, ['n1', 'n2', 'n3', 'alice', 'bob']);
    const { sent, duplicated, dropped } = fixture.report.stats.messages;
    assert.ok(duplicated > 0 && dropped > 0, 'the fixture duplicates and drops messages');
    assert.equal(model.messageCopies, sent + duplicated, 'a duplicated message is two arrows');
    assert.equal(model.droppedCopies, dropped, 'every drop is marked');
    assert.equal(model.visibleMessages, model.messageCopies, 'the fitted view shows every message');
    // The canvas is not blank: many pixels differ from its top-left background pixel.
    const painted = await watched.page.evaluate(() => {
      const canvas = document.querySelector('canvas.fl-diagram') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let differing = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) differing++;
      return differing;
    });
    assert.ok(painted > 10_000, `the diagram paints (${painted} pixels)`);
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/report-light.png`, fullPage: true });
    assert.deepEqual(watched.consoleErrors, []);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('lists every expectation with its verdict, broken ones first', async function () {
    const watched = await open();
    // The scenario's own expectations come first, broken ones at the top; then the checkers' verdicts.
    const titles = await watched.page.locator('.fl-verdict .fl-verdict-title').allTextContents();
    const expectations = fixture.report.expectations;
    assert.deepEqual([...titles.slice(0, expectations.length)].sort(), expectations.map((e) => e.text).sort());
    assert.equal(titles[0], 'no writes commit');
    const checkers = (fixture.report.verdicts as unknown as { list?: Array<{ name: string; holds: boolean | null }> } | undefined)?.list ?? [];
    assert.deepEqual([...titles.slice(expectations.length)].sort(), checkers.map((v) => v.name.replace(/-/g, ' ')).sort());
    const brokenCount = expectations.filter((e) => e.holds === false).length + checkers.filter((v) => v.holds === false).length;
    assert.equal(await watched.page.locator('.fl-verdict-broken').count(), brokenCount);
    // The CAP/PACELC card: the static class and what this run observed during its partition.
    const classification = fixture.report.classification as unknown as { static: { cap: string; pacelc: string }; observed?: { pacelc?: string } };
    const badges = await watched.page.locator('.fl-cap .fl-badge').allTextContents();
    assert.deepEqual(badges.slice(0, 2), [classification.static.cap, classification.static.pacelc]);
    if (classification.observed?.pacelc !== undefined) assert.equal(badges[2], classification.observed.pacelc, 'the observed class is shown beside the configured one');
    assert.match(await watched.page.locator('.fl-cap').textContent() ?? '', /Observed in this run/);
    await watched.page.close();
  });

  it('clicking a broken verdict highlights its operations and moves the cursor to when it broke', async function () {
    const watched = await open();
    const broken = fixture.report.expectations.find((e) => e.holds === false)!;
    assert.ok(broken.operations !== undefined && broken.operations.length > 0 && broken.at !== undefined);
    const before = await pageModel(watched);
    await watched.page.locator('.fl-verdict-broken').first().click();
    const after = await pageModel(watched);
    assert.equal(after.cursor, broken.at);
    assert.equal(after.highlighted.length, broken.operations.length, 'each evidence operation is outlined');
    assert.ok(after.span < before.span, 'the view zooms to the evidence');
    assert.match(await watched.page.locator('.fl-details').textContent() ?? '', /no writes commit/);
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/report-verdict-clicked.png`, fullPage: true });
    await watched.page.close();
  });

  it('pointing at an arrow names the message, and clicking a fault shows its scenario line', async function () {
    const watched = await open();
    // Zoom in on the first second so single arrows are apart, then aim at one.
    const target = await watched.page.evaluate(() => {
      const { view } = (window as unknown as { faultlinePlayground: { view: any } }).faultlinePlayground;
      view.viewport.show(200_000, 260_000);
      view.drawNow();
      const table = view.model.messages;
      for (let i = 0; i < table.count; i++) {
        if (table.sendT[i] < 205_000 || table.fate[i] !== 0 || table.fromLane[i] >= 3 || table.toLane[i] >= 3) continue;
        const [x0, y0, x1, y1] = view.renderer.messageEnds(i) as number[];
        if (x1 - x0 < 20) continue;
        const box = (document.querySelector('canvas.fl-diagram') as HTMLCanvasElement).getBoundingClientRect();
        return { x: box.left + (x0 + x1) / 2, y: box.top + (y0 + y1) / 2, type: table.types[table.typeIndex[i]] as string };
      }
      return null;
    });
    assert.ok(target !== null, 'a message to aim at');
    await watched.page.mouse.move(target.x, target.y);
    await watched.page.waitForFunction((type) => document.querySelector('.fl-details')?.textContent?.includes(type), target.type);

    const partition = await watched.page.evaluate(() => {
      const { view } = (window as unknown as { faultlinePlayground: { view: any } }).faultlinePlayground;
      view.viewport.fit();
      view.drawNow();
      const marker = view.model.markers.find((m: { kind: string }) => m.kind === 'partition');
      const box = (document.querySelector('canvas.fl-diagram') as HTMLCanvasElement).getBoundingClientRect();
      return { x: box.left + view.viewport.x(marker.t), y: box.top + view.renderer.layout.lanesTop + 2, line: marker.line as number };
    });
    await watched.page.mouse.click(partition.x, partition.y);
    assert.match(await watched.page.locator('.fl-details').textContent() ?? '', /partition: n1 \| n2, n3.*scenario line/);
    assert.match(await watched.page.locator('.fl-details .fl-source-link').textContent() ?? '', new RegExp(`line ${partition.line}$`));
    // Standalone, there is no editor to reveal the line in; the top bar names it instead.
    assert.equal(await watched.page.locator('.fl-status').textContent(), `→ scenario line ${partition.line}`);
    await watched.page.close();
  });

  it('carries its scenario file, and a verdict\'s "line N" link scrolls to and marks that line of it', async function () {
    const watched = await open();
    const fileLines = readFileSync(FIXTURE, 'utf8').replace(/\n$/, '').split('\n');
    const shown = await watched.page.locator('.fl-source-lines li').allTextContents();
    assert.deepEqual(shown, fileLines, 'every line of the file, in order');
    assert.match(await watched.page.locator('.fl-source h2').textContent() ?? '', /everything-on-one-timeline\.fault/);
    const link = watched.page.locator('.fl-verdict .fl-source-link').first();
    const line = Number((await link.textContent())!.replace('line ', ''));
    assert.ok(line > 1);
    await link.click();
    const marked = watched.page.locator('.fl-source-current');
    assert.equal(await marked.count(), 1, 'one line is marked');
    assert.equal(await marked.getAttribute('id'), `fl-source-line-${line}`);
    assert.equal(await marked.textContent(), fileLines[line - 1]);
    // Scrolled into view: the marked line lies inside the viewport.
    const box = await marked.boundingBox();
    assert.ok(box !== null && box.y >= 0 && box.y + box.height <= 1000, `line ${line} is on screen (y ${box?.y})`);
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/report-source-line.png` });
    await watched.page.close();
  });

  it('the keyboard steps through events, zooms and fits', async function () {
    const watched = await open();
    await watched.page.locator('.fl-diagram-box').focus();
    await watched.page.keyboard.press('ArrowRight');
    const stepped = await pageModel(watched);
    const firstEventAfterStart = Math.min(...fixture.report.trace.map((e) => e.t).filter((t) => t > 0));
    assert.equal(stepped.cursor, firstEventAfterStart);
    await watched.page.keyboard.press('+');
    const zoomed = await pageModel(watched);
    assert.ok(zoomed.span < stepped.span);
    await watched.page.keyboard.press('0');
    assert.equal((await pageModel(watched)).span, stepped.span);
    await watched.page.keyboard.press('End');
    const inspectorHeading = await watched.page.locator('.fl-inspector h2').textContent();
    assert.equal(inspectorHeading, 'At 4s');
    await watched.page.close();
  });

  it('Play advances the cursor through time and Pause stops it', async function () {
    const watched = await open();
    await watched.page.locator('.fl-controls select').selectOption({ label: '0.1×' });
    await watched.page.locator('.fl-controls button', { hasText: 'Play' }).click();
    await watched.page.waitForFunction(() => (window as unknown as { faultlinePlayground: { view: { cursor: number } } }).faultlinePlayground.view.cursor > 20_000);
    await watched.page.locator('.fl-controls button', { hasText: 'Pause' }).click();
    const stopped = (await pageModel(watched)).cursor;
    // Two animation frames later the cursor has not moved.
    await watched.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))));
    assert.equal((await pageModel(watched)).cursor, stopped);
    assert.ok(Math.abs(Number(await watched.page.locator('.fl-scrubber').inputValue()) - stopped) < 1, 'the scrubber shows the cursor');
    await watched.page.close();
  });

  it('the inspector shows each node’s role, term, log and commit index at the cursor', async function () {
    const watched = await open();
    await watched.page.locator('.fl-diagram-box').focus();
    await watched.page.keyboard.press('End');
    const rows = await watched.page.locator('.fl-inspector tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((cell) => (cell as Element).textContent)));
    const header = await watched.page.locator('.fl-inspector thead th').allTextContents();
    assert.deepEqual(header.slice(0, 5), ['node', 'status', 'role', 'term', 'leader']);
    assert.ok(header.includes('commit') && header.includes('log') && header.includes('clock'));
    assert.deepEqual(rows.map((row) => row[0]), ['n1', 'n2', 'n3']);
    // The final state of each node, as its last state event says.
    for (const row of rows) {
      const last = [...fixture.report.trace].reverse().find((e) => e.kind === 'state' && e.node === row[0]) as { state: Record<string, unknown> };
      assert.equal(row[2], String(last.state.role));
      assert.equal(row[3], String(last.state.term));
    }
    await watched.page.close();
  });

  it('follows a dark colour scheme when opened outside the editor', async function () {
    const watched = await open({ colorScheme: 'dark' });
    const background = await watched.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(30, 30, 30)');
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/report-dark.png`, fullPage: true });
    await watched.page.close();
  });

  it('a large run embedded packed and gzip-compressed opens to the same diagram as plain JSON', async function () {
    const html = await renderReportHtml(fixture.report, { compress: true });
    assert.ok(html !== null && !html.includes('id="faultline-report"') && html.includes('id="faultline-run"'));
    const path = join(dir, 'compressed.html');
    writeFileSync(path, html);
    const watched = await open({ path });
    const model = await pageModel(watched);
    assert.deepEqual(model.lanes, ['n1', 'n2', 'n3', 'alice', 'bob']);
    assert.equal(model.messageCopies, fixture.report.stats.messages.sent + fixture.report.stats.messages.duplicated);
    assert.equal(await watched.page.locator('.fl-verdict').count(), await (await open()).page.locator('.fl-verdict').count());
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a run whose trace hit its cap says in the summary up to when messages are drawn', async function () {
    const { compile } = await import('../../core/language/index.ts');
    const { runScenario } = await import('../../core/run.ts');
    const { config } = compile(readFileSync(FIXTURE, 'utf8'));
    assert.ok(config !== null);
    const report = runScenario(config, { maxTraceEvents: 300 });
    const note = report.trace.find((e) => e.kind === 'note' && e.text.startsWith('trace trimmed'));
    assert.ok(note !== undefined, 'the capped trace says it was trimmed');
    const html = await renderReportHtml(report);
    assert.ok(html !== null);
    const path = join(dir, 'trimmed.html');
    writeFileSync(path, html);
    const watched = await open({ path });
    const stats = await watched.page.locator('.fl-stats').textContent();
    assert.match(stats ?? '', /messages drawn up to [0-9.]+m?s \(the trace's cap\)/);
    assert.doesNotMatch((await (await open()).page.locator('.fl-stats').textContent()) ?? '', /messages drawn up to/, 'an uncapped run says nothing');
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a scenario named <img src=x onerror=...> is shown as text and runs nothing', async function () {
    const hostile = await writeReport(HOSTILE, dir, 'hostile.html');
    const watched = await open({ path: hostile.path });
    assert.equal(await watched.page.locator('img').count(), 0, 'no img element exists');
    assert.equal(await watched.page.locator('script:not([nonce]):not([type="application/json"])').count(), 0, 'no injected script element');
    const name = await watched.page.locator('.fl-scenario-name').textContent();
    assert.equal(name, hostile.report.scenario);
    assert.ok(name!.startsWith('<img src=x onerror='));
    assert.equal(await watched.page.evaluate(() => (window as unknown as { __faultlineInjected?: number }).__faultlineInjected), undefined, 'the handler never ran');
    assert.deepEqual(watched.dialogs, [], 'no alert was shown');
    assert.equal(await watched.page.title(), `Faultline — ${hostile.report.scenario}`);
    const inlineHandlers = await watched.page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length);
    assert.equal(inlineHandlers, 0, 'no element carries an inline handler');
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/report-hostile-name.png` });
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });
});
