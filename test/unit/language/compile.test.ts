// Compiling scenarios to SimConfig: units, names, defaults, extends, partitions, random faults.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import { describe_, scenarioWith } from './helpers.ts';

function configOf(text: string, scenario?: string): SimConfig {
  const result = compile(text, scenario);
  assert.ok(result.config !== null, describe_(result.diagnostics));
  return result.config;
}

const sorted = (pairs: Array<[string, string]>) => pairs.map(([a, b]) => `${a}>${b}`).sort();

describe('compile', () => {
  it('turns every duration unit into integer microseconds', () => {
    const config = configOf(
      scenarioWith({
        runFor: '1.5m',
        faults: '  faults {\n    at 250us crash n1\n    at 7.5s restart n1\n    at 2ms pause n2 for 1h\n  }',
      }),
    );
    assert.equal(config.runForUs, 90_000_000);
    assert.deepEqual(
      config.faults.map((f) => f.atUs),
      [250, 2_000, 7_500_000],
    );
    const pause = config.faults.find((f) => f.type === 'pause');
    assert.equal(pause?.type === 'pause' && pause.durationUs, 3_600_000_000);
  });

  it('`nodes 5` names the nodes n1..n5', () => {
    const config = configOf(scenarioWith({ cluster: '  cluster {\n    nodes 5\n    protocol raft\n  }' }));
    assert.deepEqual(config.nodes, ['n1', 'n2', 'n3', 'n4', 'n5']);
  });

  it('fills protocol options from the declarations and overrides the ones written', () => {
    const config = configOf(scenarioWith({ cluster: '  cluster {\n    nodes 3\n    protocol raft {\n      heartbeat every 20ms\n      pre vote on\n    }\n  }' }));
    assert.deepEqual(config.protocol.options, {
      'election timeout': { min: 150_000, max: 300_000 },
      'heartbeat every': 20_000,
      'pre vote': true,
      'check quorum': false,
      'read mode': 'log',
      'max entries per append': 64,
    });
  });

  it('two-phase commit defaults the coordinator to the first node and the participants to the rest', () => {
    const config = configOf(scenarioWith({ cluster: '  cluster {\n    nodes a, b, c\n    protocol two_phase_commit\n  }' }));
    assert.deepEqual(config.protocol.options['coordinator'], ['a']);
    assert.deepEqual(config.protocol.options['participants'], ['b', 'c']);
    const chosen = configOf(scenarioWith({ cluster: '  cluster {\n    nodes a, b, c\n    protocol two_phase_commit { coordinator b }\n  }' }));
    assert.deepEqual(chosen.protocol.options['participants'], ['a', 'c']);
  });

  it('collects repeatable saga steps in order, and turns percentages and rates into plain numbers', () => {
    const saga = configOf(scenarioWith({ cluster: '  cluster {\n    nodes 3\n    protocol saga {\n      step reserve on n2 compensate release\n      step charge on n3 compensate refund\n    }\n  }' }));
    assert.deepEqual(saga.protocol.options['step'], ['reserve on n2 compensate release', 'charge on n3 compensate refund']);
    const service = configOf(scenarioWith({ cluster: '  cluster {\n    nodes 2\n    protocol service { capacity 12000/m }\n  }', network: '  network {\n    drop 2.5%\n  }' }));
    assert.equal(service.protocol.options['capacity'], 200);
    assert.equal(service.network.defaults.drop, 0.025);
  });

  it('compiles the network: distributions, per-link overrides in both directions, bandwidth, regions', () => {
    const config = configOf(
      scenarioWith({
        network: '  network {\n    latency normal 5ms sd 2ms\n    bandwidth 8mbps\n    link n1 <-> n3 latency 80ms\n    link n1 -> n2 drop 10%\n    region eu n1, n2\n  }',
      }),
    );
    assert.deepEqual(config.network.defaults.latency, { kind: 'normal', meanUs: 5_000, sdUs: 2_000 });
    assert.equal(config.network.defaults.bandwidthBytesPerSec, 1_000_000);
    assert.deepEqual(
      config.network.links.map((l) => [l.from, l.to, l.latency ?? null, l.drop ?? null]),
      [
        ['n1', 'n3', { kind: 'fixed', us: 80_000 }, null],
        ['n3', 'n1', { kind: 'fixed', us: 80_000 }, null],
        ['n1', 'n2', null, 0.1],
      ],
    );
    assert.deepEqual(config.network.regions, { n1: 'eu', n2: 'eu' });
  });

  it('compiles a client with its retry policy, timeout, idempotency keys and read routing', () => {
    const config = configOf(
      scenarioWith({
        workload:
          '  workload {\n    client alice {\n      write x every 100ms\n      read x, y every 50ms..80ms\n      timeout 400ms\n      retry 3 backoff exponential 50ms..2s jitter full\n      idempotency key ttl 1h\n      read from any\n      start at 1s\n    }\n    client web * 10 { request every 1s }\n  }',
      }),
    );
    const [alice, web] = config.clients;
    assert.deepEqual(alice!.ops.map((o) => [o.op, o.keys, o.intervalUs]), [
      ['write', ['x'], { min: 100_000, max: 100_000 }],
      ['read', ['x', 'y'], { min: 50_000, max: 80_000 }],
    ]);
    assert.equal(alice!.timeoutUs, 400_000);
    assert.deepEqual({ ...alice!.retry, line: 0 }, { maxRetries: 3, backoff: 'exponential', baseUs: 50_000, capUs: 2_000_000, jitter: 'full', line: 0 });
    assert.equal(alice!.idempotencyKeyTtlUs, 3_600_000_000);
    assert.equal(alice!.readFrom, 'any');
    assert.equal(alice!.startUs, 1_000_000);
    assert.equal(web!.count, 10);
    assert.equal(web!.readFrom, 'leader', 'a Raft client reads from the leader unless told otherwise');
    assert.equal(web!.timeoutUs, null);
  });

  it('extends: the child replaces seed and faults, merges options one by one, appends links and merges clients', () => {
    const text = `scenario "base" {
  seed 1
  run for 10s
  cluster {
    nodes n1, n2, n3
    protocol raft {
      election timeout 150ms..300ms
      pre vote on
    }
  }
  network {
    latency 5ms
    drop 1%
    link n1 -> n2 drop 5%
  }
  workload {
    client a {
      write x every 100ms
      timeout 1s
    }
  }
  faults {
    at 1s crash n1
  }
}
scenario "variant" extends "base" {
  seed 2
  cluster {
    protocol raft { pre vote off }
  }
  network {
    drop 2%
    link n2 -> n3 drop 7%
  }
  workload {
    client a { retry 2 }
  }
  faults {
    at 2s crash n2
  }
}
`;
    const base = configOf(text, 'base');
    const variant = configOf(text, 'variant');
    assert.equal(variant.scenario, 'variant');
    assert.equal(variant.seed, 2);
    assert.equal(variant.runForUs, base.runForUs);
    assert.deepEqual(variant.nodes, ['n1', 'n2', 'n3']);
    assert.deepEqual(variant.protocol.options['election timeout'], { min: 150_000, max: 300_000 });
    assert.equal(variant.protocol.options['pre vote'], false);
    assert.deepEqual(variant.network.defaults.latency, { kind: 'fixed', us: 5_000 });
    assert.equal(variant.network.defaults.drop, 0.02);
    assert.deepEqual(variant.network.links.map((l) => `${l.from}>${l.to}`), ['n1>n2', 'n2>n3']);
    assert.deepEqual(variant.clients[0]!.ops, base.clients[0]!.ops);
    assert.equal(variant.clients[0]!.timeoutUs, 1_000_000);
    assert.equal(variant.clients[0]!.retry?.maxRetries, 2);
    assert.deepEqual(variant.faults.map((f) => f.type === 'crash' && f.node), ['n2']);
  });

  it('extends: a different protocol replaces the parent protocol block instead of merging it', () => {
    const text = `scenario "a" {
  run for 1s
  cluster {
    nodes 3
    protocol raft { pre vote on }
  }
}
scenario "b" extends "a" {
  cluster { protocol leaderless { w 3 } }
}
`;
    const config = configOf(text, 'b');
    assert.equal(config.protocol.name, 'leaderless');
    assert.equal(config.protocol.options['w'], 3);
    assert.equal(config.protocol.options['pre vote'], undefined);
  });

  it('compiles a symmetric partition to the links between its groups, in both directions', () => {
    const config = configOf(scenarioWith({ faults: '  faults {\n    at 1s partition n1 | n2, n3\n  }' }));
    const partition = config.faults[0]!;
    assert.ok(partition.type === 'partition');
    assert.deepEqual(sorted(partition.partition.blocked), sorted([['n1', 'n2'], ['n1', 'n3'], ['n2', 'n1'], ['n3', 'n1']]));
    assert.equal(partition.partition.label, 'n1 | n2, n3');
  });

  it('a one-way partition blocks only the written direction', () => {
    const config = configOf(scenarioWith({ faults: '  faults {\n    at 1s partition n1 -> n2, n3\n  }' }));
    const partition = config.faults[0]!;
    assert.ok(partition.type === 'partition');
    assert.deepEqual(sorted(partition.partition.blocked), ['n1>n2', 'n1>n3']);
  });

  it('`partition n1 <-> n2` cuts the one link both ways and nothing else: n3 keeps both', () => {
    const config = configOf(scenarioWith({ faults: '  faults {\n    at 1s partition n1 <-> n2\n  }' }));
    const partition = config.faults[0]!;
    assert.ok(partition.type === 'partition');
    assert.deepEqual(sorted(partition.partition.blocked), ['n1>n2', 'n2>n1']);
    assert.equal(partition.partition.label, 'n1 <-> n2');
  });

  it('nodes left out of a symmetric partition form a group of their own', () => {
    const config = configOf(scenarioWith({ cluster: '  cluster {\n    nodes 4\n    protocol raft\n  }', faults: '  faults {\n    at 1s partition n1 | n2\n  }' }));
    const partition = config.faults[0]!;
    assert.ok(partition.type === 'partition');
    // Groups {n1} {n2} {n3, n4}: n3 and n4 still talk to each other, nobody else does.
    const blocked = new Set(sorted(partition.partition.blocked));
    assert.ok(!blocked.has('n3>n4') && !blocked.has('n4>n3'));
    for (const pair of ['n1>n2', 'n1>n3', 'n2>n4', 'n4>n1']) assert.ok(blocked.has(pair), pair);
  });

  it('a majorities ring of 5 leaves each node exactly its two ring neighbours: each sees a majority, no two the same', () => {
    const config = configOf(scenarioWith({ cluster: '  cluster {\n    nodes 5\n    protocol raft\n  }', faults: '  faults {\n    at 1s partition majorities ring\n  }' }));
    const partition = config.faults[0]!;
    assert.ok(partition.type === 'partition');
    const blocked = new Set(sorted(partition.partition.blocked));
    const visible = config.nodes.map((n) => config.nodes.filter((m) => m === n || !blocked.has(`${n}>${m}`)).join(','));
    assert.deepEqual(visible, ['n1,n2,n5', 'n1,n2,n3', 'n2,n3,n4', 'n3,n4,n5', 'n1,n4,n5']);
    assert.equal(new Set(visible).size, 5);
  });

  it('a bridge splits the other nodes in two halves that only the bridge node connects', () => {
    const config = configOf(scenarioWith({ cluster: '  cluster {\n    nodes 5\n    protocol raft\n  }', faults: '  faults {\n    at 1s partition bridge n3\n  }' }));
    const partition = config.faults[0]!;
    assert.ok(partition.type === 'partition');
    assert.deepEqual(sorted(partition.partition.blocked), sorted([
      ['n1', 'n4'], ['n1', 'n5'], ['n2', 'n4'], ['n2', 'n5'],
      ['n4', 'n1'], ['n5', 'n1'], ['n4', 'n2'], ['n5', 'n2'],
    ]));
  });

  it('a window becomes the fault and its undoing: crash then restart, partition then heal, skew then skew back', () => {
    const config = configOf(scenarioWith({ faults: '  faults {\n    from 1s to 3s crash n1\n    from 4s to 5s partition n1 | n2, n3\n    from 6s to 7s skew n2 +2s\n  }' }));
    assert.deepEqual(
      config.faults.map((f) => [f.type, f.atUs, f.type === 'clock-jump' ? f.deltaUs : null]),
      [
        ['crash', 1_000_000, null],
        ['restart', 3_000_000, null],
        ['partition', 4_000_000, null],
        ['heal', 5_000_000, null],
        ['clock-jump', 6_000_000, 2_000_000],
        ['clock-jump', 7_000_000, -2_000_000],
      ],
    );
  });

  it('a loss window lists its directed links and ends at the window end', () => {
    const config = configOf(scenarioWith({ faults: '  faults {\n    from 1s to 4s drop 30% n1 <-> n2\n    from 1s to 2s delay 200ms\n  }' }));
    const [drop, delay] = config.faults;
    assert.ok(drop!.type === 'link-window' && delay!.type === 'link-window');
    assert.deepEqual(sorted(drop.links), ['n1>n2', 'n2>n1']);
    assert.equal(drop.drop, 0.3);
    assert.equal(drop.untilUs, 4_000_000);
    assert.equal(delay.extraLatencyUs, 200_000);
    assert.equal(delay.links.length, 6, 'no names: every directed link of the 3 nodes');
  });

  it('a fault at a range of times keeps both ends for the simulator to draw from', () => {
    const config = configOf(scenarioWith({ faults: '  faults {\n    at 2s..4s crash n1\n  }' }));
    assert.equal(config.faults[0]!.atUs, 2_000_000);
    assert.equal(config.faults[0]!.atMaxUs, 4_000_000);
  });

  it('compiles random faults with their period, duration, victims and magnitude', () => {
    const config = configOf(
      scenarioWith({
        faults: '  faults {\n    every 2s..5s random crash for 1s..3s\n    every 3s random pause for 500ms on n1, n2\n    every 4s random skew 1s for 2s\n    every 4s random drop 30% for 1s\n  }',
      }),
    );
    assert.deepEqual(
      config.randomFaults.map((r) => ({ ...r, line: 0 })),
      [
        { kind: 'crash', everyUs: { min: 2_000_000, max: 5_000_000 }, durationUs: { min: 1_000_000, max: 3_000_000 }, nodes: [], magnitude: 0, line: 0 },
        { kind: 'pause', everyUs: { min: 3_000_000, max: 3_000_000 }, durationUs: { min: 500_000, max: 500_000 }, nodes: ['n1', 'n2'], magnitude: 0, line: 0 },
        { kind: 'clock-jump', everyUs: { min: 4_000_000, max: 4_000_000 }, durationUs: { min: 2_000_000, max: 2_000_000 }, nodes: [], magnitude: 1_000_000, line: 0 },
        { kind: 'drop', everyUs: { min: 4_000_000, max: 4_000_000 }, durationUs: { min: 1_000_000, max: 1_000_000 }, nodes: [], magnitude: 0.3, line: 0 },
      ],
    );
  });

  it('compiles expectations with their bound and event; lines are 1-based', () => {
    const text = scenarioWith({ expect: '  expect {\n    linearizable\n    leader within 1s after heal\n    writes commit within 2s\n  }' });
    const config = configOf(text);
    assert.deepEqual(config.expectations.map((e) => [e.kind, e.text, e.withinUs ?? null, e.after ?? null]), [
      ['linearizable', 'linearizable', null, null],
      ['leader-within', 'leader within 1s after heal', 1_000_000, 'heal'],
      ['writes-commit', 'writes commit within 2s', 2_000_000, null],
    ]);
    const lines = text.split('\n');
    assert.match(lines[config.expectations[0]!.line - 1]!, /linearizable/);
  });

  it('measures commit expectations from an event, with or without a bound', () => {
    const config = configOf(scenarioWith({ expect: '  expect {\n    no writes commit after crash\n    writes commit after restart\n    converges within 3s\n  }' }));
    assert.deepEqual(config.expectations.map((e) => [e.kind, e.withinUs ?? null, e.after ?? null]), [
      ['no-writes-commit', null, 'crash'],
      ['writes-commit', null, 'restart'],
      ['converges', 3_000_000, null],
    ]);
  });

  it('an expectation that takes no bound says so', () => {
    const result = compile(scenarioWith({ expect: '  expect {\n    linearizable within 1s\n  }' }));
    assert.equal(result.config, null);
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.message]), [['FL010', '`linearizable` does not take `within`.']]);
  });

  it('picks the named scenario, or the first; lists every scenario; gives no config when the chosen one has errors', () => {
    const text = scenarioWith() + 'scenario "broken" {\n  run for 1s\n}\n';
    const first = compile(text);
    assert.equal(first.config?.scenario, 's');
    assert.deepEqual(first.scenarios, ['s', 'broken']);
    assert.ok(first.diagnostics.some((d) => d.severity === 'error'), 'the broken scenario is still reported');
    assert.equal(compile(text, 'broken').config, null);
    assert.equal(compile(text, 'missing').config, null);
  });
});

