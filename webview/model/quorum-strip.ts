// The quorum strip: for each stretch of time between faults, how many nodes are up and can reach
// each other, whether that group is a majority, who leads, and how many more failures it can
// absorb. A majority (⌊n/2⌋ + 1) is what Raft-like protocols need to elect or commit.

import type { RunModel } from './run-model.ts';

export type QuorumSegment = {
  start: number;
  end: number;
  /** Size of the largest group of up, mutually reachable nodes. */
  largestGroup: number;
  majority: number;
  hasMajority: boolean;
  /** Failures the largest group can still absorb and keep a majority (negative: short by). */
  toleranceLeft: number;
  /** Nodes that believe they lead (latest leader role per node); two or more is split brain. */
  leaders: string[];
};

export function buildQuorumStrip(model: RunModel): QuorumSegment[] {
  const nodes = model.report.config.nodes;
  const n = nodes.length;
  if (n === 0) return [];
  const majority = Math.floor(n / 2) + 1;
  const nodeIndex = new Map(nodes.map((name, i) => [name, i]));

  // Every time something that changes the picture happens, a new segment starts.
  const cuts = new Set<number>([0, model.endUs]);
  for (const outage of model.outages) if (outage.lane < n) cuts.add(outage.start).add(outage.end);
  for (const partition of model.partitions) cuts.add(partition.start).add(partition.end);
  for (const role of model.roles) if (role.role === 'leader') cuts.add(role.start).add(role.end);
  const times = [...cuts].filter((t) => t >= 0 && t <= model.endUs).sort((a, b) => a - b);

  const segments: QuorumSegment[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const start = times[i]!;
    const end = times[i + 1]!;
    const mid = (start + end) / 2;
    const up = nodes.map((_, lane) => !model.outages.some((o) => o.lane === lane && o.start <= mid && mid < o.end));
    const partition = model.partitions.find((p) => p.start <= mid && mid < p.end);
    const blocked = new Set<string>();
    for (const [from, to] of partition?.blocked ?? []) blocked.add(`${nodeIndex.get(from)}>${nodeIndex.get(to)}`);
    const largestGroup = largestConnectedGroup(n, up, (a, b) => !blocked.has(`${a}>${b}`) && !blocked.has(`${b}>${a}`));
    const leaders = model.roles.filter((r) => r.role === 'leader' && r.start <= mid && mid < r.end && up[r.lane]).map((r) => nodes[r.lane]!);
    const previous = segments[segments.length - 1];
    const segment: QuorumSegment = { start, end, largestGroup, majority, hasMajority: largestGroup >= majority, toleranceLeft: largestGroup - majority, leaders };
    // Merge with the previous stretch when nothing visible changed.
    if (
      previous !== undefined &&
      previous.largestGroup === segment.largestGroup &&
      previous.leaders.join() === segment.leaders.join()
    ) {
      previous.end = end;
    } else {
      segments.push(segment);
    }
  }
  return segments;
}

/** Largest set of up nodes in which every two can talk both ways (connected components). */
function largestConnectedGroup(n: number, up: boolean[], linked: (a: number, b: number) => boolean): number {
  const seen = new Array<boolean>(n).fill(false);
  let best = 0;
  for (let start = 0; start < n; start++) {
    if (!up[start] || seen[start]) continue;
    let size = 0;
    const stack = [start];
    seen[start] = true;
    while (stack.length > 0) {
      const a = stack.pop()!;
      size++;
      for (let b = 0; b < n; b++) {
        if (!seen[b] && up[b] && linked(a, b)) {
          seen[b] = true;
          stack.push(b);
        }
      }
    }
    best = Math.max(best, size);
  }
  return best;
}

export function quorumAt(segments: readonly QuorumSegment[], t: number): QuorumSegment | null {
  for (const segment of segments) if (segment.start <= t && t < segment.end) return segment;
  return segments[segments.length - 1] ?? null;
}
