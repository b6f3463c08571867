// Convergence: at the end of the run, the replicas of every key hold the same value — or the ones
// that differ are merely behind, holding a value the most up-to-date replica held less than D
// ago (`converges within D`; D defaults to one second). A run stops at an arbitrary instant, often
// with replication in flight, so "every replica equal at the last microsecond" would call a
// healthy cluster broken; a replica stuck on an old value, or on a value the up-to-date replica
// never held, is what non-convergence looks like.
//
// Which nodes must hold a key is the protocol's to say (Protocol.replicasOf: every node for Raft
// and primary/backup, the key's N home nodes for leaderless quorums); a protocol that does not
// say is judged on the nodes that held the key at some point (a 2PC coordinator or a saga's other
// services hold none of it).

import { getProtocol } from '../../protocols/registry.ts';
import { formatMicros } from '../../sim/format-micros.ts';
import { restoredStoreOf } from '../../sim/restored-store.ts';
import type { Micros, SimConfig } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';
import type { Verdict } from '../verdict.ts';

export type Convergence = { verdict: Verdict; differing: Array<{ key: string; values: Record<string, unknown> }> };

/** How far behind a replica may be when the run ends, when `converges` names no bound. */
export const DEFAULT_CONVERGENCE_BOUND_US: Micros = 1_000_000;

/** One node's values for one key over the run: when each value was applied (all incarnations). */
type ValueChange = { t: Micros; value: string };

type NodeState = {
  /** key → value (as JSON) in the node's current incarnation. */
  current: Map<string, string>;
  /** key → every change the node applied, in time order, across incarnations. */
  changes: Map<string, ValueChange[]>;
  everHeld: Set<string>;
  /** key → the log position of the node's last apply of it, for protocols with a numbered log. */
  lastIndex: Map<string, number>;
};

const ABSENT = 'null';

export function checkConvergence(trace: ReadonlyArray<TraceEvent>, config: SimConfig): Convergence {
  const nodes = new Map<string, NodeState>(config.nodes.map((n) => [n, { current: new Map(), changes: new Map(), everHeld: new Set(), lastIndex: new Map() }]));
  const down = new Set<string>();
  let sawApply = false;
  let lastT = 0;
  for (const e of trace) {
    lastT = e.t;
    if (e.kind === 'crash') down.add(e.node);
    else if (e.kind === 'restart') {
      down.delete(e.node);
      // A restarted node rebuilds its state machine by re-applying, which the trace shows, or
      // from a saved store, which it announces next (restored-store.ts).
      nodes.get(e.node)?.current.clear();
    } else if (e.kind === 'state') {
      const restored = restoredStoreOf(e.state);
      const node = restored === undefined ? undefined : nodes.get(e.node);
      if (node !== undefined) for (const key of Object.keys(restored!.values)) node.current.set(key, JSON.stringify(restored!.values[key] ?? null));
    } else if (e.kind === 'apply') {
      sawApply = true;
      const node = nodes.get(e.node);
      if (node === undefined) continue;
      const value = valueText(e.value);
      node.current.set(e.key, value);
      node.everHeld.add(e.key);
      if (e.index !== undefined) node.lastIndex.set(e.key, e.index);
      let changes = node.changes.get(e.key);
      if (changes === undefined) node.changes.set(e.key, (changes = []));
      if (changes.length === 0 || changes[changes.length - 1]!.value !== value) changes.push({ t: e.t, value });
    }
  }
  if (!sawApply) {
    return { verdict: { name: 'converges', holds: null, summary: 'The trace records no state-machine applies, so convergence cannot be judged.' }, differing: [] };
  }
  const endUs = Math.max(config.runForUs, lastT);
  const boundUs = config.expectations.find((x) => x.kind === 'converges')?.withinUs ?? DEFAULT_CONVERGENCE_BOUND_US;
  const live = config.nodes.filter((n) => !down.has(n));
  const holdersOf = holderRule(config, live, nodes);

  const keys = new Set<string>();
  for (const n of live) for (const k of nodes.get(n)!.everHeld) keys.add(k);
  const differing: Convergence['differing'] = [];
  const stuck: string[] = [];
  let judged = 0;
  // The nodes compared: a 2PC coordinator or a balancer holds no key and is not counted.
  const compared = new Set<string>();
  for (const key of [...keys].sort()) {
    const holders = holdersOf(key);
    if (holders.length < 2) continue;
    judged++;
    for (const n of holders) compared.add(n);
    const values: Record<string, unknown> = {};
    for (const n of holders) values[n] = JSON.parse(nodes.get(n)!.current.get(key) ?? ABSENT);
    const reference = mostRecent(key, holders, nodes);
    const target = nodes.get(reference)!.current.get(key) ?? ABSENT;
    const behind = holders.filter((n) => (nodes.get(n)!.current.get(key) ?? ABSENT) !== target);
    if (behind.length === 0) continue;
    differing.push({ key, values });
    for (const n of behind) {
      const mine = nodes.get(n)!.current.get(key) ?? ABSENT;
      const since = leftValueAt(nodes.get(reference)!.changes.get(key) ?? [], mine);
      if (since === undefined) stuck.push(`${n} holds ${key}=${mine}, a value ${reference} never held`);
      else if (endUs - since > boundUs) stuck.push(`${n} still holds ${key}=${mine}, which ${reference} replaced ${formatMicros(endUs - since)} before the end`);
    }
  }
  const bound = formatMicros(boundUs);
  if (judged === 0) {
    // A saga's services or a 2PC run whose participants all crashed: no key has two holders to compare.
    return { verdict: { name: 'converges', holds: null, summary: `nothing to judge: no key was held by two or more of the ${live.length} running nodes at the end.` }, differing };
  }
  if (differing.length === 0) {
    return { verdict: { name: 'converges', holds: true, summary: `The ${compared.size === live.length ? `${live.length} running nodes` : `${compared.size} running nodes holding the data`} ended with equal values for all ${judged} replicated key${judged === 1 ? '' : 's'}.` }, differing };
  }
  if (stuck.length === 0) {
    return {
      verdict: { name: 'converges', holds: true, summary: `Replicas of ${differing.length} key(s) were still catching up at the end, each less than ${bound} behind; no replica diverged.` },
      differing,
    };
  }
  const more = stuck.length > 1 ? ` (and ${stuck.length - 1} more)` : '';
  return {
    verdict: { name: 'converges', holds: false, summary: `Replicas did not converge within ${bound}: ${stuck[0]}${more}.` },
    differing,
  };
}

