// Theorem sweep benchmark: `node --import tsx bench/theorems.bench.ts [--scenarios 250]`.
// Runs the first N scenarios of the CI slice's stream (test/unit/theorems/slice.test.ts: stream
// 2026, 2 seeds each) in this process and prints wall and CPU time per scenario-seed (the box may
// be shared: CPU time is the figure to compare), the slice's projected cost at 2,000
// scenario-seeds, and the slowest scenarios. Numbers, not pass/fail. Target: the slice under
// 3 minutes wall on a 2-core machine.

import { runCase } from '../core/theorems/sweep.ts';

const flag = process.argv.indexOf('--scenarios');
const scenarios = flag >= 0 ? Number(process.argv[flag + 1]) : 250;
const STREAM = 2026;
const SEEDS = [1, 2];

const cpuBefore = process.cpuUsage();
const started = performance.now();
const slowest: Array<{ index: number; protocol: string; ms: number }> = [];
let runs = 0;
let failures = 0;
for (let index = 0; index < scenarios; index++) {
  const t = performance.now();
  const result = runCase(STREAM, index, SEEDS);
  slowest.push({ index, protocol: result.protocol, ms: performance.now() - t });
  runs += result.runs;
  failures += result.failures.length;
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
slowest.sort((a, b) => b.ms - a.ms);
console.log(`theorem sweep, stream ${STREAM}: ${scenarios} scenarios × ${SEEDS.length} seeds = ${runs} runs, ${failures} broken theorems`);
console.log(`  wall ${(wallMs / 1000).toFixed(1)} s (${(wallMs / runs).toFixed(1)} ms per run), CPU ${(cpuMs / 1000).toFixed(1)} s (${(cpuMs / runs).toFixed(1)} ms per run)`);
console.log(`  projected CI slice (2,000 runs): ${((cpuMs / runs) * 2).toFixed(0)} s of CPU`);
console.log(`  slowest: ${slowest.slice(0, 5).map((s) => `#${s.index} ${s.protocol} ${s.ms.toFixed(0)} ms`).join(', ')}`);
