// How fast the language front end reads a big file: a generated 10,000-line file of scenarios
// (every block used; in each group of ten, nine variants extend a base), lexed alone and then parsed + validated
// (analyze), median wall-clock ms over 20 runs after a warm-up. Target: parse + validate ≤ 50 ms.
//
// Measured twice: the sources as tsx loads them (development), and the same code bundled by
// esbuild the way the CLI and the language server ship it. tsx keeps function names by wrapping
// every closure it creates, which makes closure-heavy code (the Chevrotain parser) slower than it
// runs in the product. CPU ms (process.cpuUsage, user+system) are printed beside wall ms: on a
// busy machine they show the work itself, without the time spent waiting for a core.
// Run: node --import tsx bench/language.bench.ts

import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import * as devLexer from '../core/language/lexer.ts';
import * as devLanguage from '../core/language/index.ts';
import { median } from './shared.ts';

/** One scenario of about 100 lines touching every block; `i` keeps names unique. */
function scenario(i: number): string {
  const lines: string[] = [];
  lines.push(`// generated scenario ${i}`);
  // Groups of ten: a base scenario and nine variants extending it (risky vs fixed, side by side).
  const base = i - (i % 10);
  lines.push(`scenario "bench ${i}"${i !== base ? ` extends "bench ${base}"` : ''} {`);
  lines.push('  seed 7', '  run for 60s', '');
  lines.push('  cluster {', '    nodes n1, n2, n3, n4, n5', '    protocol raft {', '      election timeout 150ms..300ms', '      heartbeat every 50ms', '      pre vote on', '    }', '  }');
  lines.push('  network {', '    latency 2ms..10ms', '    drop 0.5%', '    duplicate 0.1%', '    bandwidth 100mbps');
  for (let k = 0; k < 10; k++) lines.push(`    link n${(k % 5) + 1} -> n${((k + 1) % 5) + 1} latency ${10 + k}ms drop ${k}%`);
  lines.push('  }');
  lines.push('  clock n3 skew +120ms drift 40ppm');
  lines.push('  workload {');
  for (let c = 0; c < 5; c++) {
    lines.push(`    client c${c} {`, `      write k${c} every 100ms`, `      read k${c}, x every 50ms..80ms`, '      timeout 400ms', '      retry 3 backoff exponential 50ms..2s jitter full', '      idempotency key ttl 1h', '      read from any', '    }');
  }
  lines.push('  }');
  lines.push('  faults {');
  for (let f = 0; f < 8; f++) {
    const t = f * 5;
    lines.push(`    at ${t + 1}s partition n1 | n2, n3, n4, n5`, `    at ${t + 2}s heal`, `    at ${t + 3}s crash n2`, `    at ${t + 4}s restart n2`);
  }
  lines.push('    from 1s to 4s drop 30% n1 -> n2', '    every 2s..5s random crash for 1s..3s');
  lines.push('  }');
  lines.push('  expect {', '    linearizable', '    no split brain', '    leader within 1s after heal', '  }');
  lines.push('}', '');
  return lines.join('\n');
}

function generate(targetLines: number): string {
  const parts: string[] = [];
  let count = 0;
  for (let i = 0; count < targetLines; i++) {
    const text = scenario(i);
    parts.push(text);
    count += text.split('\n').length - 1;
  }
  return parts.join('');
}


function time(runs: number, work: () => unknown): { wall: number; cpu: number } {
  for (let i = 0; i < 3; i++) work(); // warm-up: let the JIT settle
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    work();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

type Front = { lex: (text: string) => unknown; analyze: (text: string) => { diagnostics: unknown[] } };

/** core/language bundled by esbuild, as the CLI and language server carry it. */
async function bundled(): Promise<Front> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  const entry = join(dir, 'entry.ts');
  const root = fileURLToPath(new URL('../core/language/', import.meta.url));
  writeFileSync(entry, `export { lex } from ${JSON.stringify(root + 'lexer.ts')};\nexport { analyze } from ${JSON.stringify(root + 'index.ts')};\n`);
  const outfile = join(dir, 'language.mjs');
  await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile, logLevel: 'warning', mainFields: ['module', 'main'] });
  const front = (await import(pathToFileURL(outfile).href)) as Front;
  rmSync(dir, { recursive: true, force: true });
  return front;
}

const text = generate(10_000);
if (process.env['DUMP']) writeFileSync(process.env['DUMP'], text);
const lines = text.split('\n').length;
const fmt = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(1).padStart(6)} ms  (cpu ${t.cpu.toFixed(1)} ms)`;

/** Each variant runs in a fresh child process, so one variant's heap does not slow the other. */
async function measure(variant: 'bundle' | 'tsx'): Promise<void> {
  const front: Front = variant === 'bundle' ? await bundled() : { lex: devLexer.lex, analyze: devLanguage.analyze };
  const lexed = time(20, () => front.lex(text));
  const analyzed = time(20, () => front.analyze(text));
  const label = variant === 'bundle' ? 'esbuild bundle' : 'tsx sources   ';
  console.log(`  ${label}  lex alone         ${fmt(lexed)}`);
  console.log(`  ${label}  parse + validate  ${fmt(analyzed)}   (target ≤ 50 ms)`);
}

const child = process.argv[2];
if (child === 'bundle' || child === 'tsx') {
  await measure(child);
} else {
  const diagnostics = devLanguage.analyze(text).diagnostics;
  console.log(`language bench: ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB, ${diagnostics.length} diagnostics, median of 20 runs`);
  const self = fileURLToPath(import.meta.url);
  for (const variant of ['bundle', 'tsx']) {
    const run = spawnSync(process.execPath, [...process.execArgv, self, variant], { encoding: 'utf8' });
    process.stdout.write(run.stdout + run.stderr);
  }
}
