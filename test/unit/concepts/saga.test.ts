// Concept 16, sagas: a failing step triggers the compensations of the steps already done, last
// first; and because every step commits on its own, a reader sees the intermediate state (an item
// reserved for an order that is about to be cancelled). Both modes, across seeds.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { Report } from '../../../core/types/report.ts';

const SEEDS = [1, 2, 3, 4, 5];
const FILE = 'saga-compensation.fault';
const SCENARIOS = ['saga: payment fails, orchestrated', 'saga: payment fails, choreographed'];

function runSample(scenario: string, seed: number): Report {
  const text = readFileSync(fileURLToPath(new URL(`../../../samples/${FILE}`, import.meta.url)), 'utf8');
  const { config } = compile(text, scenario);
  assert.ok(config !== null);
  return runScenario({ ...config, seed }, { analyze: false });
}

/** Per saga operation: the steps applied, then the compensations applied, each in time order. */
function effectsBySaga(report: Report): Map<number, { steps: string[]; compensations: string[] }> {
  const bySaga = new Map<number, { steps: string[]; compensations: string[] }>();
  for (const e of report.trace) {
    if (e.kind !== 'apply') continue;
    const opId = Math.abs(e.op);
    const entry = bySaga.get(opId) ?? { steps: [], compensations: [] };
    (e.op > 0 ? entry.steps : entry.compensations).push(e.key);
    bySaga.set(opId, entry);
  }
  return bySaga;
}

describe('concept 16: a saga compensates in reverse order, and readers see its intermediate states', () => {
  for (const scenario of SCENARIOS) {
    for (const seed of SEEDS) {
      it(`${scenario}, seed ${seed}: every saga runs create, reserve, then compensates reserve before create`, () => {
        const report = runSample(scenario, seed);
        const sagas = [...effectsBySaga(report).values()];
        assert.ok(sagas.length >= 5, `sagas ran: ${sagas.length}`);
        const finished = sagas.filter((s) => s.compensations.length > 0);
        assert.ok(finished.length >= sagas.length - 1, 'all but possibly the last (cut off by the end of the run) compensated');
        for (const s of finished) {
          assert.deepEqual(s.steps, ['create', 'reserve'], 'charge fails by rule, so no later step runs');
          assert.deepEqual(s.compensations, [...s.steps].reverse(), 'compensations run last step first');
        }
        const failed = report.history.filter((e) => e.f === 'request' && e.type === 'fail');
        assert.ok(failed.length >= finished.length - 1, 'the client hears that the saga failed');
        assert.match(failed[0]!.error ?? '', /charge/);
      });

      it(`${scenario}, seed ${seed}: a reader sees a reservation that is later undone, and the end state holds none`, () => {
        const report = runSample(scenario, seed);
        const reads = report.history.filter((e) => e.f === 'read' && e.type === 'ok');
        assert.ok(reads.some((e) => e.value === 1), 'some read saw reserve = 1 mid-saga');
        const lastInventory = report.trace.filter((e) => e.kind === 'state' && e.node === 'inventory').at(-1);
        assert.ok(lastInventory !== undefined && lastInventory.kind === 'state');
        const running = report.trace.filter((e) => e.kind === 'state' && e.node === 'orders').at(-1);
        if (running?.kind === 'state' && running.state['running'] === 0) assert.equal(lastInventory.state['reserve'], 0);
      });
    }
  }

  it('the choreographed variant differs from the orchestrated one only in the mode', () => {
    const text = readFileSync(fileURLToPath(new URL(`../../../samples/${FILE}`, import.meta.url)), 'utf8');
    const [orchestrated, choreographed] = SCENARIOS.map((s) => compile(text, s).config!);
    assert.deepEqual({ ...choreographed!.protocol.options, mode: 'orchestrated' }, orchestrated!.protocol.options);
  });
});
