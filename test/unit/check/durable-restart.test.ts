// A node whose data is durable but kept without a log — a 2PC participant's committed data, the
// service model's database, the lease lock's storage — comes back from a crash holding every
// write it had applied, without re-applying any. It says so at restart (restored-store.ts,
// keptStoreEffect: one flag, not a list that would grow with restarts × writes), so the lost-write
// and convergence checks judge what it holds, not what its new life happened to apply. A write
// that truly is on no running node is still lost.

import assert from 'node:assert/strict';
import { checkConvergence } from '../../../core/check/trace/convergence.ts';
import { findLostWrites } from '../../../core/check/trace/lost-writes.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { keptStoreEffect, restoredStoreEffect, restoredStoreOf, type RestoredStore } from '../../../core/sim/restored-store.ts';
import { appliesByNode, holdsOperation } from '../../../core/check/trace/incarnations.ts';
import type { History } from '../../../core/types/history.ts';
import type { Report } from '../../../core/types/report.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';
import { runSample } from '../concepts/runs.ts';

const s = 1_000_000;

function run(text: string): Report {
  const { config, diagnostics } = compile(text);
  assert.ok(config !== null, diagnostics.map((d) => d.message).join('\n'));
  return runScenario(config, {});
}

function expectation(report: Report, text: string): { holds: boolean | null; summary: string } {
  const found = report.expectations.find((e) => e.text === text);
  assert.ok(found !== undefined, `the scenario expects "${text}"`);
  return found;
}

/** The store `node` announced when it restarted at `restartAt`. */
function restoredAt(report: Report, node: string, restartAt: number): RestoredStore {
  for (const e of report.trace) {
    if (e.kind !== 'state' || e.node !== node || e.t !== restartAt) continue;
    const restored = restoredStoreOf(e.state);
    if (restored !== undefined) return restored;
  }
  assert.fail(`${node} announced no restored store at its restart`);
}

/** The operations `node` applied before `before`, in order: what its store should hold. */
function appliedBefore(report: Report, node: string, before: number): number[] {
  return report.trace.filter((e): e is Extract<TraceEvent, { kind: 'apply' }> => e.kind === 'apply' && e.node === node && e.t < before).map((e) => e.op);
}

/** Reads answered after `after` (by `node`, when given): key → every value they returned. */
function readsAfter(report: Report, after: number, node?: string): Array<{ key: string; value: unknown }> {
  return report.history
    .filter((e) => e.type === 'ok' && e.f === 'read' && e.time > after && (node === undefined || e.node === node))
    .map((e) => ({ key: e.key!, value: e.value ?? null }));
}

/**
 * The checks hold on the run, and the store the checker reads for `node` is the one clients read:
 * every read served after the restart (no write comes after the crash) returns the value the
 * restored store announced, and the checker counts every write the node applied before as held.
 */
function assertJudgedOnWhatItHolds(report: Report, node: string, crashAt: number, restartAt: number, readers: string | undefined): void {
  assert.equal(expectation(report, 'no lost writes').holds, true, expectation(report, 'no lost writes').summary);
  assert.equal(report.verdicts!.damage.lostWrites, 0);
  assert.notEqual(expectation(report, 'converges').holds, false, expectation(report, 'converges').summary);
  const restored = restoredAt(report, node, restartAt);
  assert.equal(restored.through, 0, 'a store without a log names no log position');
  assert.equal(restored.allApplied, true);
  const before = appliedBefore(report, node, crashAt);
  assert.ok(before.length > 10, `${node} applied writes before its crash`);
  const applies = appliesByNode(report.trace);
  for (const op of before) assert.ok(holdsOperation(applies, node, op), `${node} holds op ${op} after the restart`);
  const reads = readsAfter(report, restartAt, readers);
  assert.ok(reads.length > 5, `clients read ${node}'s data after its restart`);
  for (const read of reads) assert.deepEqual(read.value, restored.values[read.key] ?? null, `read of ${read.key} after the restart`);
}

