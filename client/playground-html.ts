// The playground panel's page under a strict CSP with a fresh nonce per load (webview/html.ts
// builds it, the same page the HTML report uses). The page's script and style (~110 KB) are
// inlined: loaded by URI, each went through the webview's resource loading (service worker →
// workbench → extension host → disk) before the page could run, a round trip per file on the
// path of click Run → first frame (issue 16). The worker script (~450 KB) is carried too, as text
// the page starts its worker from before its own script runs (html.ts says why).
// When the bundle is missing from this copy of the extension, a static page says so instead.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
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

/** `run`: the run the page starts as soon as it loads (the one that made the host create the panel). */
export async function playgroundPanelHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  run?: Extract<HostToWebviewMessage, { type: 'run-scenario' }>,
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
  });
  return { html, uiBuilt: true };
}

/** A bundle file's text, read on every page load (a rebuilt extension shows its new page); null when missing. */
async function readText(uri: vscode.Uri): Promise<string | null> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
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
