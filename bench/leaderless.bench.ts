// Leaderless benchmark: `node --import tsx bench/leaderless.bench.ts [--seconds 60] [--repeat 5]`.
// The engine benchmark's cluster, clients and random faults (bench/engine.bench.ts), run once with
// Raft and once with the leaderless protocol in the same process, so the two events-per-second
// figures are measured under the same machine load. Numbers, not pass/fail (TEAM.md); the issue
// asks leaderless to stay within 20% of Raft.

import { compile } from '../core/language/index.ts';
import { getProtocol } from '../core/protocols/registry.ts';
import { Engine } from '../core/sim/engine.ts';
import type { SimConfig } from '../core/types/sim-config.ts';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const simulatedSeconds = flag('seconds', 60);
const repeats = flag('repeat', 5);

function scenario(protocol: string): string {
  return `
scenario "bench: 5 nodes under faults" {
  seed 1
  run for ${simulatedSeconds}s
  cluster {
    nodes 5
    ${protocol}
  }
  network {
    latency 1ms..5ms
    drop 0.1%
  }
  workload {
    client writer * 10 {
      write x, y, z every 100ms
      timeout 500ms
      retry 2 backoff exponential 20ms..200ms jitter full
    }
    client reader * 10 {
      read x, y, z every 100ms
      timeout 500ms
    }
  }
  faults {
    every 2s..5s random crash for 500ms..2s
    every 3s..6s random partition for 300ms..1s
    every 4s..8s random pause for 100ms..300ms
  }
}
`;
}

function configOf(text: string): SimConfig {
  const compiled = compile(text);
  if (compiled.config === null) {
    for (const d of compiled.diagnostics) console.error(`${d.range.start.line + 1}: ${d.severity}: ${d.message}`);
    process.exit(2);
  }
  // The simulation's own speed is measured: no expectations to check afterwards.
  return { ...compiled.config, expectations: [] };
}

const raftConfig = configOf(scenario('protocol raft {\n      election timeout 150ms..300ms\n      heartbeat every 50ms\n    }'));
const leaderlessConfig = configOf(scenario('protocol leaderless {\n      n 3\n      r 2\n      w 2\n    }'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

type Measure = { wall: number; cpu: number; events: number; ops: number };

function measure(config: SimConfig): Measure {
  const runs: Array<{ wall: number; cpu: number; events: number; ops: number }> = [];
  for (let i = 0; i < repeats + 1; i++) {
    const start = performance.now();
    const cpuStart = cpuMs();
    // The engine alone: runScenario would add the checkers' analysis of the history, which is
    // not what this compares.
    const report = new Engine({ ...config, seed: 1 + i }, getProtocol(config.protocol.name)!, {
      maxEvents: 5_000_000,
      recordTrace: false,
      maxTraceEvents: 0,
    }).run();
    const ms = performance.now() - start;
    const cpu = cpuMs() - cpuStart;
    // The first run warms the JIT up and is not counted.
    if (i > 0) runs.push({ wall: report.stats.events / (ms / 1000), cpu: report.stats.events / (cpu / 1000), events: report.stats.events, ops: report.history.length / 2 });
  }
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), events: median(runs.map((r) => r.events)), ops: median(runs.map((r) => r.ops)) };
}

// Interleaved rounds, so that a change in machine load hits both protocols alike.
const raft: Measure[] = [];
const leaderless: Measure[] = [];
for (let round = 0; round < 2; round++) {
  raft.push(measure(raftConfig));
  leaderless.push(measure(leaderlessConfig));
}
const best = (ms: Measure[]): Measure => ms.reduce((a, b) => (b.cpu > a.cpu ? b : a));
const r = best(raft);
const l = best(leaderless);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`leaderless benchmark: 5 nodes, 200 ops/s, ${simulatedSeconds} simulated seconds, random crashes/partitions/pauses`);
console.log(`                          events/run   client ops   events/s (wall)   events/s (CPU)`);
console.log(`  raft:                  ${fmt(r.events).padStart(11)}  ${fmt(r.ops).padStart(11)}  ${fmt(r.wall).padStart(16)}  ${fmt(r.cpu).padStart(15)}`);
console.log(`  leaderless (N3 R2 W2): ${fmt(l.events).padStart(11)}  ${fmt(l.ops).padStart(11)}  ${fmt(l.wall).padStart(16)}  ${fmt(l.cpu).padStart(15)}`);
console.log(`  leaderless / raft, events per CPU second: ${((l.cpu / r.cpu) * 100).toFixed(1)}%   (target ≥ 80%)`);
