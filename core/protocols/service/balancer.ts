// The load balancer: spreads client requests round-robin over the instances it believes healthy,
// and checks each instance every `health check every`. A check still unanswered when the next one
// is due counts as failed; `unhealthy after` failures in a row take the instance out of rotation,
// and `healthyAfter` passes in a row bring it back.
//
// What a check proves is the point of concept 19: a shallow check (liveness) is answered by any
// running process, even one that can no longer reach its database; a deep check (readiness) is
// answered only after the instance reached its database. When no instance passes, the balancer
// fails open and uses all of them, as common load balancers do, rather than refusing everyone.

import type { ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import type { BalancerState, ForwardedRequest, InstanceHealth, ServiceMessage } from './types.ts';

export const HEALTH_TIMER = 'health-check';

type BOut = Out<ServiceMessage>;

export function startBalancer(state: BalancerState, out: BOut): void {
  if (state.settings.healthCheck !== 'none') out.push({ kind: 'set-timer', name: HEALTH_TIMER, delayUs: state.settings.healthCheckEveryUs });
}

export function onBalancerRequest(state: BalancerState, request: ClientRequest, out: BOut): void {
  const target = pickInstance(state);
  if (target === undefined) {
    out.push({ kind: 'reply', requestId: request.requestId, reply: { outcome: 'fail', error: 'no instance' } });
    return;
  }
  const forwarded: ForwardedRequest = { requestId: request.requestId, opId: request.opId, op: request.op, key: request.key, value: request.value };
  if (request.idempotencyKey !== undefined) {
    forwarded.idempotencyKey = request.idempotencyKey;
    if (request.idempotencyTtlUs !== undefined) forwarded.idempotencyTtlUs = request.idempotencyTtlUs;
  }
  state.forwarded++;
  out.push({ kind: 'send', to: target, type: 'Forward', message: { kind: 'Forward', request: forwarded } });
}

function pickInstance(state: BalancerState): string | undefined {
  const instances = state.settings.roles?.instances ?? [];
  if (instances.length === 0) return undefined;
  for (let tried = 0; tried < instances.length; tried++) {
    const candidate = instances[state.cursor++ % instances.length]!;
    if (state.health.get(candidate)?.healthy !== false) return candidate;
  }
  // Nobody passes its checks: fail open.
  return instances[state.cursor++ % instances.length];
}

export function onBalancerMessage(state: BalancerState, from: string, message: ServiceMessage, out: BOut): void {
  if (message.kind === 'Response') {
    out.push({ kind: 'reply', requestId: message.requestId, reply: message.reply });
    return;
  }
  if (message.kind !== 'HealthOk') return;
  const health = state.health.get(from);
  if (health === undefined || health.awaiting !== message.seq) return; // a late answer to an old check
  health.awaiting = -1;
  health.failures = 0;
  health.passes++;
  if (!health.healthy && health.passes >= state.settings.healthyAfter) health.healthy = true;
}

export function onBalancerTimer(state: BalancerState, timer: string, _ctx: NodeContext, out: BOut): void {
  if (timer !== HEALTH_TIMER) return;
  const deep = state.settings.healthCheck === 'deep';
  const seq = state.nextCheck++;
  for (const [name, health] of state.health) {
    if (health.awaiting >= 0) recordFailure(state, health);
    health.awaiting = seq;
    out.push({ kind: 'send', to: name, type: 'HealthCheck', message: { kind: 'HealthCheck', seq, deep } });
  }
  out.push({ kind: 'set-timer', name: HEALTH_TIMER, delayUs: state.settings.healthCheckEveryUs });
}

function recordFailure(state: BalancerState, health: InstanceHealth): void {
  health.passes = 0;
  health.failures++;
  if (health.healthy && health.failures >= state.settings.unhealthyAfter) health.healthy = false;
}
