// A partition that names a role (`partition leader | rest`, `partition primary -> rest`) is
// resolved to nodes when it fires: the role becomes the node holding it then, `rest` every node
// the partition names nowhere else. The result is an ordinary partition (a list of cut links)
// whose label says whom it cut: `n2 | n1, n3`.

import type { FaultAction, PartitionSpec, RoleTarget } from '../types/sim-config.ts';
import { cutBetweenGroups, cutBothWays, cutOneWay } from './partition-cuts.ts';

type RolePartition = Extract<FaultAction, { type: 'role-partition' }>;

/**
 * The partition as it stands now, or why it cuts nothing: a role nobody holds, or a role held by
 * a node the partition already names (`partition leader | n1` while n1 leads).
 */
export function resolveRolePartition(
  action: RolePartition,
  nodes: readonly string[],
  holderOf: (target: RoleTarget) => number,
): PartitionSpec | string {
  const named = new Set<string>();
  const groups: string[][] = [];
  let hasRest = false;
  for (const written of action.groups) {
    const group: string[] = [];
    for (const member of written) {
      if ('rest' in member) {
        hasRest = true;
        continue;
      }
      const name = 'node' in member ? member.node : holderName(member.role, nodes, holderOf);
      if (name === null) return `no node is ${(member as { role: RoleTarget }).role.role} now`;
      if (named.has(name)) return `${name}, ${'role' in member ? `the ${member.role.role}` : 'named twice'}, is already in the partition`;
      named.add(name);
      group.push(name);
    }
    groups.push(group);
  }
  const rest = nodes.filter((node) => !named.has(node));
  if (hasRest) {
    action.groups.forEach((written, i) => {
      if (written.some((member) => 'rest' in member)) for (const node of rest) groups[i]!.push(node);
    });
  }
  if (action.oneWay || action.bothWays === true) {
    const [from = [], to = []] = groups;
    if (action.bothWays === true) return { blocked: cutBothWays(from, to), label: `${from.join(', ')} <-> ${to.join(', ')}` };
    return { blocked: cutOneWay(from, to), label: `${from.join(', ')} -> ${to.join(', ')}` };
  }
  // As with a partition written with node names, nodes it leaves out form one more group.
  const all = !hasRest && rest.length > 0 ? [...groups, rest] : groups;
  return { blocked: cutBetweenGroups(all), label: groups.map((group) => group.join(', ')).join(' | ') };
}

/** The node holding the role now, or null when none does. */
function holderName(role: RoleTarget, nodes: readonly string[], holderOf: (target: RoleTarget) => number): string | null {
  const holder = holderOf(role);
  return holder < 0 ? null : nodes[holder]!;
}
