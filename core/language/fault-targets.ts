// Fault targets that follow the run. Where a fault names a node it may name a role instead
// (`crash leader`, `pause holder for 2s`, `partition leader | rest`): the protocol's own word
// for a node whose identity only the run decides. `rest` in a partition stands for every node
// the partition does not name otherwise. A declared node always wins over these words, so a
// cluster with a node called `leader` or `rest` keeps its meaning.

import { protocolDeclaration, PROTOCOLS, type RoleDeclaration } from '../protocols/options-registry.ts';
import type { RoleTarget } from '../types/sim-config.ts';

/** In a partition: every node the partition does not name otherwise. */
export const REST_WORD = 'rest';

/** The role `word` names in `protocol`, unless a node has that name. */
export function roleOf(word: string, protocol: string | undefined, isNode: (name: string) => boolean): RoleDeclaration | undefined {
  if (protocol === undefined || isNode(word)) return undefined;
  return protocolDeclaration(protocol)?.roles?.find((role) => role.word === word);
}

export function roleTarget(role: RoleDeclaration): RoleTarget {
  return { role: role.word, stateRole: role.stateRole };
}

/** The roles a fault may name in this protocol (none for an unknown protocol). */
export function rolesOf(protocol: string | undefined): readonly RoleDeclaration[] {
  return protocol === undefined ? [] : protocolDeclaration(protocol)?.roles ?? [];
}

/**
 * Words people reach for that name a role in some protocol, with the protocols that have it. A
 * few words no protocol has as a single holder (`follower`, `backup`) are listed too, so the
 * message can say why they cannot be a target rather than "no such node".
 */
const FOREIGN_ROLE_WORDS: ReadonlyMap<string, string> = new Map([
  ['follower', 'followers are several nodes; name one'],
  ['backup', 'backups are several nodes; name one'],
  ['participant', 'participants are several nodes; name one'],
  ['replica', 'replicas are several nodes; name one'],
]);

/**
 * Why `word` cannot be a role here, when it is a role word somewhere (or a plural role), so the
 * validator can say more than "no such node"; undefined when it is no role word at all.
 */
export function foreignRoleMessage(word: string, protocol: string | undefined): string | undefined {
  const owners = PROTOCOLS.filter((p) => p.roles?.some((role) => role.word === word)).map((p) => p.name);
  const plural = FOREIGN_ROLE_WORDS.get(word);
  if (owners.length === 0 && plural === undefined) return undefined;
  const own = rolesOf(protocol);
  const here =
    protocol === undefined
      ? ''
      : own.length === 0
        ? ` ${protocol} has no role a fault can follow (every node is alike there); name a node.`
        : own.length === 1
          ? ` Did you mean \`${own[0]!.word}\`? It is the role ${protocol} has.`
          : ` The roles ${protocol} has: ${own.map((role) => role.word).join(', ')}.`;
  const elsewhere = plural !== undefined ? ` (${plural})` : ` (${owners.join(', ')} ${owners.length === 1 ? 'has' : 'have'} a ${word})`;
  return `\`${word}\` is not a role in ${protocol ?? 'this protocol'}${elsewhere}.${here}`;
}
