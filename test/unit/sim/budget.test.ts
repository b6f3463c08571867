import assert from 'node:assert/strict';
import { runScenario } from '../../../core/run.ts';
import { baseConfig, client, S } from './fixtures.ts';
import { floodProtocol, pingProtocol } from './ping-protocol.ts';

describe('budgets', () => {
  it('a runaway scenario stops at the event budget, says so, and returns the partial report', () => {
    // Zero-delay timers and zero-latency echoes: simulated time hardly moves, events never end.
    const config = baseConfig({
      runForUs: 3600 * S,
      network: { defaults: { latency: { kind: 'fixed', us: 0 }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
      clients: [client('alice')],
    });
    const report = runScenario(config, { protocol: floodProtocol, maxEvents: 20_000 });
    assert.equal(report.stats.events, 20_000);
    assert.equal(report.stats.stoppedBy, 'event-budget');
    assert.ok(report.stats.simulatedUs < 3600 * S);
    const note = report.trace.find((e) => e.kind === 'note' && e.text.includes('event budget'));
    assert.ok(note, 'the trace says why it stopped');
    assert.ok(report.history.every((e) => e.type === 'invoke' || e.type === 'info'));
  });

  it('caps the trace and says so, while stats and history stay complete', () => {
    const config = baseConfig({ clients: [client('alice')] });
    const full = runScenario(config, { protocol: pingProtocol });
    const capped = runScenario(config, { protocol: pingProtocol, maxTraceEvents: 100 });
    assert.equal(capped.trace.length, 101);
    const last = capped.trace[100]!;
    assert.ok(last.kind === 'note' && last.text.includes('trace truncated'));
    assert.deepEqual(capped.stats, full.stats);
    assert.deepEqual(capped.history, full.history);
  });

  it('without a trace the run decides the same expectations', () => {
    const config = baseConfig({ expectations: [{ kind: 'one-leader-per-term', text: 'one leader per term', line: 3 }] });
    const traced = runScenario(config, { protocol: pingProtocol });
    const untraced = runScenario(config, { protocol: pingProtocol, recordTrace: false });
    assert.equal(untraced.trace.length, 0);
    assert.deepEqual(untraced.expectations, traced.expectations);
    assert.equal(traced.expectations[0]!.holds, true);
  });
});
