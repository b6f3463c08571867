import assert from 'node:assert/strict';
import { runScenario } from '../../../core/run.ts';
import type { History } from '../../../core/types/history.ts';
import type { ClientConfig } from '../../../core/types/sim-config.ts';
import { baseConfig, client, MS, S } from './fixtures.ts';
import { pingProtocol } from './ping-protocol.ts';

const completions = (history: History) => history.filter((e) => e.type !== 'invoke');

/** A client that issues exactly one operation: its first tick falls before 100ms, when it stops. */
function oneOperation(op: 'write' | 'cas'): Partial<ClientConfig> {
  return { ops: [{ op, keys: ['x'], intervalUs: { min: 100 * MS, max: 100 * MS }, line: 1 }], stopUs: 100 * MS };
}

describe('clients', () => {
  it('a timed-out operation is indeterminate (info), never failed', () => {
    const config = baseConfig({
      clients: [client('alice', { timeoutUs: 100 * MS })],
      faults: [{ type: 'crash', node: 'n1', atUs: 0, line: 1 }], // n1 serves every request
    });
    const { history } = runScenario(config, { protocol: pingProtocol });
    const done = completions(history);
    assert.ok(done.length > 10);
    assert.ok(done.every((e) => e.type === 'info'));
    assert.ok(done.filter((e) => e.error === 'timeout').length > 10);
    // The ones still waiting when the run stops are closed as indeterminate too.
    assert.ok(done.every((e) => e.error === 'timeout' || e.error === 'run ended'));
  });

  it('declares each timeout exactly one timeout after its attempt began, even with operations overlapping', () => {
    const config = baseConfig({
      clients: [client('alice', { timeoutUs: 130 * MS, ops: [{ op: 'write', keys: ['x'], intervalUs: { min: 20 * MS, max: 45 * MS }, line: 1 }] })],
      faults: [{ type: 'crash', node: 'n1', atUs: 0, line: 1 }],
    });
    const { history } = runScenario(config, { protocol: pingProtocol });
    const invokedAt = new Map(history.filter((e) => e.type === 'invoke').map((e) => [e.opId, e.time]));
    const timeouts = history.filter((e) => e.error === 'timeout');
    assert.ok(timeouts.length > 15);
    for (const event of timeouts) assert.equal(event.time, invokedAt.get(event.opId)! + 130 * MS);
  });

  it('finds the leader through redirects and is served by it', () => {
    const config = baseConfig({ clients: [client('alice'), client('bob'), client('carol')] });
    const { history } = runScenario(config, { protocol: pingProtocol });
    const ok = history.filter((e) => e.type === 'ok');
    assert.ok(ok.length > 40);
    assert.ok(ok.every((e) => e.node === 'n1'));
  });

  it('pairs every invoke with exactly one completion, and writes unique values', () => {
    const config = baseConfig({
      clients: [client('alice'), client('web', { count: 3, ops: [{ op: 'write', keys: ['x', 'y'], intervalUs: { min: 10 * MS, max: 30 * MS }, line: 1 }] })],
      network: { defaults: { latency: { kind: 'uniform', minUs: 1 * MS, maxUs: 150 * MS }, drop: 0.2, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
    });
    const { history } = runScenario(config, { protocol: pingProtocol });
    const invokes = history.filter((e) => e.type === 'invoke');
    for (const invoke of invokes) assert.equal(history.filter((e) => e.opId === invoke.opId && e.type !== 'invoke').length, 1);
    const values = invokes.map((e) => e.value);
    assert.equal(new Set(values).size, values.length);
    assert.deepEqual([...new Set(history.map((e) => e.process))].sort(), ['alice', 'web1', 'web2', 'web3']);
    assert.ok(history.some((e) => e.type === 'info') && history.some((e) => e.type === 'ok'));
  });

  it('a closed-loop client never has two operations in flight', () => {
    const config = baseConfig({
      clients: [client('alice', { closedLoop: true, ops: [{ op: 'write', keys: ['x'], intervalUs: { min: 1 * MS, max: 1 * MS }, line: 1 }] })],
      network: { defaults: { latency: { kind: 'uniform', minUs: 5 * MS, maxUs: 20 * MS }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
    });
    const { history } = runScenario(config, { protocol: pingProtocol });
    let inFlight = 0;
    for (const event of history) {
      inFlight += event.type === 'invoke' ? 1 : -1;
      assert.ok(inFlight <= 1);
    }
    assert.ok(history.length > 40);
  });

  it('a closed-loop client without a rate issues its next operation on completion, not on a tick every microsecond', () => {
    // Two lines, no `every`: the client alternates them back to back. Before the fix each line
    // ticked every microsecond while waiting, a million events per simulated second.
    const backToBack = [
      { op: 'write' as const, keys: ['x'], intervalUs: { min: 0, max: 0 }, line: 1 },
      { op: 'read' as const, keys: ['x'], intervalUs: { min: 0, max: 0 }, line: 2 },
    ];
    const config = baseConfig({ clients: [client('alice', { closedLoop: true, ops: backToBack, stopUs: 900 * MS })] });
    const report = runScenario(config, { protocol: pingProtocol });
    const invokes = report.history.filter((e) => e.type === 'invoke');
    let inFlight = 0;
    for (const event of report.history) {
      inFlight += event.type === 'invoke' ? 1 : -1;
      assert.ok(inFlight <= 1);
    }
    // Round trips of 2ms for 0.9s: about 450 operations, both lines in turn, none after `stop at`.
    assert.ok(invokes.length > 400 && invokes.length <= 451, `${invokes.length} operations`);
    assert.ok(invokes.some((e) => e.f === 'read') && invokes.some((e) => e.f === 'write'));
    assert.ok(invokes.every((e) => e.time < 900 * MS));
    assert.ok(report.stats.events < 20 * invokes.length, `${report.stats.events} events for ${invokes.length} operations`);
  });

  it('unbounded retries keep going until the run ends, then the operation is indeterminate', () => {
    const config = baseConfig({
      runForUs: 2 * S,
      clients: [
        client('alice', {
          ...oneOperation('write'),
          timeoutUs: 50 * MS,
          retry: { maxRetries: null, backoff: 'exponential', baseUs: 10 * MS, capUs: 100 * MS, jitter: 'full', line: 2 },
        }),
      ],
      faults: [{ type: 'crash', node: 'n1', atUs: 0, line: 1 }],
    });
    const report = runScenario(config, { protocol: pingProtocol });
    assert.equal(report.stats.stoppedBy, 'end');
    const done = completions(report.history);
    assert.equal(done.length, 1);
    assert.equal(done[0]!.type, 'info');
    assert.equal(done[0]!.error, 'run ended');
    const attempts = report.trace.filter((e) => e.kind === 'send' && e.from === 'alice').length;
    assert.ok(attempts > 15, `${attempts} attempts`);
  });

  it('retries carry the idempotency key, so a write whose reply was lost takes effect once', () => {
    // Every reply from n1 to alice is lost for the first 400ms: alice times out and retries.
    const lossyReplies = { type: 'link-window' as const, links: [['n1', 'alice'] as [string, string]], untilUs: 400 * MS, drop: 1, atUs: 0, line: 1 };
    const run = (idempotencyKeyTtlUs: number | null) => {
      const config = baseConfig({
        runForUs: 600 * MS,
        clients: [
          client('alice', {
            ...oneOperation('write'),
            timeoutUs: 30 * MS,
            retry: { maxRetries: null, backoff: 'constant', baseUs: 20 * MS, capUs: 20 * MS, jitter: 'none', line: 2 },
            idempotencyKeyTtlUs,
          }),
        ],
        faults: [lossyReplies],
      });
      const report = runScenario(config, { protocol: pingProtocol });
      return { applies: report.trace.filter((e) => e.kind === 'apply').length, done: completions(report.history) };
    };
    const withKeys = run(3600 * S);
    assert.equal(withKeys.applies, 1);
    assert.equal(withKeys.done[0]!.type, 'ok');
    const withoutKeys = run(null);
    assert.ok(withoutKeys.applies > 1, 'without keys every retry applies the write again');
  });

  it('a definite failure after an indeterminate attempt is recorded as indeterminate', () => {
    // The first cas attempt applies but its reply is lost; the retry compares against the new
    // value and fails, yet the operation did take effect: the history must not say `fail`.
    const config = baseConfig({
      runForUs: 400 * MS,
      clients: [
        client('alice', {
          ...oneOperation('cas'),
          timeoutUs: 30 * MS,
          retry: { maxRetries: 1, backoff: 'constant', baseUs: 100 * MS, capUs: 100 * MS, jitter: 'none', line: 2 },
        }),
      ],
      faults: [{ type: 'link-window', links: [['n1', 'alice']], untilUs: 100 * MS, drop: 1, atUs: 0, line: 1 }],
    });
    const report = runScenario(config, { protocol: pingProtocol });
    const done = completions(report.history);
    assert.equal(done.length, 1);
    assert.equal(done[0]!.type, 'info');
    assert.match(done[0]!.error!, /cas mismatch/);
  });
});
