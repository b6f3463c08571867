// Partitions compile to the directed links they cut. Everything the simulator needs is in
// that list; the label says in words what was declared.
//
// Decision — nodes not listed in a symmetric partition (`partition n1 | n2` in a 5-node
// cluster): they form one more group of their own, cut off from every listed group but still
// connected among themselves. That keeps `partition n1 | n2, n3` meaning "these groups cannot
// talk" without making the author list every node, and it is reported as information (FL047)
// so nobody is surprised.

import type { PartitionShape } from './ast.ts';
import type { PartitionSpec } from '../types/sim-config.ts';
import { cutBetweenGroups, cutBothWays, cutOneWay } from '../sim/partition-cuts.ts';
import { REST_WORD } from './fault-targets.ts';

export type CompiledPartition = PartitionSpec & {
  /** Nodes not named in a symmetric partition (they became an extra group). */
  unlisted: string[];
};

export function compilePartition(shape: PartitionShape, nodes: readonly string[]): CompiledPartition {
  // `rest` (when no node has that name) stands for the nodes the partition names nowhere else.
  const isRest = (name: string) => name === REST_WORD && !nodes.includes(REST_WORD);
  const restOf = (named: ReadonlySet<string>) => nodes.filter((n) => !named.has(n));
  switch (shape.kind) {
    case 'Groups': {
      const written = shape.groups.map((g) => g.map((n) => n.name));
      const listed = new Set(written.flat());
      const rest = restOf(listed);
      const hasRest = written.some((g) => g.some(isRest));
      const groups = hasRest ? written.map((g) => g.flatMap((n) => (isRest(n) ? rest : [n]))) : written;
      const unlisted = hasRest ? [] : rest;
      const all = unlisted.length > 0 ? [...groups, unlisted] : groups;
      return { blocked: cutBetweenGroups(all), label: groups.map((g) => g.join(', ')).join(' | '), unlisted };
    }
    case 'OneWay':
    case 'BothWays': {
      const written = [shape.from.map((n) => n.name), shape.to.map((n) => n.name)];
      const rest = restOf(new Set(written.flat()));
      const [from, to] = written.map((side) => side.flatMap((n) => (isRest(n) ? rest : [n])));
      const bothWays = shape.kind === 'BothWays';
      const label = `${from!.join(', ')} ${bothWays ? '<->' : '->'} ${to!.join(', ')}`;
      // Only the links between the two sides: the nodes it does not name keep every link.
      return { blocked: bothWays ? cutBothWays(from!, to!) : cutOneWay(from!, to!), label, unlisted: [] };
    }
    case 'MajoritiesRing':
      return { blocked: majoritiesRing(nodes), label: 'majorities ring', unlisted: [] };
    case 'Bridge': {
      const bridge = shape.node.name;
      const others = nodes.filter((n) => n !== bridge);
      const half = Math.ceil(others.length / 2);
      return { blocked: cutBetweenGroups([others.slice(0, half), others.slice(half)]), label: `bridge ${bridge}`, unlisted: [] };
    }
  }
}

/**
 * Nodes sit on a ring in declaration order; each keeps the links to the k nearest on either
 * side, with k the smallest reach that makes self + 2k a majority. So every node sees a
 * majority, and no two nodes see the same one (with 4 or more nodes).
 */
function majoritiesRing(nodes: readonly string[]): Array<[string, string]> {
  const n = nodes.length;
  const majority = Math.floor(n / 2) + 1;
  const reach = Math.ceil((majority - 1) / 2);
  const blocked: Array<[string, string]> = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const distance = Math.min(Math.abs(i - j), n - Math.abs(i - j));
      if (distance > reach) blocked.push([nodes[i]!, nodes[j]!]);
    }
  }
  return blocked;
}
