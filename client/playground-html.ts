// The playground panel's page under a strict CSP with a fresh nonce per load (webview/html.ts
// builds it, the same page the HTML report uses). The page's script and style (~110 KB) are
// inlined: loaded by URI, each went through the webview's resource loading (service worker →
// workbench → extension host → disk) before the page could run, a round trip per file on the
// path of click Run → first frame (issue 16). The worker script (~450 KB) is carried too, as text
// the page starts its worker from before its own script runs (html.ts says why).
// When the bundle is missing from this copy of the extension, a static page says so instead.
//
// The three files are read with Node's fs and kept while their size and time stamp stay the same
// (a rebuilt extension still shows its new page). Through vscode.workspace.fs, which goes by way of
// the workbench, reading them took 270–580 ms of a created panel's click → first frame in
// code-server; a stat of each is well under a millisecond.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { escapeHtml, playgroundHtml } from '../webview/html.ts';
import type { HostToWebviewMessage } from '../webview/messages.ts';
import { noticePage } from './notice-page.ts';

export const WEBVIEW_ASSETS = { script: 'webview.js', style: 'webview.css', worker: 'webview-worker.js' } as const;

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * `run`: the run the page starts as soon as it loads (the one that made the host create the
 * panel). `warmUp`: faultline.playground.warmUp (the page warms a spare run worker when idle).
 */
export async function playgroundPanelHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  run?: Extract<HostToWebviewMessage, { type: 'run-scenario' }>,
  warmUp = true,
): Promise<{ html: string; uiBuilt: boolean }> {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const script = vscode.Uri.joinPath(dist, WEBVIEW_ASSETS.script);
  const style = vscode.Uri.joinPath(dist, WEBVIEW_ASSETS.style);
  const worker = vscode.Uri.joinPath(dist, WEBVIEW_ASSETS.worker);
  const nonce = newNonce();
  const scriptText = await readText(script);
  if (scriptText === null) return { html: missingUiPage(nonce), uiBuilt: false };
  const [styleText, workerText] = await Promise.all([readText(style), readText(worker)]);
  const html = playgroundHtml({
    nonce,
    title: 'Faultline Playground',
    script: { inline: scriptText },
    style: { inline: styleText ?? '' },
    workerUri: null,
    ...(workerText === null ? {} : { workerScript: workerText }),
    cspSource: webview.cspSource,
    mode: 'vscode',
    ...(run === undefined ? {} : { run }),
    ...(warmUp ? {} : { warmUp: false }),
  });
  return { html, uiBuilt: true };
}

/** The texts read so far, by path, with the size and time stamp they were read at. */
const readTexts = new Map<string, { size: number; mtimeMs: number; text: string }>();

/** A bundle file's text, as it is on disk at this page load; null when missing. */
async function readText(uri: vscode.Uri): Promise<string | null> {
  const path = uri.fsPath;
  try {
    const { size, mtimeMs } = await stat(path);
    const kept = readTexts.get(path);
    if (kept !== undefined && kept.size === size && kept.mtimeMs === mtimeMs) return kept.text;
    const text = await readFile(path, 'utf8');
    readTexts.set(path, { size, mtimeMs, text });
    return text;
  } catch {
    readTexts.delete(path);
    return null;
  }
}

/** Reads the page's files ahead of the first panel (the extension's start), so that panel need not wait for the disk. */
export async function readPageAhead(extensionUri: vscode.Uri): Promise<void> {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  await Promise.all(Object.values(WEBVIEW_ASSETS).map((name) => readText(vscode.Uri.joinPath(dist, name))));
}

function missingUiPage(nonce: string): string {
  return noticePage(
    nonce,
    'Faultline Playground',
    `<p>The playground's drawing code (dist/${escapeHtml(WEBVIEW_ASSETS.script)}) is not part of this build of the extension,
so runs are reported in the status bar and the "Faultline" output channel instead.</p>
<p>Rebuild with <code>npm run build</code> and reload the window to get the timeline.</p>`,
  );
}