const TWO_PHASE_COMMIT = (faults: string) => `scenario "2pc: participants restart" {
  seed 2
  run for 8s
  cluster {
    nodes coord, p1, p2
    protocol two_phase_commit {
      coordinator coord
      participants p1, p2
      prepare timeout 300ms
    }
  }
  network { latency 2ms..10ms }
  workload {
    client shop {
      transfer a, b, c, d, e, f every 50ms
      timeout 1s
      stop at 2.9s
    }
    client aud {
      read a, b, c, d, e, f every 50ms
      timeout 1s
    }
  }
  faults {
    ${faults}
  }
  expect {
    no lost writes
    converges
  }
}`;

const SERVICE_DATABASE_CRASH = `scenario "service: the database restarts" {
  seed 1
  run for 6s
  cluster {
    nodes lb, api1, db
    protocol service {
      instances 1
      capacity 1000/s
      request timeout 300ms
    }
  }
  network { latency 1ms..3ms }
  workload {
    client w {
      write a, b, c every 50ms timeout 1s
      stop at 2.9s
    }
    client r { read a, b, c every 100ms timeout 1s }
  }
  faults {
    at 3s crash db
    at 4s restart db
  }
  expect {
    no lost writes
    converges
  }
}`;

const LEASE_LOCK_STORAGE_CRASH = `scenario "lease lock: the storage restarts" {
  seed 1
  run for 8s
  cluster {
    nodes n1, n2, n3
    protocol lease_lock {
      ttl 2s
      keep alive every 500ms
      holders n2, n3
    }
  }
  network { latency 1ms..5ms }
  workload {
    client w {
      write a, b every 100ms timeout 1s
      stop at 2.9s
    }
    client r { read a, b every 100ms timeout 1s }
  }
  faults {
    at 3s crash n1
    at 4s restart n1
  }
  expect {
    no lost writes
    converges
  }
}`;

describe('durable stores without a log, across a restart', () => {
  it('2pc: participants that crash and restart still hold every committed write, and answer reads with it', () => {
    const report = run(TWO_PHASE_COMMIT('at 3s crash p1\n    at 3s crash p2\n    at 5s restart p1\n    at 5s restart p2'));
    assertJudgedOnWhatItHolds(report, 'p1', 3 * s, 5 * s, 'p1');
    assertJudgedOnWhatItHolds(report, 'p2', 3 * s, 5 * s, 'p2');
    assert.equal(expectation(report, 'converges').holds, true, 'both participants hold the same committed data');
  });

  it('2pc: a participant that restarts alone ends with the data of the one that stayed up (converges)', () => {
    const report = run(TWO_PHASE_COMMIT('at 3s crash p1\n    at 5s restart p1'));
    assertJudgedOnWhatItHolds(report, 'p1', 3 * s, 5 * s, 'p1');
    assert.equal(expectation(report, 'converges').holds, true, expectation(report, 'converges').summary);
  });

  it('service: a database that crashes and restarts still holds every acknowledged write, and reads return it', () => {
    // Clients reach the database through the balancer (history says `lb`) and an instance's cache;
    // with no write after the crash, every answer is the database's data.
    const report = run(SERVICE_DATABASE_CRASH);
    assertJudgedOnWhatItHolds(report, 'db', 3 * s, 4 * s, undefined);
  });

  it('lease lock: a storage node that crashes and restarts still holds every accepted write, and reads return it', () => {
    const report = run(LEASE_LOCK_STORAGE_CRASH);
    assertJudgedOnWhatItHolds(report, 'n1', 3 * s, 4 * s, 'n1');
  });
});

