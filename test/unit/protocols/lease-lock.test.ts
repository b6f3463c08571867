// The lease lock on its own: classification, option declarations, and the service's rules for
// granting, renewing and fencing.

import assert from 'node:assert/strict';
import type { Effect, NodeContext } from '../../../core/sim/protocol.ts';
import { leaseLockOptions } from '../../../core/protocols/lease_lock/options.ts';
import { leaseLock, type LeaseLockMessage } from '../../../core/protocols/lease_lock/index.ts';
import type { ServiceState } from '../../../core/protocols/lease_lock/types.ts';
import { getProtocol } from '../../../core/protocols/registry.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { OptionValue } from '../../../core/types/sim-config.ts';

const NODES = ['n1', 'n2', 'n3'];

function ctx(self: string, now: number, options: Record<string, OptionValue> = {}): NodeContext {
  return { self, nodes: NODES, options: { ttl: 2_000_000, 'keep alive every': 500_000, ...options }, now };
}

function replies(out: Effect<LeaseLockMessage>[]): LeaseLockMessage[] {
  return out.flatMap((e) => (e.kind === 'send' ? [e.message] : []));
}

describe('lease lock: classification and options', () => {
  it('is CP and PC/EC; without fencing the reason says safety rests on timing', () => {
    const bare = leaseLock.classify({ 'fencing tokens': false });
    assert.equal(bare.cap, 'CP');
    assert.equal(bare.pacelc, 'PC/EC');
    assert.match(bare.reason, /timing/);
    assert.match(leaseLock.classify({ 'fencing tokens': true, 'storage checks tokens': true }).reason, /refused by the storage/);
  });

  it('every option has a one-line explanation for hover', () => {
    for (const option of leaseLockOptions.options) assert.ok(option.doc.length > 20 && !option.doc.includes('\n'), option.name);
    assert.equal(getProtocol('lease_lock'), leaseLock);
  });
});

describe('lease lock: the service', () => {
  it('grants a free lock, denies it to a second node while the lease runs, and grants it with a higher token once it expired', () => {
    const service = leaseLock.init(ctx('n1', 0), []) as ServiceState;
    const first: Effect<LeaseLockMessage>[] = [];
    leaseLock.onMessage(service, 'n2', { kind: 'Acquire', sentAt: 0 }, ctx('n1', 0), first);
    assert.deepEqual(replies(first)[0], { kind: 'Granted', token: 1, sentAt: 0 });
    const second: Effect<LeaseLockMessage>[] = [];
    leaseLock.onMessage(service, 'n3', { kind: 'Acquire', sentAt: 0 }, ctx('n1', 1_000_000), second);
    assert.equal(replies(second)[0]!.kind, 'Denied');
    const later: Effect<LeaseLockMessage>[] = [];
    leaseLock.onMessage(service, 'n3', { kind: 'Acquire', sentAt: 0 }, ctx('n1', 2_000_001), later);
    assert.deepEqual(replies(later)[0], { kind: 'Granted', token: 2, sentAt: 0 });
  });

  it('a keep-alive after expiry is answered with Lost', () => {
    const service = leaseLock.init(ctx('n1', 0), []) as ServiceState;
    leaseLock.onMessage(service, 'n2', { kind: 'Acquire', sentAt: 0 }, ctx('n1', 0), []);
    const out: Effect<LeaseLockMessage>[] = [];
    leaseLock.onMessage(service, 'n2', { kind: 'KeepAlive', token: 1, sentAt: 0 }, ctx('n1', 2_500_000), out);
    assert.equal(replies(out)[0]!.kind, 'Lost');
  });

  it('with tokens checked, the storage rejects a write whose token is older than one it has seen', () => {
    const options = { 'fencing tokens': true };
    const service = leaseLock.init(ctx('n1', 0, options), []) as ServiceState;
    leaseLock.onMessage(service, 'n3', { kind: 'StoreWrite', requestId: 1, opId: 1, key: 'x', value: 1, token: 2, lease: 2 }, ctx('n1', 0, options), []);
    const out: Effect<LeaseLockMessage>[] = [];
    leaseLock.onMessage(service, 'n2', { kind: 'StoreWrite', requestId: 2, opId: 2, key: 'x', value: 2, token: 1, lease: 1 }, ctx('n1', 1, options), out);
    const result = replies(out)[0];
    assert.ok(result?.kind === 'StoreResult' && result.reply.outcome === 'fail');
    assert.equal(service.kv.get('x'), 1);
    assert.equal(service.rejected, 1);
  });

  it('without tokens the same late write lands', () => {
    const service = leaseLock.init(ctx('n1', 0), []) as ServiceState;
    leaseLock.onMessage(service, 'n3', { kind: 'StoreWrite', requestId: 1, opId: 1, key: 'x', value: 1, token: null, lease: 1 }, ctx('n1', 0), []);
    leaseLock.onMessage(service, 'n2', { kind: 'StoreWrite', requestId: 2, opId: 2, key: 'x', value: 2, token: null, lease: 1 }, ctx('n1', 1), []);
    assert.equal(service.kv.get('x'), 2);
  });

  it('a write retried under the same idempotency key is applied once, even through the next holder', () => {
    const service = leaseLock.init(ctx('n1', 0), []) as ServiceState;
    const keyed = { key: 'x', value: 7, token: null, idempotencyKey: 'c1:7', idempotencyTtlUs: 60_000_000 };
    const first: Effect<LeaseLockMessage>[] = [];
    leaseLock.onMessage(service, 'n2', { kind: 'StoreWrite', requestId: 1, opId: 7, lease: 1, ...keyed }, ctx('n1', 0), first);
    // The reply was lost; the client retried through n3, which holds the lock now.
    leaseLock.onMessage(service, 'n3', { kind: 'StoreWrite', requestId: 2, opId: 7, key: 'x', value: 2, token: null, lease: 2 }, ctx('n1', 1), []);
    const retry: Effect<LeaseLockMessage>[] = [];
    leaseLock.onMessage(service, 'n3', { kind: 'StoreWrite', requestId: 3, opId: 7, lease: 2, ...keyed }, ctx('n1', 2), retry);
    assert.equal(retry.filter((e) => e.kind === 'apply').length, 0);
    assert.equal(service.kv.get('x'), 2, 'the retry did not overwrite the write that came after its first attempt');
    const result = replies(retry)[0];
    assert.ok(result?.kind === 'StoreResult' && result.reply.outcome === 'ok');
    assert.equal(service.accepted, 2);
  });

  it('a lease-lock run whose keyed client retries through duplicated messages has no duplicate effects', () => {
    // The theorem sweep's shrunk reproducer: before the storage kept idempotency keys, 5 writes
    // took effect twice on n1 with seed 1.
    const { config, diagnostics } = compile(`scenario "keyed retries" {
      seed 1
      run for 2s
      cluster {
        nodes n1, n2, n3
        protocol lease_lock {
          ttl 500ms
          keep alive every 125ms
        }
      }
      network {
        latency exponential 5ms
        duplicate 5%
        reorder 5%
      }
      clock n2 skew -20ms drift 100ppm
      clock n3 skew -20ms drift 100ppm
      workload {
        client c1 {
          write x
          closed loop
          timeout 200ms
          retry 1 backoff constant 50ms jitter none
          idempotency key ttl 1m
        }
      }
      expect {
        no duplicate effects
      }
    }`);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    const report = runScenario(config!);
    assert.equal(report.expectations[0]!.holds, true, report.expectations[0]!.summary);
    assert.ok(report.history.filter((e) => e.type === 'ok').length > 5);
  });
});
