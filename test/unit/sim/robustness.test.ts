import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runScenario } from '../../../core/run.ts';
import type { FaultAction, RandomFaultSpec, ScheduledFault, SimConfig } from '../../../core/types/sim-config.ts';
import { baseConfig, client, MS } from './fixtures.ts';
import { pingProtocol } from './ping-protocol.ts';

const nodeNames = ['n1', 'n2', 'n3', 'n4'];
const time = fc.integer({ min: 0, max: 2_000 * MS });
const node = fc.constantFrom(...nodeNames, 'ghost', 'alice');
const pair = fc.tuple(node, node);

const action: fc.Arbitrary<FaultAction> = fc.oneof(
  fc.record({ type: fc.constant('crash' as const), node }),
  fc.record({ type: fc.constant('restart' as const), node }),
  fc.record({ type: fc.constant('pause' as const), node, durationUs: time }),
  fc.record({ type: fc.constant('partition' as const), partition: fc.record({ blocked: fc.array(pair, { maxLength: 6 }), label: fc.constant('p') }) }),
  fc.record({ type: fc.constant('heal' as const) }),
  fc.record({ type: fc.constant('clock-jump' as const), node, deltaUs: fc.integer({ min: -5_000 * MS, max: 5_000 * MS }) }),
  fc.record({ type: fc.constant('link-window' as const), links: fc.array(pair, { maxLength: 4 }), untilUs: time, drop: fc.double({ min: 0, max: 1, noNaN: true }), extraLatencyUs: time, duplicate: fc.double({ min: 0, max: 1, noNaN: true }) }),
);
const scheduled: fc.Arbitrary<ScheduledFault> = fc.tuple(action, time, fc.option(time, { nil: undefined })).map(([a, atUs, atMaxUs]) => {
  const fault = { ...a, atUs, line: 1 } as ScheduledFault;
  if (atMaxUs !== undefined) fault.atMaxUs = atMaxUs;
  return fault;
});
const random: fc.Arbitrary<RandomFaultSpec> = fc.record({
  kind: fc.constantFrom('crash' as const, 'pause' as const, 'partition' as const, 'clock-jump' as const, 'drop' as const),
  everyUs: fc.record({ min: fc.integer({ min: 0, max: 500 * MS }), max: fc.integer({ min: 0, max: 900 * MS }) }),
  durationUs: fc.record({ min: fc.integer({ min: 0, max: 300 * MS }), max: fc.integer({ min: 0, max: 600 * MS }) }),
  nodes: fc.subarray([...nodeNames, 'ghost', 'alice']),
  magnitude: fc.double({ min: 0, max: 100, noNaN: true }),
  line: fc.constant(2),
});

const config: fc.Arbitrary<SimConfig> = fc
  .record({
    seed: fc.integer(),
    nodes: fc.integer({ min: 0, max: 4 }),
    faults: fc.array(scheduled, { maxLength: 6 }),
    randomFaults: fc.array(random, { maxLength: 2 }),
    drop: fc.double({ min: 0, max: 1, noNaN: true }),
    duplicate: fc.double({ min: 0, max: 1, noNaN: true }),
    reorder: fc.double({ min: 0, max: 1, noNaN: true }),
    bandwidth: fc.constantFrom(0, 1_000, 1_000_000),
    timeout: fc.option(fc.integer({ min: 0, max: 300 * MS }), { nil: null }),
    retries: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    jitter: fc.constantFrom('none' as const, 'full' as const, 'equal' as const, 'decorrelated' as const),
    closedLoop: fc.boolean(),
    interval: fc.integer({ min: 0, max: 200 * MS }),
  })
  .map((r) =>
    baseConfig({
      seed: r.seed,
      runForUs: 2_000 * MS,
      nodes: nodeNames.slice(0, r.nodes),
      network: {
        defaults: { latency: { kind: 'exponential', meanUs: 5 * MS }, drop: r.drop, duplicate: r.duplicate, reorder: r.reorder, bandwidthBytesPerSec: r.bandwidth },
        links: [],
        regions: {},
      },
      clients: [
        client('alice', {
          closedLoop: r.closedLoop,
          timeoutUs: r.timeout,
          ops: [{ op: 'cas', keys: ['x', 'y'], intervalUs: { min: r.interval, max: r.interval * 2 }, line: 1 }],
          retry: { maxRetries: r.retries, backoff: 'exponential', baseUs: 1 * MS, capUs: 50 * MS, jitter: r.jitter, line: 1 },
          idempotencyKeyTtlUs: 100 * MS,
        }),
      ],
      faults: r.faults,
      randomFaults: r.randomFaults,
      expectations: [
        { kind: 'leader-within', text: 'leader within 1s after heal', withinUs: 1_000 * MS, after: 'heal', line: 3 },
        { kind: 'one-leader-per-term', text: 'one leader per term', line: 4 },
        { kind: 'writes-commit', text: 'writes commit', line: 5 },
        { kind: 'no-leader', text: 'no leader', after: 'crash', line: 6 },
      ],
    }),
  );

describe('robustness', () => {
  it('any combination of faults, network settings and client policies runs to a consistent report', () => {
    fc.assert(
      fc.property(config, (generated) => {
        const report = runScenario(generated, { protocol: pingProtocol, maxEvents: 30_000 });
        const { stats, history, trace } = report;
        assert.ok(stats.events <= 30_000);
        const m = stats.messages;
        assert.ok(m.delivered + m.dropped <= m.sent + m.duplicated, JSON.stringify(m));
        for (let i = 1; i < trace.length; i++) assert.ok(trace[i]!.t >= trace[i - 1]!.t, 'trace in time order');
        const completions = new Map<number, number>();
        for (const event of history) if (event.type !== 'invoke') completions.set(event.opId, (completions.get(event.opId) ?? 0) + 1);
        const invokes = history.filter((e) => e.type === 'invoke');
        assert.ok(invokes.every((e) => completions.get(e.opId) === 1), 'every operation completes exactly once');
        assert.ok(!history.some((e) => e.type === 'fail' && e.error === 'timeout'), 'a timeout is never a failure');
        assert.equal(report.expectations.length, 4);
        assert.equal(JSON.stringify(runScenario(generated, { protocol: pingProtocol, maxEvents: 30_000 })), JSON.stringify(report));
      }),
      { numRuns: 60, seed: 20260101 },
    );
  });
});
