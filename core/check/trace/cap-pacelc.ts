// CAP / PACELC as observed in one run, next to the protocol's static classification:
//  - during each partition, did nodes on a minority side acknowledge writes (A) or not (C)?
//  - were stale reads served at all?
//  - outside partitions and crashes, did the node that acknowledged a write (or, without writes,
//    a read) wait for another replica before replying (C), or answer on its own (L)?
// Where what was configured and what happened disagree, the result says so.

import { Operation, toOperations, WRITE_OPERATIONS } from '../../history/operations.ts';
import type { Classification } from '../../sim/protocol.ts';
import type { History } from '../../types/history.ts';
import type { LatencyDistribution, Micros, SimConfig } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';
import { duration } from '../describe.ts';
import { findStaleReads } from '../stale-reads.ts';
import { QuorumInterval, quorumTimeline } from './quorum-timeline.ts';
import { getProtocol } from '../../protocols/registry.ts';
import { replyCauses } from './replica-waits.ts';

const READS: ReadonlySet<string> = new Set(['read', 'get']);

export type PartitionWindow = {
  from: Micros;
  to: Micros;
  minority: string[];
  /** Writes acknowledged by minority nodes in the window (history indexes). */
  minorityAcks: number[];
  /** Stale reads answered by minority nodes in the window. */
  minorityReads: number[];
  /** Operations invoked in the window that were refused or timed out, served by a minority node or by no one known. */
  minorityRefusals: number[];
  behaviour: 'A' | 'C' | 'idle';
};

export type ObservedClassification = {
  partitions: PartitionWindow[];
  /** 'A' if any minority side accepted writes, 'C' if they only refused, null without partitions or traffic. */
  duringPartition: 'A' | 'C' | null;
  staleReads: number;
  /** Median latency of acknowledged writes and reads in normal operation, and a network round trip (shown, no longer deciding E). */
  writeLatencyUs: Micros | null;
  readLatencyUs: Micros | null;
  roundTripUs: Micros;
  /** Acknowledged operations in normal operation whose node waited for another replica before replying. */
  elseEvidence: ElseEvidence | null;
  elseLatency: 'L' | 'C' | null;
  pacelc: string;
};

export type ElseEvidence = {
  /** Which kind decided: writes when any were acknowledged in normal operation, else reads. */
  kind: 'write' | 'read';
  waited: number;
  total: number;
  /** One operation of the deciding side (waited for C, answered alone for L). */
  example: { process: string | number; node: string; f: string; at: Micros } | null;
};

export type ClassificationResult = {
  static: Classification | null;
  observed: ObservedClassification;
  /** Plain sentences where configuration and observation disagree (empty when they agree). */
  disagreements: string[];
  summary: string;
};

export function meanLatency(d: LatencyDistribution): Micros {
  switch (d.kind) {
    case 'fixed':
      return d.us;
    case 'uniform':
      return (d.minUs + d.maxUs) / 2;
    case 'normal':
      return d.meanUs;
    case 'exponential':
      return d.meanUs;
  }
}

