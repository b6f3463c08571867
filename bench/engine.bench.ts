// Engine benchmark: `node --import tsx bench/engine.bench.ts [--seconds 60] [--repeat 5] [--warmup 4] [--no-graded]`.
// 5-node Raft, 200 client operations per second, 60 simulated seconds with random crashes,
// pauses and partitions. Prints events per second and simulated seconds per wall second, and, in
// the same process, a bare event loop (queue push/pop only, no protocol) — the physical limit the
// engine's per-event work is measured against. Numbers, not pass/fail (TEAM.md).

import { compile } from '../core/language/index.ts';
import { runScenario } from '../core/run.ts';
import { EventQueue } from '../core/sim/event-queue.ts';
import { streamFor } from '../core/sim/prng.ts';
import { pingProtocol } from '../test/unit/sim/ping-protocol.ts';
import { faultyClusterScenario, flag, median, RAFT_PROTOCOL } from './shared.ts';


const simulatedSeconds = flag('seconds', 60);
const repeats = flag('repeat', 5);
/**
 * Runs before the measured ones, to let V8 finish optimizing. One 60-second run is only ~110k
 * events: after it much of the engine still runs unoptimized (the optimizing compiler works in
 * the background and needs several runs' worth of calls), so figures taken from the second run
 * on measured the compiler as much as the engine. The first, cold run is printed on its own.
 */
const warmups = Math.max(1, flag('warmup', 4));
/** `--no-graded` skips the one graded run at the end (it takes far longer than the rest). */
const withGraded = !process.argv.includes('--no-graded');

const scenario = faultyClusterScenario('bench: 5-node raft under faults', RAFT_PROTOCOL, simulatedSeconds);

const compiled = compile(scenario);
if (compiled.config === null) {
  for (const d of compiled.diagnostics) console.error(`${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message}`);
  process.exit(2);
}
const config = compiled.config;


