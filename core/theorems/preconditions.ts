// The words theorems' preconditions are made of: what faults a scenario has, what its clients
// do, how long a retry can go on. Each reads the compiled SimConfig only.

import type { ClientConfig, Micros, Operation, SimConfig } from '../types/sim-config.ts';

export const option = (config: SimConfig, name: string) => config.protocol.options[name];

/** No scheduled fault and no random fault line. */
export const noFaultLines = (config: SimConfig) => config.faults.length === 0 && config.randomFaults.length === 0;

/**
 * The network's own links lose and duplicate nothing (no drop or duplicate rate, by default or on
 * a link). Fault lines are not looked at: a loss or duplicate window, or a `drop next` /
 * `duplicate next` line, is a fault (noFaultLines, duplicatesMessages).
 */
export function reliableNetwork(config: SimConfig): boolean {
  const quiet = (p: { drop?: number; duplicate?: number }) => (p.drop ?? 0) === 0 && (p.duplicate ?? 0) === 0;
  return quiet(config.network.defaults) && config.network.links.every(quiet);
}

/** Every clock reads true time: no skew, no drift, no jump (of a named node or of a role's holder). */
export function perfectClocks(config: SimConfig): boolean {
  return (
    config.clocks.every((c) => c.skewUs === 0 && c.driftPpm === 0) &&
    !config.faults.some((f) => f.type === 'clock-jump' || f.type === 'role-clock-jump') &&
    !config.randomFaults.some((f) => f.kind === 'clock-jump')
  );
}

/** Whether `node` may crash: a crash line naming it, a crash of a role's holder (any node may hold it), or a random crash. */
export const mayCrash = (config: SimConfig, node: string) =>
  config.faults.some((f) => (f.type === 'crash' && f.node === node) || f.type === 'role-crash') || config.randomFaults.some((f) => f.kind === 'crash');

/** Every operation any client issues is one of `ops`. */
export const onlyOperations = (config: SimConfig, ops: readonly Operation[]) => config.clients.every((c) => c.ops.every((spec) => ops.includes(spec.op)));

/**
 * The longest time one operation of this client can keep sending attempts: every attempt waits
 * out its timeout, and between attempts the backoff sleeps at most its cap. Unbounded (no
 * timeout, or retries forever) is Infinity.
 */
export function retryWindowUs(client: ClientConfig): Micros {
  if (client.retry === null) return 0;
  if (client.timeoutUs === null || client.retry.maxRetries === null) return Infinity;
  const attempts = client.retry.maxRetries + 1;
  const sleep = client.retry.backoff === 'none' ? 0 : Math.max(client.retry.baseUs, client.retry.capUs);
  return attempts * client.timeoutUs + client.retry.maxRetries * sleep;
}

/**
 * No retry can take effect twice: every client that retries sends idempotency keys remembered
 * longer than it retries. (A retried write applied again after a later write puts an old value
 * back, which no linearizable register does.)
 */
export const retriesAreDeduplicated = (config: SimConfig) =>
  config.clients.every((c) => c.retry === null || (c.idempotencyKeyTtlUs !== null && c.idempotencyKeyTtlUs > retryWindowUs(c)));

/** Some link may deliver a message twice: the network's duplicate rate, a link override, a duplicate window or a `duplicate next` line. */
export const duplicatesMessages = (config: SimConfig) =>
  (config.network.defaults.duplicate ?? 0) > 0 ||
  config.network.links.some((l) => (l.duplicate ?? 0) > 0) ||
  config.faults.some((f) => (f.type === 'link-window' && (f.duplicate ?? 0) > 0) || (f.type === 'message' && f.effect === 'duplicate'));

/**
 * Every request takes effect at most once (Raft thesis §6.3: linearizable semantics need the
 * servers to filter duplicates): retries are deduplicated, and when the network duplicates
 * messages every client sends idempotency keys.
 */
export const requestsTakeEffectOnce = (config: SimConfig) =>
  retriesAreDeduplicated(config) && (!duplicatesMessages(config) || config.clients.every((c) => c.idempotencyKeyTtlUs !== null));

/**
 * How late a copy of a request may still arrive after the first, besides retries: a node paused
 * with the request in hand passes it on when it wakes, a duplicated message takes its own path,
 * and a `delay next` line holds one message back. A second plus the longest pause or held-back
 * message (found by the sweep: a request held 340 ms by a paused service instance reached the
 * database after a 200 ms key had expired).
 */
export function repeatSlackUs(config: SimConfig): Micros {
  let longest = 0;
  for (const f of config.faults) {
    if (f.type === 'pause' || f.type === 'role-pause') longest = Math.max(longest, f.durationUs);
    else if (f.type === 'message' && f.effect === 'delay') longest = Math.max(longest, f.delayUs ?? 0);
  }
  for (const f of config.randomFaults) if (f.kind === 'pause') longest = Math.max(longest, f.durationUs.max);
  return 1_000_000 + longest;
}

/** Every client sends idempotency keys that the servers remember for longer than its retries, and late copies, can go on. */
export const keysOutliveRetries = (config: SimConfig) =>
  config.clients.every((c) => c.idempotencyKeyTtlUs !== null && c.idempotencyKeyTtlUs > retryWindowUs(c) + repeatSlackUs(config));

/**
 * When every fault is over: the latest restart, heal, end of a pause or of a link window.
 * Infinity when something is never undone (a crash without restart, a partition without heal),
 * a random fault line may strike at any time, or a message fault line may wait for its message.
 */
export function faultsOverAt(config: SimConfig): Micros {
  if (config.randomFaults.length > 0) return Infinity;
  let over = 0;
  const down = new Set<string>();
  let partitioned = false;
  for (const fault of config.faults) {
    const at = fault.atMaxUs ?? fault.atUs;
    switch (fault.type) {
      case 'crash':
        down.add(fault.node);
        break;
      case 'restart':
        down.delete(fault.node);
        break;
      case 'partition':
        partitioned = true;
        break;
      case 'heal':
        partitioned = false;
        break;
      case 'pause':
        over = Math.max(over, at + fault.durationUs);
        break;
      case 'link-window':
        over = Math.max(over, fault.untilUs);
        break;
      case 'clock-jump':
      case 'role-clock-jump':
        break;
      // A role's holder is known only when the fault fires: a crash of it is over only when a
      // window restarts that node; a partition naming it lasts until a heal, as any other.
      case 'role-crash':
        if (fault.restartAfterUs === undefined) return Infinity;
        over = Math.max(over, at + fault.restartAfterUs);
        break;
      case 'role-pause':
        over = Math.max(over, at + fault.durationUs);
        break;
      case 'role-partition':
        partitioned = true;
        break;
      case 'message':
        // A message fault line waits for the next message of its type when none is in flight:
        // when it strikes is not known from the file.
        return Infinity;
    }
    over = Math.max(over, at);
  }
  return down.size > 0 || partitioned ? Infinity : over;
}