export function classifyRun(
  history: History,
  trace: ReadonlyArray<TraceEvent>,
  config: SimConfig,
  staticClass: Classification | null,
  /** What the caller already computed (analyzeRun shares it): operations, quorum timeline, the stale reads' history indexes. */
  known: { ops?: Operation[]; timeline?: QuorumInterval[]; staleReads?: ReadonlySet<number> } = {},
): ClassificationResult {
  const ops = known.ops ?? toOperations(history);
  const staleReads = known.staleReads ?? new Set(findStaleReads(history).reads);
  const writes = ops.filter((op) => WRITE_OPERATIONS.has(op.f));
  const timeline = known.timeline ?? quorumTimeline(trace, config);
  const partitions: PartitionWindow[] = [];
  // Which nodes hold a key: a leaderless key lives on N of the cluster's nodes, so "minority" is
  // judged against those N replicas, not the whole cluster (Raft and primary/backup: every node).
  const replicasOf = getProtocol(config.protocol.name)?.replicasOf;
  const replicaCache = new Map<string, readonly string[]>();
  const replicas = (key: string): readonly string[] => {
    let list = replicaCache.get(key);
    if (list === undefined) replicaCache.set(key, (list = replicasOf!(key, config.nodes, config.protocol.options)));
    return list;
  };
  // Each window reads only the operations invoked in it, found by binary search instead of a
  // pass over the whole history per window: a 120 s run has dozens of windows and 24,000
  // operations. Read in history order, as the passes were.
  let freshMinorityReads = false;
  const opsSorted = sortedByInvoke(ops);
  const writesSorted = sortedByInvoke(writes);
  for (const q of timeline) {
    if (q.components.length < 2) continue;
    const [opsFrom, opsTo] = opsSorted ? invokedWithin(ops, q.from, q.to) : [0, ops.length];
    const [writesFrom, writesTo] = writesSorted ? invokedWithin(writes, q.from, q.to) : [0, writes.length];
    const windowOps = opsFrom === 0 && opsTo === ops.length ? ops : ops.slice(opsFrom, opsTo);
    const windowWrites = writesFrom === 0 && writesTo === writes.length ? writes : writes.slice(writesFrom, writesTo);
    const minority = q.components.filter((c) => c !== q.majority).flat();
    const sideOf = (node: string): readonly string[] => q.components.find((c) => c.includes(node)) ?? [];
    const during = (op: Operation) => op.invokeTime >= q.from && op.invokeTime < q.to;
    // Answered while the partition lasted: an operation started during it but answered after the
    // heal may have waited for the other side, so it shows nothing about a minority side.
    const answeredDuring = (op: Operation) => during(op) && op.completeTime !== null && op.completeTime < q.to;
    const byMinority = (op: Operation) => {
      if (op.node === undefined) return false;
      if (replicasOf === undefined || op.key === undefined) return minority.includes(op.node);
      const side = sideOf(op.node);
      const keyReplicas = replicas(op.key);
      return keyReplicas.filter((r) => side.includes(r)).length < Math.floor(keyReplicas.length / 2) + 1;
    };
    // A minority read is evidence of availability over consistency only if it was stale: it
    // missed a write completed before it began (stale-reads.ts). A cut-off primary answering reads
    // before anyone else took a write served the latest; so does a cut-off leader whose lease
    // still holds, even when a follower beside it relayed a write it committed (found by the
    // theorem sweep: a node-based "some other node acknowledged a write" called that run PA).
    const acks = windowWrites.filter((op) => answeredDuring(op) && byMinority(op) && op.outcome === 'ok').map((op) => op.invokeIndex);
    const minorityReads = windowOps.filter((op) => READS.has(op.f) && answeredDuring(op) && byMinority(op) && op.outcome === 'ok');
    const reads = minorityReads.filter((op) => staleReads.has(op.invokeIndex)).map((op) => op.invokeIndex);
    // Reads a minority side answered with the latest value (a leader whose lease still held): no
    // evidence either way, but "answered no one" would be false.
    if (reads.length < minorityReads.length) freshMinorityReads = true;
    // A timeout does not say which node was asked; counted here, as the likeliest reason is a cut-off node.
    const refusals = windowOps.filter((op) => during(op) && op.outcome !== 'ok' && (op.node === undefined || byMinority(op))).map((op) => op.invokeIndex);
    partitions.push({
      from: q.from,
      to: q.to,
      minority,
      minorityAcks: acks,
      minorityReads: reads,
      minorityRefusals: refusals,
      behaviour: acks.length + reads.length > 0 ? 'A' : refusals.length > 0 ? 'C' : 'idle',
    });
  }
  const duringPartition = partitions.some((p) => p.behaviour === 'A') ? 'A' : partitions.some((p) => p.behaviour === 'C') ? 'C' : null;

  // Normal operation: intervals where everyone is up and connected.
  const calm = timeline.filter((q) => q.components.length === 1 && q.up.length === config.nodes.length);
  const inCalm = withinSome(calm);
  const median = (kind: ReadonlySet<string>): Micros | null => {
    const latencies = ops
      .filter((op) => kind.has(op.f) && op.outcome === 'ok' && op.completeTime !== null && inCalm(op.invokeTime, op.completeTime))
      .map((op) => op.completeTime! - op.invokeTime)
      .sort((a, b) => a - b);
    return latencies.length === 0 ? null : latencies[Math.floor(latencies.length / 2)]!;
  };
  const writeLatencyUs = median(WRITE_OPERATIONS);
  const readLatencyUs = median(READS);
  const roundTripUs = 2 * meanLatency(config.network.defaults.latency);
  const elseEvidence = replicaWaits(ops, trace, config, inCalm);
  // Consistency first (C) when most acknowledged writes waited for another replica: PACELC asks
  // what the system pays in normal operation, and latency is only a symptom of that wait.
  const elseLatency = elseEvidence === null ? null : 2 * elseEvidence.waited > elseEvidence.total ? 'C' : 'L';
  const stale = staleReads.size;
  const pacelc = `P${duringPartition ?? '?'}/E${elseLatency ?? '?'}`;

  const disagreements: string[] = [];
  if (staticClass !== null) {
    const saysPC = staticClass.pacelc.startsWith('PC');
    if (saysPC && duringPartition === 'A') {
      disagreements.push(`Configured as ${staticClass.pacelc}, but a minority side answered clients during a partition.`);
    }
    if (staticClass.cap === 'CP' && stale > 0) {
      // The fact, not a guessed cause: a quorum read can be stale too (last-write-wins dropping a
      // write stamped by a lagging clock), so "no majority was asked" is not always why.
      disagreements.push(`Configured as CP, yet this run served ${stale} stale read${stale === 1 ? '' : 's'}: ${stale === 1 ? 'a read' : 'reads'} returned a value older than a write acknowledged before ${stale === 1 ? 'it' : 'they'} began.`);
    }
    const saysEC = staticClass.pacelc.endsWith('EC');
    // With one node there is no other replica to wait for: answering alone is all it can do.
    const replicated = config.nodes.length > 1;
    if (saysEC && elseLatency === 'L' && replicated) disagreements.push(`Configured as ${staticClass.pacelc}, but in normal operation most acknowledged ${elseEvidence!.kind}s were answered by one node without waiting for another node holding the data.`);
    if (!saysEC && elseLatency === 'C') disagreements.push(`Configured as ${staticClass.pacelc}, but in normal operation most acknowledged ${elseEvidence!.kind}s waited for another node holding the data before the reply.`);
  }
  const observed: ObservedClassification = { partitions, duringPartition, staleReads: stale, writeLatencyUs, readLatencyUs, roundTripUs, elseEvidence, elseLatency, pacelc };
  const parts: string[] = [];
  parts.push(
    duringPartition === null
      ? 'No partition with client traffic on a minority side.'
      : duringPartition === 'A'
        ? 'During a partition a minority side answered clients (available).'
        : freshMinorityReads
          ? 'During partitions the minority side accepted no write and served no stale read (consistent).'
          : 'During partitions the minority side answered no one (consistent).',
  );
  if (elseEvidence !== null) parts.push(describeElse(elseEvidence, elseLatency === 'C'));
  parts.push(stale === 0 ? 'No stale reads.' : `${stale} stale read${stale === 1 ? '' : 's'}.`);
  const headline = duringPartition === null && elseLatency === null ? 'Nothing to classify was observed' : `Observed ${pacelc}`;
  return { static: staticClass, observed, disagreements, summary: `${headline}. ${parts.join(' ')}${disagreements.length ? ' ' + disagreements.join(' ') : ''}` };
}

