// A run's memory budget is counted, not measured: what the run stored (history, trace, timeline,
// queued events) priced at fixed bytes each. So the stop is part of the run's determinism — the
// same config and seed stop at the same event — and it stops like the event budget does, with a
// partial report that says so.

import assert from 'node:assert/strict';
import { runScenario } from '../../../core/run.ts';
import { Engine } from '../../../core/sim/engine.ts';
import { BYTES_PER_HISTORY_EVENT, BYTES_PER_LINK, estimateStartupBytes, estimateStoredBytes, MEMORY_CHECK_EVERY } from '../../../core/sim/memory-budget.ts';
import { raft } from '../../../core/protocols/raft/index.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import { baseConfig, client, MS, S } from './fixtures.ts';

const MB = 1024 * 1024;

/** Five writers and a reader on a 3-node Raft for a simulated hour: far more history than 4 MB of budget allows. */
function busyCluster(): SimConfig {
  return baseConfig({
    runForUs: 3600 * S,
    clients: [
      client('w', { count: 5, ops: [{ op: 'write', keys: ['x'], intervalUs: { min: 5 * MS, max: 5 * MS }, line: 1 }] }),
      client('r', { ops: [{ op: 'read', keys: ['x'], intervalUs: { min: 20 * MS, max: 20 * MS }, line: 2 }] }),
    ],
    expectations: [{ kind: 'linearizable', text: 'linearizable', line: 9 }],
  });
}

describe('memory budget', () => {
  it('stops a run whose stored history and trace outgrow the budget, at a multiple of the check interval, with a note saying so', () => {
    const report = runScenario(busyCluster(), { maxMemoryBytes: 4 * MB });
    assert.equal(report.stats.stoppedBy, 'memory-budget');
    assert.ok(report.stats.simulatedUs < 3600 * S);
    assert.equal(report.stats.events % MEMORY_CHECK_EVERY, 0, `stopped at ${report.stats.events}`);
    const note = report.trace.find((e) => e.kind === 'note' && e.text.includes('(the memory budget'));
    assert.ok(note?.kind === 'note', 'the trace says why it stopped');
    assert.match(note.text, /^stopped after \d+ events \(the memory budget: \d+ history and \d+ trace events stored, priced at \d+ MB of 4 MB\) at \d+µs of 3600000000µs: this report is partial$/);
    // A partial report: the operations still open at the stop are closed as indeterminate, and the run is graded.
    assert.ok(report.history.length > 0);
    assert.ok(report.verdicts !== undefined);
    assert.equal(report.expectations[0]!.holds, true);
  });

  it('stops at the same event, with the same history, on every run of the same config and seed', () => {
    const first = runScenario(busyCluster(), { maxMemoryBytes: 4 * MB, analyze: false });
    const second = runScenario(busyCluster(), { maxMemoryBytes: 4 * MB, analyze: false });
    assert.equal(first.stats.events, second.stats.events);
    assert.deepEqual(first.history, second.history);
    assert.deepEqual(first.trace, second.trace);
  });

  it('stops at the same event when the engine is driven in steps of any size, as a debugger drives it', () => {
    const config = busyCluster();
    const whole = new Engine(config, raft, { maxEvents: 5_000_000, recordTrace: true, maxTraceEvents: 200_000, maxMemoryBytes: 4 * MB });
    whole.start();
    const stoppedAtOnce = whole.advance(5_000_000);
    const stepped = new Engine(config, raft, { maxEvents: 5_000_000, recordTrace: true, maxTraceEvents: 200_000, maxMemoryBytes: 4 * MB });
    stepped.start();
    // Steps of 1,000 events: none of them ends on a multiple of the check interval by design.
    let stoppedBy: ReturnType<Engine['advance']>;
    let until = 0;
    do {
      until += 1_000;
      stoppedBy = stepped.advance(until);
    } while (stoppedBy === 'event-budget' && stepped.eventCount === until);
    assert.equal(stoppedAtOnce, 'memory-budget');
    assert.equal(stoppedBy, 'memory-budget');
    assert.equal(stepped.eventCount, whole.eventCount);
    assert.ok(whole.eventCount >= 2 * MEMORY_CHECK_EVERY, `stopped at ${whole.eventCount}`);
  });

  it('a run that stays within its budget is the same run with or without one', () => {
    const config = { ...busyCluster(), runForUs: 2 * S };
    const budgeted = runScenario(config, { analyze: false });
    const unbounded = runScenario(config, { analyze: false, maxMemoryBytes: Infinity });
    assert.equal(budgeted.stats.stoppedBy, 'end');
    assert.deepEqual(budgeted.stats, unbounded.stats);
    assert.deepEqual(budgeted.trace, unbounded.trace);
  });

  it('refuses up front a configuration whose nodes and clients alone need more than the budget, saying what it would need', () => {
    const config = baseConfig({ nodes: Array.from({ length: 200 }, (_, i) => `n${i + 1}`), clients: [client('c', { count: 1_000 })] });
    const needed = estimateStartupBytes(200, 1_000);
    const report = runScenario(config, { maxMemoryBytes: needed - 1 });
    assert.equal(report.stats.stoppedBy, 'memory-budget');
    assert.equal(report.stats.events, 0);
    assert.deepEqual(report.history, []);
    const note = report.trace[0];
    assert.ok(note?.kind === 'note');
    assert.match(note.text, /^not run: 200 nodes and 1000 client instances need about \d+ MB before the first event, over the memory budget of \d+ MB$/);
    assert.ok(report.expectations.every((e) => e.holds === null));
    // With room for it, the same configuration runs.
    assert.equal(runScenario({ ...config, runForUs: 10 * MS }, { maxMemoryBytes: needed, analyze: false }).stats.stoppedBy, 'end');
  });

  it('prices what a run stored from its counts alone', () => {
    assert.equal(estimateStoredBytes({ historyEvents: 10, traceEvents: 0, timelineEntries: 0, queuedEvents: 0, links: 0 }), 10 * BYTES_PER_HISTORY_EVENT);
    assert.ok(estimateStoredBytes({ historyEvents: 1, traceEvents: 1, timelineEntries: 1, queuedEvents: 1, links: 1 }) > BYTES_PER_HISTORY_EVENT);
    // Links are made as pairs first talk: 10,000 clients trying 1,000 nodes is 2.4 GB of them.
    assert.equal(estimateStoredBytes({ historyEvents: 0, traceEvents: 0, timelineEntries: 0, queuedEvents: 0, links: 10_000_000 }), 10_000_000 * BYTES_PER_LINK);
  });
});
