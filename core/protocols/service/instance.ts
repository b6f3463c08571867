// A service instance: one worker that finishes `capacity` requests a second, a queue in front of
// it (`queue limit`), an optional cache of database reads, and a connection to the database.
//
// - Overload is silent: a request arriving at a full queue is dropped, like a full accept
//   backlog, and a request that waited past `request timeout` is skipped unanswered. The client
//   sees a timeout and retries by its own policy, which is where herds come from.
// - A database that does not answer within `request timeout` is an error the instance does
//   report: the error a shallow health check lets through. For a read it is a `fail` (a read
//   changes nothing); for a write or request it is `info`, a gateway timeout: the query may be
//   queued at the database or lost on the way, and the database applies it if it arrives.
// - The worker does not wait for the database: it hands the query off and takes the next request.

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { uniformFromId, xfetchWantsRefresh } from './cache.ts';
import type { ForwardedRequest, InstanceState, PendingQuery, ServiceMessage } from './types.ts';

export const WORK_TIMER = 'work';
export const DB_DEADLINE_TIMER = 'db-deadline';
/** How long an instance that fell over under load takes to come back. */
export const OVERLOAD_RECOVERY_US = 1_000_000;

type IOut = Out<ServiceMessage>;

export function onInstanceMessage(state: InstanceState, from: string, message: ServiceMessage, ctx: NodeContext, out: IOut): void {
  switch (message.kind) {
    case 'Forward':
      enqueue(state, message.request, ctx, out);
      break;
    case 'QueryResult':
      onQueryResult(state, message.queryId, message.value, ctx, out);
      break;
    case 'HealthCheck':
      if (ctx.now < state.downUntil) break; // fallen over: nobody answers
      if (!message.deep) out.push({ kind: 'send', to: from, type: 'HealthOk', message: { kind: 'HealthOk', seq: message.seq } });
      else {
        // Readiness: answer only once the database has answered us.
        state.pingSeq = message.seq;
        const database = state.settings.roles!.database;
        out.push({ kind: 'send', to: database, type: 'DbPing', message: { kind: 'DbPing', seq: message.seq } });
      }
      break;
    case 'DbPong':
      if (message.seq === state.pingSeq) {
        state.pingSeq = -1;
        const balancer = state.settings.roles!.balancer;
        out.push({ kind: 'send', to: balancer, type: 'HealthOk', message: { kind: 'HealthOk', seq: message.seq } });
      }
      break;
    default:
      break;
  }
}

export function onInstanceTimer(state: InstanceState, timer: string, ctx: NodeContext, out: IOut): void {
  if (timer === WORK_TIMER) {
    state.busy = false;
    const current = state.current;
    state.current = null;
    if (current !== null) finishWork(state, current, ctx, out);
    startNext(state, ctx, out);
  } else if (timer === DB_DEADLINE_TIMER) {
    expireQueries(state, ctx, out);
  }
}

function waiting(state: InstanceState): number {
  return state.queue.length - state.queueHead;
}

function enqueue(state: InstanceState, request: ForwardedRequest, ctx: NodeContext, out: IOut): void {
  if (ctx.now < state.downUntil) {
    state.counters.dropped++;
    return;
  }
  if (state.busy && waiting(state) >= state.settings.queueLimit) {
    fallOver(state, ctx, out);
    return;
  }
  state.queue.push({ request, arrivedAt: ctx.now });
  if (!state.busy) startNext(state, ctx, out);
}

/**
 * One request more than the queue can hold and the process falls over (out of memory, a crashed
 * worker pool): everything it held is lost and it answers nothing until it is back, after
 * OVERLOAD_RECOVERY_US. This is what "knocks a recovering service over again" in a herd.
 */
function fallOver(state: InstanceState, ctx: NodeContext, out: IOut): void {
  state.counters.dropped += waiting(state) + 1 + (state.busy ? 1 : 0);
  state.counters.fellOver++;
  state.queue = [];
  state.queueHead = 0;
  state.busy = false;
  state.current = null;
  state.pending.clear();
  state.deadlines = [];
  state.deadlineHead = 0;
  state.cache.clear();
  state.downUntil = ctx.now + OVERLOAD_RECOVERY_US;
  out.push({ kind: 'cancel-timer', name: WORK_TIMER });
}

function startNext(state: InstanceState, ctx: NodeContext, out: IOut): void {
  while (waiting(state) > 0) {
    const item = state.queue[state.queueHead++]!;
    if (ctx.now - item.arrivedAt > state.settings.requestTimeoutUs) {
      state.counters.abandoned++;
      continue;
    }
    state.current = item;
    state.busy = true;
    out.push({ kind: 'set-timer', name: WORK_TIMER, delayUs: state.settings.workUs });
    break;
  }
  if (state.queueHead > 1024 && state.queueHead * 2 > state.queue.length) {
    state.queue.splice(0, state.queueHead);
    state.queueHead = 0;
  }
}

