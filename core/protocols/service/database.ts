// The database: a fixed capacity shared by the queries it runs at once. Concurrent queries slow
// each other down (processor sharing, the way a loaded database answers everyone later rather
// than some on time), up to a connection limit beyond which queries wait their turn. It keeps
// working on a query whose caller gave up: that wasted work is why a burst of cache misses
// hurts for longer than the burst itself.
//
// Every query needs the same work, so under processor sharing they finish in the order they
// started; a "virtual clock" of work done per running query tells when the oldest one is done.

import type { NodeContext, Out } from '../../sim/protocol.ts';
import type { DatabaseState, ServiceMessage } from './types.ts';

export const DB_TIMER = 'db-next-done';
/** Connections the database serves at once; further queries wait in line. */
export const DB_CONNECTIONS = 50;
/** Queries waiting for a connection beyond this are refused (dropped): a bounded backlog. */
export const DB_WAITING_LIMIT = 10_000;

type DbOut = Out<ServiceMessage>;

function running(state: DatabaseState): number {
  return state.active.length - state.activeHead;
}

/** Brings the virtual clock up to `now`: each running query got 1/n of the capacity meanwhile. */
function advance(state: DatabaseState, now: number): void {
  const n = running(state);
  if (n > 0) state.virtual += (now - state.lastUpdate) / n;
  state.lastUpdate = now;
}

function start(state: DatabaseState, from: string, queryId: number, key: string): void {
  state.active.push({ from, queryId, key, finishAt: state.virtual + state.settings.queryWorkUs });
  state.queries++;
}

function armNext(state: DatabaseState, out: DbOut): void {
  const n = running(state);
  if (n === 0) return;
  const head = state.active[state.activeHead]!;
  const delay = Math.max(1, Math.ceil((head.finishAt - state.virtual) * n));
  out.push({ kind: 'set-timer', name: DB_TIMER, delayUs: delay });
}

export function onDatabaseMessage(state: DatabaseState, from: string, message: ServiceMessage, ctx: NodeContext, out: DbOut): void {
  if (message.kind === 'DbPing') {
    out.push({ kind: 'send', to: from, type: 'DbPong', message: { kind: 'DbPong', seq: message.seq } });
    return;
  }
  if (message.kind !== 'Query') return;
  advance(state, ctx.now);
  if (message.write !== null) applyWrite(state, message.write, ctx, out);
  if (running(state) < DB_CONNECTIONS) {
    start(state, from, message.queryId, message.key);
    armNext(state, out);
  } else if (state.waiting.length - state.waitingHead < DB_WAITING_LIMIT) {
    state.waiting.push({ from, queryId: message.queryId, key: message.key });
  }
}

export function onDatabaseTimer(state: DatabaseState, timer: string, ctx: NodeContext, out: DbOut): void {
  if (timer !== DB_TIMER) return;
  advance(state, ctx.now);
  // A small tolerance: the timer was rounded up to a whole microsecond.
  while (running(state) > 0 && state.active[state.activeHead]!.finishAt <= state.virtual + 1e-6) {
    const done = state.active[state.activeHead++]!;
    out.push({ kind: 'send', to: done.from, type: 'QueryResult', message: { kind: 'QueryResult', queryId: done.queryId, value: state.data.get(done.key) ?? null } });
    const next = state.waitingHead < state.waiting.length ? state.waiting[state.waitingHead++]! : undefined;
    if (next !== undefined) start(state, next.from, next.queryId, next.key);
  }
  compact(state);
  armNext(state, out);
}

/**
 * An effect takes place when the database receives it (the answer still waits for the query to
 * finish). A retry carrying the same idempotency key within its TTL is not applied again.
 */
function applyWrite(state: DatabaseState, write: NonNullable<Extract<ServiceMessage, { kind: 'Query' }>['write']>, ctx: NodeContext, out: DbOut): void {
  const apply = () => {
    state.data.set(write.key, write.value);
    out.push({ kind: 'apply', opId: write.opId, key: write.key, value: write.value });
    return null;
  };
  if (write.idempotencyKey !== undefined) state.idempotency.applyOnce(write.idempotencyKey, ctx.now, write.idempotencyTtlUs ?? 0, apply);
  else apply();
}

function compact(state: DatabaseState): void {
  if (state.activeHead > 1024 && state.activeHead * 2 > state.active.length) {
    state.active.splice(0, state.activeHead);
    state.activeHead = 0;
  }
  if (state.waitingHead > 1024 && state.waitingHead * 2 > state.waiting.length) {
    state.waiting.splice(0, state.waitingHead);
    state.waitingHead = 0;
  }
}
