// Clients placed in the network. An unplaced client sits outside the cluster and reaches every
// node whatever partitions cut between nodes (the classic test harness). A client placed beside
// a node (`client alice near n1`) or in a region (`client bob in eu`) sees the network as its
// node does: when a partition or a link fault cuts n1 from n3, it cuts alice from n3 too, so
// "clients on the minority side" can be said.
//
// Rule: a client is cut from node X when X is not one of its anchor nodes and every anchor is
// cut from X (in that direction); likewise for X to the client. One anchor (`near`) makes this
// "as its node is"; a region's client keeps a way out while any node of its region has one.

/** A placed client's endpoint and the node endpoints it sits beside. */
export type Placement = { endpoint: number; anchors: readonly number[] };

export class ClientPlacement {
  constructor(
    private readonly placed: readonly Placement[],
    private readonly nodeCount: number,
  ) {}

  get empty(): boolean {
    return this.placed.length === 0;
  }

  /**
   * The client links implied by a set of cut (or faulty) node links, added to `links`. Runs when a
   * partition or a link window starts, never per message: clients × nodes × anchors checks.
   */
  addClientLinks(links: Array<[number, number]>): void {
    if (this.placed.length === 0) return;
    const n = this.nodeCount;
    const cut = new Set<number>();
    for (const [from, to] of links) if (from < n && to < n) cut.add(from * n + to);
    if (cut.size === 0) return;
    for (const { endpoint, anchors } of this.placed) {
      for (let node = 0; node < n; node++) {
        if (anchors.includes(node)) continue;
        if (anchors.every((anchor) => cut.has(anchor * n + node))) links.push([endpoint, node]);
        if (anchors.every((anchor) => cut.has(node * n + anchor))) links.push([node, endpoint]);
      }
    }
  }
}
