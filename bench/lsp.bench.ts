// Language server benchmark on a 10,000-line document, through the real server over JSON-RPC:
// fresh diagnostics after a one-character edit, completion, hover, and the server's memory.
// Prints figures (median and 95th percentile); targets from issue 7 are shown next to them.
//
//   node --import tsx bench/lsp.bench.ts
//
// The server is bundled first (as dist/server.cjs is, into a temporary directory), so the
// figures are those of what ships, not of on-the-fly TypeScript compilation.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { LspClient, positionOf, root } from '../test/lsp/lsp-client.ts';
import { RAFT } from '../test/lsp/fixtures.ts';

const TARGET_LINES = 10_000;

/** Whole scenarios (each with a child that extends it) up to 10,000 lines, topped up with comments. */
function bigDocument(): string {
  const lines: string[] = [];
  for (let n = 0; ; n++) {
    const scenario = RAFT.replaceAll('raft: leader isolated', `leader isolated ${n}`).replaceAll('raft: crash instead', `crash instead ${n}`).split('\n');
    if (lines.length + scenario.length > TARGET_LINES) break;
    lines.push(...scenario);
  }
  while (lines.length < TARGET_LINES) lines.push(`// filler line ${lines.length}`);
  return lines.join('\n');
}

async function bundleServer(): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'faultline-lsp-bench-')), 'server.cjs');
  await build({ entryPoints: [join(root, 'server', 'main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return outfile;
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (n=${samples.length})`;
}

/** CPU time the server process has used so far (user + system), in ms; load-independent. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function measure(server: string, delayMs: number): Promise<void> {
  const client = await LspClient.start({ liveExpectations: false, diagnosticsDelayMs: delayMs }, [server, '--stdio']);
  const uri = 'file:///bench/big.fault';
  const text = bigDocument();
  let start = performance.now();
  const first = await client.open(uri, text);
  const openMs = performance.now() - start;

  // One-character edits in the middle of the file, alternating insert and delete.
  const middle = positionOf(text, 'heartbeat every 50ms', 'heartbeat every '.length, 100);
  const editSamples: number[] = [];
  const pid = client.process.pid!;
  let cpuBefore = cpuMs(pid);
  for (let i = 0; i < 30; i++) {
    const change = i % 2 === 0
      ? { range: { start: middle, end: middle }, text: '1' }
      : { range: { start: middle, end: { line: middle.line, character: middle.character + 1 } }, text: '' };
    start = performance.now();
    const version = client.change(uri, [change]);
    await client.diagnostics(uri, version);
    editSamples.push(performance.now() - start);
  }
  const editCpu = (cpuMs(pid) - cpuBefore) / 30;

  const completionAt = positionOf(text, 'jitter full', 'jitter '.length, 120);
  const hoverAt = positionOf(text, 'nodes n1', 1, 150);
  const completionSamples: number[] = [];
  const hoverSamples: number[] = [];
  cpuBefore = cpuMs(pid);
  for (let i = 0; i < 50; i++) {
    start = performance.now();
    await client.request('textDocument/completion', { textDocument: { uri }, position: completionAt });
    completionSamples.push(performance.now() - start);
    start = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position: hoverAt });
    hoverSamples.push(performance.now() - start);
  }
  const requestCpu = (cpuMs(pid) - cpuBefore) / 100;

  // The first request right after an edit, before anything of the new version is cached.
  const hoverAfterEdit: number[] = [];
  const completionAfterEdit: number[] = [];
  for (let i = 0; i < 20; i++) {
    const version = client.change(uri, [{ range: { start: middle, end: i % 2 === 0 ? middle : { line: middle.line, character: middle.character + 1 } }, text: i % 2 === 0 ? '1' : '' }]);
    await client.diagnostics(uri, version);
    start = performance.now();
    if (i % 4 < 2) {
      await client.request('textDocument/hover', { textDocument: { uri }, position: hoverAt });
      hoverAfterEdit.push(performance.now() - start);
    } else {
      await client.request('textDocument/completion', { textDocument: { uri }, position: completionAt });
      completionAfterEdit.push(performance.now() - start);
    }
  }
  start = performance.now();
  await client.request('textDocument/semanticTokens/full', { textDocument: { uri } });
  const semanticMs = performance.now() - start;

  const memory = rssMb(client.process.pid!);
  console.log(`\ndiagnostics debounce ${delayMs} ms — document: ${text.split('\n').length} lines, ${first.length} diagnostics on open (${openMs.toFixed(0)} ms to first diagnostics)`);
  console.log(`  fresh diagnostics after a 1-char edit: ${stats(editSamples)}   target ≤ 50 ms (includes the ${delayMs} ms debounce)`);
  console.log(`    server CPU per edit (load-independent): ${editCpu.toFixed(1)} ms; per hover or completion request: ${requestCpu.toFixed(2)} ms`);
  console.log(`  completion:                            ${stats(completionSamples)}   target ≤ 20 ms`);
  console.log(`  hover:                                 ${stats(hoverSamples)}   target ≤ 10 ms`);
  console.log(`  first hover right after an edit:       ${stats(hoverAfterEdit)}`);
  console.log(`  first completion right after an edit:  ${stats(completionAfterEdit)}`);
  console.log(`  semantic tokens, whole document:       ${semanticMs.toFixed(1)} ms`);
  console.log(`  server memory (RSS):                   ${memory.toFixed(0)} MB   target < 200 MB`);
  await client.stop();
}

const server = await bundleServer();
console.log(`machine load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (wall-clock figures grow with it)`);
await measure(server, 15);
await measure(server, 0);
