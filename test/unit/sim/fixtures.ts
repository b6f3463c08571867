// Small SimConfig builders for engine tests: a 3-node cluster on a quiet, fixed-latency network,
// no clients and no faults unless a test adds them.

import type { ClientConfig, LinkProperties, SimConfig } from '../../../core/types/sim-config.ts';

export const MS = 1_000;
export const S = 1_000_000;

export function quietLink(overrides: Partial<LinkProperties> = {}): LinkProperties {
  return { latency: { kind: 'fixed', us: 1 * MS }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0, ...overrides };
}

export function baseConfig(overrides: Partial<SimConfig> = {}): SimConfig {
  return {
    scenario: 'engine test',
    seed: 7,
    runForUs: 1 * S,
    nodes: ['n1', 'n2', 'n3'],
    protocol: { name: 'raft', options: {}, line: 1 },
    network: { defaults: quietLink(), links: [], regions: {} },
    clocks: [],
    clients: [],
    faults: [],
    randomFaults: [],
    expectations: [],
    ...overrides,
  };
}

export function client(name: string, overrides: Partial<ClientConfig> = {}): ClientConfig {
  return {
    name,
    ops: [{ op: 'write', keys: ['x'], intervalUs: { min: 50 * MS, max: 50 * MS }, line: 1 }],
    closedLoop: false,
    timeoutUs: 200 * MS,
    retry: null,
    idempotencyKeyTtlUs: null,
    readFrom: 'leader',
    startUs: 0,
    stopUs: null,
    count: 1,
    line: 1,
    ...overrides,
  };
}
