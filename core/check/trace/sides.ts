// The sides of a partition: which running nodes can exchange messages (directly or through each
// other, in both directions), and whether a side holds a majority of the whole cluster. A
// one-way cut separates two nodes as surely as a two-way one: a leader that hears no
// acknowledgements back commits nothing. The quorum timeline (core) and the playground's quorum
// strip (webview) both judge sides here, so they cannot disagree on the geometry.

export type Side = {
  /** Running nodes of this side, in cluster order. */
  nodes: string[];
  /** At least ⌊n/2⌋ + 1 of all the cluster's nodes, running or not. */
  majority: boolean;
};

/**
 * The connected components of the running nodes, largest first (ties in cluster order).
 * `linked(a, b)` says whether messages go from a to b; a side needs both directions.
 * O(n²) calls of `linked`; n is the cluster size (a few dozen at most).
 */
export function sidesOf(nodes: readonly string[], running: (node: string) => boolean, linked: (from: string, to: string) => boolean): Side[] {
  const need = Math.floor(nodes.length / 2) + 1;
  const up = nodes.filter(running);
  const placed = new Set<string>();
  const sides: Side[] = [];
  for (const start of up) {
    if (placed.has(start)) continue;
    // Breadth-first over a worklist, not recursion: depth is bounded by nothing the user wrote.
    const group = [start];
    placed.add(start);
    for (let i = 0; i < group.length; i++) {
      const a = group[i]!;
      for (const b of up) if (!placed.has(b) && linked(a, b) && linked(b, a)) {
        placed.add(b);
        group.push(b);
      }
    }
    const members = new Set(group);
    sides.push({ nodes: up.filter((n) => members.has(n)), majority: group.length >= need });
  }
  // Stable: equal sizes keep cluster order.
  return sides.sort((a, b) => b.nodes.length - a.nodes.length);
}