describe('partition checks agree with the compiled cuts', () => {
  it('"separates no nodes" is reported exactly when the compiled partition blocks no link', async () => {
    const { compilePartition } = await import('../../../core/language/partitions.ts');
    const { partitionEffect } = await import('../../../core/language/validate/fault-events.ts');
    const { analyze } = await import('../../../core/language/index.ts');
    const shapes = ['n1 | n2', 'n1, n2, n3', 'n1 | n1', 'n1 -> n1', 'n1 -> n2', 'n1 <-> n1', 'n1 <-> n2', 'n1, n2 <-> n3', 'majorities ring', 'bridge n1', 'n1', 'n1 | n2, n3 | n4'];
    for (let count = 1; count <= 7; count++) {
      const nodes = Array.from({ length: count }, (_, i) => `n${i + 1}`);
      for (const shape of shapes) {
        const fault = analyze(`scenario "s" { faults {\n at 1s partition ${shape}\n} }`).ast.scenarios[0]!.faults!.items[0]!;
        assert.ok(fault.action.kind === 'Partition');
        const compiled = compilePartition(fault.action.shape, nodes);
        const effect = partitionEffect(fault.action.shape, nodes);
        assert.equal(effect.separates, compiled.blocked.length > 0, `${count} nodes, partition ${shape}`);
        assert.deepEqual(effect.unlisted, compiled.unlisted, `${count} nodes, partition ${shape}`);
      }
    }
  });
});
