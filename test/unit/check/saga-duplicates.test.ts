// Duplicate effects in sagas: a compensation applies under the negated operation id and takes its
// step's effect back (core/protocols/saga/steps.ts), so a step's effect on a service is its
// applies minus its compensation's. A step re-run after its compensation took effect once.

import assert from 'node:assert/strict';
import { analyzeRun } from '../../../core/check/analyze-run.ts';
import { findDuplicateEffects } from '../../../core/check/trace/duplicate-effects.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';
import { history } from './helpers/build-history.ts';

const ms = 1000;
const apply = (t: number, node: string, opId: number, key: string): TraceEvent => ({ kind: 'apply', t: t * ms, node, op: opId, key, value: 1 });

const config: SimConfig = {
  scenario: 't', seed: 1, runForUs: 10_000 * ms, nodes: ['orders', 'inventory'],
  protocol: { name: 'saga', options: {}, line: 1 },
  network: { defaults: { latency: { kind: 'fixed', us: 1000 }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
  clocks: [], clients: [], faults: [], randomFaults: [], expectations: [],
};

describe('duplicate effects in sagas', () => {
  it('a step retried after its compensation took effect once: not a duplicate', () => {
    const trace = [apply(327, 'orders', 5, 'create'), apply(617, 'orders', -5, 'create'), apply(1468, 'orders', 5, 'create'), apply(1555, 'inventory', 5, 'reserve')];
    const r = findDuplicateEffects(history([]), trace);
    assert.equal(r.verdict.holds, true);
    assert.deepEqual(r.duplicated, []);
    assert.match(r.verdict.summary, /1 saga step was applied again after a compensation/);
  });

  it('a step run twice and compensated twice took no effect: not a duplicate', () => {
    const trace = [apply(883, 'orders', 19, 'create'), apply(1333, 'orders', -19, 'create'), apply(2037, 'orders', 19, 'create'), apply(2296, 'orders', -19, 'create')];
    assert.equal(findDuplicateEffects(history([]), trace).verdict.holds, true);
  });

  it('a step applied twice without a compensation is a duplicate', () => {
    const r = findDuplicateEffects(history([]), [apply(10, 'orders', 5, 'create'), apply(20, 'orders', 5, 'create')]);
    assert.equal(r.verdict.holds, false);
    assert.deepEqual(r.duplicated, [{ opId: 5, node: 'orders', times: 2 }]);
    assert.match(r.verdict.summary, /operation 5 was applied 2 times on orders/);
  });

  it('a step applied three times and compensated once took effect twice: a duplicate', () => {
    const trace = [apply(10, 'orders', 5, 'create'), apply(20, 'orders', 5, 'create'), apply(30, 'orders', -5, 'create'), apply(40, 'orders', 5, 'create')];
    const r = findDuplicateEffects(history([]), trace);
    assert.equal(r.verdict.holds, false);
    assert.deepEqual(r.duplicated, [{ opId: 5, node: 'orders', times: 2 }]);
    assert.match(r.verdict.summary, /operation 5 took effect 2 times \(applied 3, compensated 1\) on orders/);
  });

  it('a compensation id is never counted as an operation, in the verdict or in the damage count', () => {
    const trace = [
      apply(10, 'orders', 19, 'create'), apply(20, 'orders', -19, 'create'), apply(30, 'orders', 19, 'create'), apply(40, 'orders', -19, 'create'),
      apply(50, 'inventory', -3, 'reserve'), apply(60, 'inventory', -3, 'reserve'),
      apply(70, 'inventory', 7, 'reserve'), apply(80, 'inventory', 7, 'reserve'),
    ];
    const r = findDuplicateEffects(history([]), trace);
    assert.deepEqual(r.duplicated, [{ opId: 7, node: 'inventory', times: 2 }]);
    assert.match(r.verdict.summary, /^1 operation took effect more than once; e\.g\. operation 7 /);
    const analysis = analyzeRun({ history: history([]), trace, config }, null);
    assert.equal(analysis.verdicts.damage.duplicateEffects, 1);
  });

  it('lossy orchestrated saga, seed 3: operation 5 created, cancelled and created again by its retry is one order; the run has no duplicate effects', function () {
    this.timeout(20_000);
    const text = `scenario "saga lossy" {
  seed 4
  run for 6s
  cluster {
    nodes orders, inventory, payment, shipping
    protocol saga {
      mode orchestrated
      step create on orders compensate cancel
      step reserve on inventory compensate release
      step charge on payment compensate refund
      step ship on shipping compensate return
      step timeout 100ms
    }
  }
  network { latency 2ms..60ms
   drop 10% }
  workload {
    client shop { request every 300ms timeout 1s
      retry 2 backoff constant 100ms }
    client auditor { read reserve every 50ms timeout 1s }
  }
  expect {
    no duplicate effects
  }
}`;
    const report = runScenario({ ...compile(text).config!, seed: 3 });
    // The trace evidence: per node, applies of each operation less those of its compensation.
    const onOrders = (opId: number) => report.trace.filter((e) => e.kind === 'apply' && e.node === 'orders' && e.op === opId).map((e) => e.t);
    assert.deepEqual(onOrders(5), [327_068, 1_468_784], 'create of operation 5, then its retry');
    assert.deepEqual(onOrders(-5), [617_239], 'the cancel between them');
    assert.equal(onOrders(19).length, onOrders(-19).length, 'operation 19: every create cancelled');
    const net = new Map<string, number>();
    for (const e of report.trace) if (e.kind === 'apply') net.set(`${e.node} ${Math.abs(e.op)}`, (net.get(`${e.node} ${Math.abs(e.op)}`) ?? 0) + Math.sign(e.op));
    assert.ok([...net.values()].every((n) => n <= 1), 'no operation is in effect twice on any service');
    assert.equal(report.expectations[0]!.holds, true, report.expectations[0]!.summary);
    assert.equal(report.verdicts!.damage.duplicateEffects, 0);
  });
});