/**
 * A value as JSON text, the form values are compared in. A finite number's text is its String()
 * (the same digits JSON writes), without JSON.stringify's general path: a run applies tens of
 * thousands of writes.
 */
function valueText(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : JSON.stringify(value ?? null);
}

/** The nodes that must end up holding each key (see the header). */
function holderRule(config: SimConfig, live: string[], nodes: Map<string, NodeState>): (key: string) => string[] {
  const replicasOf = getProtocol(config.protocol.name)?.replicasOf;
  if (replicasOf === undefined) return (key) => live.filter((n) => nodes.get(n)!.everHeld.has(key));
  const liveSet = new Set(live);
  return (key) => replicasOf(key, config.nodes, config.protocol.options).filter((n) => liveSet.has(n));
}

/** The holder whose current value of the key was applied last: the one the others should reach. */
function mostRecent(key: string, holders: string[], nodes: Map<string, NodeState>): string {
  // With a numbered log, the furthest position applied is the newest value: a follower that
  // applied an older entry a moment after the leader applied a newer one is behind, not ahead
  // (the time of the last apply named a follower the reference and the leader "diverged").
  let best = holders[0]!;
  let bestIndex = -1;
  let bestT = -1;
  for (const n of holders) {
    const node = nodes.get(n)!;
    const changes = node.changes.get(key);
    const t = node.current.has(key) && changes !== undefined ? changes[changes.length - 1]!.t : -1;
    const index = node.current.has(key) ? (node.lastIndex.get(key) ?? -1) : -1;
    if (index > bestIndex || (index === bestIndex && t > bestT)) [best, bestIndex, bestT] = [n, index, t];
  }
  return best;
}

/**
 * When the reference node last moved away from `value`: the time of the change that followed
 * its last holding it. A value it never held gives undefined; `null` (no value yet) counts as held
 * from the start until its first apply.
 */
function leftValueAt(changes: ValueChange[], value: string): Micros | undefined {
  for (let i = changes.length - 1; i >= 0; i--) {
    if (changes[i]!.value === value) return i + 1 < changes.length ? changes[i + 1]!.t : undefined;
  }
  return value === ABSENT && changes.length > 0 ? changes[0]!.t : undefined;
}
