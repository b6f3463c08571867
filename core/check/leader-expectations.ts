// Deciders for the leader expectations, read from the run's timeline (every protocol state change
// and fault marker, core/sim/timeline.ts). Protocols report `{ role, term, leader }` in their state
// effects; see .tmp/engine-notes.md.
//
// Two notions of "leader":
// - A node CLAIMS leadership when it reports role leader. Two claims in one term is the safety
//   violation Raft's Election Safety forbids; claims in different terms at once are normal (an
//   isolated old leader has not heard of the new term yet).
// - A leader is EFFECTIVE when it is running (up, not paused), claims term T, and a majority of
//   the whole cluster — itself included — follows it in term T over links a partition does not
//   cut in either direction. That is a leader that could commit a write right now; an isolated
//   old leader still claims but is not effective. `leader within` waits for an effective leader.

import type { ExpectationResult } from '../types/report.ts';
import type { Expectation, Micros } from '../types/sim-config.ts';
import type { Timeline } from '../sim/timeline.ts';
import { formatMicros } from '../sim/format-micros.ts';

type NodeView = { up: boolean; paused: boolean; role: unknown; term: unknown; leader: unknown };

/** Replays the timeline, calling `visit` after every entry with the cluster's view at that point. */
class ClusterReplay {
  readonly nodes = new Map<string, NodeView>();
  blocked = new Set<string>();
  /** Whether any node ever reported whom it follows (if none does, followers count by term). */
  readonly reportsLeader: boolean;

  constructor(
    nodeNames: readonly string[],
    timeline: Timeline,
  ) {
    for (const name of nodeNames) this.nodes.set(name, { up: true, paused: false, role: undefined, term: undefined, leader: undefined });
    this.reportsLeader = timeline.some((entry) => entry.kind === 'state' && 'leader' in entry.state);
  }

  apply(entry: Timeline[number]): void {
    switch (entry.kind) {
      case 'state': {
        const node = this.nodes.get(entry.node);
        if (node === undefined) return;
        if ('role' in entry.state) node.role = entry.state['role'];
        if ('term' in entry.state) node.term = entry.state['term'];
        if ('leader' in entry.state) node.leader = entry.state['leader'];
        return;
      }
      case 'crash': {
        const node = this.nodes.get(entry.node);
        // A crashed node claims nothing; its restart reports its state afresh.
        if (node !== undefined) Object.assign(node, { up: false, paused: false, role: undefined, leader: undefined });
        return;
      }
      case 'restart': {
        const node = this.nodes.get(entry.node);
        if (node !== undefined) node.up = true;
        return;
      }
      case 'pause':
      case 'resume': {
        const node = this.nodes.get(entry.node);
        if (node !== undefined) node.paused = entry.kind === 'pause';
        return;
      }
      case 'partition':
        this.blocked = new Set(entry.blocked.map(([from, to]) => `${from}\u0000${to}`));
        return;
      case 'heal':
        this.blocked = new Set();
        return;
      default:
        return;
    }
  }

  private connected(a: string, b: string): boolean {
    return !this.blocked.has(`${a}\u0000${b}`) && !this.blocked.has(`${b}\u0000${a}`);
  }

  /** The effective leader now, with its term, or null. */
  effectiveLeader(): { node: string; term: unknown } | null {
    const majority = Math.floor(this.nodes.size / 2) + 1;
    for (const [name, node] of this.nodes) {
      if (!node.up || node.paused || node.role !== 'leader') continue;
      let support = 1;
      for (const [otherName, other] of this.nodes) {
        if (otherName === name || !other.up || other.term !== node.term) continue;
        const follows = this.reportsLeader ? other.leader === name : other.role === 'follower';
        if (follows && this.connected(name, otherName)) support++;
      }
      if (support >= majority) return { node: name, term: node.term };
    }
    return null;
  }

  /** Nodes that claim leadership now. */
  claimants(): Array<{ node: string; term: unknown }> {
    const result: Array<{ node: string; term: unknown }> = [];
    for (const [name, node] of this.nodes) if (node.up && node.role === 'leader') result.push({ node: name, term: node.term });
    return result;
  }
}

function result(expectation: Expectation, holds: boolean | null, summary: string, at?: Micros): ExpectationResult {
  const decided: ExpectationResult = { text: expectation.text, line: expectation.line, holds, summary };
  if (at !== undefined) decided.at = at;
  return decided;
}

/** Times of the event an expectation is measured from (`after heal`); [0] for start. */
export function referenceTimes(timeline: Timeline, after: string | undefined): Micros[] {
  if (after === undefined || after === 'start') return [0];
  return timeline.filter((entry) => entry.kind === after).map((entry) => entry.t);
}

