// The leaderless handlers one call at a time (who coordinates, when a client hears back, what is
// refused) and the static CAP/PACELC classification of its option sets.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { leaderless, type LeaderlessMessage, type LeaderlessState } from '../../../core/protocols/leaderless/index.ts';
import { placeKey } from '../../../core/protocols/leaderless/preference-list.ts';
import { getProtocol } from '../../../core/protocols/registry.ts';
import type { ClientRequest, Effect, NodeContext } from '../../../core/sim/protocol.ts';
import type { OptionValue } from '../../../core/types/sim-config.ts';

const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'];

function ctx(self: string, options: Record<string, OptionValue> = {}, now = 0, nodes = NODES): NodeContext {
  return { self, nodes, options: { n: 3, r: 2, w: 2, ...options }, now };
}

function request(op: string, key: string, opId: number, value: unknown = opId): ClientRequest {
  return { requestId: opId * 10, opId, client: 'c', op, key, value };
}

type Out = Effect<LeaderlessMessage>[];

function replies(out: Out) {
  return out.filter((e) => e.kind === 'reply');
}

function sends(out: Out) {
  return out.filter((e): e is Extract<Effect<LeaderlessMessage>, { kind: 'send' }> => e.kind === 'send');
}

describe('leaderless: handlers', () => {
  const { homes, standIns } = placeKey('x', NODES, 3);

  it('the leaderless protocol is registered under its name', () => {
    assert.equal(getProtocol('leaderless'), leaderless);
  });

  it('a node outside the key\'s preference list sends the client to the first home replica', () => {
    const out: Out = [];
    const state = leaderless.init(ctx(standIns[0]!), out);
    leaderless.onClientRequest(state, request('write', 'x', 1), ctx(standIns[0]!), out);
    assert.deepEqual(replies(out), [{ kind: 'reply', requestId: 10, reply: { outcome: 'redirect', leaderHint: homes[0] } }]);
    assert.equal(sends(out).length, 0);
  });

  it('a write is stored by its coordinator, sent to the other home replicas, and acknowledged only at W', () => {
    const self = homes[0]!;
    const out: Out = [];
    const state = leaderless.init(ctx(self), out);
    leaderless.onClientRequest(state, request('write', 'x', 1), ctx(self), out);
    assert.deepEqual(out.filter((e) => e.kind === 'apply').map((e) => e.kind === 'apply' && e.opId), [1]);
    assert.deepEqual(sends(out).map((s) => s.to).sort(), homes.slice(1).sort());
    assert.equal(replies(out).length, 0, 'one copy is not W = 2');
    const ack: Out = [];
    leaderless.onMessage(state, homes[1]!, { kind: 'PutAck', id: 10 }, ctx(self), ack);
    assert.deepEqual(replies(ack), [{ kind: 'reply', requestId: 10, reply: { outcome: 'ok' } }]);
  });

  it('a read answers with the merge of R replies, and read repair sends it to the replica that was behind', () => {
    const self = homes[0]!;
    const out: Out = [];
    const state: LeaderlessState = leaderless.init(ctx(self, { w: 1 }), out);
    leaderless.onClientRequest(state, request('write', 'x', 1), ctx(self, { w: 1 }, 5), out);
    const newer = sends(out)[0]!.message;
    assert.equal(newer.kind, 'Put');
    const read: Out = [];
    leaderless.onClientRequest(state, request('read', 'x', 2, null), ctx(self, { w: 1 }), read);
    leaderless.onMessage(state, homes[1]!, { kind: 'GetReply', id: 20, entry: null }, ctx(self, { w: 1 }), read);
    assert.deepEqual(replies(read), [{ kind: 'reply', requestId: 20, reply: { outcome: 'ok', value: 1 } }]);
    leaderless.onMessage(state, homes[2]!, { kind: 'GetReply', id: 20, entry: newer.kind === 'Put' ? newer.entry : null }, ctx(self, { w: 1 }), read);
    const repairs = sends(read).filter((s) => s.type === 'Repair');
    assert.deepEqual(repairs.map((s) => s.to), [homes[1]]);
  });

  it('compare-and-set is refused: leaderless replicas agree on no order of writes', () => {
    const out: Out = [];
    const state = leaderless.init(ctx(homes[0]!), out);
    leaderless.onClientRequest(state, request('cas', 'x', 1, [null, 1]), ctx(homes[0]!), out);
    const [reply] = replies(out);
    assert.ok(reply?.kind === 'reply' && reply.reply.outcome === 'fail');
  });

  it('a counter key takes increments and refuses plain writes; a register key refuses increments', () => {
    const crdt = { 'conflict resolution': 'crdt' };
    const out: Out = [];
    const counter = leaderless.init(ctx(homes[0]!, crdt), out);
    leaderless.onClientRequest(counter, request('write', 'x', 1), ctx(homes[0]!, crdt), out);
    leaderless.onClientRequest(counter, request('increment', 'x', 2, 1), ctx(homes[0]!, crdt), out);
    const register = leaderless.init(ctx(homes[0]!), out);
    leaderless.onClientRequest(register, request('increment', 'x', 3, 1), ctx(homes[0]!), out);
    const outcomes = replies(out).map((r) => r.kind === 'reply' && [r.requestId, r.reply.outcome]);
    assert.deepEqual(outcomes, [[10, 'fail'], [30, 'fail']]);
    assert.ok(out.some((e) => e.kind === 'apply' && e.opId === 2 && e.value === 1), 'the increment took effect locally');
  });

  it('a stand-in keeps a hinted write aside and offers it to its home replica on its next check', () => {
    const opts = { 'sloppy quorum': true, 'hinted handoff': true };
    const out: Out = [];
    const standIn = leaderless.init(ctx(standIns[0]!, opts), out);
    const entry = { kind: 'versions' as const, versions: [{ value: 7, opId: 7, vv: { [homes[0]!]: 1 }, ts: 0, writer: homes[0]! }] };
    leaderless.onMessage(standIn, homes[0]!, { kind: 'Put', id: 70, key: 'x', entry, hintFor: homes[2]! }, ctx(standIns[0]!, opts), out);
    assert.equal(out.filter((e) => e.kind === 'apply').length, 0, 'a hint is not the stand-in\'s own data');
    assert.ok(out.some((e) => e.kind === 'set-timer'));
    const tick: Out = [];
    leaderless.onTimer(standIn, 'tick', ctx(standIns[0]!, opts), tick);
    const handoff = sends(tick).find((s) => s.type === 'Handoff');
    assert.equal(handoff?.to, homes[2]);
    const home = leaderless.init(ctx(homes[2]!, opts), out);
    const taken: Out = [];
    leaderless.onMessage(home, standIns[0]!, handoff!.message, ctx(homes[2]!, opts), taken);
    assert.ok(taken.some((e) => e.kind === 'apply' && e.opId === 7));
    const ack = sends(taken).find((s) => s.type === 'HandoffAck')!;
    leaderless.onMessage(standIn, homes[2]!, ack.message, ctx(standIns[0]!, opts), []);
    assert.equal(standIn.hints.size, 0, 'the hint is dropped once the home has it');
  });

  it('a retried increment counts twice without an idempotency key and once with one', () => {
    const crdt = { 'conflict resolution': 'crdt', w: 1 };
    const self = homes[0]!;
    const applies = (withKey: boolean): number => {
      const out: Out = [];
      const state = leaderless.init(ctx(self, crdt), out);
      const first = request('increment', 'x', 1, 1);
      const retry = { ...first, requestId: 11 };
      if (withKey) first.idempotencyKey = retry.idempotencyKey = 'k1';
      leaderless.onClientRequest(state, first, ctx(self, crdt), out);
      leaderless.onClientRequest(state, retry, ctx(self, crdt), out);
      assert.equal(replies(out).length, 2, 'both attempts are answered');
      return out.filter((e) => e.kind === 'apply').length;
    };
    assert.equal(applies(false), 2);
    assert.equal(applies(true), 1);
  });

  it('a keyed increment retried at another home replica that holds the first try counts once; without the key, twice', () => {
    const crdt = { 'conflict resolution': 'crdt', w: 1 };
    const [first, second] = [homes[0]!, homes[1]!];
    const counted = (withKey: boolean): number => {
      const out: Out = [];
      const a = leaderless.init(ctx(first, crdt), []);
      const b = leaderless.init(ctx(second, crdt), []);
      const tryOne = request('increment', 'x', 1, 1);
      const retry = { ...tryOne, requestId: 11 };
      if (withKey) tryOne.idempotencyKey = retry.idempotencyKey = 'k1';
      leaderless.onClientRequest(a, tryOne, ctx(first, crdt), out);
      // The first try's replica reaches the second home; then the client's retry goes there.
      const put = sends(out).find((s) => s.to === second)!;
      leaderless.onMessage(b, first, put.message, ctx(second, crdt), []);
      const retried: Out = [];
      leaderless.onClientRequest(b, retry, ctx(second, crdt), retried);
      assert.equal(replies(retried).length, 1, 'the retry is answered');
      return retried.filter((e) => e.kind === 'apply' && e.opId === 1).length;
    };
    assert.equal(counted(false), 1, 'without a key the second home counts it again');
    assert.equal(counted(true), 0, 'with a key the second home recognises the operation and adds nothing');
  });

  it('after a crash the store survives, and the restart reports what it holds', () => {
    const out: Out = [];
    const state = leaderless.init(ctx(homes[0]!, { w: 1 }), out);
    leaderless.onClientRequest(state, request('write', 'x', 1), ctx(homes[0]!, { w: 1 }), out);
    const restarted: Out = [];
    leaderless.restart(leaderless.durable(state), ctx(homes[0]!, { w: 1 }), restarted);
    assert.ok(restarted.some((e) => e.kind === 'apply' && e.opId === 1 && e.key === 'x'));
  });
});

