// A tiny protocol for testing the engine without Raft. Every node pings every other node on a
// timer and answers pings with pongs; client requests are served by a key-value map on whichever
// node is the "leader" (option `leader`, default n1) — other nodes redirect there. The map is
// durable (survives a crash); ping counters are volatile (lost on crash). Option `record: false`
// skips the per-message logs (benchmarks measure the engine, not the test protocol's bookkeeping).

import { IdempotencyTable } from '../../../core/sim/idempotency.ts';
import type { ClientReply, NodeContext, Out, Protocol } from '../../../core/sim/protocol.ts';

export type PingMessage = { kind: 'ping'; seq: number } | { kind: 'pong'; seq: number };

export type PingState = {
  /** Volatile: pings sent by this node since it last started. */
  pingsSent: number;
  pongsReceived: number;
  /** Volatile: every message handled, in order: "from:kind:seq". */
  handled: string[];
  /** Local clock readings at which the ping timer fired. */
  timerFiredAtLocal: number[];
  /** Durable. */
  kv: Map<string, unknown>;
  applied: IdempotencyTable<ClientReply>;
  restarts: number;
};

export type PingDurable = { kv: Map<string, unknown>; applied: IdempotencyTable<ClientReply>; restarts: number };

function intervalOf(ctx: NodeContext): number {
  const interval = ctx.options['ping every'];
  return typeof interval === 'number' ? interval : 10_000;
}

function leaderOf(ctx: NodeContext): string {
  const leader = ctx.options['leader'];
  return typeof leader === 'string' ? leader : ctx.nodes[0]!;
}

function start(ctx: NodeContext, out: Out<PingMessage>, durable: PingDurable | undefined): PingState {
  out.push({ kind: 'set-timer', name: 'ping', delayUs: intervalOf(ctx) });
  out.push({ kind: 'state', state: { role: ctx.self === leaderOf(ctx) ? 'leader' : 'follower', term: 1, leader: leaderOf(ctx) } });
  return {
    pingsSent: 0,
    pongsReceived: 0,
    handled: [],
    timerFiredAtLocal: [],
    kv: durable?.kv ?? new Map(),
    applied: durable?.applied ?? new IdempotencyTable(),
    restarts: durable === undefined ? 0 : durable.restarts + 1,
  };
}

export const pingProtocol: Protocol<PingState, PingDurable, PingMessage> = {
  name: 'raft', // the config says raft; tests pass this implementation explicitly
  init: (ctx, out) => start(ctx, out, undefined),
  onMessage(state, from, message, ctx, out) {
    if (ctx.options['record'] !== false) state.handled.push(`${from}:${message.kind}:${message.seq}`);
    if (message.kind === 'ping') out.push({ kind: 'send', to: from, type: 'Pong', message: { kind: 'pong', seq: message.seq } });
    else state.pongsReceived++;
  },
  onTimer(state, timer, ctx, out) {
    if (timer !== 'ping') return;
    if (ctx.options['record'] !== false) state.timerFiredAtLocal.push(ctx.now);
    for (const node of ctx.nodes) {
      if (node === ctx.self) continue;
      state.pingsSent++;
      out.push({ kind: 'send', to: node, type: 'Ping', message: { kind: 'ping', seq: state.pingsSent } });
    }
    out.push({ kind: 'set-timer', name: 'ping', delayUs: intervalOf(ctx) });
  },
  onClientRequest(state, request, ctx, out) {
    if (ctx.self !== leaderOf(ctx)) {
      out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: leaderOf(ctx) } });
      return;
    }
    const apply = (): ClientReply => {
      if (request.op === 'read') return { outcome: 'ok', value: state.kv.get(request.key) ?? null };
      out.push({ kind: 'apply', opId: request.opId, key: request.key, value: request.value });
      if (request.op === 'cas') {
        const [expected, next] = request.value as [unknown, unknown];
        if ((state.kv.get(request.key) ?? null) !== expected) return { outcome: 'fail', error: 'cas mismatch' };
        state.kv.set(request.key, next);
        return { outcome: 'ok' };
      }
      state.kv.set(request.key, request.value);
      return { outcome: 'ok' };
    };
    const reply =
      request.idempotencyKey !== undefined && request.idempotencyTtlUs !== undefined
        ? state.applied.applyOnce(request.idempotencyKey, ctx.now, request.idempotencyTtlUs, apply).result
        : apply();
    out.push({ kind: 'reply', requestId: request.requestId, reply });
  },
  durable: (state) => ({ kv: state.kv, applied: state.applied, restarts: state.restarts }),
  restart: (durable, ctx, out) => start(ctx, out, durable),
  classify: () => ({ cap: 'CP', pacelc: 'PC/EC', reason: 'a test protocol' }),
};

/** A protocol that never settles: every timer fires again at once and sends to everyone (runaway). */
export const floodProtocol: Protocol<{ n: number }, null, number> = {
  name: 'raft',
  init(_ctx, out) {
    out.push({ kind: 'set-timer', name: 'flood', delayUs: 0 });
    return { n: 0 };
  },
  onMessage(state, from, _message, _ctx, out) {
    state.n++;
    out.push({ kind: 'send', to: from, type: 'Flood', message: state.n });
  },
  onTimer(state, _timer, ctx, out) {
    for (const node of ctx.nodes) if (node !== ctx.self) out.push({ kind: 'send', to: node, type: 'Flood', message: state.n });
    out.push({ kind: 'set-timer', name: 'flood', delayUs: 0 });
  },
  onClientRequest() {},
  durable: () => null,
  restart: () => ({ n: 0 }),
  classify: () => ({ cap: 'CP', pacelc: 'PC/EC', reason: 'a test protocol' }),
};
