// Service options as the handlers use them, and who plays which part. Names are the ones declared
// in ./options.ts.
//
// Roles come from the order of the cluster's nodes: the first node is the load balancer, the last
// node is the database, and the nodes in between are the service instances (the first `instances`
// of them, when that option asks for fewer). So `nodes lb, api1, api2, api3, db` reads the way the
// traffic flows, and a fault names the part it hits (`crash db`, `partition api1 -> db`).

import type { OptionValue } from '../../types/sim-config.ts';

export type HealthCheckKind = 'none' | 'shallow' | 'deep';

export type ServiceRoles = {
  balancer: string;
  instances: readonly string[];
  database: string;
};

export type ServiceSettings = {
  /** null when the cluster is too small to hold a load balancer, an instance and a database. */
  roles: ServiceRoles | null;
  /** Time one instance spends on one request: 1s / capacity. */
  workUs: number;
  queueLimit: number;
  requestTimeoutUs: number;
  cache: boolean;
  cacheTtlUs: number;
  earlyRefresh: boolean;
  /** Time the database spends on one query when it runs alone: 1s / database capacity. */
  queryWorkUs: number;
  healthCheck: HealthCheckKind;
  healthCheckEveryUs: number;
  unhealthyAfter: number;
  /** Passed checks in a row that bring a removed instance back (fixed: two, a common default). */
  healthyAfter: number;
};

/** The smallest cluster the model can place its three parts on. */
export const MIN_NODES = 3;

export function assignRoles(nodes: readonly string[], instances: number): ServiceRoles | null {
  if (nodes.length < MIN_NODES) return null;
  const middle = nodes.slice(1, -1);
  return { balancer: nodes[0]!, instances: middle.slice(0, Math.max(1, instances)), database: nodes[nodes.length - 1]! };
}

export function readSettings(options: Readonly<Record<string, OptionValue>>, nodes: readonly string[]): ServiceSettings {
  const capacity = positive(options['capacity'], 100);
  const dbCapacity = positive(options['database capacity'], 500);
  const health = options['health check'];
  return {
    roles: assignRoles(nodes, Math.floor(positive(options['instances'], Number.MAX_SAFE_INTEGER))),
    workUs: Math.max(1, Math.round(1_000_000 / capacity)),
    queueLimit: Math.max(0, Math.floor(nonNegative(options['queue limit'], 100))),
    requestTimeoutUs: positive(options['request timeout'], 1_000_000),
    cache: flag(options['cache'], false),
    cacheTtlUs: positive(options['cache ttl'], 60_000_000),
    earlyRefresh: flag(options['early refresh'], false),
    queryWorkUs: Math.max(1, Math.round(1_000_000 / dbCapacity)),
    healthCheck: health === 'none' || health === 'deep' ? health : 'shallow',
    healthCheckEveryUs: positive(options['health check every'], 1_000_000),
    unhealthyAfter: Math.max(1, Math.floor(positive(options['unhealthy after'], 3))),
    healthyAfter: 2,
  };
}

function positive(value: OptionValue | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback;
}

function nonNegative(value: OptionValue | undefined, fallback: number): number {
  return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? value : fallback;
}

function flag(value: OptionValue | undefined, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  return fallback;
}