/** CPU time of this process in ms: on a shared, loaded machine it says what the work cost, while
 * wall time also counts the time spent waiting for a core. Both are printed. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

// --- the simulation ----------------------------------------------------------------------------
type Run = { ms: number; cpu: number; events: number; simulatedUs: number; ops: number };
function timedRun(seed: number): Run {
  const start = performance.now();
  const cpuStart = cpuMs();
  const report = runScenario({ ...config, seed }, { recordTrace: false, analyze: false });
  const ms = performance.now() - start;
  const cpu = cpuMs() - cpuStart;
  return { ms, cpu, events: report.stats.events, simulatedUs: report.stats.simulatedUs, ops: report.history.length / 2 };
}
// Warm-up runs use seeds of their own, so the measured runs are seeds 2.. whatever the warm-up.
const cold = timedRun(1000);
for (let i = 1; i < warmups; i++) timedRun(1000 + i);
const runs: Run[] = [];
for (let i = 0; i < repeats; i++) runs.push(timedRun(2 + i));
const eventsPerSecond = median(runs.map((run) => run.events / (run.ms / 1000)));
const realTimeFactor = median(runs.map((run) => run.simulatedUs / 1000 / run.ms));
const eventsPerCpuSecond = median(runs.map((run) => run.events / (run.cpu / 1000)));
const realTimeFactorCpu = median(runs.map((run) => run.simulatedUs / 1000 / run.cpu));
const traced: number[] = [];
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  const report = runScenario({ ...config, seed: 1 }, { recordTrace: true, analyze: false });
  traced.push(report.stats.events / ((performance.now() - start) / 1000));
}

// --- one graded run (core/check on, the default of `faultline run`): what grading adds per run --
const gradedStart = performance.now();
const gradedCpuStart = cpuMs();
const graded = withGraded ? runScenario({ ...config, seed: 1 }, { recordTrace: false }) : null;
const gradedMs = performance.now() - gradedStart;
const gradedCpu = cpuMs() - gradedCpuStart;

// --- the engine without Raft: the same cluster, clients and faults, with the tiny ping protocol --
// (every node pings the others every 10ms; n1 serves the clients). What is left is the engine's
// own cost per event: queue, network, clocks, faults, clients.
const pingRates: number[] = [];
const pingOptions = { ...config.protocol, options: { 'ping every': 10_000, record: false } };
for (let i = 0; i < warmups + repeats; i++) {
  // Warm-up first, as for Raft; the measured runs are seeds 2...
  const seed = i < warmups ? 1000 + i : 2 + i - warmups;
  const start = performance.now();
  const report = runScenario({ ...config, seed, protocol: pingOptions }, { recordTrace: false, analyze: false, protocol: pingProtocol });
  if (i >= warmups) pingRates.push(report.stats.events / ((performance.now() - start) / 1000));
}

// --- the bare loop: the same number of events through the queue, no protocol -------------------
const bareEvents = median(runs.map((run) => run.events));
const bareRates: number[] = [];
const bareCpuRates: number[] = [];
for (let round = 0; round < 5; round++) {
  const queue = new EventQueue();
  const rng = streamFor(round, 'bench');
  // A steady population like a running simulation's: a few hundred pending events.
  for (let i = 0; i < 300; i++) queue.push(rng.int(0, 5000), 1, i % 5, 0, null);
  const start = performance.now();
  const cpuStart = cpuMs();
  for (let i = 0; i < bareEvents; i++) {
    const slot = queue.pop();
    queue.push(queue.poppedTime + 1 + (rng.nextU32() & 8191), queue.kinds[slot]!, queue.argA[slot]!, 0, null);
  }
  bareRates.push(bareEvents / ((performance.now() - start) / 1000));
  bareCpuRates.push(bareEvents / ((cpuMs() - cpuStart) / 1000));
}
const bareRate = median(bareRates);
const bareCpuRate = median(bareCpuRates);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`engine benchmark: 5-node Raft, 200 ops/s, ${simulatedSeconds} simulated seconds, random crashes/partitions/pauses`);
console.log(`  runs (median of ${runs.length} after ${warmups} warm-up runs, trace off): ${fmt(median(runs.map((r) => r.events)))} events, ${fmt(median(runs.map((r) => r.ops)))} client ops, ${median(runs.map((r) => r.ms)).toFixed(1)} ms wall`);
console.log(`                                 wall clock      CPU time`);
console.log(`  events per second:             ${fmt(eventsPerSecond).padStart(10)}    ${fmt(eventsPerCpuSecond).padStart(10)}   (target ≥ 2,000,000)`);
console.log(`  simulated s per wall s:        ${fmt(realTimeFactor).padStart(9)}×    ${fmt(realTimeFactorCpu).padStart(9)}×   (target ≥ 1,000×)`);
console.log(`  bare event loop (push+pop):    ${fmt(bareRate).padStart(10)}    ${fmt(bareCpuRate).padStart(10)}   events/s`);
console.log(`  engine / bare loop:            ${((eventsPerSecond / bareRate) * 100).toFixed(1).padStart(9)}%    ${((eventsPerCpuSecond / bareCpuRate) * 100).toFixed(1).padStart(9)}%`);
console.log(`  first run (cold JIT):          ${fmt(cold.events / (cold.ms / 1000)).padStart(10)}    ${fmt(cold.events / (cold.cpu / 1000)).padStart(10)}   events/s, ${fmt(cold.simulatedUs / 1000 / cold.ms)}× real time (wall)`);
console.log(`  events per second, trace on:   ${fmt(median(traced)).padStart(10)}   (wall)`);
console.log(`  engine alone (ping protocol):  ${fmt(median(pingRates)).padStart(10)}   (wall) events/s, ${((median(pingRates) / bareRate) * 100).toFixed(1)}% of the bare loop`);
if (graded !== null) {
  console.log(`  one graded run (analyze on):   ${gradedMs.toFixed(1).padStart(10)} ms wall, ${gradedCpu.toFixed(1)} ms CPU, ${fmt(graded.stats.events)} events (engine figures above: analyze off)`);
}
