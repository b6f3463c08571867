// Cold vs warm runs in a Chromium worker: `node --import tsx bench/worker-cold.bench.ts [--workers 3]
// [--runs 3] [--blob 1] [--sample-first 1] [--warm-secs S[,S...]] [--warm-product 1] [--touch-mb N] [--wait MS] [--js-flags "..."]`.
// The 120 s run of bench/editor-run.bench.ts, run --runs times in each of --workers fresh Web
// Workers in headless Chromium (no editor), each run split into the run worker's steps: compile,
// engine, grading (analysis = core/check's share), encodeRun; beside each run, what the renderer
// process spent meanwhile (/proc): minor page faults and CPU per thread — the worker itself, V8's
// background pool (ThreadPoolForeground: concurrent TurboFan, GC helpers) and the main thread.
// The first run of the first worker is the editor's "first click of a session"; the later runs
// are the warm clicks. --js-flags passes V8 flags to Chromium, to tell which V8 machinery a cold
// run pays for (e.g. "--no-concurrent-recompilation"). Numbers, not pass/fail.

import { build } from 'esbuild';
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { WARM_UP_SCENARIO } from '../webview/warm-up.ts';
import { cpuMsOf, readStat } from './process-cpu.ts';
import { faultyClusterScenario, flag, RAFT_PROTOCOL } from './shared.ts';

// bench/editor-run.bench.ts's bigRunText(), repeated: importing that file would start its editor run.
function bigRunText(seconds = 120): string {
  return faultyClusterScenario('bench: 120 s, 5 nodes, 20 clients', RAFT_PROTOCOL, seconds).replace(
    /\n}\n$/,
    '\n  expect {\n    leader within 1s after start\n    writes commit\n    linearizable\n    raft safety\n  }\n}\n',
  );
}

const workers = flag('workers', 3);
// --blob 1: each worker started from a blob: URL of the fetched script, as the VS Code panel does (run-controller.ts).
const blob = flag('blob', 0) !== 0;
// --sample-first 1: each worker first runs the Raft sample (samples/raft-leader-isolated.fault), as
// the editor bench's worker has before its first 120 s run; its row is printed as run 0.
const sampleFirst = flag('sample-first', 0) !== 0;
// --wait MS: an idle pause after the page loaded, before the first worker (is a slow first worker
// the browser's own start-up still using the cores?).
const waitMs = flag('wait', 0);
// --warm-secs S: each worker first runs the same cluster for S simulated seconds (printed as the
// warm-up run): does a shorter run of the same shape warm a worker for the 120 s one?
// A list (--warm-secs 15,5) makes one warm-up run of each length, in that order.
const warmSecsList = (() => {
  const at = process.argv.indexOf('--warm-secs');
  return at < 0 ? [] : process.argv[at + 1]!.split(',').map(Number).filter((s) => s > 0);
})();
// --warm-runs N: the whole list N times (does a second round of the JIT's feedback matter?).
const warmRuns = flag('warm-runs', 1);
// --warm-product 1: the warm-up runs are the playground's own (webview/warm-up.ts: its scenario,
// run for each --warm-secs length) rather than the measured cluster's, as in the product.
const warmProduct = flag('warm-product', 0) !== 0;
const warmText = (secs: number) => (warmProduct ? WARM_UP_SCENARIO.replace(/run for \d+s/, `run for ${secs}s`) : bigRunText(secs));
// --touch-mb N: before the first worker, a throwaway worker of the same page allocates about N MB
// of small objects and is terminated: is a cold first run the JIT, or the renderer growing its memory?
const touchMb = flag('touch-mb', 0);
// --touch-in-worker N: each worker allocates about N MB of small objects and drops them after its
// leading runs, before its first 120 s run: does growing a worker's own heap ahead warm it as well?
const touchInWorkerMb = flag('touch-in-worker', 0);
const runs = flag('runs', 3);
const jsFlagsIndex = process.argv.indexOf('--js-flags');
const jsFlags = jsFlagsIndex >= 0 ? process.argv[jsFlagsIndex + 1] : undefined;

