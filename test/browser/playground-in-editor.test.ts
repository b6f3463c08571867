/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (The page-side callbacks passed to page.evaluate run in the browser and use DOM types.)

// The playground as the VS Code panel runs it: assets by URI under a strict CSP, a stand-in for
// acquireVsCodeApi that records what the page posts, and the host's messages sent in. The
// simulation runs in the page's Web Worker; tests wait on the messages the page posts back.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../webview/messages.ts';
import { playgroundHtml } from '../../webview/html.ts';
import { compile } from '../../core/language/index.ts';
import { decodeRun, encodeRun } from '../../webview/model/packed-run.ts';
import { playgroundReport, runAndPack, verdictsOf } from '../../webview/run-and-pack.ts';
import type { RunVerdicts } from '../../webview/worker-protocol.ts';
import { buildWebviewBundle, launchChromium, openWatchedPage, OUTPUT_DIR, type WatchedPage } from './browser.ts';

const SCENARIO = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');
const SOURCE = { documentUri: 'file:///work/everything-on-one-timeline.fault', fileName: 'everything-on-one-timeline.fault' };

/** The id the host gives the run it makes for a panel it creates. */
const HOST_RUN_ID = 7;

/** The host's answer to a run it made (client/prepared-run.ts), sent in as the host would. */
function sendPrepared(watched: WatchedPage, runId: number, run: Uint8Array | { failed: string }): Promise<void> {
  const payload = run instanceof Uint8Array ? { runId, base64: Buffer.from(run).toString('base64') } : { runId, failed: run.failed };
  // A string body: the test runner's transpiler would add helpers the page lacks.
  return watched.page.evaluate(`(() => {
    const p = ${JSON.stringify(payload)};
    if (p.failed !== undefined) return window.postMessage({ type: 'prepared-run', runId: p.runId, failed: p.failed }, '*');
    const binary = atob(p.base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    window.postMessage({ type: 'prepared-run', runId: p.runId, run: bytes }, '*');
  })()`);
}

/** Every path the page asked the server for, in order. */
const requested: string[] = [];

