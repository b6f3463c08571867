// Which nodes hold a key. Each key hashes to a starting point on a ring of the cluster's nodes
// (in declaration order); its N home replicas are the N nodes from there on, and the rest, in
// ring order, are the stand-ins a sloppy quorum may borrow. Every node computes the same lists
// from the key alone, so no one has to ask anybody.

export type Placement = { homes: readonly string[]; standIns: readonly string[] };

/** FNV-1a over the key's UTF-16 code units: cheap, deterministic, spreads short names well. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function placeKey(key: string, nodes: readonly string[], n: number): Placement {
  const start = nodes.length === 0 ? 0 : hashKey(key) % nodes.length;
  const ring: string[] = [];
  for (let i = 0; i < nodes.length; i++) ring.push(nodes[(start + i) % nodes.length]!);
  return { homes: ring.slice(0, n), standIns: ring.slice(n) };
}

/** Placements are asked for on every request: remember them per key (one cache per node). */
export class PlacementCache {
  private readonly cache = new Map<string, Placement>();
  constructor(
    private readonly nodes: readonly string[],
    private readonly n: number,
  ) {}

  of(key: string): Placement {
    let p = this.cache.get(key);
    if (p === undefined) this.cache.set(key, (p = placeKey(key, this.nodes, this.n)));
    return p;
  }
}
