// What one side of a partition can still do in a leaderless store, per key: a write needs W of
// the key's N home replicas, a read R of them (with a sloppy quorum any W or R running nodes of
// the side will do, home or stand-in). This is the leaderless counterpart of "which side has a
// majority": there is no leader to follow, only replicas a side can or cannot reach.

import { placeKey } from '../protocols/leaderless/preference-list.ts';
import { readSettings } from '../protocols/leaderless/settings.ts';
import type { OptionValue } from '../types/sim-config.ts';

/** Keys named per group before the rest are counted: a line stays readable with many keys. */
const KEYS_SHOWN = 4;

/** "writes and reads for x · reads for y" — or "no quorum for x, y"; empty when no key is given. */
export function quorumReach(side: readonly string[], keys: readonly string[], nodes: readonly string[], options: Readonly<Record<string, OptionValue>>): string {
  const s = readSettings(options, nodes.length);
  const members = new Set(side);
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const reachable = s.sloppyQuorum ? side.length : placeKey(key, nodes, s.n).homes.filter((home) => members.has(home)).length;
    const can = reachable >= s.w && reachable >= s.r ? 'writes and reads' : reachable >= s.w ? 'writes' : reachable >= s.r ? 'reads' : 'no quorum';
    groups.set(can, [...(groups.get(can) ?? []), key]);
  }
  const order = ['writes and reads', 'writes', 'reads', 'no quorum'];
  return order
    .filter((can) => groups.has(can))
    .map((can) => {
      const list = groups.get(can)!;
      const named = list.slice(0, KEYS_SHOWN).join(', ') + (list.length > KEYS_SHOWN ? ` +${list.length - KEYS_SHOWN} more` : '');
      return `${can} for ${named}`;
    })
    .join(' · ');
}
