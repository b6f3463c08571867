// The cluster's node names: as listed, or n1..nN for `nodes N`.

import type { Cluster } from './ast.ts';

/** Capped so `nodes 99999999` cannot allocate without bound; validation reports the excess. */
export const MAX_NODES = 1000;

export function nodeNamesOf(cluster: Cluster | undefined): string[] {
  const nodes = cluster?.nodes;
  if (nodes === undefined) return [];
  if (nodes.count !== undefined) {
    const count = Math.min(nodes.count.value, MAX_NODES);
    return Array.from({ length: count }, (_, i) => `n${i + 1}`);
  }
  return nodes.names.map((n) => n.name);
}