/**
 * Acknowledged operations completed while every node was up and connected, and how many of them
 * the answering node replied to only after a message from another replica (see replica-waits.ts).
 * Writes decide when there are any; reads only when a run has no acknowledged writes. Null when
 * the trace holds no reply messages for them (messages not traced, or nothing acknowledged).
 */
function replicaWaits(ops: readonly Operation[], trace: ReadonlyArray<TraceEvent>, config: SimConfig, inCalm: (from: Micros, to: Micros) => boolean): ElseEvidence | null {
  const relays = getProtocol(config.protocol.name)?.relays?.(config.nodes, config.protocol.options) ?? [];
  const causes = replyCauses(trace, config.nodes, new Set(relays));
  const tally = (kind: ReadonlySet<string>, name: 'write' | 'read'): ElseEvidence | null => {
    let waited = 0;
    let total = 0;
    let waitedExample: ElseEvidence['example'] = null;
    let aloneExample: ElseEvidence['example'] = null;
    for (const op of ops) {
      if (!kind.has(op.f) || op.outcome !== 'ok' || op.completeIndex === null || op.completeTime === null || op.node === undefined) continue;
      if (!inCalm(op.invokeTime, op.completeTime)) continue;
      const cause = causes.get(op.completeIndex);
      if (cause === undefined) continue;
      total++;
      const example = { process: op.process, node: op.node, f: op.f, at: op.completeTime };
      if (cause.waited) {
        waited++;
        waitedExample ??= example;
      } else aloneExample ??= example;
    }
    if (total === 0) return null;
    return { kind: name, waited, total, example: 2 * waited > total ? waitedExample : aloneExample };
  };
  return tally(WRITE_OPERATIONS, 'write') ?? tally(READS, 'read');
}