describe('leaderless: static classification', () => {
  it('majority quorums (R = W = 2 of 3, the defaults) are PC/EC, and the reason says the overlap is not linearizability', () => {
    const c = leaderless.classify({ n: 3, r: 2, w: 2 });
    assert.deepEqual([c.cap, c.pacelc], ['CP', 'PC/EC']);
    assert.match(c.reason, /minority side refuses/);
    assert.match(c.reason, /R \+ W = 4 > N = 3/);
    assert.match(c.reason, /not linearizability/);
    assert.deepEqual([leaderless.classify({}).cap, leaderless.classify({}).pacelc], ['CP', 'PC/EC']);
  });

  it('R + W <= N is PA/EL and the reason warns of stale reads without any fault', () => {
    const c = leaderless.classify({ n: 3, r: 1, w: 1 });
    assert.deepEqual([c.cap, c.pacelc], ['AP', 'PA/EL']);
    assert.match(c.reason, /≤ N = 3/);
    assert.match(c.reason, /stale even with no fault/);
  });

  it('a quorum that is not a majority on one side keeps that side answering under a partition (PA), even when R + W > N', () => {
    const c = leaderless.classify({ n: 3, r: 1, w: 3 });
    assert.deepEqual([c.cap, c.pacelc], ['AP', 'PA/EC']);
    assert.match(c.reason, /can still read/);
  });

  it('a sloppy quorum is PA and named in the reason as losing the overlap during a partition', () => {
    const c = leaderless.classify({ n: 3, r: 2, w: 2, 'sloppy quorum': true });
    assert.deepEqual([c.cap, c.pacelc], ['AP', 'PA/EC']);
    assert.match(c.reason, /sloppy quorum/);
  });

  it('agrees with what runs of the quorum-overlap sample show in normal operation, for both R and W settings', () => {
    const text = readFileSync(new URL('../../../samples/leaderless-quorum-overlap.fault', import.meta.url), 'utf8');
    for (const name of compile(text).scenarios) {
      const config = compile(text, name).config;
      assert.ok(config !== null);
      const report = runScenario(config);
      const classification = report.classification!;
      assert.equal(classification.static!.pacelc.slice(3), `E${classification.observed.elseLatency}`, name);
      assert.deepEqual(classification.disagreements, [], name);
    }
  });
});

