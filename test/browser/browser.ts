// Helpers for the browser tests: a fresh webview bundle, headless Debian Chromium, and a page
// that records console errors, page errors, dialogs and network requests so tests can assert on
// what must not happen.

import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const OUTPUT_DIR = 'test-output/browser';

/** Bundles webview/main.ts and webview/worker.ts into dist/ exactly as esbuild.mjs does. */
export async function buildWebviewBundle(): Promise<void> {
  const common = { bundle: true, logLevel: 'warning', platform: 'browser', format: 'iife', target: 'es2022', minify: process.env.FAULTLINE_NO_MINIFY !== '1' } as const;
  await Promise.all([
    build({ ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js' }),
    build({ ...common, entryPoints: ['webview/worker.ts'], outfile: 'dist/webview-worker.js' }),
  ]);
  mkdirSync(OUTPUT_DIR, { recursive: true });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export type WatchedPage = { page: Page; consoleErrors: string[]; pageErrors: string[]; dialogs: string[]; requests: string[] };

export async function openWatchedPage(browser: Browser, options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: options.height ?? 1000 }, colorScheme: options.colorScheme ?? 'light' });
  const watched: WatchedPage = { page, consoleErrors: [], pageErrors: [], dialogs: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => watched.requests.push(request.url()));
  return watched;
}
