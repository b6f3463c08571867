// The service model inside the engine: replayable, and telling the timeline what it does.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

const SCENARIO = `
scenario "service run" {
  seed 7
  run for 3s
  cluster {
    nodes lb, api1, api2, db
    protocol service {
      capacity 200/s
      cache on
      cache ttl 500ms
      early refresh on
      health check deep
      health check every 200ms
      unhealthy after 2
    }
  }
  network { latency 1ms..3ms }
  workload {
    client web * 20 {
      read hot every 100ms
      write cold every 500ms
      timeout 500ms
      retry 2 backoff exponential 50ms..400ms jitter full
      idempotency key ttl 1m
    }
  }
  faults {
    at 1s crash db
    at 2s restart db
  }
}
`;

function config(): SimConfig {
  const compiled = compile(SCENARIO);
  assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return compiled.config!;
}

describe('service model in the engine', () => {
  it('the same config and seed replay the same run, event for event', () => {
    const a = runScenario(config(), { analyze: false });
    const b = runScenario(config(), { analyze: false });
    assert.equal(a.stats.events, b.stats.events);
    assert.deepEqual(a.history, b.history);
    assert.deepEqual(a.trace, b.trace);
  });

  it('instances report queue length and cache hits and misses, the database its load, the balancer who is in rotation', () => {
    const report = runScenario(config(), { analyze: false });
    const states = report.trace.flatMap((e) => (e.kind === 'state' ? [e] : []));
    const instance = states.filter((s) => s.node === 'api1').pop()!;
    assert.equal(typeof instance.state['queue'], 'number');
    assert.ok((instance.state['cacheHits'] as number) > 0, 'the hot key was served from the cache');
    assert.ok((instance.state['cacheMisses'] as number) > 0);
    assert.ok(states.some((s) => s.node === 'db' && (s.state['queries'] as number) > 0));
    // The database is down from 1s to 2s: deep checks fail everywhere and both instances leave rotation.
    const outOfRotation = states.filter((s) => s.node === 'lb' && Object.values(s.state['healthy'] as Record<string, boolean>).every((h) => !h));
    assert.ok(outOfRotation.some((s) => s.t > 1_000_000 && s.t < 2_000_000), 'both instances out while the database is down');
  });

  it('writes take effect on the database, once per operation even when retried', () => {
    const report = runScenario(config(), { analyze: false });
    const applies = report.trace.flatMap((e) => (e.kind === 'apply' ? [e] : []));
    assert.ok(applies.length > 0);
    assert.ok(applies.every((a) => a.node === 'db'));
    assert.equal(new Set(applies.map((a) => a.op)).size, applies.length);
  });

  it('a database outage shows as failed requests while it lasts, and service resumes after the restart', () => {
    const report = runScenario(config(), { analyze: false });
    const writesOk = (from: number, to: number) => report.history.filter((e) => e.type === 'ok' && e.f === 'write' && e.time >= from && e.time < to).length;
    assert.ok(writesOk(0, 1_000_000) > 0);
    assert.equal(writesOk(1_100_000, 2_000_000), 0, 'no write can succeed without the database');
    assert.ok(writesOk(2_200_000, 3_000_000) > 0);
  });
});