await build({ entryPoints: ['bench/worker-cold-entry.ts'], outfile: 'dist/bench-worker-cold.js', bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'warning' });
const server = createServer((request, response) => {
  if (request.url === '/worker.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync('dist/bench-worker-cold.js'));
  else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>cold</title>');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', ...(jsFlags === undefined ? [] : [`--js-flags=${jsFlags}`])],
});
/** Minor page faults and CPU time (all threads) of this browser's renderer processes, from /proc. */
function renderers(): { faults: number; cpuMs: number; threads: Map<string, number> } {
  let faults = 0;
  let cpuMs = 0;
  const threads = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--type=renderer`) || !rendererPids.has(pid)) continue;
      const { fields } = readStat(`/proc/${pid}/stat`);
      faults += Number(fields[7]);
      cpuMs += cpuMsOf(fields);
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const thread = readStat(`/proc/${pid}/task/${tid}/stat`);
        threads.set(thread.name, (threads.get(thread.name) ?? 0) + cpuMsOf(thread.fields));
      }
    } catch {
      // The process ended.
    }
  }
  return { faults, cpuMs, threads };
}
const rendererPids = new Set<string>();

const load = () => execSync('uptime').toString().trim().replace(/^.*load average/, 'load average');
try {
  const existing = new Set(readdirSync('/proc'));
  const page = await browser.newPage();
  await page.goto(`${origin}/index.html`);
  // This browser's renderers: the ones started since (other Chromiums on the machine are not counted).
  for (const pid of readdirSync('/proc')) if (/^\d+$/.test(pid) && !existing.has(pid)) rendererPids.add(pid);
  console.log(`120 s run in headless Chromium workers${blob ? ' (blob: URLs)' : ''}${jsFlags === undefined ? '' : ` (--js-flags=${jsFlags})`}, ${load()}`);
  const text = bigRunText();
  await page.waitForTimeout(waitMs);
  if (touchMb > 0) {
    const touched = (await page.evaluate(`new Promise((resolve) => { const w = new Worker('/worker.js'); w.onmessage = (e) => { w.terminate(); resolve(e.data); }; w.postMessage({ touchMb: ${touchMb} }); })`)) as { touched: number; total: number };
    console.log(`  a throwaway worker allocated ${touched.touched.toLocaleString('en')} objects (~${touchMb} MB) in ${touched.total.toFixed(0)} ms, then ended`);
  }
  for (let w = 0; w < workers; w++) {
    await page.evaluate(`(async () => {
      const url = ${blob} ? URL.createObjectURL(new Blob([await (await fetch('/worker.js')).text()], { type: 'text/javascript' })) : '/worker.js';
      window.probe = new Worker(url);
    })()`);
    const leading = [...(sampleFirst ? [readFileSync('samples/raft-leader-isolated.fault', 'utf8')] : []), ...Array.from({ length: warmRuns }, () => warmSecsList.map(warmText)).flat()];
    const texts = [...leading, ...Array.from({ length: runs }, () => text)];
    for (let k = 0; k < texts.length; k++) {
      if (k === leading.length && touchInWorkerMb > 0) {
        const touched = (await page.evaluate(`new Promise((resolve) => { window.probe.onmessage = (e) => resolve(e.data); window.probe.postMessage({ touchMb: ${touchInWorkerMb} }); })`)) as { touched: number; total: number };
        console.log(`  worker ${w + 1} allocated ~${touchInWorkerMb} MB and dropped it in ${touched.total.toFixed(0)} ms`);
      }
      const before = renderers();
      const row = (await page.evaluate(`new Promise((resolve) => { window.probe.onmessage = (e) => resolve(e.data); window.probe.postMessage({ text: ${JSON.stringify(texts[k])} }); })`)) as Record<string, number>;
      const after = renderers();
      const i = k - leading.length;
      const parts = ['compile', 'engine', 'grading', 'analysis', 'encodeRun'].map((key) => `${key} ${row[key]!.toFixed(0)}`).join(' · ');
      console.log(`  worker ${w + 1}, ${i < 0 ? (sampleFirst && k === 0 ? 'sample run' : `warm-up run ${k + 1 - (sampleFirst ? 1 : 0)}`) : `run ${i + 1}${i === 0 ? ' (first 120 s run)' : ''}`}: ${row.total!.toFixed(0)} ms  [${parts} ms; ${(row.bytes! / 1048576).toFixed(1)} MB; renderer: ${(after.faults - before.faults).toLocaleString('en')} minor page faults, CPU ${(after.cpuMs - before.cpuMs).toFixed(0)} ms: ${[...after.threads].map(([name, ms]) => [name, ms - (before.threads.get(name) ?? 0)] as const).filter(([, ms]) => ms >= 30).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${ms}`).join(', ')}]`);
    }
    await page.evaluate('window.probe.terminate()');
  }
  console.log(`  ${load()}`);
} finally {
  await browser.close();
  server.close();
}
