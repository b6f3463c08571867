// `--emulate-sw-fix 1` for bench/editor-run.bench.ts: measures created panels as they would be in a
// VS Code without the 1.99–1.100 webview service-worker regression (microsoft/vscode#245756).
// VS Code 1.100 (code-server 4.100.3, the newest that runs on Node 20) puts the webview's id in the
// service worker's script URL, so every new webview registers and activates a worker of its own
// (~1 s on this machine) before its page is fetched; later releases register one worker per origin
// again. This drops `&id=${ID}` from that URL in the test install's webview host page, with the
// page's CSP hash recomputed, and puts the original back afterwards. It changes the editor the
// bench drives, never the extension: the figures it gives say what our part of a created panel
// costs once VS Code's own wait is gone.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PRE = join(import.meta.dirname, '..', 'test', 'editor', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'vs', 'workbench', 'contrib', 'webview', 'browser', 'pre');
const PAGE = join(PRE, 'index.html');
const BACKUP = `${PAGE}.faultline-bench-original`;
const SCRIPT_OPEN = '<script async type="module">';
const PER_WEBVIEW_ID = '&id=${ID}&remoteAuthority';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

/** Patches the webview host page; returns the function that restores it (also run first, should an earlier bench have died patched). */
export function emulateServiceWorkerFix(): () => void {
  restore();
  const page = readFileSync(PAGE, 'utf8');
  const start = page.indexOf(SCRIPT_OPEN) + SCRIPT_OPEN.length;
  const end = page.indexOf('</script>', start);
  const script = page.slice(start, end);
  if (start < SCRIPT_OPEN.length || !script.includes(PER_WEBVIEW_ID) || !page.includes(sha256(script))) {
    throw new Error(`--emulate-sw-fix: ${PAGE} is not the VS Code 1.100 page this knows how to patch`);
  }
  const fixed = script.replace(PER_WEBVIEW_ID, '&remoteAuthority');
  renameSync(PAGE, BACKUP);
  writeFileSync(PAGE, page.slice(0, start).replace(sha256(script), sha256(fixed)) + fixed + page.slice(end));
  return restore;
}

function restore(): void {
  if (existsSync(BACKUP)) renameSync(BACKUP, PAGE);
}
