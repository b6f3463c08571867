// Raft safety monitor benchmark: `node --import tsx bench/raft-monitor.bench.ts [--nodes 999] [--seconds 2] [--repeat 3] [--full-scan 1]`.
// `expect raft safety` watches every event of a run. A monitor that looks at every node after
// every event costs O(nodes) per event: a 999-node cluster spent ten times longer in the monitor
// than in the simulation. The monitor now looks at the node an event touched and the leaders.
// Printed: the run with no monitor, with the monitor, and (with --full-scan 1, slow) with the
// monitor that looks at every node, kept in test/ as the reference the monitor is tested against.
// Numbers, not pass/fail; grading is off (engine, protocol and monitor only).

import { createRaftSafetyMonitor } from '../core/check/raft-invariants.ts';
import { compile } from '../core/language/index.ts';
import { runScenario } from '../core/run.ts';
import type { SimConfig } from '../core/types/sim-config.ts';
import { createFullScanRaftSafetyMonitor } from '../test/unit/raft/full-scan-monitor.ts';
import { flag, median } from './shared.ts';

const nodes = flag('nodes', 999);
const simulatedSeconds = flag('seconds', 2);
const repeats = flag('repeat', 3);
const fullScan = flag('full-scan', 0) === 1;

const compiled = compile(`
scenario "monitor bench" {
  seed 1
  run for ${simulatedSeconds}s
  cluster {
    nodes ${nodes}
    protocol raft
  }
  workload {
    client a {
      write x every 100ms
    }
    client b {
      read x every 100ms
    }
  }
}
`);
if (compiled.config === null) {
  for (const d of compiled.diagnostics) console.error(`${d.range.start.line + 1}: ${d.severity}: ${d.message}`);
  process.exit(2);
}
const config: SimConfig = compiled.config;

type Watcher = { label: string; observe?: (config: SimConfig) => Parameters<typeof runScenario>[1] };
const watchers: Watcher[] = [
  { label: 'no monitor' },
  {
    label: 'touched node + leaders',
    observe: (c) => {
      const monitor = createRaftSafetyMonitor(c.nodes);
      return { observer: (view, touched) => monitor.observe(view, touched) };
    },
  },
];
if (fullScan) {
  watchers.push({
    label: 'every node (before)',
    observe: (c) => {
      const monitor = createFullScanRaftSafetyMonitor(c.nodes);
      return { observer: (view) => monitor.observe(view) };
    },
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`raft safety monitor: ${nodes} nodes, ${simulatedSeconds} simulated seconds, median of ${repeats} (one warm-up each)`);
for (const watcher of watchers) {
  // The full-scan monitor is measured once, cold: one run of it takes as long as all the others.
  const slow = watcher.label.startsWith('every');
  const warmups = slow ? 0 : 1;
  const times: number[] = [];
  let events = 0;
  for (let i = 0; i < warmups + (slow ? 1 : repeats); i++) {
    const start = performance.now();
    const report = runScenario(config, { recordTrace: false, analyze: false, ...(watcher.observe?.(config) ?? {}) });
    if (i >= warmups) times.push(performance.now() - start);
    events = report.stats.events;
  }
  const ms = median(times);
  console.log(`  ${watcher.label.padEnd(24)} ${fmt(ms).padStart(8)} ms   ${fmt(events)} events   ${fmt(events / (ms / 1000)).padStart(9)} events/s`);
}
