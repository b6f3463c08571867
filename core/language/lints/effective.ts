// A scenario as the lints see it: its own statements merged over those of the scenarios it
// extends, following the merge rules in docs/language.md. Every piece keeps its syntax node,
// so a warning points at the line that causes it even when that line lives in a parent.

import type { Ast } from '../index.ts';
import { MAX_EXTENDS_DEPTH } from '../limits.ts';

type Scenario = Ast.Scenario;

export type EffectiveClient = {
  name: string;
  /** The client declaration nearest to the scenario (the child's, when it overrides). */
  node: Ast.Client;
  ops: Ast.Operation[];
  timeout?: NonNullable<Ast.Client['timeout']>;
  retry?: Ast.Retry;
  idempotency?: NonNullable<Ast.Client['idempotency']>;
  readFrom?: NonNullable<Ast.Client['readFrom']>;
};

export type EffectiveScenario = {
  scenario: Scenario;
  nodes?: Ast.Nodes;
  nodeCount: number;
  protocol?: Ast.Protocol;
  /** Protocol options by declared name, the child's line winning. */
  options: Map<string, Ast.ProtocolOption>;
  latency?: Ast.Latency;
  /** The nearest network block (where a new network line would go). */
  network?: Ast.Network;
  links: Ast.Link[];
  regions: Ast.Region[];
  clocks: Ast.Clock[];
  clients: EffectiveClient[];
  faults: Ast.Fault[];
};

/**
 * The scenario and its ancestors, nearest first; stops at a missing parent, a cycle, or past
 * MAX_EXTENDS_DEPTH (FL036 reports that), so linting N scenarios costs at most N times that.
 */
export function chainOf(scenario: Scenario, byName: Map<string, Scenario>): Scenario[] {
  const chain = [scenario];
  const seen = new Set<Scenario>(chain);
  let current = scenario;
  while (current.extends !== undefined && chain.length <= MAX_EXTENDS_DEPTH) {
    const parent = byName.get(current.extends.value);
    if (parent === undefined || seen.has(parent)) break;
    chain.push(parent);
    seen.add(parent);
    current = parent;
  }
  return chain;
}

function mergeClients(chain: Scenario[]): EffectiveClient[] {
  const byName = new Map<string, EffectiveClient>();
  // Root first, so each child overrides setting by setting.
  for (const scenario of [...chain].reverse()) {
    for (const client of scenario.workload?.clients ?? []) {
      const previous = byName.get(client.name.name);
      const merged: EffectiveClient = previous ?? { name: client.name.name, node: client, ops: [] };
      merged.node = client;
      if (client.ops.length > 0) merged.ops = client.ops;
      if (client.timeout !== undefined) merged.timeout = client.timeout;
      if (client.retry !== undefined) merged.retry = client.retry;
      if (client.idempotency !== undefined) merged.idempotency = client.idempotency;
      if (client.readFrom !== undefined) merged.readFrom = client.readFrom;
      byName.set(client.name.name, merged);
    }
  }
  return [...byName.values()];
}

function mergeOptions(chain: Scenario[], protocol: Ast.Protocol | undefined): Map<string, Ast.ProtocolOption> {
  const options = new Map<string, Ast.ProtocolOption>();
  if (protocol === undefined) return options;
  for (const scenario of [...chain].reverse()) {
    const p = scenario.cluster?.protocol;
    if (p === undefined) continue;
    // A different protocol in a child replaces the block entirely.
    if (p.name.name !== protocol.name.name) {
      options.clear();
      continue;
    }
    for (const option of p.options) options.set(option.name, option);
  }
  return options;
}

export function effectiveScenario(scenario: Scenario, byName: Map<string, Scenario>): EffectiveScenario {
  const chain = chainOf(scenario, byName);
  const nearest = <T>(pick: (s: Scenario) => T | undefined): T | undefined => {
    for (const s of chain) {
      const value = pick(s);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const nodes = nearest((s) => s.cluster?.nodes);
  const protocol = nearest((s) => s.cluster?.protocol);
  const clocksByNode = new Map<string, Ast.Clock>();
  for (const s of [...chain].reverse()) for (const clock of s.clocks) clocksByNode.set(clock.node.name, clock);
  return {
    scenario,
    ...(nodes !== undefined ? { nodes } : {}),
    nodeCount: nodes === undefined ? 0 : nodes.names.length > 0 ? nodes.names.length : (nodes.count?.value ?? 0),
    ...(protocol !== undefined ? { protocol } : {}),
    options: mergeOptions(chain, protocol),
    ...(() => {
      const latency = nearest((s) => s.network?.settings.find((x): x is Ast.Latency => x.kind === 'Latency'));
      return latency !== undefined ? { latency } : {};
    })(),
    ...(() => {
      const network = nearest((s) => s.network);
      return network !== undefined ? { network } : {};
    })(),
    links: [...chain].reverse().flatMap((s) => s.network?.links ?? []),
    regions: [...chain].reverse().flatMap((s) => s.network?.regions ?? []),
    clocks: [...clocksByNode.values()],
    clients: mergeClients(chain),
    faults: nearest((s) => s.faults)?.items ?? [],
  };
}
