// The quorum timeline: for each stretch between topology changes (crash, restart, pause,
// resume, partition, heal), which nodes could talk to each other, whether some group of them
// is a majority, who led in which term, and how many more failures the majority could absorb.

import type { Micros, SimConfig } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';
import { LeaderInterval, leaderIntervals } from './leadership.ts';
import { sidesOf } from './sides.ts';

export type QuorumInterval = {
  from: Micros;
  to: Micros;
  /** Nodes running (not crashed, not paused). */
  up: string[];
  /** Groups of running nodes that can reach each other (both directions). */
  components: string[][];
  /** The component holding a majority of all nodes, if any. */
  majority: string[] | null;
  leaders: Array<{ node: string; term: number | null }>;
  /** How many more nodes could fail with a majority left (0 without a majority). */
  tolerates: number;
  /** What changed at `from`, in words. */
  cause: string;
};

/** `leaders`: leader intervals to config.runForUs when the caller has them (analyzeRun shares them). */
export function quorumTimeline(trace: ReadonlyArray<TraceEvent>, config: SimConfig, leaders: LeaderInterval[] = leaderIntervals(trace, config.runForUs)): QuorumInterval[] {
  const nodes = config.nodes;
  const down = new Set<string>();
  let blocked = new Set<string>();
  const out: QuorumInterval[] = [];
  let from = 0;
  let cause = 'start';
  const flush = (to: Micros) => {
    if (to <= from && out.length > 0) {
      // Several changes at one instant: keep only the last picture.
      return;
    }
    out.push(snapshot(nodes, down, blocked, from, to, cause, leaders));
  };
  for (const e of trace) {
    let change: string | null = null;
    if (e.kind === 'crash' || e.kind === 'pause') {
      change = `${e.node} ${e.kind === 'crash' ? 'crashed' : 'paused'}`;
    } else if (e.kind === 'restart' || e.kind === 'resume') {
      change = `${e.node} ${e.kind === 'restart' ? 'restarted' : 'resumed'}`;
    } else if (e.kind === 'partition') {
      change = `partition: ${e.label}`;
    } else if (e.kind === 'heal') {
      change = 'network healed';
    }
    if (change === null) continue;
    if (e.t > from) flush(e.t);
    else if (out.length > 0 && out[out.length - 1]!.from === from && e.t === from) out.pop();
    if (e.kind === 'crash' || e.kind === 'pause') down.add(e.node);
    else if (e.kind === 'restart' || e.kind === 'resume') down.delete(e.node);
    else if (e.kind === 'partition') blocked = new Set(e.blocked.map(([a, b]) => `${a}\u0000${b}`));
    else if (e.kind === 'heal') blocked = new Set();
    from = e.t;
    cause = change;
  }
  out.push(snapshot(nodes, down, blocked, from, Math.max(from, config.runForUs), cause, leaders));
  return out;
}

function snapshot(
  nodes: readonly string[],
  down: ReadonlySet<string>,
  blocked: ReadonlySet<string>,
  from: Micros,
  to: Micros,
  cause: string,
  leaders: ReadonlyArray<{ node: string; term: number | null; from: Micros; to: Micros }>,
): QuorumInterval {
  const up = nodes.filter((n) => !down.has(n));
  const sides = sidesOf(nodes, (n) => !down.has(n), (a, b) => !blocked.has(`${a}\u0000${b}`));
  const components = sides.map((side) => side.nodes);
  const need = Math.floor(nodes.length / 2) + 1;
  const majority = sides.find((side) => side.majority)?.nodes ?? null;
  const leading = leaders.filter((l) => l.from < Math.max(to, from + 1) && l.to > from).map((l) => ({ node: l.node, term: l.term }));
  return { from, to, up, components, majority, leaders: leading, tolerates: majority === null ? 0 : majority.length - need, cause };
}