describe('leaderless: version vectors under last-write-wins', () => {
  it('with true clocks no replica drops a causally later write: a coordinator never reuses its own count', () => {
    // The theorem sweep's shrunk reproducer (stream 2026, #2388, seed 1): n2's store held an
    // older write than n2's last (LWW kept another node's), so n2 counted its next write from
    // there and gave two of its writes the same count; n3 then took a version as having seen a
    // write it had not, and reported a causally later write dropped with clocks that read true time.
    const { config } = compile(`scenario "lww, true clocks, many writers" {
  seed 1
  run for 483ms

  cluster {
    nodes n1, n2, n3, n4, n5
    protocol leaderless {
      n 4
      r 1
      w 2
      sloppy quorum off
      hinted handoff off
      conflict resolution lww
      read repair off
    }
  }

  network {
    latency uniform 1ms..5ms
    drop 0%
    duplicate 0%
    reorder 5%
  }

  workload {
    client c1 * 3 {
      write y
      closed loop
      timeout 200ms
      retry 2 backoff exponential 50ms..400ms jitter full
      idempotency key ttl 1m
      read from replicas
    }
    client c2 * 4 {
      write y
      closed loop
      timeout 200ms
      retry 4 backoff none jitter decorrelated
      read from replicas
    }
  }
}
`);
    const report = runScenario(config!);
    const dropped = report.trace.filter((e) => e.kind === 'state' && ((e.state['causally later writes dropped'] as number | undefined) ?? 0) > 0);
    assert.deepEqual(dropped, []);
    assert.ok(report.history.filter((e) => e.type === 'ok' && e.f === 'write').length > 100);
  });
});
