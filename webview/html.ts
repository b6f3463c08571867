// The playground's HTML page, for both hosts: the VS Code panel (assets by URI, through
// asWebviewUri) and the standalone report (everything inline). Pure string building, no DOM, so
// the extension host and the CLI call the same function. The page holds no markup with data in
// it: the script builds the UI with textContent, and data travels as JSON in a non-executed
// <script type="application/json"> escaped so it cannot close its element.

import type { Report } from '../core/types/report.ts';
import type { HostToWebviewMessage } from './messages.ts';

export type Asset = { uri: string } | { inline: string };

/** A scenario file carried inside a standalone report. */
export type EmbeddedSource = { fileName: string; text: string };

export type PlaygroundHtmlOptions = {
  /** A fresh random value per page load; every script and style carries it. */
  nonce: string;
  title: string;
  script: Asset;
  style: Asset;
  /** VS Code: the worker script's URI (fetched and started from a blob). null: no re-run (unless workerScript). */
  workerUri: string | null;
  /**
   * VS Code: the worker script itself, carried in the page (not executed there) and started from a
   * blob by a few lines that run before the page's own script. Fetched by URI, the ~450 KB went
   * through the webview's resource loading (service worker → workbench → extension host → disk),
   * 300–500 ms on the path of click Run → first frame for a new panel (issue 16); inline, the
   * worker starts loading it while the page's script is still being evaluated.
   */
  workerScript?: string;
  /** false: the page never warms a spare run worker (faultline.playground.warmUp off). */
  warmUp?: boolean;
  /** VS Code: webview.cspSource. Absent for the standalone report (which loads nothing). */
  cspSource?: string;
  /** The standalone report embeds its run… */
  report?: Report;
  /**
   * …or, for large runs, the run packed (model/packed-run.ts encodeRun), gzip-compressed and
   * base64-encoded (the host compresses; this module stays free of node APIs). The page then
   * reads typed columns instead of parsing tens of megabytes of JSON before the first frame.
   */
  packedRun?: string;
  /**
   * The standalone report: the scenario file the run came from, so its "line N" links have a
   * line to show (the report is read where the file is not at hand, e.g. attached to a CI run).
   */
  source?: EmbeddedSource;
  /** Shown in the UI: 'vscode' can re-run; 'standalone' says how to re-run instead. */
  mode: 'vscode' | 'standalone';
  /**
   * VS Code: the run that made the host create the panel. The page starts it as soon as its
   * script runs, instead of first saying 'ready' and waiting for the host to send it.
   */
  run?: Extract<HostToWebviewMessage, { type: 'run-scenario' }>;
};

/** JSON that is safe inside <script type="application/json">: no `<`, `>`, `&`, U+2028/2029. */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline JavaScript must not contain `</script` (it would end the element early). */
export function scriptForInlining(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** CSS must not contain `</style`. */
function styleForInlining(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

/** For attribute values and text we put in the template ourselves (title, URIs, nonce). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function contentSecurityPolicy(options: Pick<PlaygroundHtmlOptions, 'nonce' | 'cspSource' | 'workerUri' | 'workerScript'>): string {
  const nonce = `'nonce-${options.nonce}'`;
  const worker = options.workerUri !== null || options.workerScript !== undefined;
  const host = options.cspSource === undefined ? '' : ` ${options.cspSource}`;
  return [
    "default-src 'none'",
    `img-src data:${host}`,
    `font-src${host || " 'none'"}`,
    `style-src ${nonce}${host}`,
    `script-src ${nonce}`,
    // The worker runs from a blob: made of the fetched worker script (a cross-origin URI cannot start a worker).
    worker ? 'worker-src blob:' : "worker-src 'none'",
    options.workerUri === null || options.cspSource === undefined ? "connect-src 'none'" : `connect-src ${options.cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Starts the inline worker and leaves it, with its blob URL (the play worker starts from it too),
 * in `window.faultlineWorkerBoot`. Plain ES5 in a string: it runs before any bundle. A failure
 * leaves nothing there, and the page then says the simulator could not be started.
 */
const WORKER_BOOT =
  "(function(){try{var s=document.getElementById('faultline-worker-source');var u=URL.createObjectURL(new Blob([s.textContent],{type:'text/javascript'}));window.faultlineWorkerBoot={url:u,worker:new Worker(u)};}catch(e){window.faultlineWorkerBoot={error:String(e)};}})();";

export function playgroundHtml(options: PlaygroundHtmlOptions): string {
  const nonce = escapeHtml(options.nonce);
  const style =
    'uri' in options.style
      ? `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(options.style.uri)}">`
      : `<style nonce="${nonce}">${styleForInlining(options.style.inline)}</style>`;
  const script =
    'uri' in options.script
      ? `<script nonce="${nonce}" src="${escapeHtml(options.script.uri)}"></script>`
      : `<script nonce="${nonce}">${scriptForInlining(options.script.inline)}</script>`;
  const inlineWorker = options.workerScript !== undefined;
  const boot = {
    mode: options.mode,
    workerUri: inlineWorker ? null : options.workerUri,
    ...(inlineWorker ? { workerInline: true } : {}),
    ...(options.run === undefined ? {} : { run: options.run }),
    ...(options.warmUp === false ? { warmUp: false } : {}),
  };
  // The simulation worker's script (~450 KB) is fetched while the page's own script loads, not
  // after it: the page's first fetch of it (run-controller.ts) then finds it on the way.
  const preloadWorker = options.workerUri === null || inlineWorker ? '' : `<link rel="preload" as="fetch" crossorigin href="${escapeHtml(options.workerUri)}">\n`;
  // The inline worker: its text in an element that never runs, then started (parsing its ~450 KB
  // on the worker's thread) before the page's script is evaluated; run-controller.ts adopts it.
  const worker = !inlineWorker
    ? ''
    : `<script type="text/plain" id="faultline-worker-source">${scriptForInlining(options.workerScript!)}</script>
<script nonce="${nonce}">${WORKER_BOOT}</script>
`;
  const report =
    options.packedRun !== undefined
      ? `<script type="application/gzip-base64" id="faultline-run">${options.packedRun.replace(/[^A-Za-z0-9+/=]/g, '')}</script>\n`
      : options.report === undefined
        ? ''
        : `<script type="application/json" id="faultline-report">${jsonForScriptElement(options.report)}</script>\n`;
  const source = options.source === undefined ? '' : `<script type="application/json" id="faultline-source">${jsonForScriptElement(options.source)}</script>\n`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${preloadWorker}${style}
</head>
<body>
<div id="app" class="fl-app"><p class="fl-loading">Loading the Faultline playground…</p></div>
<script type="application/json" id="faultline-boot">${jsonForScriptElement(boot)}</script>
${worker}${report}${source}${script}
</body>
</html>
`;
}
