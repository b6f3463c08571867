// A request/response service behind a load balancer: capacity, queues, caches, health checks.
// Roles follow the order of `nodes`: the first node is the load balancer, the last the database,
// the nodes in between the instances (settings.ts). docs/language.md says the same in its table.

import type { ProtocolDeclaration } from '../options-registry.ts';

export const serviceOptions: ProtocolDeclaration = {
  name: 'service',
  doc: 'Instances with limited capacity behind a load balancer, an optional cache and a database: where overload, herds and stampedes happen.',
  options: [
    { name: 'instances', type: 'int', min: 1, default: 3, doc: 'How many of the nodes between the load balancer (the first node) and the database (the last node) serve as instances (at most all of them).' },
    {
      name: 'capacity',
      type: 'rate',
      unit: '/s',
      default: 100,
      doc: 'Requests per second one instance can finish; beyond that, requests queue.',
    },
    { name: 'queue limit', type: 'int', min: 0, default: 100, doc: 'How many requests may wait per instance; one more and the instance falls over for a second, losing what it held.' },
    {
      name: 'request timeout',
      type: 'duration',
      unit: 'ms',
      default: 1_000_000,
      doc: 'How long an instance works on a request before giving up on it: a request that waited longer is dropped, a database query that takes longer fails the request.',
    },
    { name: 'cache', type: 'bool', default: false, doc: 'Put a cache in front of the database.' },
    { name: 'cache ttl', type: 'duration', unit: 's', default: 60_000_000, doc: 'How long a cached value is served before it must be fetched again.' },
    {
      name: 'early refresh',
      type: 'bool',
      default: false,
      doc: 'Refresh a cached value shortly before it expires, decided by chance on each hit with a chance that grows as expiry nears (XFetch), so one request refreshes it and many do not miss at once (a stampede).',
    },
    {
      name: 'database capacity',
      type: 'rate',
      unit: '/s',
      default: 500,
      doc: 'Queries per second the database can answer; cache misses land here.',
    },
    {
      name: 'health check',
      type: 'enum',
      values: ['none', 'shallow', 'deep'],
      default: 'shallow',
      doc: 'What the load balancer asks: nothing (none), "is the process up" (shallow), or "can you reach your dependencies" (deep, which can take every instance out at once).',
    },
    { name: 'health check every', type: 'duration', unit: 's', default: 1_000_000, doc: 'How often the load balancer checks each instance.' },
    {
      name: 'unhealthy after',
      type: 'int',
      min: 1,
      default: 3,
      doc: 'How many failed checks in a row take an instance out of rotation.',
    },
  ],
  roles: [{ word: 'database', stateRole: 'database', doc: 'The database behind the instances (the last node).' }],
};
