import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { TraceLog } from '../../../core/sim/trace-log.ts';
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

  it('past its cap the trace keeps no more messages and says so, but keeps every state and fault; stats and history stay complete', () => {
    // The crash and restart come long after the first 100 events.
    const config = baseConfig({
      clients: [client('alice')],
      faults: [
        { type: 'crash', node: 'n2', atUs: S / 2, line: 1 },
        { type: 'restart', node: 'n2', atUs: (3 * S) / 4, line: 2 },
      ],
    });
    const full = runScenario(config, { protocol: pingProtocol });
    const capped = runScenario(config, { protocol: pingProtocol, maxTraceEvents: 100 });
    const note = capped.trace[100]!;
    assert.ok(note.kind === 'note' && note.text.startsWith('trace trimmed'), JSON.stringify(note));
    assert.deepEqual(capped.trace.slice(0, 100), full.trace.slice(0, 100));
    const timelineOnly = new Set(['send', 'deliver', 'drop', 'duplicate', 'timer', 'client']);
    const after = capped.trace.slice(101);
    assert.ok(after.every((e) => !timelineOnly.has(e.kind)));
    assert.deepEqual(after, full.trace.slice(100).filter((e) => !timelineOnly.has(e.kind)));
    assert.deepEqual(after.filter((e) => e.kind === 'crash' || e.kind === 'restart').map((e) => e.kind), ['crash', 'restart']);
    assert.ok(after.some((e) => e.kind === 'state'), 'states go on being recorded');
    assert.deepEqual(capped.stats, full.stats);
    assert.deepEqual(capped.history, full.history);
  });

  it('a trace that outgrows even its grading cap stops there and says so', () => {
    const log = new TraceLog(true, 2, true, 4);
    for (let t = 0; t < 10; t++) {
      log.add({ kind: 'timer', t, node: 'n1', local: t, name: 'tick' });
      log.add({ kind: 'crash', t, node: 'n1' });
    }
    assert.deepEqual(log.events.map((e) => e.kind), ['timer', 'crash', 'note', 'crash', 'note']);
    assert.ok(log.trimmed && log.truncated && !log.on);
    const last = log.events[4]!;
    assert.ok(last.kind === 'note' && last.text.startsWith('trace truncated'));
  });

  it('trace verdicts stay decided when the trace is capped, as long as the grading events fit', () => {
    const { config } = compile(readFileSync(new URL('../../../samples/raft-leader-isolated.fault', import.meta.url), 'utf8'));
    assert.ok(config !== null);
    const full = runScenario(config);
    const capped = runScenario(config, { maxTraceEvents: 500 });
    assert.ok(capped.trace.length < full.trace.length / 2);
    assert.deepEqual(capped.expectations, full.expectations);
    assert.deepEqual(capped.verdicts, full.verdicts);
    assert.ok(capped.expectations.every((e) => e.holds !== null));
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
