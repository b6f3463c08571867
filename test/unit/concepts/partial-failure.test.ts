// Concept 1, partial failure: to its peers, a crashed node and a node behind a partition are the
// same — it just stops answering. The peers of n2 receive exactly the same messages, at the same
// times, and see the same timers fire in both runs; nothing they could observe tells them which
// fault happened. Across seeds.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { Report } from '../../../core/types/report.ts';

const SEEDS = [1, 2, 3, 4, 5];
const FILE = 'network-unreliable.fault';
const FAULT_START = 2_000_000;
const FAULT_END = 5_000_000;

function runSample(scenario: string, seed: number): Report {
  const text = readFileSync(fileURLToPath(new URL(`../../../samples/${FILE}`, import.meta.url)), 'utf8');
  const { config } = compile(text, scenario);
  assert.ok(config !== null);
  return runScenario({ ...config, seed }, { analyze: false });
}

/** What n1 and n3 observe before the fault is undone: deliveries to them and their timers (message ids left out: they count n2's sends too). */
function peersView(report: Report): string[] {
  return report.trace.flatMap((e) => {
    if (e.t >= FAULT_END) return [];
    if (e.kind === 'deliver' && e.to !== 'n2') return [`${e.t} ${e.from}->${e.to} ${e.type}`];
    if (e.kind === 'timer' && e.node !== 'n2') return [`${e.t} ${e.node} timer ${e.name}`];
    return [];
  });
}

describe('concept 1: a crashed node and a partitioned node look the same to their peers', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: n1 and n3 receive the same messages and see the same timeouts whether n2 crashed or was cut off`, () => {
      const crashed = runSample('network: n2 crashes', seed);
      const cutOff = runSample('network: n2 is cut off', seed);
      const view = peersView(crashed);
      assert.deepEqual(peersView(cutOff), view);
      // Not vacuous: the peers heard n2 before the fault and nothing from it during the fault.
      const fromN2 = (r: Report, from: number, to: number) =>
        r.trace.filter((e) => e.kind === 'deliver' && e.from === 'n2' && e.t >= from && e.t < to).length;
      assert.ok(fromN2(crashed, 0, FAULT_START) > 0);
      assert.equal(fromN2(crashed, FAULT_START + 20_000, FAULT_END), 0);
      assert.equal(fromN2(cutOff, FAULT_START + 20_000, FAULT_END), 0);
      // Yet n2 itself lived through two different things: down, or up and alone.
      const n2Timers = (r: Report) => r.trace.filter((e) => e.kind === 'timer' && e.node === 'n2' && e.t > FAULT_START && e.t < FAULT_END).length;
      assert.equal(n2Timers(crashed), 0);
      assert.ok(n2Timers(cutOff) > 0);
    });
  }
});
