import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { Report } from '../../../core/types/report.ts';
import { ClientPlacement } from '../../../core/sim/client-placement.ts';

function run(workload: string, faults: string, network = ''): Report {
  const text = `scenario "s" {
  seed 2
  run for 6s
  cluster {
    nodes n1, n2, n3
    protocol raft
  }
  network {
    latency 2ms..4ms
${network}
  }
  workload {
${workload}
  }
  faults {
${faults}
  }
}`;
  const result = compile(text);
  assert.ok(result.config !== null, result.diagnostics.map((d) => d.message).join('\n'));
  return runScenario(result.config);
}

/** Completions of a client's operations invoked inside [from, to), by outcome. */
function outcomes(report: Report, client: string, from: number, to: number): Record<string, number> {
  const invoked = new Map<number, number>();
  const counts: Record<string, number> = {};
  for (const e of report.history) {
    if (e.process !== client) continue;
    if (e.type === 'invoke') invoked.set(e.opId, e.time);
    else {
      const t = invoked.get(e.opId)!;
      if (t >= from && t < to) counts[e.type] = (counts[e.type] ?? 0) + 1;
    }
  }
  return counts;
}

/** The nodes a client's messages (either way) were lost to because of a partition. */
function cutPeers(report: Report, client: string): string[] {
  const peers = new Set<string>();
  for (const e of report.trace) {
    if (e.kind !== 'drop' || e.reason !== 'partition') continue;
    if (e.from === client) peers.add(e.to);
    if (e.to === client) peers.add(e.from);
  }
  return [...peers].sort();
}

const S = 1_000_000;

describe('clients placed in the network', () => {
  it('a client beside n1 while `partition n1 | n2, n3` reaches only n1: none of its writes commit, while one beside n3 carries on', () => {
    const report = run(
      '    client alice near n1 { write x every 100ms timeout 400ms }\n    client bob near n3 { write y every 100ms timeout 400ms }',
      '    at 2s partition n1 | n2, n3\n    at 5s heal',
    );
    // Invoked once the majority side has elected its leader (about 2.2s) and early enough to end before the heal.
    const alice = outcomes(report, 'alice', 2.5 * S, 4.5 * S);
    const bob = outcomes(report, 'bob', 2.5 * S, 4.5 * S);
    assert.equal(alice['ok'] ?? 0, 0, JSON.stringify(alice));
    assert.ok((alice['info'] ?? 0) >= 15, JSON.stringify(alice));
    assert.ok((bob['ok'] ?? 0) >= 15, JSON.stringify(bob));
    assert.deepEqual(cutPeers(report, 'alice'), ['n2', 'n3']);
    assert.ok(cutPeers(report, 'bob').every((peer) => peer === 'n1'));
  });

  it('an unplaced client still reaches every node through a partition, as before', () => {
    const report = run('    client carol { write x every 100ms timeout 400ms }', '    at 2s partition n1 | n2, n3\n    at 5s heal');
    assert.deepEqual(cutPeers(report, 'carol'), []);
    assert.ok((outcomes(report, 'carol', 2.5 * S, 4.5 * S)['ok'] ?? 0) >= 15);
  });

  it('a partition that names a client cuts it alone: `partition carol | rest` times out her writes until the heal, dave carries on', () => {
    const faults = '    at 2s partition carol | rest\n    at 4s heal';
    const compiled = compile(`scenario "s" {\n  run for 1s\n  cluster {\n    nodes n1, n2, n3\n    protocol raft\n  }\n  workload {\n    client carol { write x every 100ms }\n  }\n  faults {\n${faults}\n  }\n}`);
    assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === 'error'), [], 'a client is a name a partition may cut');
    const report = run('    client carol { write x every 100ms timeout 400ms }\n    client dave { write y every 100ms timeout 400ms }', faults);
    const carol = outcomes(report, 'carol', 2.1 * S, 3.5 * S);
    assert.equal(carol['ok'] ?? 0, 0, JSON.stringify(carol));
    assert.ok((carol['info'] ?? 0) >= 10, JSON.stringify(carol));
    assert.ok((outcomes(report, 'carol', 4.5 * S, 6 * S)['ok'] ?? 0) >= 10, 'after the heal her writes commit again');
    assert.ok((outcomes(report, 'dave', 2.1 * S, 3.5 * S)['ok'] ?? 0) >= 10);
    assert.deepEqual(cutPeers(report, 'dave'), []);
    assert.ok(cutPeers(report, 'carol').length > 0);
  });

  it('a client in a region is cut from a node only when every node of its region is', () => {
    const network = '    region eu n1, n2\n    region us n3';
    const report = run(
      '    client dora in eu { write x every 100ms timeout 400ms }\n    client eve in us { write y every 100ms timeout 400ms }',
      '    at 2s partition n1, n2 | n3\n    at 5s heal',
      network,
    );
    assert.ok(cutPeers(report, 'dora').every((peer) => peer === 'n3'));
    assert.ok((outcomes(report, 'dora', 2.5 * S, 4.5 * S)['ok'] ?? 0) >= 15, 'the eu client is on the majority side');
    assert.deepEqual(cutPeers(report, 'eve'), ['n1', 'n2']);
    assert.equal(outcomes(report, 'eve', 2.5 * S, 4.5 * S)['ok'] ?? 0, 0, 'the us client is on the minority side');
  });

  it("a loss window on its node's links hits a placed client too, and the client takes its node's link settings", () => {
    const report = run(
      '    client alice near n1 { write x every 100ms timeout 400ms }',
      '    from 1s to 3s drop 100% n1 -> n2, n3',
      '    link n1 -> n2 latency 50ms',
    );
    const lost = report.trace.filter((e) => e.kind === 'drop' && e.from === 'alice' && e.reason === 'loss window');
    assert.ok(lost.length > 0 && lost.every((e) => e.kind === 'drop' && e.t >= 1 * S && e.t < 3 * S && e.to !== 'n1'));
    const toN2 = report.trace.filter((e) => e.kind === 'send' && e.from === 'alice' && e.to === 'n2' && e.deliverAt !== undefined);
    assert.ok(toN2.length > 0 && toN2.every((e) => e.kind === 'send' && e.deliverAt! - e.t >= 50_000), "alice -> n2 takes n1 -> n2's 50ms");
    const toN1 = report.trace.filter((e) => e.kind === 'send' && e.from === 'alice' && e.to === 'n1' && e.deliverAt !== undefined);
    assert.ok(toN1.length > 0 && toN1.every((e) => e.kind === 'send' && e.deliverAt! - e.t <= 4_000), 'alice -> n1 keeps the defaults');
  });

  it('a placed client asks its own node first', () => {
    const report = run('    client alice near n3 { write x every 1s timeout 400ms }', '');
    const first = report.trace.find((e) => e.kind === 'send' && e.from === 'alice');
    assert.equal(first?.kind === 'send' ? first.to : undefined, 'n3');
  });

  it('the rule itself: a region client (anchors n1, n2) loses n3 only when both n1 and n2 lose it, per direction', () => {
    const placement = new ClientPlacement([{ endpoint: 3, anchors: [0, 1] }], 3);
    const onlyN1: Array<[number, number]> = [[0, 2], [2, 0]];
    placement.addClientLinks(onlyN1);
    assert.deepEqual(onlyN1, [[0, 2], [2, 0]], 'n2 still reaches n3, so the client does');
    const both: Array<[number, number]> = [[0, 2], [1, 2]];
    placement.addClientLinks(both);
    assert.deepEqual(both, [[0, 2], [1, 2], [3, 2]], 'client -> n3 is cut; n3 -> client is not (one-way)');
  });
});
