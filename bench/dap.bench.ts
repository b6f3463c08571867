// Debug adapter benchmark: `node --import tsx bench/dap.bench.ts [--repeat 5]`.
// Drives `faultline dap` (bin/faultline, the built bundle: run `node esbuild.mjs` first) over the
// Debug Adapter Protocol, as an editor does, on the engine benchmark's 60 s, 5-node Raft run under
// random faults, with three nodes crashed at 59.5 s so that `writes commit within 400ms after
// crash` breaks at the very end. Prints:
// - launch → stopped at the breakpoint on that expect line (target ≤ 1 s);
// - each kind of step at that point, ~110,000 events into the run: next, step back, step in,
//   step out, reverse continue (target ≤ 50 ms each), medians of --repeat rounds.
// - the time-travel core alone (in this process, no protocol round trips): step back from 20
//   cursors spread over the run (target ≤ 50 ms).
// Numbers, not pass/fail (bench/README.md).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { faultyClusterScenario, flag, median, RAFT_PROTOCOL } from './shared.ts';
import { gaugeMs } from './machine-gauge.ts';
import { compile } from '../core/language/index.ts';
import { getProtocol } from '../core/protocols/registry.ts';
import { TimeTravelRun } from '../core/sim/time-travel.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repeats = flag('repeat', 5);

const scenario = faultyClusterScenario('dap bench', RAFT_PROTOCOL, 60).replace(
  /faults \{/,
  'faults {\n    at 59.5s crash n1\n    at 59.5s crash n2\n    at 59.5s crash n3',
).replace(/\}\s*$/, '  expect {\n    writes commit within 400ms after crash\n  }\n}\n');
const lines = scenario.split('\n');
const expectLine = lines.findIndex((line) => line.includes('writes commit within')) + 1;
const directory = mkdtempSync(join(tmpdir(), 'faultline-dap-bench-'));
const program = join(directory, 'bench.fault');
writeFileSync(program, scenario);

async function timed(dc: DebugClient, request: () => Promise<unknown>): Promise<number> {
  const stopped = dc.waitForEvent('stopped', 30_000);
  const started = performance.now();
  await request();
  await stopped;
  return performance.now() - started;
}

const launches: number[] = [];
const steps: Record<string, number[]> = { next: [], 'step back': [], 'step in': [], 'step out': [], 'reverse continue': [] };
let events = '';
const gauges: number[] = [gaugeMs()];
try {
  for (let round = 0; round < repeats; round++) {
    const dc = new DebugClient(join(root, 'bin', 'faultline'), 'dap', 'faultline', { cwd: root });
    await dc.start();
    await dc.initializeRequest({ adapterID: 'faultline', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const launch = await timed(dc, async () => {
      await dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
      await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: expectLine }] });
      await dc.setExceptionBreakpointsRequest({ filters: [] });
      await dc.configurationDoneRequest();
    });
    launches.push(launch);
    events = (await dc.evaluateRequest({ expression: 'event', context: 'watch' })).body.result;
    steps['next']!.push(await timed(dc, () => dc.nextRequest({ threadId: 1 })));
    steps['step back']!.push(await timed(dc, () => dc.stepBackRequest({ threadId: 1 })));
    steps['step back']!.push(await timed(dc, () => dc.stepBackRequest({ threadId: 1 })));
    steps['step in']!.push(await timed(dc, () => dc.stepInRequest({ threadId: 1 })));
    steps['step out']!.push(await timed(dc, () => dc.stepOutRequest({ threadId: 1 })));
    steps['reverse continue']!.push(await timed(dc, () => dc.reverseContinueRequest({ threadId: 1 })));
    await dc.stop();
    gauges.push(gaugeMs());
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const ms = (values: number[]) => `${median(values).toFixed(1)} ms (median of ${values.length}; ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;
console.log(`debug adapter: 60 s, 5-node Raft under random faults; breakpoint on line ${expectLine} hit at event ${events}`);
console.log(`  machine gauge (bench/machine-gauge.ts, ~8.5 ms on an idle core of the project's VM): ${gauges.map((g) => g.toFixed(1)).join(', ')} ms — figures scale with it`);
console.log(`  launch → stopped at the expect breakpoint: ${ms(launches)}   (target ≤ 1000 ms)`);
for (const [name, values] of Object.entries(steps)) console.log(`  ${name.padEnd(18)} ${ms(values)}   (target ≤ 50 ms)`);

// The core alone: one pass to the end keeps the checkpoints, then step back from spread cursors.
const config = compile(scenario).config!;
const travel = new TimeTravelRun(config, getProtocol(config.protocol.name)!);
const passStarted = performance.now();
travel.finish();
const passMs = performance.now() - passStarted;
const total = travel.cursor;
const backs: number[] = [];
for (let i = 1; i <= 20; i++) {
  travel.seek(Math.floor((total * i) / 21));
  const started = performance.now();
  travel.stepBack(1);
  backs.push(performance.now() - started);
}
console.log(`  time travel alone: first pass to the end ${passMs.toFixed(0)} ms (${total} events, ${travel.checkpointCount} checkpoints); step back ${ms(backs)}   (target ≤ 50 ms)`);
console.log(`  machine gauge after: ${gaugeMs().toFixed(1)} ms`);
