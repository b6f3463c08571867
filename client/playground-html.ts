// The playground panel's page: the webview bundle loaded through asWebviewUri under a strict CSP
// with a fresh nonce per load (webview/html.ts builds it, the same page the HTML report uses).
// When the bundle is missing from this copy of the extension, a static page says so instead.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { escapeHtml, playgroundHtml } from '../webview/html.ts';
import type { HostToWebviewMessage } from '../webview/messages.ts';

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
  if (!(await exists(script))) return { html: missingUiPage(nonce), uiBuilt: false };
  const html = playgroundHtml({
    nonce,
    title: 'Faultline Playground',
    script: { uri: webview.asWebviewUri(script).toString() },
    style: (await exists(style)) ? { uri: webview.asWebviewUri(style).toString() } : { inline: '' },
    workerUri: (await exists(worker)) ? webview.asWebviewUri(worker).toString() : null,
    cspSource: webview.cspSource,
    mode: 'vscode',
    ...(run === undefined ? {} : { run }),
  });
  return { html, uiBuilt: true };
}

function missingUiPage(nonce: string): string {
  const csp = `default-src 'none'; style-src 'nonce-${escapeHtml(nonce)}'`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${escapeHtml(nonce)}">body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 1em 2em; }</style>
<title>Faultline Playground</title></head>
<body><h2>Faultline Playground</h2>
<p>The playground's drawing code (dist/${WEBVIEW_ASSETS.script}) is not part of this build of the extension,
so runs are reported in the status bar and the "Faultline" output channel instead.</p>
<p>Rebuild with <code>npm run build</code> and reload the window to get the timeline.</p>
</body></html>`;
}
