// Exploration benchmark: `node --import tsx bench/explore.bench.ts [--max-states 100000]`.
// 1. 3-node Raft (test/fixtures/explore/raft.fault, one client write, one crash allowed) explored
//    in this process from the TypeScript sources: distinct states per second, successors per
//    second, bytes per stored state (fingerprint table + parent and action arrays), and the heap
//    the whole search held per distinct state (live frontier states included).
// 2. The built CLI exhausting the fixture's space with one crash allowed and one client write
//    (953,768 distinct states, 4,068,892 successors) with --jobs 1 and --jobs 2: wall and CPU
//    time, and the counts (the two threads share their seen states, so they count exactly what
//    one thread counts). `--cli-ops 0` for the smaller space (57,031 distinct) of earlier notes.
// Numbers, not pass/fail. Targets from issue 18: >= 200,000 distinct states/s on one core for
// 3-node Raft; <= 64 bytes per stored state.
//
// The machine is shared (other jobs run beside it), so wall time says little: each in-process run
// also reports distinct states per CPU-second of this process (process.cpuUsage), and the uptime
// load average is printed before and after.
//
// Published figures for comparison (other machines, other specs; not measured here): see
// docs/explore.md, "Memory and speed".

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from '../core/language/index.ts';
import { explore, DEFAULT_EXPLORE_OPTIONS } from '../core/explore/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--max-states');
const maxStates = flag >= 0 ? Number(process.argv[flag + 1]) : 100_000;
const fixture = 'test/fixtures/explore/raft.fault';
const args = { depth: 100, crashes: 1, opsPerClient: 1, maxStates };
const opsFlag = process.argv.indexOf('--cli-ops');
const cliOps = opsFlag >= 0 ? process.argv[opsFlag + 1]! : '1';

const config = compile(readFileSync(join(root, fixture), 'utf8'), 'raft: three servers').config!;
// Long enough that the budget, not the run time, ends the search.
const longer = { ...config, runForUs: 2_000_000 };

function inProcess(): void {
  // Warm-up: V8 optimizes the handlers and the hashing in the background.
  explore(longer, { ...DEFAULT_EXPLORE_OPTIONS, ...args, maxStates: Math.min(20_000, maxStates) });
  const runs: Array<{ ms: number; cpuMs: number; distinct: number; states: number; bytes: number; heapPerState: number; frontier: number }> = [];
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = explore(longer, {
      ...DEFAULT_EXPLORE_OPTIONS,
      ...args,
      progressEvery: 5_000,
      onProgress: () => {
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      },
    });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    runs.push({ ms, cpuMs: (used.user + used.system) / 1000, distinct: result.distinct, states: result.states, bytes: result.bytesPerState, heapPerState: (heapPeak - heapBefore) / result.distinct, frontier: result.peakFrontier });
  }
  runs.sort((a, b) => a.cpuMs - b.cpuMs);
  const median = runs[1]!;
  console.log(`3-node Raft, ${median.distinct.toLocaleString('en-US')} distinct states (${median.states.toLocaleString('en-US')} successors), one thread, sources via tsx:`);
  console.log(`  ${Math.round((median.distinct / median.cpuMs) * 1000).toLocaleString('en-US')} distinct states per CPU-second, ${Math.round((median.states / median.cpuMs) * 1000).toLocaleString('en-US')} successors per CPU-second (median of 3 by CPU time; CPU ${runs.map((r) => Math.round(r.cpuMs)).join(', ')} ms)`);
  console.log(`  ${Math.round((median.distinct / median.ms) * 1000).toLocaleString('en-US')} distinct states per wall second (wall ${runs.map((r) => Math.round(r.ms)).join(', ')} ms; the machine is shared)`);
  console.log(`  ${median.bytes.toFixed(1)} bytes per stored state (fingerprint table + parent + action), target <= 64`);
  console.log(`  ${Math.round(median.heapPerState).toLocaleString('en-US')} bytes of heap per distinct state at the peak, live frontier included (peak frontier ${median.frontier.toLocaleString('en-US')} states)`);
}

function cli(jobs: number): { wallMs: number; cpuMs: number; distinct: number; states: number } {
  const bundle = pathToFileURL(join(root, 'dist', 'cli.js')).href;
  const argv = ['explore', fixture, '--depth', '100', '--crashes', '1', '--ops', cliOps, '--jobs', String(jobs), '--json'];
  const script = `
    const { main } = await import(${JSON.stringify(bundle)});
    const code = await main(${JSON.stringify(argv)});
    const cpu = process.cpuUsage();
    process.stderr.write('\\nBENCH ' + JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n');
    process.exitCode = code;`;
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  const line = child.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (line === undefined) throw new Error(`explore did not finish: ${child.stderr}`);
  const json = JSON.parse(child.stdout) as { distinct: number; states: number };
  return { wallMs, cpuMs: (JSON.parse(line.slice(6)) as { cpuMs: number }).cpuMs, distinct: json.distinct, states: json.states };
}

console.log(`load before: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
inProcess();
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
// The fixture's own 200ms run time: a search both job counts finish (exhaust).
const one = cli(1);
const two = cli(2);
const fmt = (n: number) => n.toLocaleString('en-US');
console.log(`built CLI, ${fixture} --crashes 1 --ops ${cliOps} (exhausted):`);
console.log(`  --jobs 1: ${Math.round(one.wallMs)} ms wall, ${Math.round(one.cpuMs)} ms CPU, ${fmt(one.distinct)} distinct, ${fmt(one.states)} successors (${fmt(Math.round((one.distinct / one.cpuMs) * 1000))} distinct per CPU-second)`);
console.log(`  --jobs 2: ${Math.round(two.wallMs)} ms wall, ${Math.round(two.cpuMs)} ms CPU (both threads), ${fmt(two.distinct)} distinct, ${fmt(two.states)} successors${two.distinct === one.distinct ? ' (the same: one shared table)' : ''}; wall speed-up ${(one.wallMs / two.wallMs).toFixed(2)}x, CPU ratio ${(two.cpuMs / one.cpuMs).toFixed(2)}`);
console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
