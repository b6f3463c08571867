// The theorem sweep's scenario generator: every scenario it draws is one a person could write
// (it compiles without errors, and printing its config again gives the same config), and the
// draws cover what the sweep promises to try.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { printScenario } from '../../../core/sweep/print-scenario.ts';
import { generateScenario } from '../../../core/theorems/generate-scenario.ts';
import { generatedScenario } from '../../../core/theorems/sweep.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

const SCENARIOS = 300;

/** Everything but source positions and partition labels, which printing may change. */
const comparable = (config: SimConfig): unknown => JSON.parse(JSON.stringify(config, (key, value) => (key === 'line' || key === 'label' ? undefined : value)));

describe('theorem sweep: the scenario generator', () => {
  const drawn = Array.from({ length: SCENARIOS }, (_, i) => generatedScenario(5, i));

  it(`all ${SCENARIOS} generated scenarios compile without errors`, () => {
    for (const { text, errors } of drawn) assert.deepEqual(errors, [], text);
  });

  it('a generated scenario printed again from its compiled config compiles to the same config', () => {
    for (const { config } of drawn.slice(0, 100)) {
      const again = compile(printScenario(config!)).config;
      assert.ok(again !== null);
      assert.deepEqual(comparable(again), comparable(config!));
    }
  });

  it('every generated scenario with a message fault line or a fault that follows a role compiles, and prints back to the same config', () => {
    const newer = drawn.filter(({ config }) => config!.faults.some((f) => f.type === 'message' || f.type.startsWith('role-')) || config!.randomFaults.some((f) => f.roles !== undefined));
    assert.ok(newer.length >= 20, `only ${newer.length} of ${SCENARIOS}`);
    for (const { config } of newer) {
      const again = compile(printScenario(config!));
      assert.deepEqual(again.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.deepEqual(comparable(again.config!), comparable(config!));
    }
  });

  it('the same stream and index always draw the same scenario, and neighbouring indexes differ', () => {
    assert.equal(generatedScenario(5, 17).text, drawn[17]!.text);
    assert.notEqual(drawn[17]!.text, drawn[18]!.text);
    assert.notEqual(generatedScenario(6, 17).text, drawn[17]!.text);
  });

  it('covers every protocol, 1 to 7 nodes, every partition shape, random faults, clocks and every client style', () => {
    const configs = drawn.map((d) => d.config!);
    assert.deepEqual(new Set(configs.map((c) => c.protocol.name)), new Set(['raft', 'primary_backup', 'leaderless', 'two_phase_commit', 'saga', 'lease_lock', 'service']));
    const sizes = new Set(configs.map((c) => c.nodes.length));
    for (let n = 1; n <= 7; n++) assert.ok(sizes.has(n), `no ${n}-node cluster`);
    const labels = configs.flatMap((c) => c.faults.flatMap((f) => (f.type === 'partition' ? [f.partition.label] : [])));
    assert.ok(labels.includes('majorities ring'));
    assert.ok(labels.some((l) => l.startsWith('bridge ')));
    assert.ok(labels.some((l) => l.includes('->')));
    assert.ok(labels.some((l) => l.includes('|')));
    const faultTypes = new Set(configs.flatMap((c) => c.faults.map((f) => f.type)));
    for (const type of ['crash', 'restart', 'pause', 'partition', 'heal', 'link-window', 'clock-jump', 'message']) assert.ok(faultTypes.has(type as never), `no ${type}`);
    const messageFaults = configs.flatMap((c) => c.faults.flatMap((f) => (f.type === 'message' ? [{ protocol: c.protocol.name, ...f }] : [])));
    assert.deepEqual(new Set(messageFaults.map((f) => f.effect)), new Set(['drop', 'duplicate', 'delay', 'deliver']));
    assert.ok(new Set(messageFaults.map((f) => f.protocol)).size >= 5, 'message fault lines on most protocols');
    for (const type of ['role-crash', 'role-pause', 'role-clock-jump', 'role-partition']) assert.ok(faultTypes.has(type as never), `no ${type}`);
    const roles = new Set(configs.flatMap((c) => c.faults.flatMap((f) => ('target' in f ? [f.target.role] : []))));
    for (const role of ['leader', 'primary', 'holder', 'coordinator', 'database']) assert.ok(roles.has(role), `no fault follows the ${role}`);
    assert.ok(configs.some((c) => c.randomFaults.some((f) => (f.roles ?? []).length > 0)), 'a random fault on a role');
    assert.ok(configs.some((c) => c.randomFaults.length > 0));
    assert.ok(configs.some((c) => c.clocks.some((k) => k.driftPpm !== 0)));
    const clients = configs.flatMap((c) => c.clients);
    assert.ok(clients.some((c) => c.closedLoop) && clients.some((c) => !c.closedLoop));
    assert.ok(clients.some((c) => c.retry !== null) && clients.some((c) => c.idempotencyKeyTtlUs !== null));
    assert.ok(clients.some((c) => c.count > 1), 'several copies of a client');
    assert.ok(configs.some((c) => (c.network.defaults.duplicate ?? 0) > 0 && (c.network.defaults.drop ?? 0) > 0 && c.network.defaults.reorder > 0) || configs.some((c) => c.network.defaults.reorder > 0));
  });

  it('some Raft runs are long enough to cross the snapshot threshold (1,024 applied entries)', () => {
    const long = Array.from({ length: 400 }, (_, i) => generateScenario(5, i)).filter((g) => g.runForUs >= 20_000_000);
    assert.ok(long.length > 0);
    for (const g of long) {
      assert.equal(g.protocol.name, 'raft');
      const bulk = g.clients.find((c) => c.name === 'bulk')!;
      assert.ok(g.runForUs / bulk.ops[0]!.intervalUs.max > 1024);
    }
  });
});
