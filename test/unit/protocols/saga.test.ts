// Sagas as a plug-in: classification, the step parser, and a step that times out (its service
// is down) being compensated along with the steps before it — in reverse order.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { saga } from '../../../core/protocols/saga/index.ts';
import { parseStep } from '../../../core/protocols/saga/settings.ts';
import { runScenario } from '../../../core/run.ts';

describe('saga protocol', () => {
  it('is classified AP and PA/EL, and the reason names the missing isolation', () => {
    const c = saga.classify({ mode: 'orchestrated' });
    assert.equal(c.cap, 'AP');
    assert.equal(c.pacelc, 'PA/EL');
    assert.match(c.reason, /isolation/);
  });

  it('reads a step line as name, node and compensation', () => {
    assert.deepEqual(parseStep('reserve on inventory compensate release'), { name: 'reserve', node: 'inventory', compensation: 'release' });
    assert.equal(parseStep('reserve inventory'), null);
  });

  it('a step whose service is down times out; once the service is back (its undo is retried until confirmed) the steps before it are compensated, last first', () => {
    const text = `scenario "s" {
  seed 1
  run for 4s
  cluster {
    nodes orders, inventory, payment
    protocol saga {
      step create on orders compensate cancel
      step reserve on inventory compensate release
      step charge on payment compensate refund
      step timeout 300ms
    }
  }
  network { latency 2ms..10ms }
  workload { client shop { request every 500ms timeout 3s } }
  faults {
    at 1s crash payment
    at 2s restart payment
  }
}`;
    const { config } = compile(text, 's');
    assert.ok(config !== null);
    const report = runScenario(config, { analyze: false });
    const before = report.history.filter((e) => e.type === 'ok' && e.time < 1_000_000);
    assert.ok(before.length > 0, 'sagas complete while payment is up');
    const failed = report.history.filter((e) => e.type === 'fail');
    assert.ok(failed.length > 0);
    assert.match(failed[0]!.error ?? '', /charge \(timed out\)/);
    const undo = report.trace.flatMap((e) => (e.kind === 'apply' && e.op === -failed[0]!.opId ? [e.key] : []));
    assert.deepEqual(undo, ['reserve', 'create']);
  });

  // The client layer's retries meet the orchestrator's idempotency table: a lost reply makes the
  // client start the same order again; without a key that is a second saga for one operation.
  function ordersTwice(keyLine: string, seed: number): number {
    const text = `scenario "s" {
  seed ${seed}
  run for 6s
  cluster {
    nodes orders, inventory, payment
    protocol saga {
      step create on orders compensate cancel
      step reserve on inventory compensate release
      step charge on payment compensate refund
    }
  }
  network {
    latency 2ms..10ms
    drop 15%
    link orders <-> inventory drop 0%
    link orders <-> payment drop 0%
    link orders <-> orders drop 0%
  }
  workload {
    client shop {
      request every 100ms
      timeout 200ms
      retry 5 backoff exponential 50ms..500ms jitter full
      ${keyLine}
    }
  }
}`;
    const { config, diagnostics } = compile(text, 's');
    assert.ok(config !== null, diagnostics.map((d) => d.message).join('; '));
    const report = runScenario(config, { analyze: false });
    const created = new Map<number, number>();
    for (const e of report.trace) if (e.kind === 'apply' && e.key === 'create' && e.op > 0) created.set(e.op, (created.get(e.op) ?? 0) + 1);
    return [...created.values()].filter((n) => n > 1).length;
  }

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: retries after lost replies start a second saga for the same order without a key, never with one`, () => {
      assert.ok(ordersTwice('', seed) > 0, 'without keys');
      assert.equal(ordersTwice('idempotency key ttl 1h', seed), 0, 'with keys');
    });
  }
});
