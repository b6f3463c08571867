/// <reference lib="dom" />
// The charts under the diagram in headless Chromium, on the retry-storm sample's report: every
// axis label is drawn whole inside its canvas, and the one outlier bucket of the storm is cut off
// instead of flattening the throughput chart. Screenshots in light and dark.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { reportCommand } from '../../cli/commands/report.ts';
import type { LabelBox } from '../../webview/ui/charts.ts';
import { buildWebviewBundle, launchChromium, openWatchedPage, OUTPUT_DIR, type WatchedPage } from './browser.ts';

type ChartsOnPage = { width: number; height: number; labels: LabelBox[] }[];

async function open(browser: Browser, path: string, colorScheme: 'light' | 'dark'): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser, { colorScheme, width: 1000 });
  await watched.page.goto(`file://${path}`);
  await watched.page.waitForFunction(() => (window as unknown as { faultlinePlayground?: { view: { charts: unknown } } }).faultlinePlayground?.view.charts != null);
  return watched;
}

function chartsOf(watched: WatchedPage): Promise<ChartsOnPage> {
  return watched.page.evaluate(() => {
    const { view } = (window as unknown as { faultlinePlayground: { view: any } }).faultlinePlayground;
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>('.fl-chart canvas')];
    return canvases.map((canvas, i) => ({ width: canvas.clientWidth, height: canvas.clientHeight, labels: view.charts.labelBoxes[i] as LabelBox[] }));
  });
}

describe('charts in headless Chromium', function () {
  let browser: Browser;
  let report: string;

  before(async function () {
    await buildWebviewBundle();
    report = resolve(join(mkdtempSync(join(tmpdir(), 'faultline-charts-')), 'storm.html'));
    assert.equal(await reportCommand.run(['samples/service-retry-storm.fault', '--scenario', 'service: retry storm', '-o', report]), 0);
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`every chart label lies whole inside its canvas (${scheme})`, async function () {
      const watched = await open(browser, report, scheme);
      const charts = await chartsOf(watched);
      assert.equal(charts.length, 3);
      for (const chart of charts) {
        assert.ok(chart.labels.length >= 4, 'y labels and x labels were drawn');
        for (const box of chart.labels) {
          assert.ok(box.left >= 0 && box.right <= chart.width, `"${box.text}" spans x ${box.left.toFixed(1)}..${box.right.toFixed(1)} of ${chart.width}`);
          assert.ok(box.top >= 0 && box.bottom <= chart.height, `"${box.text}" spans y ${box.top.toFixed(1)}..${box.bottom.toFixed(1)} of ${chart.height}`);
        }
      }
      await watched.page.locator('.fl-charts').screenshot({ path: `${OUTPUT_DIR}/charts-retry-storm-${scheme}.png` });
      assert.deepEqual([...watched.pageErrors, ...watched.consoleErrors], []);
      await watched.page.close();
    });
  }

  it('the retry storm\'s last bucket is cut off at the top, so the other buckets keep their height', async function () {
    const watched = await open(browser, report, 'light');
    const throughput = (await chartsOf(watched))[1]!;
    const texts = throughput.labels.map((box) => box.text);
    // Completions per second: 3 buckets a second (10 s in 60 buckets), 122 completions in the tallest ordinary one.
    assert.ok(texts.includes('366/s'), `the axis tops at the tallest ordinary bucket: ${texts.join(', ')}`);
    assert.ok(texts.some((t) => /^↑ \d+\/s$/.test(t)), 'the cut bucket says its own value');
    assert.match(await watched.page.locator('.fl-chart-summary').nth(1).textContent() ?? '', /1 bucket is far above the rest and cut off/);
    await watched.page.close();
  });
});
