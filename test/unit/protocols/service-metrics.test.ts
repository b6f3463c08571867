// The per-interval service metrics, measured on a report built by hand so every number is known.

import assert from 'node:assert/strict';
import { serviceMetrics } from '../../../core/check/service-metrics.ts';
import { REPORT_FORMAT, type Report } from '../../../core/types/report.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';
import type { HistoryEvent } from '../../../core/types/history.ts';

const config = {
  scenario: 'hand-made',
  seed: 1,
  runForUs: 300_000,
  nodes: ['lb', 'api1', 'api2', 'db'],
  protocol: { name: 'service', options: { capacity: 100 }, line: 1 },
  network: { defaults: { latency: { kind: 'fixed', us: 1000 }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
  clocks: [],
  clients: [],
  faults: [],
  randomFaults: [],
  expectations: [],
} satisfies SimConfig;

function send(t: number, from: string, to: string, type: string): TraceEvent {
  return { kind: 'send', t, msg: t, from, to, type };
}
function deliver(t: number, from: string, to: string, type: string): TraceEvent {
  return { kind: 'deliver', t, msg: t, from, to, type };
}
function queue(t: number, node: string, length: number): TraceEvent {
  return { kind: 'state', t, node, local: t, state: { role: 'instance', queue: length } };
}
function done(index: number, time: number, type: 'ok' | 'fail' | 'info', error?: string): HistoryEvent {
  const event: HistoryEvent = { index, process: 'web1', type, f: 'request', key: 'x', value: index, time, opId: index };
  if (error !== undefined) event.error = error;
  return event;
}

const report: Report = {
  format: REPORT_FORMAT,
  scenario: 'hand-made',
  seed: 1,
  config,
  stats: { events: 0, simulatedUs: 300_000, wallMs: 0, messages: { sent: 0, delivered: 0, dropped: 0, duplicated: 0 }, stoppedBy: 'end' },
  expectations: [],
  trace: [
    send(10_000, 'web1', 'lb', 'ClientRequest'),
    send(20_000, 'web2', 'lb', 'ClientRequest'),
    send(30_000, 'web3', 'api1', 'ClientRequest'), // not offered to the balancer: a redirect hop
    deliver(40_000, 'api1', 'db', 'Query'),
    queue(50_000, 'api1', 3),
    queue(60_000, 'api1', 5),
    queue(70_000, 'api2', 2),
    queue(80_000, 'lb', 99), // not an instance: ignored
    send(150_000, 'web1', 'lb', 'ClientRequest'),
    deliver(160_000, 'api2', 'db', 'Query'),
    deliver(170_000, 'api2', 'db', 'Query'),
    queue(180_000, 'api2', 1),
  ],
  history: [done(0, 90_000, 'ok'), done(1, 120_000, 'ok'), done(2, 130_000, 'fail'), done(3, 140_000, 'fail'), done(4, 250_000, 'info', 'timeout'), done(5, 299_000, 'info', 'run ended')],
};

describe('service metrics per interval', () => {
  const metrics = serviceMetrics(report, 100_000);

  it('splits the run into intervals of the given length', () => {
    assert.deepEqual(
      metrics.map((m) => [m.fromUs, m.toUs]),
      [
        [0, 100_000],
        [100_000, 200_000],
        [200_000, 300_000],
      ],
    );
  });

  it('offered load counts client attempts sent to the load balancer, retries included, not redirect hops', () => {
    assert.deepEqual(metrics.map((m) => m.offered), [2, 1, 0]);
  });

  it('served load and errors come from the history; a timeout is not an error, the run ending is neither', () => {
    assert.deepEqual(metrics.map((m) => [m.served, m.errors, m.timeouts]), [
      [1, 0, 0],
      [1, 2, 0],
      [0, 0, 1],
    ]);
  });

  it('the error rate is errors over answered requests, and 0 when nothing was answered', () => {
    assert.deepEqual(metrics.map((m) => m.errorRate), [0, 2 / 3, 0]);
  });

  it('queue length sums each instance\'s peak in the interval and ignores other nodes', () => {
    assert.deepEqual(metrics.map((m) => m.queueLength), [5 + 2, 1, 0]);
  });

  it('database load counts queries that reached the database', () => {
    assert.deepEqual(metrics.map((m) => m.databaseLoad), [1, 2, 0]);
  });
});
