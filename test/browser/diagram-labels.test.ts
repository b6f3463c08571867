/// <reference lib="dom" />
// The diagram's labels never overlap (issue 16, "a diagram you can read"): at every zoom of a run
// with partitions, crashes, pauses and leader changes, no two drawn label boxes intersect; where
// two would have, one was shortened with "…" or left out. Screenshots in light and dark.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { reportCommand } from '../../cli/commands/report.ts';
import type { PlacedLabel } from '../../webview/render/label-placer.ts';
import { buildWebviewBundle, launchChromium, openWatchedPage, OUTPUT_DIR, type WatchedPage } from './browser.ts';

type Drawn = { labels: PlacedLabel[]; elided: number; hidden: number };

/** Shows [start, end] µs (null: the whole run), draws now and returns the frame's labels. */
function labelsAt(watched: WatchedPage, span: [number, number] | null): Promise<Drawn> {
  return watched.page.evaluate((w) => {
    const { view } = (window as unknown as { faultlinePlayground: { view: any } }).faultlinePlayground;
    if (w === null) view.viewport.fit();
    else view.viewport.show(w[0], w[1]);
    view.drawNow();
    return { labels: [...view.renderer.placedLabels], ...view.renderer.labelsGivenWay };
  }, span);
}

function overlapping(labels: readonly PlacedLabel[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i]!;
      const b = labels[j]!;
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs.push(`"${a.text}" × "${b.text}"`);
    }
  }
  return pairs;
}

describe('diagram labels and the node-state panel in headless Chromium', function () {
  let browser: Browser;
  let dir: string;

  before(async function () {
    await buildWebviewBundle();
    dir = mkdtempSync(join(tmpdir(), 'faultline-labels-'));
    assert.equal(await reportCommand.run(['test/browser/fixtures/everything-on-one-timeline.fault', '-o', join(dir, 'small.html')]), 0);
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`no two labels overlap at any zoom, and the ones that would have gave way (${scheme})`, async function () {
      const watched = await openWatchedPage(browser, { colorScheme: scheme, width: 1100 });
      await watched.page.goto(`file://${resolve(join(dir, 'small.html'))}`);
      await watched.page.waitForFunction(() => (window as unknown as { faultlinePlayground?: unknown }).faultlinePlayground !== undefined);
      let gaveWay = 0;
      // The whole run, the partition (1 s–3 s) with n3's crash, and the heal with the new leader.
      for (const span of [null, [800_000, 3_200_000], [2_500_000, 4_000_000], [900_000, 1_200_000]] as Array<[number, number] | null>) {
        const drawn = await labelsAt(watched, span);
        assert.ok(drawn.labels.some((l) => l.text.startsWith('⟂') || l.text.startsWith('leader')), `labels were drawn in ${JSON.stringify(span)}`);
        assert.ok(drawn.labels.some((l) => l.text === 'n1'), 'lane names are always drawn');
        assert.deepEqual(overlapping(drawn.labels), [], `no overlap in ${JSON.stringify(span)}`);
        gaveWay += drawn.elided + drawn.hidden;
      }
      assert.ok(gaveWay > 0, 'some label had to give way (this run has a partition label above a leader label)');
      await labelsAt(watched, [800_000, 3_200_000]);
      await watched.page.locator('.fl-diagram-box').screenshot({ path: `${OUTPUT_DIR}/diagram-labels-${scheme}.png` });
      // The node-state table sits beside the diagram, its top level with the diagram's top half.
      const table = await watched.page.locator('.fl-inspector').boundingBox();
      const diagram = await watched.page.locator('.fl-diagram-box').boundingBox();
      assert.ok(table !== null && diagram !== null && table.x >= diagram.x + diagram.width && table.y < diagram.y + diagram.height / 2, `node states at ${JSON.stringify(table)}, diagram at ${JSON.stringify(diagram)}`);
      await watched.page.screenshot({ path: `${OUTPUT_DIR}/playground-${scheme}.png` });
      assert.deepEqual([...watched.pageErrors, ...watched.consoleErrors], []);
      await watched.page.close();
    });
  }
});
