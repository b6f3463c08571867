// A webview page that only says something (no script): shown where a panel cannot show what it
// is for, e.g. a build without the playground's drawing code, or a sweep not kept across a reload.

import { escapeHtml } from '../webview/html.ts';

/** `bodyHtml` is trusted markup written by the extension, never user text. */
export function noticePage(nonce: string, title: string, bodyHtml: string): string {
  const quotedNonce = escapeHtml(nonce);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${quotedNonce}'">
<style nonce="${quotedNonce}">body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 1em 2em; }</style>
<title>${escapeHtml(title)}</title></head>
<body><h2>${escapeHtml(title)}</h2>
${bodyHtml}
</body></html>`;
}