/** `one leader per term` and, in its simple form, `no split brain`: no term has two claimants. */
export function decideOneLeaderPerTerm(
  expectation: Expectation,
  nodes: readonly string[],
  timeline: Timeline,
  wording: 'term' | 'split-brain',
): ExpectationResult {
  const replay = new ClusterReplay(nodes, timeline);
  const leaderOfTerm = new Map<unknown, string>();
  for (const entry of timeline) {
    replay.apply(entry);
    if (entry.kind !== 'state' || entry.state['role'] !== 'leader') continue;
    const node = replay.nodes.get(entry.node);
    if (node === undefined) continue;
    const first = leaderOfTerm.get(node.term);
    if (first === undefined) leaderOfTerm.set(node.term, entry.node);
    else if (first !== entry.node) {
      const what = `${first} and ${entry.node} both claimed leadership of term ${String(node.term)}`;
      return result(
        expectation,
        false,
        wording === 'split-brain' ? `split brain: ${what} (at ${formatMicros(entry.t)})` : `${what} (at ${formatMicros(entry.t)})`,
        entry.t,
      );
    }
  }
  const terms = leaderOfTerm.size;
  const base = `${terms} term${terms === 1 ? '' : 's'} had a leader, never two in the same term`;
  return result(expectation, true, wording === 'split-brain' ? `no split brain: ${base}` : base);
}

/** `leader within D after E`: after every occurrence of E an effective leader is in place within D. */
export function decideLeaderWithin(expectation: Expectation, nodes: readonly string[], timeline: Timeline, endUs: Micros): ExpectationResult {
  const withinUs = expectation.withinUs ?? 0;
  const after = expectation.after ?? 'start';
  const references = referenceTimes(timeline, after);
  if (references.length === 0) return result(expectation, null, `not decided: no ${after} happened in this run`);

  const replay = new ClusterReplay(nodes, timeline);
  // Effective-leader changes over time: [time, leader or null], in order.
  const changes: Array<{ t: Micros; leader: { node: string; term: unknown } | null }> = [{ t: 0, leader: null }];
  for (const entry of timeline) {
    replay.apply(entry);
    const leader = replay.effectiveLeader();
    const last = changes[changes.length - 1]!.leader;
    if ((leader === null) !== (last === null) || (leader !== null && last !== null && (leader.node !== last.node || leader.term !== last.term))) {
      changes.push({ t: entry.t, leader });
    }
  }

  let worst = -1;
  let worstLeader = '';
  let worstReference = 0;
  for (const reference of references) {
    // The leader in place right after the reference event (changes at the same instant count).
    let found: { t: Micros; node: string; term: unknown } | null = null;
    for (let i = 0; i < changes.length; i++) {
      const change = changes[i]!;
      const next = changes[i + 1];
      if (next !== undefined && next.t <= reference) continue;
      if (change.leader !== null) {
        found = { t: Math.max(change.t, reference), node: change.leader.node, term: change.leader.term };
        break;
      }
    }
    const where = `the ${after === 'start' ? 'start' : `${after} at ${formatMicros(reference)}`}`;
    if (found === null || found.t - reference > withinUs) {
      if (reference + withinUs > endUs && found === null) {
        return result(expectation, null, `not decided: the run ended ${formatMicros(endUs - reference)} after ${where}, before the ${formatMicros(withinUs)} window closed`);
      }
      const seen = found === null ? 'none by the end of the run' : `first at ${formatMicros(found.t)} (${found.node}, term ${String(found.term)})`;
      return result(expectation, false, `no leader within ${formatMicros(withinUs)} after ${where}: ${seen}`, reference + withinUs);
    }
    if (found.t - reference > worst) {
      worst = found.t - reference;
      worstLeader = `${found.node}, term ${String(found.term)}`;
      worstReference = reference;
    }
  }
  const where = after === 'start' ? 'the start' : `the ${after} at ${formatMicros(worstReference)}`;
  const every = references.length > 1 ? ` (slowest of ${references.length} ${after}s)` : '';
  return result(expectation, true, `a leader (${worstLeader}) was in place ${formatMicros(worst)} after ${where}${every}`);
}

/** `no leader`: no node claims leadership (from the last `after` event, or the whole run). */
export function decideNoLeader(expectation: Expectation, nodes: readonly string[], timeline: Timeline): ExpectationResult {
  const references = referenceTimes(timeline, expectation.after);
  if (references.length === 0) return result(expectation, null, `not decided: no ${expectation.after} happened in this run`);
  const from = references[references.length - 1]!;
  const replay = new ClusterReplay(nodes, timeline);
  for (const entry of timeline) {
    replay.apply(entry);
    if (entry.t < from) continue;
    const claimant = replay.claimants()[0];
    if (claimant !== undefined) {
      return result(expectation, false, `${claimant.node} claimed leadership of term ${String(claimant.term)} at ${formatMicros(entry.t)}`, entry.t);
    }
  }
  const span = from === 0 ? 'during the whole run' : `after ${formatMicros(from)}`;
  return result(expectation, true, `no node claimed leadership ${span}`);
}
