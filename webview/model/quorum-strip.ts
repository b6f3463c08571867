// The quorum strip: for each stretch of time between faults and changes of authority, the sides
// the running nodes form (core/check/trace/sides.ts, shared with the quorum timeline), who holds
// authority on which side, and whether that holder can commit. Judged per side: a Raft leader
// cut off on a minority side still believes it leads, but commits nothing until it hears from a
// majority, while the majority side has no leader until it elects one. Protocols that need no
// majority (primary/backup, lease locks) get their sides and holders described instead, and
// protocols that elect nobody just their sides.

import { authorityWords, type AuthorityWords } from '../../core/explain/authority.ts';
import { sidesOf } from '../../core/check/trace/sides.ts';
import type { RunModel } from './run-model.ts';

export type Holder = { node: string; term: number | null };

export type QuorumSide = {
  nodes: string[];
  /** Holds a majority of the whole cluster. */
  majority: boolean;
  /** Nodes on this side that believe they hold authority (leader, primary, lock holder). */
  holders: Holder[];
};

export type QuorumSegment = {
  start: number;
  end: number;
  /** Running nodes grouped by who can exchange messages both ways, largest side first. */
  sides: QuorumSide[];
  /** Size of the largest side. */
  largestGroup: number;
  majority: number;
  hasMajority: boolean;
  /** Failures the largest side can still absorb and keep a majority (negative: short by). */
  toleranceLeft: number;
  /** Running nodes that believe they hold authority; two or more is split brain (or a stale one). */
  leaders: string[];
  /**
   * Whether a write can be acknowledged now: for Raft, a leader on the majority side; for a
   * primary or lock holder, any running holder; for protocols that elect nobody, any side.
   */
  canCommit: boolean;
};

export function buildQuorumStrip(model: RunModel): QuorumSegment[] {
  const nodes = model.report.config.nodes;
  const n = nodes.length;
  if (n === 0) return [];
  const words = authorityWords(model.report.config.protocol.name);
  const majority = Math.floor(n / 2) + 1;

  // Every time something that changes the picture happens, a new segment starts.
  const cuts = new Set<number>([0, model.endUs]);
  for (const outage of model.outages) if (outage.lane < n) cuts.add(outage.start).add(outage.end);
  for (const partition of model.partitions) cuts.add(partition.start).add(partition.end);
  for (const role of model.roles) if (words !== null && role.role === words.stateRole) cuts.add(role.start).add(role.end);
  const times = [...cuts].filter((t) => t >= 0 && t <= model.endUs).sort((a, b) => a - b);

  const segments: QuorumSegment[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const start = times[i]!;
    const end = times[i + 1]!;
    const segment = segmentAt(model, words, majority, start, end);
    const previous = segments[segments.length - 1];
    // Merge with the previous stretch when nothing visible changed.
    if (previous !== undefined && samePicture(previous, segment)) previous.end = end;
    else segments.push(segment);
  }
  return segments;
}

function segmentAt(model: RunModel, words: AuthorityWords | null, majority: number, start: number, end: number): QuorumSegment {
  const nodes = model.report.config.nodes;
  const mid = (start + end) / 2;
  const down = new Set<string>();
  for (const o of model.outages) if (o.lane < nodes.length && o.start <= mid && mid < o.end) down.add(nodes[o.lane]!);
  const partition = model.partitions.find((p) => p.start <= mid && mid < p.end);
  const blocked = new Set((partition?.blocked ?? []).map(([from, to]) => `${from}>${to}`));
  const holders: Holder[] =
    words === null
      ? []
      : model.roles
          .filter((r) => r.role === words.stateRole && r.start <= mid && mid < r.end && !down.has(nodes[r.lane]!))
          .map((r) => ({ node: nodes[r.lane]!, term: r.term }));
  const sides: QuorumSide[] = sidesOf(nodes, (node) => !down.has(node), (a, b) => !blocked.has(`${a}>${b}`)).map((side) => ({
    nodes: side.nodes,
    majority: side.majority,
    holders: holders.filter((h) => side.nodes.includes(h.node)),
  }));
  const largestGroup = sides[0]?.nodes.length ?? 0;
  const canCommit =
    words === null ? sides.length > 0 : words.needsMajority ? sides.some((s) => s.majority && s.holders.length > 0) : holders.length > 0;
  return {
    start,
    end,
    sides,
    largestGroup,
    majority,
    hasMajority: largestGroup >= majority,
    toleranceLeft: largestGroup - majority,
    leaders: holders.map((h) => h.node),
    canCommit,
  };
}

function sameSides(a: readonly QuorumSide[], b: readonly QuorumSide[]): boolean {
  const key = (sides: readonly QuorumSide[]) => sides.map((s) => `${s.nodes.join(',')}:${s.holders.map((h) => `${h.node}/${h.term}`).join(',')}`).join('|');
  return key(a) === key(b);
}

function samePicture(a: QuorumSegment, b: QuorumSegment): boolean {
  return a.canCommit === b.canCommit && sameSides(a.sides, b.sides);
}

export function quorumAt(segments: readonly QuorumSegment[], t: number): QuorumSegment | null {
  for (const segment of segments) if (segment.start <= t && t < segment.end) return segment;
  return segments[segments.length - 1] ?? null;
}