describe('durable stores without a log: the checks still find real losses', () => {
  it('primary/backup async: writes a crashed primary acknowledged and never shipped are still lost after it restarts', () => {
    const report = runSample('primary-backup-async-failover.fault', 'primary/backup: async, the primary crashes after acknowledging', 4).report;
    // runSample skips grading; grade it here.
    const lost = findLostWrites(report.history, report.trace, report.config);
    assert.equal(lost.verdict.holds, false, lost.verdict.summary);
    assert.ok(lost.lost.length > 0);
  });

  // A participant applied writes 1 and 2, then crashed and restarted; what it holds depends on
  // what it announced.
  const config = { nodes: ['p1'], protocol: { name: 'two_phase_commit', options: {} }, runForUs: 10 * s, expectations: [] } as unknown as SimConfig;
  const history: History = [
    { index: 0, process: 'shop', type: 'invoke', f: 'write', key: 'a', value: 1, time: 100, opId: 1 },
    { index: 1, process: 'shop', type: 'ok', f: 'write', key: 'a', value: 1, time: 200, opId: 1, node: 'coord' },
    { index: 2, process: 'shop', type: 'invoke', f: 'write', key: 'b', value: 2, time: 300, opId: 2 },
    { index: 3, process: 'shop', type: 'ok', f: 'write', key: 'b', value: 2, time: 400, opId: 2, node: 'coord' },
  ];
  const before: TraceEvent[] = [
    { kind: 'apply', t: 150, node: 'p1', op: 1, key: 'a', value: 1 },
    { kind: 'apply', t: 350, node: 'p1', op: 2, key: 'b', value: 2 },
    { kind: 'crash', t: 1 * s, node: 'p1' },
    { kind: 'restart', t: 2 * s, node: 'p1' },
  ];
  const kept: TraceEvent = { kind: 'state', t: 2 * s, node: 'p1', local: 2 * s, state: (keptStoreEffect(new Map<string, unknown>([['a', 1], ['b', 2]])) as { state: Record<string, unknown> }).state };

  it('a restart that announces nothing loses everything the earlier life applied', () => {
    assert.deepEqual(findLostWrites(history, before, config).lost, [0, 2]);
  });

  it('a store that kept everything loses nothing the earlier lives applied', () => {
    assert.equal(findLostWrites(history, [...before, kept], config).verdict.holds, true);
  });

  it('a write the node dropped before the restart is not held by the kept store', () => {
    const dropped: TraceEvent = { kind: 'state', t: 500, node: 'p1', local: 500, state: { dropped: [2] } };
    const lost = findLostWrites(history, [before[0]!, before[1]!, dropped, before[2]!, before[3]!, kept], config);
    assert.deepEqual(lost.lost, [2], 'the write of b (history entry 2) is lost; the write of a is held');
  });

  it('a write the node never applied in any life is still lost with a kept store', () => {
    const onlyFirst = [before[0]!, before[2]!, before[3]!, kept];
    assert.deepEqual(findLostWrites(history, onlyFirst, config).lost, [2]);
  });
});

describe('the kept-store announcement', () => {
  it('reads back the flag and the values, with no log position; only `true` counts', () => {
    assert.deepEqual(restoredStoreOf({ restored: { through: 0, values: { a: 1 }, allApplied: true } }), { through: 0, values: { a: 1 }, allApplied: true });
    assert.deepEqual(restoredStoreOf({ restored: { through: 0, values: { a: 1 }, allApplied: 'yes' } }), { through: 0, values: { a: 1 } });
  });

  it('an announcement without the flag reads as before (Raft, primary/backup)', () => {
    assert.deepEqual(restoredStoreOf({ restored: { through: 4, values: {} } }), { through: 4, values: {} });
    const effect = restoredStoreEffect(4, new Map([['x', 1]]));
    assert.ok(effect.kind === 'state');
    assert.deepEqual(restoredStoreOf(effect.state), { through: 4, values: { x: 1 } });
  });

  it('convergence reads the values of a kept store', () => {
    const config = { nodes: ['p1', 'p2'], protocol: { name: 'two_phase_commit', options: {} }, runForUs: 10 * s, expectations: [] } as unknown as SimConfig;
    const trace: TraceEvent[] = [
      { kind: 'apply', t: 100, node: 'p1', op: 1, key: 'a', value: 1 },
      { kind: 'apply', t: 100, node: 'p2', op: 1, key: 'a', value: 1 },
      { kind: 'crash', t: 1 * s, node: 'p1' },
      { kind: 'restart', t: 2 * s, node: 'p1' },
      { kind: 'state', t: 2 * s, node: 'p1', local: 2 * s, state: (keptStoreEffect(new Map([['a', 1]])) as { state: Record<string, unknown> }).state },
    ];
    assert.equal(checkConvergence(trace, config).verdict.holds, true);
  });
});