function respond(state: InstanceState, request: ForwardedRequest, reply: Extract<ServiceMessage, { kind: 'Response' }>['reply'], out: IOut): void {
  if (reply.outcome === 'ok') state.counters.served++;
  else state.counters.errors++;
  const balancer = state.settings.roles!.balancer;
  out.push({ kind: 'send', to: balancer, type: 'Response', message: { kind: 'Response', requestId: request.requestId, reply } });
}

function finishWork(state: InstanceState, item: { request: ForwardedRequest; arrivedAt: number }, ctx: NodeContext, out: IOut): void {
  const { request } = item;
  const deadline = item.arrivedAt + state.settings.requestTimeoutUs;
  if (request.op !== 'read') {
    sendQuery(state, request, request.key, deadline, true, ctx, out);
    return;
  }
  if (!state.settings.cache) {
    sendQuery(state, request, request.key, deadline, false, ctx, out);
    return;
  }
  const entry = state.cache.get(request.key);
  if (entry === undefined || ctx.now >= entry.expiresAt) {
    // A miss. Every request that misses asks the database itself: nothing coalesces them, which
    // is exactly how a popular key's expiry turns into a stampede.
    state.counters.misses++;
    sendQuery(state, request, request.key, deadline, false, ctx, out);
    return;
  }
  state.counters.hits++;
  if (state.settings.earlyRefresh && !entry.refreshing) {
    const u = uniformFromId(request.requestId, state.salt);
    if (xfetchWantsRefresh(entry.expiresAt - ctx.now, state.lastFetchUs, u)) {
      entry.refreshing = true;
      state.counters.refreshes++;
      sendQuery(state, null, request.key, ctx.now + state.settings.requestTimeoutUs, false, ctx, out);
    }
  }
  respond(state, request, { outcome: 'ok', value: entry.value }, out);
}

function sendQuery(state: InstanceState, request: ForwardedRequest | null, key: string, deadline: number, write: boolean, ctx: NodeContext, out: IOut): void {
  const queryId = state.nextQueryId++;
  const pending: PendingQuery = { queryId, request, key, sentAt: ctx.now, deadline, write };
  state.pending.set(queryId, pending);
  state.deadlines.push(pending);
  if (state.deadlineArmedAt < 0) armDeadline(state, deadline, ctx, out);
  const database = state.settings.roles!.database;
  out.push({ kind: 'send', to: database, type: 'Query', message: { kind: 'Query', queryId, key, write: write ? request : null } });
}

function armDeadline(state: InstanceState, at: number, ctx: NodeContext, out: IOut): void {
  state.deadlineArmedAt = at;
  out.push({ kind: 'set-timer', name: DB_DEADLINE_TIMER, delayUs: Math.max(1, at - ctx.now) });
}

function onQueryResult(state: InstanceState, queryId: number, value: unknown, ctx: NodeContext, out: IOut): void {
  const pending = state.pending.get(queryId);
  if (pending === undefined) return; // we already gave up on it
  state.pending.delete(queryId);
  if (state.settings.cache) {
    if (pending.write) state.cache.delete(pending.key);
    else {
      state.lastFetchUs = ctx.now - pending.sentAt;
      state.cache.set(pending.key, { value, expiresAt: ctx.now + state.settings.cacheTtlUs, refreshing: false });
    }
  }
  if (pending.request !== null) respond(state, pending.request, { outcome: 'ok', value: pending.write ? pending.request.value : value }, out);
}

/** Queries past their deadline end their request with an error (the database did not answer in time). */
function expireQueries(state: InstanceState, ctx: NodeContext, out: IOut): void {
  state.deadlineArmedAt = -1;
  const deadlines = state.deadlines;
  while (state.deadlineHead < deadlines.length) {
    const pending = deadlines[state.deadlineHead]!;
    if (!state.pending.has(pending.queryId)) {
      state.deadlineHead++;
      continue;
    }
    if (pending.deadline > ctx.now) break;
    state.deadlineHead++;
    state.pending.delete(pending.queryId);
    if (pending.request !== null) respond(state, pending.request, { outcome: pending.write ? 'info' : 'fail', error: 'database did not answer' }, out);
    else {
      const entry = state.cache.get(pending.key);
      if (entry !== undefined) entry.refreshing = false;
    }
  }
  if (state.deadlineHead > 1024 && state.deadlineHead * 2 > deadlines.length) {
    deadlines.splice(0, state.deadlineHead);
    state.deadlineHead = 0;
  }
  if (state.deadlineHead < deadlines.length) armDeadline(state, deadlines[state.deadlineHead]!.deadline, ctx, out);
}
