// Messages and per-node state of the service model. Three kinds of node: the load balancer, the
// instances and the database (settings.ts says which node is which).

import type { ClientReply } from '../../sim/protocol.ts';
import type { Micros } from '../../types/sim-config.ts';
import type { IdempotencyTable } from '../../sim/idempotency.ts';
import type { ServiceSettings } from './settings.ts';

/** A client request as the load balancer hands it to an instance. */
export type ForwardedRequest = {
  requestId: number;
  opId: number;
  op: string;
  key: string;
  value: unknown;
  idempotencyKey?: string;
  idempotencyTtlUs?: Micros;
};

export type ServiceMessage =
  | { kind: 'Forward'; request: ForwardedRequest }
  /** An instance's answer; the load balancer passes it on to the client. */
  | { kind: 'Response'; requestId: number; reply: ClientReply }
  | { kind: 'HealthCheck'; seq: number; deep: boolean }
  | { kind: 'HealthOk'; seq: number }
  /** A read (cache miss or refresh) or an effect (write, request) for the database. */
  | { kind: 'Query'; queryId: number; key: string; write: ForwardedRequest | null }
  | { kind: 'QueryResult'; queryId: number; value: unknown }
  /** The deep check's probe: can this instance still reach its database? */
  | { kind: 'DbPing'; seq: number }
  | { kind: 'DbPong'; seq: number };

export type InstanceHealth = {
  healthy: boolean;
  /** The sequence number of the check still unanswered, or -1. */
  awaiting: number;
  failures: number;
  passes: number;
};

export type BalancerState = {
  kind: 'balancer';
  settings: ServiceSettings;
  health: Map<string, InstanceHealth>;
  nextCheck: number;
  /** Round-robin position. */
  cursor: number;
  forwarded: number;
};

export type QueuedRequest = { request: ForwardedRequest; arrivedAt: Micros };

/** A request waiting for the database, or a cache refresh nobody waits for (request null). */
export type PendingQuery = { queryId: number; request: ForwardedRequest | null; key: string; sentAt: Micros; deadline: Micros; write: boolean };

export type CacheEntry = { value: unknown; expiresAt: Micros; refreshing: boolean };

export type InstanceState = {
  kind: 'instance';
  settings: ServiceSettings;
  self: string;
  queue: QueuedRequest[];
  queueHead: number;
  busy: boolean;
  /** The request the worker is on. */
  current: QueuedRequest | null;
  pending: Map<number, PendingQuery>;
  /** Queries in the order they were sent: their deadlines fall in (nearly) that order. */
  deadlines: PendingQuery[];
  deadlineHead: number;
  /** When the deadline timer fires, or -1 when it is not armed. */
  deadlineArmedAt: Micros;
  /** Fallen over under load: answers nothing until then (instance.ts). */
  downUntil: Micros;
  /** Seeds this instance's early-refresh dice (cache.ts). */
  salt: number;
  nextQueryId: number;
  cache: Map<string, CacheEntry>;
  /** How long the last database read took: XFetch's delta (how early to start refreshing). */
  lastFetchUs: Micros;
  /** Deep check waiting for the database's pong: the check's sequence number, or -1. */
  pingSeq: number;
  counters: { served: number; errors: number; dropped: number; abandoned: number; hits: number; misses: number; refreshes: number; fellOver: number };
};

export type ActiveQuery = { from: string; queryId: number; key: string; finishAt: number };

export type DatabaseState = {
  kind: 'database';
  settings: ServiceSettings;
  /** Running queries share the database (processor sharing); equal work finishes in FIFO order. */
  active: ActiveQuery[];
  activeHead: number;
  /** Queries waiting for a connection. */
  waiting: Array<{ from: string; queryId: number; key: string }>;
  waitingHead: number;
  /** Work done per running query so far, in microseconds of full-speed service (virtual time). */
  virtual: number;
  lastUpdate: Micros;
  data: Map<string, unknown>;
  /** Requests carrying an idempotency key take effect once per key (the engine's table). */
  idempotency: IdempotencyTable<unknown>;
  queries: number;
};

/** A node the cluster does not need (more nodes than the roles use), or a cluster too small. */
export type IdleState = { kind: 'idle'; settings: ServiceSettings };

export type ServiceState = BalancerState | InstanceState | DatabaseState | IdleState;

/** Only the database's data survives a crash; instances and the balancer start afresh. */
export type ServiceDurable = { kind: ServiceState['kind']; data?: Map<string, unknown>; idempotency?: IdempotencyTable<unknown> };
