// Coherence between a verdict and the run's own facts, recomputed another way: the lost-write
// verdict (read from the trace's apply events) against a recount from what the running nodes
// hold at the end, and the quorum timeline (what the strip and `faultline run` show) against
// the partition geometry rebuilt from the trace's faults by a different algorithm. A failure is
// a checker bug: one of the two readings of the same run is wrong.

import { recountLostWrites } from '../check/lost-writes-recount.ts';
import { quorumTimeline } from '../check/trace/quorum-timeline.ts';
import type { Micros } from '../types/sim-config.ts';
import type { TraceEvent } from '../types/trace.ts';
import type { Theorem, Violation } from './theorem.ts';

/** The lost-write verdict names the same writes as a recount from the final stores (Raft, primary/backup). */
export const LOST_WRITES_RECOUNT: Theorem = {
  name: 'coherence: lost writes = a recount of the final stores',
  protocol: null,
  statement:
    'The acknowledged writes the lost-write verdict names (read from apply events and restored stores in the trace) are exactly those no running node holds at the end, counted from the nodes\' own logs.',
  applies: (config) => (config.protocol.name === 'raft' || config.protocol.name === 'primary_backup') && config.clients.length > 0,
  needs: ['no-lost-writes'],
  check(run): Violation | null {
    const verdict = run.verdicts.get('no-lost-writes');
    if (verdict === undefined || verdict.holds === null) return null;
    const running = run.finalStates.map((state, i) => (run.upAtEnd[i] ? state : undefined));
    const recount = recountLostWrites(run.report.history, run.config, running);
    if (recount === null) return null;
    const named = verdict.holds ? [] : (verdict.operations ?? []);
    const inVerdict = new Set(named);
    const missed = recount.filter((i) => !inVerdict.has(i));
    const inRecount = new Set(recount);
    const extra = named.filter((i) => !inRecount.has(i));
    if (missed.length === 0 && extra.length === 0) return null;
    return {
      summary:
        `the verdict names ${named.length} lost write(s), the recount from the running nodes' logs ${recount.length}` +
        (extra.length > 0 ? `; history entry ${extra[0]} is held by a running node, yet called lost` : '') +
        (missed.length > 0 ? `; history entry ${missed[0]} is on no running node, yet not called lost` : ''),
    };
  },
};

/**
 * Sides by a transitive closure (Warshall) over two-way links, computed another way than the
 * breadth-first walk of sides.ts. Two-way: a leader or primary needs its message to arrive and
 * the answer to come back directly — nodes do not relay each other's messages, so a cycle of
 * one-way links (n1 → n3 → n2 → n1) joins nobody. (The first version closed over one-way links
 * and the 100,000-run pass found it disagreeing with the strip on exactly such a cycle.)
 */
export function componentsByClosure(nodes: readonly string[], down: ReadonlySet<string>, blocked: ReadonlySet<string>): string[][] {
  const up = nodes.filter((n) => !down.has(n));
  const n = up.length;
  // reach[i][j]: a chain of two-way links joins up[i] and up[j] (Warshall; symmetric).
  const reach = up.map((a, i) => up.map((b, j) => i === j || (!blocked.has(`${a}\u0000${b}`) && !blocked.has(`${b}\u0000${a}`))));
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) if (reach[i]![k]) for (let j = 0; j < n; j++) if (reach[k]![j]) reach[i]![j] = true;
  const groups: string[][] = [];
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (seen.has(i)) continue;
    const group: string[] = [];
    for (let j = 0; j < n; j++) if (reach[i]![j] && reach[j]![i]) (seen.add(j), group.push(up[j]!));
    groups.push(group);
  }
  return groups;
}

const key = (groups: readonly string[][]) => groups.map((g) => [...g].sort().join(',')).sort().join(' | ');

/** The geometry at each instant the topology changed, rebuilt from the trace's fault events. */
function geometryChanges(trace: ReadonlyArray<TraceEvent>): Array<{ t: Micros; down: Set<string>; blocked: Set<string> }> {
  const down = new Set<string>();
  let blocked = new Set<string>();
  const out: Array<{ t: Micros; down: Set<string>; blocked: Set<string> }> = [{ t: 0, down: new Set(), blocked: new Set() }];
  for (const e of trace) {
    if (e.kind === 'crash' || e.kind === 'pause') down.add(e.node);
    else if (e.kind === 'restart' || e.kind === 'resume') down.delete(e.node);
    else if (e.kind === 'partition') blocked = new Set(e.blocked.map(([a, b]) => `${a}\u0000${b}`));
    else if (e.kind === 'heal') blocked = new Set();
    else continue;
    const last = out[out.length - 1]!;
    const picture = { t: e.t, down: new Set(down), blocked };
    if (last.t === e.t) out[out.length - 1] = picture;
    else out.push(picture);
  }
  return out;
}

/** The quorum timeline's sides and majority match the geometry at every change of topology. */
export const QUORUM_TIMELINE_GEOMETRY: Theorem = {
  name: 'coherence: quorum timeline = partition geometry',
  protocol: null,
  statement:
    'At every change of topology, the sides the quorum timeline (strip and `faultline run`) reports are the groups of running nodes joined by chains of two-way links, and its majority side holds more than half of all nodes.',
  applies: (config) => config.faults.length > 0,
  needs: [],
  check(run): Violation | null {
    const nodes = run.config.nodes;
    const timeline = quorumTimeline(run.report.trace, run.config);
    const need = Math.floor(nodes.length / 2) + 1;
    for (const change of geometryChanges(run.report.trace)) {
      if (change.t >= run.config.runForUs && change.t > 0) break;
      const interval = timeline.find((q) => q.from <= change.t && change.t < Math.max(q.to, q.from + 1)) ?? timeline[timeline.length - 1];
      if (interval === undefined) return { summary: `no quorum interval covers ${change.t} µs`, at: change.t };
      const expected = componentsByClosure(nodes, change.down, change.blocked);
      if (key(expected) !== key(interval.components)) {
        return { summary: `at ${change.t} µs the timeline shows sides ${key(interval.components) || 'none'}, the geometry ${key(expected) || 'none'}`, at: change.t };
      }
      const majority = expected.find((g) => g.length >= need) ?? null;
      if (key(majority === null ? [] : [majority]) !== key(interval.majority === null ? [] : [interval.majority])) {
        return { summary: `at ${change.t} µs the timeline's majority side is ${interval.majority?.join(',') ?? 'none'}, the geometry's ${majority?.join(',') ?? 'none'}`, at: change.t };
      }
    }
    return null;
  },
};
