// What each node shows on the timeline. Instances and the database report on a fixed beat
// (REPORT_EVERY_US) rather than on every change, so a busy run's trace stays readable and small;
// the load balancer reports whenever an instance enters or leaves rotation.

import type { Out } from '../../sim/protocol.ts';
import type { BalancerState, DatabaseState, InstanceState, ServiceMessage, ServiceState } from './types.ts';

export const REPORT_TIMER = 'report';
export const REPORT_EVERY_US = 100_000;

export function instanceReport(state: InstanceState): Record<string, unknown> {
  const c = state.counters;
  return {
    role: 'instance',
    queue: state.queue.length - state.queueHead + (state.busy ? 1 : 0),
    waitingOnDatabase: state.pending.size,
    served: c.served,
    errors: c.errors,
    dropped: c.dropped,
    abandoned: c.abandoned,
    cacheHits: c.hits,
    cacheMisses: c.misses,
    cacheRefreshes: c.refreshes,
    fellOver: c.fellOver,
  };
}

export function balancerReport(state: BalancerState): Record<string, unknown> {
  const healthy: Record<string, boolean> = {};
  for (const [name, health] of state.health) healthy[name] = health.healthy;
  return { role: 'load balancer', healthy, forwarded: state.forwarded };
}

export function databaseReport(state: DatabaseState): Record<string, unknown> {
  return { role: 'database', running: state.active.length - state.activeHead, waiting: state.waiting.length - state.waitingHead, queries: state.queries };
}

export function report(state: ServiceState, out: Out<ServiceMessage>): void {
  if (state.kind === 'instance') out.push({ kind: 'state', state: instanceReport(state) });
  else if (state.kind === 'database') out.push({ kind: 'state', state: databaseReport(state) });
  else if (state.kind === 'balancer') out.push({ kind: 'state', state: balancerReport(state) });
  else out.push({ kind: 'state', state: { role: 'idle' } });
}

/** The balancer's view of who is in rotation, as a comparable string. */
export function rotationKey(state: BalancerState): string {
  let key = '';
  for (const health of state.health.values()) key += health.healthy ? '1' : '0';
  return key;
}