/** Serves the built webview like a webview resource root: only the three bundle files. */
function serveBundle(): Promise<{ server: Server; origin: string }> {
  const files: Record<string, [string, string]> = {
    '/webview.js': ['dist/webview.js', 'text/javascript'],
    '/webview.css': ['dist/webview.css', 'text/css'],
    '/webview-worker.js': ['dist/webview-worker.js', 'text/javascript'],
  };
  const server = createServer((request, response) => {
    requested.push(request.url ?? '');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (request.url === '/index.html' || request.url === '/created-for-a-run.html' || request.url === '/created-for-a-host-run.html') {
      // The page the host creates carries the worker's script, as client/playground-html.ts does.
      const inlineWorker = request.url !== '/index.html';
      const html = playgroundHtml({
        // The page VS Code shows when the host creates the panel for a run: the run is in it, and
        // the extension host may be making it meanwhile (client/prepared-run.ts).
        ...(request.url === '/created-for-a-run.html' ? { run: { type: 'run-scenario' as const, source: SOURCE, text: SCENARIO } } : {}),
        ...(request.url === '/created-for-a-host-run.html' ? { run: { type: 'run-scenario' as const, source: SOURCE, text: SCENARIO, hostRunId: HOST_RUN_ID } } : {}),
        nonce: randomBytes(16).toString('base64'),
        title: 'Faultline playground',
        script: { uri: `${origin}/webview.js` },
        style: { uri: `${origin}/webview.css` },
        workerUri: inlineWorker ? null : `${origin}/webview-worker.js`,
        ...(inlineWorker ? { workerScript: readFileSync('dist/webview-worker.js', 'utf8') } : {}),
        cspSource: origin,
        mode: 'vscode',
      });
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    if (request.url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = files[request.url ?? ''];
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file[1] }).end(readFileSync(file[0]));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

async function openPanel(browser: Browser, origin: string, initScript = '', path = '/index.html'): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser);
  if (initScript !== '') await watched.page.addInitScript(initScript);
  // A string, not a function: the test runner's transpiler would add helpers the page lacks.
  await watched.page.addInitScript(`
    const posted = [];
    let state = window.__initialState ?? null;
    window.__posted = posted;
    window.acquireVsCodeApi = () => ({ postMessage: (m) => posted.push(m), getState: () => state, setState: (s) => { state = s; } });
  `);
  await watched.page.goto(`${origin}${path}`);
  try {
    await waitForPosted(watched, 'ready');
  } catch (error) {
    throw new Error(`the page never said ready: ${JSON.stringify({ console: watched.consoleErrors, errors: watched.pageErrors })}`);
  }
  return watched;
}

function send(watched: WatchedPage, message: HostToWebviewMessage | Record<string, unknown>): Promise<void> {
  return watched.page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Waits until the page has posted `count` messages of this type and returns the last one. */
async function waitForPosted<T extends WebviewToHostMessage['type']>(watched: WatchedPage, type: T, count = 1): Promise<Extract<WebviewToHostMessage, { type: T }>> {
  const handle = await watched.page.waitForFunction(
    ([t, n]) => {
      const of = ((window as unknown as { __posted: Array<{ type: string }> }).__posted ?? []).filter((m) => m.type === t);
      return of.length >= (n as number) ? of[(n as number) - 1] : null;
    },
    [type, count] as const,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as Extract<WebviewToHostMessage, { type: T }>;
}

function posted(watched: WatchedPage): Promise<WebviewToHostMessage[]> {
  return watched.page.evaluate(() => (window as unknown as { __posted: WebviewToHostMessage[] }).__posted);
}

describe('playground panel (VS Code mode) with its simulation worker', function () {
  let browser: Browser;
  let server: Server;
  let origin: string;

  before(async function () {
    await buildWebviewBundle();
    ({ server, origin } = await serveBundle());
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
    server?.close();
  });

  it('runs a scenario the host sends in a worker and reports the outcome back', async function () {
    const watched = await openPanel(browser, origin);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    const finished = await waitForPosted(watched, 'run-finished');
    assert.equal(finished.summary.scenario, 'everything on one timeline');
    assert.equal(finished.summary.seed, 7);
    assert.deepEqual([finished.summary.passed, finished.summary.failed, finished.summary.undecided], [2, 1, 0]);
    assert.equal(await watched.page.locator('.fl-scenario-name').textContent(), 'everything on one timeline');
    assert.equal(await watched.page.locator('.fl-verdicts ul').first().locator('.fl-verdict').count(), 3, 'the three expectations of the scenario');
    const started = (await posted(watched)).find((m) => m.type === 'run-started');
    assert.deepEqual(started, { type: 'run-started', scenario: null, seed: null });
    await watched.page.screenshot({ path: `${OUTPUT_DIR}/panel-after-run.png`, fullPage: true });
    assert.deepEqual(watched.consoleErrors, [], 'no CSP violation or script error');
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('the seed field re-runs the same scenario with another seed', async function () {
    const watched = await openPanel(browser, origin);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    await waitForPosted(watched, 'run-finished');
    await watched.page.locator('.fl-seed-input').fill('99');
    await watched.page.locator('.fl-seed-input').press('Enter');
    const second = await waitForPosted(watched, 'run-finished', 2);
    assert.equal(second.summary.seed, 99);
    assert.match(await watched.page.locator('.fl-seed').textContent() ?? '', /seed 99/);
    await watched.page.close();
  });

  it('the simulation worker is started before the first run is asked for, and the next run reuses it with the same outcome', async function () {
    // Every Worker the page makes, and how many 'run' requests each one was sent.
    const watched = await openPanel(
      browser,
      origin,
      `const made = []; window.__workers = made; const Native = window.Worker;
       window.Worker = class extends Native {
         constructor(url, options) { super(url, options); this.__id = made.length; made.push({ runs: 0 }); }
         postMessage(message, transfer) { if (message && message.type === 'run') made[this.__id].runs++; return super.postMessage(message, transfer); }
       };`,
    );
    await watched.page.waitForFunction(() => (window as unknown as { __workers: unknown[] }).__workers.length === 1, undefined, { timeout: 30_000 });
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    const first = await waitForPosted(watched, 'run-finished');
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    const second = await waitForPosted(watched, 'run-finished', 2);
    const workers = await watched.page.evaluate(() => (window as unknown as { __workers: Array<{ runs: number }> }).__workers);
    assert.deepEqual(workers.filter((w) => w.runs > 0), [{ runs: 2 }], 'both runs went to one worker');
    assert.equal(workers[0]!.runs, 2, 'the worker made before any run');
    assert.deepEqual({ ...second.summary, wallMs: 0 }, { ...first.summary, wallMs: 0 }, 'the kept worker computes the same run again');
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a panel created for a run starts that run from its own page, before the host sends anything, and tells the host so', async function () {
    requested.length = 0;
    const watched = await openPanel(browser, origin, '', '/created-for-a-run.html');
    const ready = await waitForPosted(watched, 'ready');
    assert.equal(ready.startedRun, true);
    const finished = await waitForPosted(watched, 'run-finished');
    assert.equal(finished.summary.scenario, 'everything on one timeline');
    assert.equal(await watched.page.locator('.fl-scenario-name').textContent(), 'everything on one timeline');
    // The simulator came with the page: its worker script was never fetched (the round trip
    // through the webview's resource loading is what the inline script saves).
    assert.ok(!requested.includes('/webview-worker.js'), `requested: ${requested.join(', ')}`);
    // Time travel's worker starts from the same inline script.
    await watched.page.getByText(/Time travel ready/).waitFor({ timeout: 60_000 });
    assert.ok(!requested.includes('/webview-worker.js'));
    assert.deepEqual(watched.pageErrors, []);
    assert.deepEqual(watched.consoleErrors, []);
    await watched.page.close();
  });

  it('a panel created for a run the host makes waits for the host and draws the packed run it sends, without running it itself', async function () {
    const watched = await openPanel(browser, origin, '', '/created-for-a-host-run.html');
    assert.equal((await waitForPosted(watched, 'ready')).startedRun, true);
    await waitForPosted(watched, 'run-started');
    // The host's run, made in Node (client/run-worker.ts does exactly this) — with seed 99, so what
    // the page shows can only have come from these bytes: the page itself would run seed 7.
    const config = compile(SCENARIO).config!;
    await sendPrepared(watched, HOST_RUN_ID, runAndPack(config, { seed: 99 }));
    const finished = await waitForPosted(watched, 'run-finished');
    assert.equal(finished.summary.seed, 99);
    assert.equal(finished.summary.scenario, 'everything on one timeline');
    assert.equal(await watched.page.locator('.fl-verdicts ul').first().locator('.fl-verdict').count(), 3);
    assert.equal((await posted(watched)).filter((m) => m.type === 'run-finished').length, 1, 'one run shown, not the page’s own as well');
    // Time travel opens on the run shown (the play worker re-runs seed 99, not the file's seed 7).
    await watched.page.getByText(/Time travel ready/).waitFor({ timeout: 60_000 });
    assert.deepEqual(watched.pageErrors, []);
    assert.deepEqual(watched.consoleErrors, []);
    await watched.page.close();
  });

  it('the host’s verdicts, sent ahead of its packed run, are on screen before it and stay when it comes; another id’s are not shown', async function () {
    const watched = await openPanel(browser, origin, '', '/created-for-a-host-run.html');
    await waitForPosted(watched, 'run-started');
    // As client/run-worker.ts makes them for a big run: the verdicts when graded, then the packed run.
    const report = playgroundReport(compile(SCENARIO).config!, { seed: 99 });
    const verdicts: RunVerdicts = verdictsOf({ ...report, events: report.stats.events });
    const packed = encodeRun(report);
    const pendingVerdicts = () =>
      watched.page.evaluate(() => ({
        pending: document.querySelector('.fl-run-pending .fl-verdicts')?.outerHTML ?? null,
        diagram: document.querySelector('canvas.fl-diagram') !== null,
        shown: document.querySelector('.fl-shown')?.textContent ?? '',
      }));
    await send(watched, { type: 'prepared-verdicts', runId: HOST_RUN_ID + 1, verdicts: verdicts! });
    await send(watched, { type: 'prepared-verdicts', runId: HOST_RUN_ID, verdicts: verdicts! });
    await watched.page.waitForFunction(() => document.querySelector('.fl-run-pending .fl-verdicts') !== null);
    const early = await pendingVerdicts();
    assert.equal(early.diagram, false, 'only the verdicts came');
    assert.equal(early.shown, 'everything-on-one-timeline.fault › everything on one timeline · seed 99');
    assert.match(early.pending!, /Verdicts — 2 broken/);
    assert.equal(await watched.page.locator('.fl-verdicts').count(), 1, 'the other id’s verdicts were not shown');
    await sendPrepared(watched, HOST_RUN_ID, packed);
    const finished = await waitForPosted(watched, 'run-finished');
    assert.equal(finished.summary.seed, 99);
    const final = await watched.page.evaluate(() => ({ verdicts: document.querySelector('.fl-verdicts')?.outerHTML ?? '', count: document.querySelectorAll('.fl-verdicts').length, pending: document.querySelector('.fl-run-pending') !== null }));
    assert.deepEqual(final, { verdicts: early.pending, count: 1, pending: false }, 'the verdicts shown early are the ones that stay');
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('when the host could not make the run, the page runs it in its own worker after all', async function () {
    const watched = await openPanel(browser, origin, '', '/created-for-a-host-run.html');
    await waitForPosted(watched, 'run-started');
    await sendPrepared(watched, HOST_RUN_ID, { failed: 'the run worker stopped early (exit code 1)' });
    const finished = await waitForPosted(watched, 'run-finished');
    assert.deepEqual([finished.summary.seed, finished.summary.passed, finished.summary.failed], [7, 2, 1]);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a host run answered after it was cancelled, or under another id, is not shown', async function () {
    const watched = await openPanel(browser, origin, '', '/created-for-a-host-run.html');
    await waitForPosted(watched, 'run-started');
    const packed = runAndPack(compile(SCENARIO).config!, { seed: 99 });
    await sendPrepared(watched, HOST_RUN_ID + 1, packed);
    await send(watched, { type: 'cancel-run' });
    assert.equal((await waitForPosted(watched, 'run-failed')).reason, 'cancelled');
    await sendPrepared(watched, HOST_RUN_ID, packed);
    // The page answers the next message only after it handled the answers above.
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    const finished = await waitForPosted(watched, 'run-finished');
    assert.equal(finished.summary.seed, 7, 'the page’s own run, not the stale seed-99 answer');
    assert.equal((await posted(watched)).filter((m) => m.type === 'run-finished').length, 1);
    await watched.page.close();
  });

  it('Node and Chromium make the same run of every sample, event for event (the host may make the run the page draws)', async function () {
    this.timeout(120_000);
    const watched = await openPanel(browser, origin);
    const worker = readFileSync('dist/webview-worker.js', 'utf8');
    for (const file of readdirSync('samples').filter((f) => f.endsWith('.fault')).sort()) {
      const text = readFileSync(`samples/${file}`, 'utf8');
      const fromChromium: string = await watched.page.evaluate(
        `new Promise((resolve, reject) => {
          const w = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(worker)}], { type: 'text/javascript' })));
          w.onerror = (e) => reject(new Error(e.message));
          w.onmessage = (e) => {
            if (e.data.type === 'progress' || e.data.type === 'verdicts') return;
            w.terminate();
            if (e.data.type !== 'done') return reject(new Error(e.data.message));
            let s = '';
            for (const b of e.data.run) s += String.fromCharCode(b);
            resolve(btoa(s));
          };
          w.postMessage({ type: 'run', text: ${JSON.stringify(text)} });
        })`,
      );
      const fromNode = decodeRun(runAndPack(compile(text).config!, {}));
      const fromPage = decodeRun(new Uint8Array(Buffer.from(fromChromium, 'base64')));
      fromNode.report.stats.wallMs = 0;
      fromPage.report.stats.wallMs = 0;
      assert.deepEqual(fromPage.report, fromNode.report, file);
      // The trace is read out of its columns on first use: every event, field by field.
      assert.deepEqual(fromPage.report.trace, fromNode.report.trace, `${file}: the trace`);
      assert.ok(fromNode.report.trace.length > 0, file);
    }
    await watched.page.close();
  });

  it('a panel page that VS Code reloads (it has saved state) leaves the run to the host instead of re-running its first one', async function () {
    const watched = await openPanel(browser, origin, `window.__initialState = { documentUri: ${JSON.stringify(SOURCE.documentUri)}, scenario: 'everything on one timeline', seed: 7 };`, '/created-for-a-run.html');
    const ready = await waitForPosted(watched, 'ready');
    assert.equal(ready.startedRun, undefined);
    // A started run says so in the same task as 'ready' (run-started): nothing of the kind was posted.
    assert.deepEqual((await posted(watched)).map((m) => m.type), ['ready']);
    await watched.page.close();
  });

  it('the seed field refuses 99999999999999999999 (past the safe integers) like the CLI, and runs nothing', async function () {
    const watched = await openPanel(browser, origin);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    await waitForPosted(watched, 'run-finished');
    for (const typed of ['99999999999999999999', '1e3', '-1']) {
      await watched.page.locator('.fl-seed-input').fill(typed);
      await watched.page.locator('.fl-seed-input').press('Enter');
      assert.match(await watched.page.locator('.fl-status').textContent() ?? '', /Not run: a seed is a whole number from 0 to 9007199254740991/, `${typed} is refused`);
      assert.equal(await watched.page.locator('.fl-seed-input').getAttribute('aria-invalid'), 'true');
    }
    assert.equal((await posted(watched)).filter((m) => m.type === 'run-started').length, 1, 'only the host\'s run started');
    assert.match(await watched.page.locator('.fl-seed').textContent() ?? '', /seed 7/, 'the shown run is unchanged');
    await watched.page.close();
  });

  it('clicking a verdict’s line asks the host to reveal that scenario line', async function () {
    const watched = await openPanel(browser, origin);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    await waitForPosted(watched, 'run-finished');
    await watched.page.locator('.fl-verdict-broken .fl-source-link').first().click();
    const reveal = await waitForPosted(watched, 'reveal-line');
    const line = SCENARIO.split('\n').findIndex((text) => text.trim() === 'no writes commit') + 1;
    assert.deepEqual(reveal, { type: 'reveal-line', line, documentUri: SOURCE.documentUri });
    await watched.page.close();
  });

  it('the editor’s cursor line highlights that line’s events', async function () {
    const watched = await openPanel(browser, origin);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    await waitForPosted(watched, 'run-finished');
    const line = SCENARIO.split('\n').findIndex((text) => text.includes('crash n3')) + 1;
    await send(watched, { type: 'highlight-line', line });
    const highlighted = await watched.page.waitForFunction((l) => (window as unknown as { faultlinePlayground: { view: { highlightedLine: number | null } } }).faultlinePlayground.view.highlightedLine === l, line);
    assert.ok(await highlighted.jsonValue());
    // On an expectation's line, that verdict is marked.
    const expectLine = SCENARIO.split('\n').findIndex((text) => text.trim() === 'one leader per term') + 1;
    await send(watched, { type: 'highlight-line', line: expectLine });
    await watched.page.waitForSelector('.fl-verdict.fl-line-highlight');
    assert.equal(await watched.page.locator('.fl-verdict.fl-line-highlight .fl-verdict-title').textContent(), 'one leader per term');
    await watched.page.close();
  });

  it('the export buttons ask the host to write the shown run', async function () {
    const watched = await openPanel(browser, origin);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO, seed: 5 });
    await waitForPosted(watched, 'run-finished');
    await watched.page.locator('button', { hasText: 'Export HTML' }).click();
    assert.deepEqual(await waitForPosted(watched, 'export'), { type: 'export', what: 'html-report', scenario: 'everything on one timeline', seed: 5 });
    await watched.page.locator('button', { hasText: 'Export history (EDN)' }).click();
    assert.deepEqual(await waitForPosted(watched, 'export', 2), { type: 'export', what: 'history-edn', scenario: 'everything on one timeline', seed: 5 });
    await watched.page.close();
  });

  it('a long run reports progress, keeps the page responsive and can be cancelled', async function () {
    const watched = await openPanel(browser, origin);
    const long = SCENARIO.replace('run for 4s', 'run for 3000s');
    await send(watched, { type: 'run-scenario', source: SOURCE, text: long });
    const progress = await waitForPosted(watched, 'run-progress');
    assert.ok(progress.simulatedUs > 0 && progress.totalUs === 3_000_000_000, JSON.stringify(progress));
    // The UI thread answers while the worker simulates.
    assert.equal(await watched.page.evaluate(() => document.querySelector('.fl-progress')?.hasAttribute('hidden')), false);
    await watched.page.locator('button', { hasText: 'Cancel' }).click();
    const failed = await waitForPosted(watched, 'run-failed');
    assert.equal(failed.reason, 'cancelled');
    assert.equal((await posted(watched)).filter((m) => m.type === 'run-finished').length, 0);
    await watched.page.close();
  });

  it('a scenario that does not compile is reported, not run', async function () {
    const watched = await openPanel(browser, origin);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO.replace('nodes n1, n2, n3', 'nodes n1, n2, n3\n    bogus option 12') });
    const failed = await waitForPosted(watched, 'run-failed');
    assert.equal(failed.reason, 'compile-error');
    assert.match(failed.message, /does not compile/);
    await watched.page.close();
  });

  it('a report it cannot draw is reported as such, and the page keeps working', async function () {
    const watched = await openPanel(browser, origin);
    await send(watched, { type: 'show-report', report: { trace: [] } });
    const logged = await waitForPosted(watched, 'log');
    assert.equal(logged.level, 'error');
    assert.match(await watched.page.locator('.fl-banner-failed').textContent() ?? '', /This run cannot be shown/);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    await waitForPosted(watched, 'run-finished');
    assert.equal(await watched.page.getByText('This run cannot be shown').count(), 0, 'the new run replaced the message');
    assert.equal(await watched.page.locator('.fl-verdicts ul').first().locator('.fl-verdict').count(), 3);
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('a panel in a background tab, which gets no animation frames, still shows the run and reports it finished', async function () {
    const watched = await openPanel(browser, origin);
    // As VS Code hides a panel whose tab is not in front: hidden, and frames never come.
    // (A string: the test runner's transpiler would add helpers the page lacks.)
    await watched.page.evaluate(`Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' }); window.requestAnimationFrame = () => 0;`);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    const finished = await waitForPosted(watched, 'run-finished');
    assert.equal(finished.summary.scenario, 'everything on one timeline');
    assert.equal(await watched.page.locator('.fl-verdicts ul').first().locator('.fl-verdict').count(), 3, 'the panels are there too');
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });

  it('ignores messages that are not part of the protocol', async function () {
    const watched = await openPanel(browser, origin);
    await send(watched, { type: 'run-scenario', text: 42 });
    await send(watched, { type: 'eval', code: 'window.__faultlineInjected = 1' });
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO });
    await waitForPosted(watched, 'run-finished');
    const types = (await posted(watched)).map((m) => m.type);
    assert.deepEqual(types.filter((t) => t === 'run-started').length, 1, 'only the well-formed request ran');
    assert.equal(await watched.page.evaluate(() => (window as unknown as { __faultlineInjected?: number }).__faultlineInjected), undefined);
    await watched.page.close();
  });

  it('60 malformed and hostile host messages (fuzzed, fixed seed) leave the page working: no script error, no injected markup, the next run shown', async function () {
    this.timeout(240_000);
    const watched = await openPanel(browser, origin);
    const injected = '<img src=x onerror="window.__faultlineInjected=1"><script>window.__faultlineInjected=2</script>';
    const hostileText = SCENARIO.replace('everything on one timeline', injected).replace(/\n/g, '\r\n');
    const junk = fc.oneof(fc.constant(null), fc.integer(), fc.double(), fc.string({ maxLength: 20, unit: 'binary' }), fc.constant(Number.NaN), fc.constant(-1), fc.constant(1e308), fc.constant([]), fc.constant({}), fc.constant(injected));
    const message = fc.oneof(
      junk,
      fc.record({ type: fc.constantFrom('run-scenario', 'show-report', 'highlight-line', 'cancel-run', 'eval', '__proto__', ''), line: junk, text: junk, report: junk, source: junk }, { requiredKeys: ['type'] }),
      fc.record({ type: fc.constant('highlight-line'), line: fc.oneof(junk, fc.integer({ min: -5, max: 1e9 })) }),
      fc.record({ type: fc.constant('show-report'), report: fc.record({ trace: fc.oneof(junk, fc.constant([{ kind: 'send' }])), history: junk, scenario: fc.constant(injected), expectations: junk, stats: junk }, { requiredKeys: [] }) }),
      fc.record({ type: fc.constant('run-scenario'), source: fc.constant(SOURCE), text: fc.constantFrom(hostileText, '\u0000\u0000', '{'.repeat(5_000), 'scenario "x" {'), seed: fc.oneof(fc.constant(undefined), junk), maxEvents: fc.constantFrom(undefined, 0, -1, 1, 20_000) }, { requiredKeys: ['type', 'source', 'text'] }),
    );
    for (const m of fc.sample(message, { seed: 20_261_205, numRuns: 60 })) await send(watched, m as Record<string, unknown>);
    await send(watched, { type: 'run-scenario', source: SOURCE, text: SCENARIO, seed: 4242 });
    await watched.page.waitForFunction(
      () => ((window as unknown as { __posted: Array<{ type: string; summary?: { seed: number } }> }).__posted ?? []).some((m) => m.type === 'run-finished' && m.summary?.seed === 4242),
      undefined,
      { timeout: 120_000 },
    );
    assert.equal(await watched.page.locator('.fl-scenario-name').textContent(), 'everything on one timeline');
    assert.equal(await watched.page.evaluate(() => (window as unknown as { __faultlineInjected?: number }).__faultlineInjected), undefined, 'no markup from a message ran');
    assert.deepEqual(watched.pageErrors, []);
    await watched.page.close();
  });
});
