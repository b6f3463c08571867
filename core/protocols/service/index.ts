// A service tier as a Faultline protocol plug-in: clients → load balancer → instances (capacity,
// queue, cache) → database (shared capacity). It exists to show what happens to services under
// load and partial failure: herds of retries, cache stampedes, and health checks that check too
// little. Which node plays which part: settings.ts.

import { IdempotencyTable } from '../../sim/idempotency.ts';
import type { NodeContext, Out, Protocol } from '../../sim/protocol.ts';
import { keptStoreEffect } from '../../sim/restored-store.ts';
import { HEALTH_TIMER, onBalancerMessage, onBalancerRequest, onBalancerTimer, startBalancer } from './balancer.ts';
import { saltOf } from './cache.ts';
import { classifyService } from './classify.ts';
import { onDatabaseMessage, onDatabaseTimer } from './database.ts';
import { onInstanceMessage, onInstanceTimer } from './instance.ts';
import { readSettings, MIN_NODES } from './settings.ts';
import { report, REPORT_EVERY_US, REPORT_TIMER, rotationKey } from './state.ts';
import type { ServiceDurable, ServiceMessage, ServiceState } from './types.ts';

export type { ServiceDurable, ServiceMessage, ServiceState } from './types.ts';

type SOut = Out<ServiceMessage>;

function build(durable: ServiceDurable | null, ctx: NodeContext, out: SOut): ServiceState {
  const settings = readSettings(ctx.options, ctx.nodes);
  const roles = settings.roles;
  let state: ServiceState;
  if (roles === null) {
    state = { kind: 'idle', settings };
  } else if (ctx.self === roles.balancer) {
    const health = new Map(roles.instances.map((name) => [name, { healthy: true, awaiting: -1, failures: 0, passes: 0 }]));
    state = { kind: 'balancer', settings, health, nextCheck: 1, cursor: 0, forwarded: 0 };
    startBalancer(state, out);
  } else if (ctx.self === roles.database) {
    state = {
      kind: 'database',
      settings,
      active: [],
      activeHead: 0,
      waiting: [],
      waitingHead: 0,
      virtual: 0,
      lastUpdate: ctx.now,
      data: durable?.data ?? new Map(),
      idempotency: durable?.idempotency ?? new IdempotencyTable(),
      queries: 0,
    };
  } else if (roles.instances.includes(ctx.self)) {
    state = {
      kind: 'instance',
      settings,
      self: ctx.self,
      queue: [],
      queueHead: 0,
      busy: false,
      current: null,
      pending: new Map(),
      deadlines: [],
      deadlineHead: 0,
      deadlineArmedAt: -1,
      nextQueryId: 1,
      cache: new Map(),
      // Until a first fetch is measured, assume one database query's work.
      lastFetchUs: settings.queryWorkUs,
      pingSeq: -1,
      downUntil: -1,
      salt: saltOf(ctx.self),
      counters: { served: 0, errors: 0, dropped: 0, abandoned: 0, hits: 0, misses: 0, refreshes: 0, fellOver: 0 },
    };
  } else {
    state = { kind: 'idle', settings };
  }
  if (state.kind === 'instance' || state.kind === 'database') out.push({ kind: 'set-timer', name: REPORT_TIMER, delayUs: REPORT_EVERY_US });
  report(state, out);
  return state;
}

export const service: Protocol<ServiceState, ServiceDurable, ServiceMessage> = {
  name: 'service',

  init(ctx, out) {
    return build(null, ctx, out);
  },

  onMessage(state, from, message, ctx, out) {
    if (state.kind === 'balancer') {
      const before = message.kind === 'HealthOk' ? rotationKey(state) : '';
      onBalancerMessage(state, from, message, out);
      if (message.kind === 'HealthOk' && rotationKey(state) !== before) report(state, out);
    } else if (state.kind === 'instance') onInstanceMessage(state, from, message, ctx, out);
    else if (state.kind === 'database') onDatabaseMessage(state, from, message, ctx, out);
  },

  onTimer(state, timer, ctx, out) {
    if (timer === REPORT_TIMER) {
      report(state, out);
      out.push({ kind: 'set-timer', name: REPORT_TIMER, delayUs: REPORT_EVERY_US });
      return;
    }
    if (state.kind === 'balancer') {
      const before = rotationKey(state);
      onBalancerTimer(state, timer, ctx, out);
      if (timer === HEALTH_TIMER && rotationKey(state) !== before) report(state, out);
    } else if (state.kind === 'instance') onInstanceTimer(state, timer, ctx, out);
    else if (state.kind === 'database') onDatabaseTimer(state, timer, ctx, out);
  },

  onClientRequest(state, request, _ctx, out) {
    if (state.kind === 'balancer') {
      onBalancerRequest(state, request, out);
      return;
    }
    const roles = state.settings.roles;
    if (roles === null) {
      out.push({
        kind: 'reply',
        requestId: request.requestId,
        reply: { outcome: 'fail', error: `the service model needs at least ${MIN_NODES} nodes: a load balancer, an instance and a database` },
      });
      return;
    }
    // Clients enter through the load balancer; anyone else points them at it.
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'redirect', leaderHint: roles.balancer } });
  },

  // The database keeps its data and its idempotency table (they are on disk); instances lose their
  // queues and caches, and the balancer its health history.
  durable(state) {
    if (state.kind === 'database') return { kind: 'database', data: state.data, idempotency: state.idempotency };
    return { kind: state.kind };
  },

  restart(durable, ctx, out) {
    // The database's data survives without its writes being re-applied: say it kept them, or the
    // trace would show them gone from the database.
    if (durable.kind === 'database' && durable.data !== undefined && durable.data.size > 0 && ctx.recording !== false) out.push(keptStoreEffect(durable.data));
    return build(durable, ctx, out);
  },

  classify: classifyService,
  // The balancer and the instances hold none of the data (an instance's cache is a copy it may
  // answer from, and then it answered alone): PACELC's evidence looks through them to the database.
  relays: (nodes, options) => {
    const roles = readSettings(options, nodes).roles;
    return roles === null ? [] : [roles.balancer, ...roles.instances];
  },
};
