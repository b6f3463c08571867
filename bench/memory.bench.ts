// Memory benchmark: `node --import tsx bench/memory.bench.ts [--max-memory MB]` (needs `node esbuild.mjs` first).
// Peak memory (max RSS) of `faultline run` on the two shapes that outgrew 1 GB before runs had a
// memory budget: a 5-node Raft with 100 writers every 10ms (2.7 GB at the 5,000,000-event budget)
// and a 1,000-node leaderless cluster with 100 clients (1.4 GB). Each runs in a fresh process
// that prints its own peak (process.resourceUsage().maxRSS), with the default budget or the
// given one (--max-memory 100000 to see a run without one). Target: under 1 GB each.
// Numbers, not pass/fail.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flag } from './shared.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli.js');
if (!existsSync(bundle)) {
  console.error('bench/memory: dist/cli.js is missing; run `node esbuild.mjs` first');
  process.exit(2);
}
const maxMemoryMb = flag('max-memory', 0);

const SHAPES: Array<[label: string, text: string]> = [
  [
    'raft 5 nodes, 100 writers',
    `scenario "s" {
  seed 1
  run for 600s
  cluster {
    nodes 5
    protocol raft {
      election timeout 150ms..300ms
      heartbeat every 50ms
    }
  }
  network {
    latency 2ms..10ms
  }
  workload {
    client c * 100 {
      write x every 10ms
    }
  }
  expect {
    linearizable
  }
}`,
  ],
  [
    'leaderless 1,000 nodes, 100 clients',
    `scenario "s" {
  seed 1
  run for 600s
  cluster {
    nodes 1000
    protocol leaderless {
      n 3
      r 2
      w 2
    }
  }
  network {
    latency 1ms..3ms
  }
  workload {
    client writer * 50 {
      write x every 20ms
      timeout 500ms
    }
    client reader * 50 {
      read x every 20ms
      timeout 500ms
    }
  }
  expect {
    no stale reads
  }
}`,
  ],
];

const scratch = mkdtempSync(join(tmpdir(), 'faultline-memory-bench-'));
try {
  console.log(`faultline run, peak memory per run (${maxMemoryMb > 0 ? `--max-memory ${maxMemoryMb}` : 'default memory budget'}):`);
  for (const [label, text] of SHAPES) {
    const file = join(scratch, 'shape.fault');
    writeFileSync(file, text);
    const args = ['run', file, ...(maxMemoryMb > 0 ? ['--max-memory', String(maxMemoryMb)] : [])];
    // The child runs the CLI's main and then reports its own peak: no /usr/bin/time needed.
    const script = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); const t = performance.now(); const code = await m.main(${JSON.stringify(args)}); process.stderr.write('bench ' + (performance.now() - t) + ' ' + process.resourceUsage().maxRSS + ' ' + code + '\\n');`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const figures = /bench (\S+) (\d+) (\d+)/.exec(result.stderr);
    if (figures === null) {
      console.log(`  ${label}: no figures (exit ${result.status}): ${result.stderr.slice(-300)}`);
      continue;
    }
    const runLine = /run {7}(.*)/.exec(result.stdout)?.[1] ?? '';
    const stopped = /STOPPED at the (\w+) budget/.exec(result.stdout)?.[1];
    console.log(`  ${label.padEnd(36)} ${(Number(figures[2]) / 1024).toFixed(0).padStart(6)} MB peak   ${(Number(figures[1]) / 1000).toFixed(1).padStart(6)} s   ${stopped === undefined ? 'ran to its end' : `stopped by the ${stopped} budget`}`);
    console.log(`  ${''.padEnd(36)} ${runLine}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
