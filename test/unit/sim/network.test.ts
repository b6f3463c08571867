import assert from 'node:assert/strict';
import { runScenario } from '../../../core/run.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';
import { baseConfig, client, MS, quietLink, S } from './fixtures.ts';
import { pingProtocol } from './ping-protocol.ts';

type MessageEvent = Extract<TraceEvent, { kind: 'send' | 'deliver' | 'drop' | 'duplicate' }>;

function messages(config: SimConfig): MessageEvent[] {
  const report = runScenario(config, { protocol: pingProtocol });
  return report.trace.filter((e): e is MessageEvent => e.kind === 'send' || e.kind === 'deliver' || e.kind === 'drop' || e.kind === 'duplicate');
}

const NODES = new Set(['n1', 'n2', 'n3']);
const between = (e: MessageEvent, from: string, to: string) => e.from === from && e.to === to;

describe('network', () => {
  it('changing only the workload leaves every node-to-node decision identical', () => {
    const network = {
      defaults: quietLink({ latency: { kind: 'uniform' as const, minUs: 1 * MS, maxUs: 20 * MS }, drop: 0.1, duplicate: 0.1, reorder: 0.1 }),
      links: [],
      regions: {},
    };
    const light = baseConfig({ network, clients: [client('alice')] });
    const heavy = baseConfig({
      network,
      clients: [
        client('alice', { ops: [{ op: 'write', keys: ['x', 'y'], intervalUs: { min: 3 * MS, max: 9 * MS }, line: 1 }] }),
        client('bob', { ops: [{ op: 'read', keys: ['x'], intervalUs: { min: 5 * MS, max: 5 * MS }, line: 2 }], readFrom: 'any' }),
      ],
    });
    // Message ids are global counters, so compare what was decided, not the ids.
    const decisions = (config: SimConfig) =>
      messages(config)
        .filter((e) => NODES.has(e.from) && NODES.has(e.to))
        .map((e) => `${e.kind} ${e.t} ${e.from}->${e.to} ${e.type} ${e.deliverAt ?? ''} ${e.reason ?? ''}`);
    const a = decisions(light);
    const b = decisions(heavy);
    assert.ok(a.some((line) => line.startsWith('drop')) && a.some((line) => line.startsWith('duplicate')));
    assert.deepEqual(a, b);
    // ... while the client traffic itself did change.
    const clientSends = (config: SimConfig) => messages(config).filter((e) => e.kind === 'send' && !NODES.has(e.from)).length;
    assert.notEqual(clientSends(light), clientSends(heavy));
  });

  it('a symmetric partition blocks exactly the listed links, both ways, and nothing else', () => {
    const blocked: Array<[string, string]> = [['n1', 'n2'], ['n2', 'n1'], ['n1', 'n3'], ['n3', 'n1']];
    const config = baseConfig({
      faults: [
        { type: 'partition', partition: { blocked, label: 'n1 | n2, n3' }, atUs: 200 * MS, line: 1 },
        { type: 'heal', atUs: 600 * MS, line: 2 },
      ],
    });
    const events = messages(config);
    const cut = (e: MessageEvent) => blocked.some(([from, to]) => between(e, from, to));
    const inWindow = (e: MessageEvent) => e.t >= 200 * MS && e.t < 600 * MS;
    assert.equal(events.filter((e) => e.kind === 'deliver' && inWindow(e) && cut(e)).length, 0);
    assert.ok(events.filter((e) => e.kind === 'deliver' && inWindow(e) && (between(e, 'n2', 'n3') || between(e, 'n3', 'n2'))).length > 50);
    const partitionDrops = events.filter((e) => e.kind === 'drop' && e.reason === 'partition');
    assert.ok(partitionDrops.length > 0 && partitionDrops.every(cut));
    assert.ok(events.some((e) => e.kind === 'deliver' && e.t > 600 * MS && between(e, 'n1', 'n2')), 'heals after 600ms');
  });

  it('a one-way partition cuts one direction only', () => {
    const config = baseConfig({
      faults: [{ type: 'partition', partition: { blocked: [['n1', 'n2']], label: 'n1 -> n2' }, atUs: 0, line: 1 }],
    });
    const events = messages(config);
    assert.equal(events.filter((e) => e.kind === 'deliver' && between(e, 'n1', 'n2')).length, 0);
    assert.ok(events.filter((e) => e.kind === 'deliver' && between(e, 'n2', 'n1')).length > 50);
    assert.ok(events.filter((e) => e.kind === 'deliver' && between(e, 'n1', 'n3')).length > 50);
  });

  it('judges a partition at arrival: in flight when it starts is lost, sent just before the heal gets through', () => {
    // Pings leave every 10ms and take 5ms: the ones sent at 200ms are in flight at 202ms.
    const config = baseConfig({
      network: { defaults: quietLink({ latency: { kind: 'fixed', us: 5 * MS } }), links: [], regions: {} },
      faults: [
        { type: 'partition', partition: { blocked: [['n1', 'n2']], label: 'n1 -> n2' }, atUs: 202 * MS, line: 1 },
        { type: 'heal', atUs: 603 * MS, line: 2 },
      ],
    });
    const events = messages(config);
    const sentAt = (t: number) => events.find((e) => e.kind === 'send' && e.t === t && between(e, 'n1', 'n2') && e.type === 'Ping')!;
    const fate = (msg: number) => events.filter((e) => e.msg === msg && e.kind !== 'send').map((e) => `${e.kind}@${e.t}`);
    assert.deepEqual(fate(sentAt(200 * MS).msg), [`drop@${205 * MS}`]);
    assert.deepEqual(fate(sentAt(600 * MS).msg), [`deliver@${605 * MS}`]);
  });

  it('shows loss, duplication and reordering in the trace, and keeps links FIFO without reordering', () => {
    const noisy = baseConfig({
      network: { defaults: quietLink({ latency: { kind: 'uniform', minUs: 1 * MS, maxUs: 9 * MS }, drop: 0.1, duplicate: 0.1, reorder: 0.2 }), links: [], regions: {} },
    });
    const events = messages(noisy);
    assert.ok(events.some((e) => e.kind === 'drop' && e.reason === 'loss'));
    const duplicated = events.find((e) => e.kind === 'duplicate')!;
    assert.equal(events.filter((e) => e.kind === 'deliver' && e.msg === duplicated.msg).length, 2);

    const overtaken = (list: MessageEvent[]) => {
      const delivered = list.filter((e) => e.kind === 'deliver' && between(e, 'n1', 'n2')).map((e) => e.msg);
      return delivered.some((msg, i) => i > 0 && msg < delivered[i - 1]!);
    };
    assert.ok(overtaken(events), 'some later message overtakes an earlier one');
    const fifo = baseConfig({ network: { defaults: quietLink({ latency: { kind: 'uniform', minUs: 1 * MS, maxUs: 9 * MS } }), links: [], regions: {} } });
    assert.ok(!overtaken(messages(fifo)), 'without reordering a link keeps its order');
  });

  it('applies per-link overrides to the listed direction only', () => {
    const config = baseConfig({
      network: { defaults: quietLink(), links: [{ from: 'n1', to: 'n2', latency: { kind: 'fixed', us: 40 * MS }, line: 1 }], regions: {} },
    });
    const sends = messages(config).filter((e) => e.kind === 'send');
    assert.ok(sends.filter((e) => between(e, 'n1', 'n2')).every((e) => e.deliverAt === e.t + 40 * MS));
    assert.ok(sends.filter((e) => between(e, 'n2', 'n1')).every((e) => e.deliverAt === e.t + 1 * MS));
  });

  it('a loss window drops every message sent on its links while it lasts', () => {
    const config = baseConfig({
      faults: [{ type: 'link-window', links: [['n1', 'n2']], untilUs: 500 * MS, drop: 1, atUs: 100 * MS, line: 1 }],
    });
    const events = messages(config);
    const sentInWindow = events.filter((e) => e.kind === 'send' && between(e, 'n1', 'n2') && e.t >= 100 * MS && e.t < 500 * MS);
    assert.ok(sentInWindow.length > 0);
    const delivered = new Set(events.filter((e) => e.kind === 'deliver').map((e) => e.msg));
    assert.ok(sentInWindow.every((e) => !delivered.has(e.msg)));
    assert.ok(events.some((e) => e.kind === 'deliver' && between(e, 'n1', 'n2') && e.t > 500 * MS));
  });

  it('queues messages behind each other on a link with a declared bandwidth', () => {
    // 128-byte messages at 12,800 B/s take 10ms each on the wire.
    const config = baseConfig({
      runForUs: 200 * MS,
      network: { defaults: quietLink({ bandwidthBytesPerSec: 12_800 }), links: [], regions: {} },
      clients: [client('alice', { ops: [{ op: 'write', keys: ['x'], intervalUs: { min: 1 * MS, max: 1 * MS }, line: 1 }], timeoutUs: null })],
    });
    const arrivals = messages(config).filter((e) => e.kind === 'send' && between(e, 'alice', 'n1')).map((e) => e.deliverAt!);
    assert.ok(arrivals.length > 10);
    for (let i = 1; i < arrivals.length; i++) assert.ok(arrivals[i]! - arrivals[i - 1]! >= 10 * MS);
  });

  it('runs a scenario with 1 second of simulated time to its end', () => {
    const report = runScenario(baseConfig({ runForUs: 1 * S }), { protocol: pingProtocol });
    assert.equal(report.stats.simulatedUs, 1 * S);
    assert.equal(report.stats.stoppedBy, 'end');
  });
});
