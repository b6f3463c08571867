// The service model's parts one handler at a time: who plays which role, the load balancer's
// rotation, an instance's queue and overload, the database's shared capacity, early refresh, and
// the static classification.

import assert from 'node:assert/strict';
import { service, type ServiceMessage, type ServiceState } from '../../../core/protocols/service/index.ts';
import { assignRoles, readSettings } from '../../../core/protocols/service/settings.ts';
import { xfetchWantsRefresh, uniformFromId } from '../../../core/protocols/service/cache.ts';
import { DB_TIMER } from '../../../core/protocols/service/database.ts';
import { HEALTH_TIMER } from '../../../core/protocols/service/balancer.ts';
import { WORK_TIMER } from '../../../core/protocols/service/instance.ts';
import type { ClientRequest, Effect, NodeContext } from '../../../core/sim/protocol.ts';
import type { OptionValue } from '../../../core/types/sim-config.ts';

const NODES = ['lb', 'api1', 'api2', 'db'];

function ctx(self: string, now = 0, options: Record<string, OptionValue> = {}): NodeContext {
  return { self, nodes: NODES, options, now };
}

function init(self: string, options: Record<string, OptionValue> = {}): ServiceState {
  return service.init(ctx(self, 0, options), []);
}

function request(id: number, op = 'request', key = 'x'): ClientRequest {
  return { requestId: id, opId: id, client: 'web1', op, key, value: id };
}

function sends(out: Effect<ServiceMessage>[]): Array<{ to: string; type: string }> {
  return out.flatMap((e) => (e.kind === 'send' ? [{ to: e.to, type: e.type }] : []));
}