/** Whether invocation times never decrease along `ops` (a history's operations, as toOperations lists them). */
function sortedByInvoke(ops: readonly Operation[]): boolean {
  for (let k = 1; k < ops.length; k++) if (ops[k]!.invokeTime < ops[k - 1]!.invokeTime) return false;
  return true;
}

/**
 * The first index in [0, length) at which `before` turns false, for a `before` that is true on a
 * prefix and false after it (a binary search): where a value would go in a sorted column.
 */
function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first value > `x` in the nondecreasing `values` (values.length if none). */
function firstAbove(values: ArrayLike<number>, x: number): number {
  return partitionPoint(values.length, (i) => values[i]! <= x);
}

/** [first, end) of the operations invoked in [from, to), in `ops` sorted by invocation time. */
function invokedWithin(ops: readonly Operation[], from: Micros, to: Micros): [number, number] {
  const at = (x: number): number => partitionPoint(ops.length, (i) => ops[i]!.invokeTime < x);
  const first = at(from);
  return [first, Math.max(first, at(to))];
}

/**
 * Whether [start, end] lies within one of the intervals: some interval begins at or before
 * `start` and ends at or after `end`, i.e. the latest end among the intervals begun by `start`
 * reaches `end`. A binary search per question instead of a pass over the intervals.
 */
function withinSome(intervals: readonly QuorumInterval[]): (start: Micros, end: Micros) => boolean {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const from = Float64Array.from(sorted, (q) => q.from);
  const reach = new Float64Array(sorted.length);
  for (let k = 0, latest = Number.NEGATIVE_INFINITY; k < sorted.length; k++) reach[k] = latest = Math.max(latest, sorted[k]!.to);
  return (start, end) => {
    // The intervals begun by `start`: the first `count` of them.
    const count = firstAbove(from, start);
    return count > 0 && reach[count - 1]! >= end;
  };
}

function describeElse(e: ElseEvidence, consistent: boolean): string {
  const example = e.example === null ? '' : `; e.g. ${e.example.process}'s ${e.example.f} answered by ${e.example.node} at ${duration(e.example.at)}`;
  return `In normal operation ${e.waited} of ${e.total} acknowledged ${e.kind}s waited for another node holding the data before the reply${example} (${consistent ? 'consistency first' : 'latency first'}).`;
}
