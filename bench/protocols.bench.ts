// Protocol benchmark: `node --import tsx bench/protocols.bench.ts [--seconds 60] [--repeat 5] [--warmup 4]`.
// Every protocol runs the engine benchmark's workload (bench/engine.bench.ts): 5 nodes, 200
// client operations per second, random crashes, partitions and pauses — so events per second
// compare like with like. Raft runs here too, in the same process, as the reference; the target
// for every other protocol is within 20% of it. Grading is off (engine and protocol only).
// Numbers, not pass/fail (TEAM.md). Other protocols add one entry to PROTOCOLS.

import { compile } from '../core/language/index.ts';
import { runScenario } from '../core/run.ts';
import { faultyClusterScenario, flag, median, RAFT_PROTOCOL } from './shared.ts';


const simulatedSeconds = flag('seconds', 60);
const repeats = flag('repeat', 5);
/** Unmeasured runs per protocol first, as in bench/engine.bench.ts: one run is too short for V8 to finish optimizing. */
const warmups = Math.max(1, flag('warmup', 4));

/** Name shown, and the `protocol` block of the cluster. */
const PROTOCOLS: Array<[label: string, protocol: string]> = [
  ['raft (reference)', RAFT_PROTOCOL],
  ['primary_backup async', 'protocol primary_backup {\n replication async\n failover automatic\n failure detection timeout 300ms\n heartbeat every 50ms\n reads from any\n }'],
  ['primary_backup sync', 'protocol primary_backup {\n replication sync\n failover automatic\n failure detection timeout 300ms\n heartbeat every 50ms\n }'],
  ['lease_lock fencing', 'protocol lease_lock {\n ttl 2s\n keep alive every 500ms\n fencing tokens on\n }'],
  ['leaderless N3 R2 W2', 'protocol leaderless {\n n 3\n r 2\n w 2\n }'],
  ['service deep checks', 'protocol service {\n capacity 500/s\n cache on\n cache ttl 1s\n early refresh on\n health check deep\n health check every 500ms\n }'],
  ['two_phase_commit', 'protocol two_phase_commit {\n prepare timeout 500ms\n }'],
  ['saga orchestrated', 'protocol saga {\n step create on n1 compensate cancel\n step reserve on n2 compensate release\n step charge on n3 compensate refund\n step ship on n4 compensate recall\n step timeout 300ms\n }'],
];



const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`protocol benchmark: 5 nodes, 200 ops/s, ${simulatedSeconds} simulated seconds, random crashes/partitions/pauses, median of ${repeats} after ${warmups} warm-up runs`);
let reference = 0;
for (const [label, protocol] of PROTOCOLS) {
  const compiled = compile(faultyClusterScenario('bench', protocol, simulatedSeconds));
  if (compiled.config === null) {
    for (const d of compiled.diagnostics) console.error(`${label}: ${d.range.start.line + 1}: ${d.severity}: ${d.message}`);
    process.exit(2);
  }
  const rates: number[] = [];
  const events: number[] = [];
  // Warm-up runs use seeds of their own, so the measured runs are seeds 2.. whatever the warm-up.
  for (let i = 0; i < warmups; i++) runScenario({ ...compiled.config, seed: 1000 + i }, { recordTrace: false, analyze: false });
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const report = runScenario({ ...compiled.config, seed: 2 + i }, { recordTrace: false, analyze: false });
    const ms = performance.now() - start;
    rates.push(report.stats.events / (ms / 1000));
    events.push(report.stats.events);
  }
  const rate = median(rates);
  if (reference === 0) reference = rate;
  const versus = `${((rate / reference) * 100).toFixed(0)}% of raft`;
  console.log(`  ${label.padEnd(24)} ${fmt(rate).padStart(11)} events/s   ${fmt(median(events)).padStart(10)} events/run   ${versus}`);
}
