/// <reference lib="dom" />
// The playground as the VS Code panel runs it, for browser tests: the built bundles served like a
// webview resource root, the page under its strict CSP, a stand-in for acquireVsCodeApi that
// records what the page posts, and helpers to send the host's messages and wait for the page's.
// (The same setup as playground-in-editor.test.ts, shared for the tests written after it.)

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../webview/messages.ts';
import { playgroundHtml } from '../../webview/html.ts';
import { buildWebviewBundle, launchChromium, openWatchedPage, type WatchedPage } from './browser.ts';

export function serveBundle(): Promise<{ server: Server; origin: string }> {
  const files: Record<string, [string, string]> = {
    '/webview.js': ['dist/webview.js', 'text/javascript'],
    '/webview.css': ['dist/webview.css', 'text/css'],
    '/webview-worker.js': ['dist/webview-worker.js', 'text/javascript'],
  };
  const server = createServer((request, response) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // /index.html?warmUp=0: the page as made with faultline.playground.warmUp off.
    if (request.url === '/index.html' || request.url === '/index.html?warmUp=0') {
      const html = playgroundHtml({
        nonce: randomBytes(16).toString('base64'),
        title: 'Faultline playground',
        script: { uri: `${origin}/webview.js` },
        style: { uri: `${origin}/webview.css` },
        workerUri: `${origin}/webview-worker.js`,
        cspSource: origin,
        mode: 'vscode',
        ...(request.url.endsWith('warmUp=0') ? { warmUp: false } : {}),
      });
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const file = files[request.url ?? ''];
    if (file === undefined) {
      response.writeHead(request.url === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file[1] }).end(readFileSync(file[0]));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/**
 * The bundle built and served, and Chromium launched, for the enclosing `describe` block; `bind`
 * receives the browser and the server's origin (what openPanel takes). Both are closed after it.
 */
export function usePanelBrowser(bind: (browser: Browser, origin: string) => void): void {
  let browser: Browser | undefined;
  let server: Server | undefined;
  before(async function () {
    await buildWebviewBundle();
    let origin: string;
    ({ server, origin } = await serveBundle());
    browser = await launchChromium();
    bind(browser, origin);
  });
  after(async function () {
    await browser?.close();
    server?.close();
  });
}

/** `initScript`: a script of the test's, run before the page's own (after the acquireVsCodeApi stand-in). */
export async function openPanel(
  browser: Browser,
  origin: string,
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number; initScript?: string; warmUp?: boolean } = {},
): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser, options);
  // A string, not a function: the test runner's transpiler would add helpers the page lacks.
  await watched.page.addInitScript(`
    const posted = [];
    let state = null;
    window.__posted = posted;
    window.acquireVsCodeApi = () => ({ postMessage: (m) => posted.push(m), getState: () => state, setState: (s) => { state = s; } });
  `);
  if (options.initScript !== undefined) await watched.page.addInitScript(options.initScript);
  await watched.page.goto(`${origin}/index.html${options.warmUp === false ? '?warmUp=0' : ''}`);
  await waitForPosted(watched, 'ready');
  return watched;
}

/** A panel that ran `text` and whose time travel is ready (its heading reads "Event 0 of …"). */
export async function openPlayablePanel(
  browser: Browser,
  origin: string,
  source: { documentUri: string; fileName: string },
  text: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<WatchedPage> {
  const watched = await openPanel(browser, origin, { colorScheme });
  await send(watched, { type: 'run-scenario', source, text });
  await waitForPosted(watched, 'run-finished');
  await watched.page.waitForFunction(() => /^Event 0 of /.test(document.querySelector('.fl-play h2')?.textContent ?? ''), undefined, { timeout: 60_000 });
  return watched;
}

export function send(watched: WatchedPage, message: HostToWebviewMessage): Promise<void> {
  return watched.page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Waits until the page has posted `count` messages of this type and returns the last one. */
export async function waitForPosted<T extends WebviewToHostMessage['type']>(watched: WatchedPage, type: T, count = 1): Promise<Extract<WebviewToHostMessage, { type: T }>> {
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