describe('service model', () => {
  describe('roles', () => {
    it('the first node balances, the last is the database, the nodes between are instances', () => {
      assert.deepEqual(assignRoles(['lb', 'a', 'b', 'c', 'db'], Infinity), { balancer: 'lb', instances: ['a', 'b', 'c'], database: 'db' });
    });

    it('`instances N` uses only the first N of the middle nodes', () => {
      assert.deepEqual(assignRoles(['lb', 'a', 'b', 'c', 'db'], 2)?.instances, ['a', 'b']);
    });

    it('a cluster of fewer than three nodes has no roles, and requests fail with a reason instead of crashing', () => {
      assert.equal(assignRoles(['a', 'b'], 3), null);
      const state = service.init({ self: 'a', nodes: ['a', 'b'], options: {}, now: 0 }, []);
      const out: Effect<ServiceMessage>[] = [];
      service.onClientRequest(state, request(1), { self: 'a', nodes: ['a', 'b'], options: {}, now: 0 }, out);
      const reply = out.find((e) => e.kind === 'reply');
      assert.ok(reply?.kind === 'reply' && reply.reply.outcome === 'fail' && /at least 3 nodes/.test(reply.reply.error));
    });

    it('capacity becomes the time one request takes', () => {
      assert.equal(readSettings({ capacity: 200 }, NODES).workUs, 5_000);
    });
  });

  describe('load balancer', () => {
    it('a client that reaches an instance is pointed at the load balancer', () => {
      const out: Effect<ServiceMessage>[] = [];
      service.onClientRequest(init('api1'), request(1), ctx('api1'), out);
      assert.deepEqual(out, [{ kind: 'reply', requestId: 1, reply: { outcome: 'redirect', leaderHint: 'lb' } }]);
    });

    it('spreads requests round-robin over the instances', () => {
      const lb = init('lb');
      const out: Effect<ServiceMessage>[] = [];
      for (let id = 1; id <= 4; id++) service.onClientRequest(lb, request(id), ctx('lb'), out);
      assert.deepEqual(sends(out).map((s) => s.to), ['api1', 'api2', 'api1', 'api2']);
    });

    it('takes an instance out after `unhealthy after` unanswered checks and skips it, and fails open when none is healthy', () => {
      const lb = init('lb', { 'unhealthy after': 2 });
      const out: Effect<ServiceMessage>[] = [];
      // api2 answers every check, api1 none.
      for (let round = 0; round < 3; round++) {
        service.onTimer(lb, HEALTH_TIMER, ctx('lb'), out);
        const seq = lb.kind === 'balancer' ? lb.nextCheck - 1 : -1;
        service.onMessage(lb, 'api2', { kind: 'HealthOk', seq }, ctx('lb'), out);
      }
      assert.ok(lb.kind === 'balancer');
      assert.equal(lb.health.get('api1')?.healthy, false);
      out.length = 0;
      for (let id = 1; id <= 3; id++) service.onClientRequest(lb, request(id), ctx('lb'), out);
      assert.deepEqual(sends(out).map((s) => s.to), ['api2', 'api2', 'api2']);
      lb.health.get('api2')!.healthy = false;
      out.length = 0;
      service.onClientRequest(lb, request(9), ctx('lb'), out);
      assert.equal(sends(out).length, 1, 'with nobody healthy it still forwards (fails open)');
    });

    it('passes an instance\'s answer back to the client', () => {
      const out: Effect<ServiceMessage>[] = [];
      service.onMessage(init('lb'), 'api1', { kind: 'Response', requestId: 7, reply: { outcome: 'ok', value: 3 } }, ctx('lb'), out);
      assert.deepEqual(out, [{ kind: 'reply', requestId: 7, reply: { outcome: 'ok', value: 3 } }]);
    });
  });

  describe('instance', () => {
    function forward(state: ServiceState, id: number, now: number, out: Effect<ServiceMessage>[], op = 'request'): void {
      service.onMessage(state, 'lb', { kind: 'Forward', request: { requestId: id, opId: id, op, key: 'x', value: id } }, ctx('api1', now, { 'queue limit': 2 }), out);
    }

    it('works on one request at a time and queues the rest, up to the queue limit', () => {
      const api1 = init('api1', { 'queue limit': 2 });
      const out: Effect<ServiceMessage>[] = [];
      for (let id = 1; id <= 3; id++) forward(api1, id, 0, out);
      assert.ok(api1.kind === 'instance');
      assert.equal(api1.current?.request.requestId, 1);
      assert.equal(api1.queue.length - api1.queueHead, 2);
      assert.equal(out.filter((e) => e.kind === 'set-timer' && e.name === WORK_TIMER).length, 1);
    });

    it('one request beyond the queue limit makes it fall over: everything is lost and nothing is answered for a while', () => {
      const api1 = init('api1', { 'queue limit': 2 });
      const out: Effect<ServiceMessage>[] = [];
      for (let id = 1; id <= 4; id++) forward(api1, id, 0, out);
      assert.ok(api1.kind === 'instance');
      assert.equal(api1.counters.fellOver, 1);
      assert.equal(api1.queue.length - api1.queueHead, 0);
      out.length = 0;
      forward(api1, 5, 500_000, out);
      service.onMessage(api1, 'lb', { kind: 'HealthCheck', seq: 1, deep: false }, ctx('api1', 500_000), out);
      assert.deepEqual(sends(out), [], 'neither the request nor the check is answered');
    });

    it('a finished request queries the database; the answer goes back through the load balancer', () => {
      const api1 = init('api1');
      const out: Effect<ServiceMessage>[] = [];
      forward(api1, 1, 0, out);
      service.onTimer(api1, WORK_TIMER, ctx('api1', 10_000), out);
      const query = out.find((e) => e.kind === 'send' && e.type === 'Query');
      assert.ok(query?.kind === 'send' && query.to === 'db' && query.message.kind === 'Query');
      out.length = 0;
      service.onMessage(api1, 'db', { kind: 'QueryResult', queryId: query.message.queryId, value: null }, ctx('api1', 20_000), out);
      assert.deepEqual(sends(out), [{ to: 'lb', type: 'Response' }]);
    });

    it('a shallow check is answered at once; a deep check only after the database answered a ping', () => {
      const api1 = init('api1');
      const out: Effect<ServiceMessage>[] = [];
      service.onMessage(api1, 'lb', { kind: 'HealthCheck', seq: 1, deep: false }, ctx('api1'), out);
      assert.deepEqual(sends(out), [{ to: 'lb', type: 'HealthOk' }]);
      out.length = 0;
      service.onMessage(api1, 'lb', { kind: 'HealthCheck', seq: 2, deep: true }, ctx('api1'), out);
      assert.deepEqual(sends(out), [{ to: 'db', type: 'DbPing' }]);
      out.length = 0;
      service.onMessage(api1, 'db', { kind: 'DbPong', seq: 2 }, ctx('api1'), out);
      assert.deepEqual(sends(out), [{ to: 'lb', type: 'HealthOk' }]);
    });
  });

  describe('database', () => {
    it('queries running together share the capacity: two at once take twice as long, and finish in order', () => {
      const db = init('db', { 'database capacity': 100 }); // 10ms of work per query
      const out: Effect<ServiceMessage>[] = [];
      service.onMessage(db, 'api1', { kind: 'Query', queryId: 1, key: 'x', write: null }, ctx('db', 0, { 'database capacity': 100 }), out);
      service.onMessage(db, 'api2', { kind: 'Query', queryId: 2, key: 'x', write: null }, ctx('db', 0, { 'database capacity': 100 }), out);
      const timer = out.filter((e) => e.kind === 'set-timer' && e.name === DB_TIMER).pop();
      assert.ok(timer?.kind === 'set-timer');
      assert.equal(timer.delayUs, 20_000);
      out.length = 0;
      service.onTimer(db, DB_TIMER, ctx('db', 20_000), out);
      assert.deepEqual(sends(out), [
        { to: 'api1', type: 'QueryResult' },
        { to: 'api2', type: 'QueryResult' },
      ]);
    });

    it('applies an effect once per idempotency key, even when a retry brings it again', () => {
      const db = init('db');
      const out: Effect<ServiceMessage>[] = [];
      const write = { requestId: 1, opId: 1, op: 'request', key: 'x', value: 1, idempotencyKey: 'web1:1', idempotencyTtlUs: 60_000_000 };
      service.onMessage(db, 'api1', { kind: 'Query', queryId: 1, key: 'x', write }, ctx('db', 0), out);
      service.onMessage(db, 'api2', { kind: 'Query', queryId: 1, key: 'x', write: { ...write, requestId: 2 } }, ctx('db', 1_000_000), out);
      assert.equal(out.filter((e) => e.kind === 'apply').length, 1);
    });

    it('keeps its data and idempotency keys across a crash', () => {
      const db = init('db');
      const write = { requestId: 1, opId: 1, op: 'request', key: 'x', value: 1, idempotencyKey: 'k', idempotencyTtlUs: 60_000_000 };
      service.onMessage(db, 'api1', { kind: 'Query', queryId: 1, key: 'x', write }, ctx('db'), []);
      const out: Effect<ServiceMessage>[] = [];
      const restarted = service.restart(service.durable(db), ctx('db', 5_000_000), out);
      service.onMessage(restarted, 'api1', { kind: 'Query', queryId: 2, key: 'x', write }, ctx('db', 6_000_000), out);
      assert.ok(restarted.kind === 'database');
      assert.equal(restarted.data.get('x'), 1);
      assert.equal(out.filter((e) => e.kind === 'apply').length, 0);
    });
  });

  describe('early refresh (XFetch)', () => {
    it('never refreshes far from expiry, always at expiry, and more often the nearer expiry is', () => {
      const rolls = Array.from({ length: 1000 }, (_, i) => uniformFromId(i, 7));
      const share = (remainingUs: number) => rolls.filter((u) => xfetchWantsRefresh(remainingUs, 10_000, u)).length / rolls.length;
      assert.equal(share(5_000_000), 0);
      assert.equal(share(0), 1);
      assert.ok(share(50_000) < share(20_000) && share(20_000) < share(5_000), `${share(50_000)} < ${share(20_000)} < ${share(5_000)}`);
    });

    it('the dice are uniform enough: about half the rolls fall below one half', () => {
      const rolls = Array.from({ length: 10_000 }, (_, i) => uniformFromId(i + 1, 12345));
      const below = rolls.filter((u) => u < 0.5).length;
      assert.ok(below > 4_700 && below < 5_300, `${below}`);
      assert.ok(rolls.every((u) => u > 0 && u <= 1));
    });
  });

  describe('static classification', () => {
    it('without a cache the single database makes it CP and PC/EC', () => {
      const c = service.classify({ cache: false });
      assert.deepEqual([c.cap, c.pacelc], ['CP', 'PC/EC']);
    });

    it('with a cache, reads are answered from a possibly stale copy: AP and PA/EL', () => {
      const c = service.classify({ cache: true });
      assert.deepEqual([c.cap, c.pacelc], ['AP', 'PA/EL']);
      assert.match(c.reason, /cache TTL/);
    });
  });
});
