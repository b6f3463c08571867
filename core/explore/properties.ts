// What the explorer checks in every state it reaches: the scenario's safety expectations, each
// decided by the checker `faultline run` uses (core/check) on the state's ghost history and trace,
// or by a direct look at every node's state (Raft's safety properties, 2PC's blocking). An
// expectation about time or progress (`leader within`, `writes commit`, `converges`) cannot be
// judged without latencies and timeouts: it is listed as not checkable, never passed silently.

import { analyzeSome } from '../check/analyze-run.ts';
import type { RaftState, LogEntry } from '../protocols/raft/types.ts';
import type { Expectation, ExpectationKind, SimConfig } from '../types/sim-config.ts';
import type { World } from './world.ts';

/** A safety property checked in every state: it answers null when the state is fine. */
export type Property = {
  /** The expectation as written in the scenario, or the built-in property's name. */
  readonly text: string;
  readonly kind: ExpectationKind | 'no-blocking' | 'fenced-writes';
  /** Whether it reads the ghost history and trace (they are then kept in every state). */
  readonly readsGhost: boolean;
  /** Its verdict changes only when the ghost history or trace does (so other states skip it). */
  readonly onlyWhenGhostChanges: boolean;
  check(world: World): string | null;
};

export type PropertyPlan = {
  properties: Property[];
  /** Expectations this mode cannot judge, with the reason. */
  notCheckable: Array<{ text: string; reason: string }>;
};

/** Judged from the history and trace by core/check at every state where they changed. */
const FROM_HISTORY: ReadonlySet<ExpectationKind> = new Set([
  'linearizable',
  'sequential',
  'read-your-writes',
  'monotonic-reads',
  'monotonic-writes',
  'writes-follow-reads',
  'no-stale-reads',
  'no-duplicate-effects',
  'no-split-brain',
]);

const TIMED: Partial<Record<ExpectationKind, string>> = {
  'leader-within': 'it bounds time, and this mode has no latencies: timers fire in any order',
  'no-leader': 'it is about whether a leader appears, which needs timing to decide',
  'writes-commit': 'it asks for progress, which exploring schedules (that may starve anyone) cannot promise',
  'no-writes-commit': 'it asks for progress, which exploring schedules (that may starve anyone) cannot promise',
  converges: 'replicas converge eventually; a bounded schedule may end before they do',
  custom: 'a custom expectation has no checker',
};

export function planProperties(config: SimConfig, budget: { crashes: number }): PropertyPlan {
  const properties: Property[] = [];
  const notCheckable: PropertyPlan['notCheckable'] = [];
  for (const expectation of config.expectations) {
    const property = propertyFor(expectation, config);
    if (typeof property === 'string') notCheckable.push({ text: expectation.text, reason: property });
    else properties.push(property);
  }
  // 2PC's textbook weakness is a property of the protocol, not an expectation anyone writes.
  if (config.protocol.name === 'two_phase_commit' && budget.crashes > 0) properties.push(noBlocking(config));
  // What fencing tokens promise, whether or not the scenario turned them on.
  if (config.protocol.name === 'lease_lock') properties.push(fencedWrites());
  return { properties, notCheckable };
}

function propertyFor(expectation: Expectation, config: SimConfig): Property | string {
  const { kind, text } = expectation;
  const timed = TIMED[kind];
  if (timed !== undefined) return timed;
  if (kind === 'raft-safety') {
    if (config.protocol.name !== 'raft') return `the protocol is ${config.protocol.name}, not raft`;
    return { text, kind, readsGhost: false, onlyWhenGhostChanges: false, check: raftSafety };
  }
  if (kind === 'one-leader-per-term') return { text, kind, readsGhost: false, onlyWhenGhostChanges: false, check: (w) => w.secondLeader };
  if (kind === 'no-lost-writes') return { text, kind, readsGhost: true, onlyWhenGhostChanges: false, check: (w) => lostWrites(w, config) };
  if (FROM_HISTORY.has(kind)) {
    const names = new Set([kind]);
    return {
      text,
      kind,
      readsGhost: true,
      onlyWhenGhostChanges: true,
      check: (w) => {
        const verdict = analyzeSome({ history: w.history as never, trace: w.trace, config }, names).list.find((v) => v.name === kind);
        return verdict?.holds === false ? verdict.summary : null;
      },
    };
  }
  return 'no checker judges it in this mode';
}

/**
 * Lost writes are judged where nothing is pending that could still bring a write back: every node
 * up, the network healed, nothing in flight. Elsewhere a write on a crashed node only looks lost.
 */
function lostWrites(world: World, config: SimConfig): string | null {
  if (world.isolated !== 0 || world.messages.length > 0 || world.nodes.some((n) => !n.up)) return null;
  const verdict = analyzeSome({ history: world.history as never, trace: world.trace, config }, new Set()).list.find((v) => v.name === 'no-lost-writes');
  return verdict?.holds === false ? verdict.summary : null;
}

/**
 * Two-phase commit blocks: a participant that voted yes may neither commit nor abort alone, so
 * while the coordinator is down it holds its locks and waits.
 */
function noBlocking(config: SimConfig): Property {
  const named = config.protocol.options['coordinator'];
  const coordinator = Math.max(0, typeof named === 'string' ? config.nodes.indexOf(named) : 0);
  return {
    text: 'participants never block',
    kind: 'no-blocking',
    readsGhost: false,
    onlyWhenGhostChanges: false,
    check: (world) => {
      if (world.nodes[coordinator]!.up) return null;
      const blocked = world.nodes.findIndex((n) => n.up && n.report?.['blocked'] === true);
      if (blocked < 0) return null;
      return `${config.nodes[blocked]} voted yes and is blocked, holding its locks, while the coordinator ${config.nodes[coordinator]} is down: it may neither commit nor abort alone`;
    },
  };
}

/**
 * The lease lock's storage never takes a write made under an older lease after one made under a
 * newer lease: once the newer holder has written, the old holder's late write cannot land on top
 * (Kleppmann's "How to do distributed locking": the promise fencing tokens keep).
 */
function fencedWrites(): Property {
  return {
    text: "no older holder's write lands after a newer holder's",
    kind: 'fenced-writes',
    readsGhost: true,
    onlyWhenGhostChanges: true,
    check: (world) => {
      let newest: { term: number; via: string } | null = null;
      for (const e of world.trace) {
        if (e.kind !== 'apply' || e.term === undefined || e.via === undefined) continue;
        if (newest !== null && e.term < newest.term) {
          return `${e.via}'s write under lease ${e.term} landed after ${newest.via} had written under the newer lease ${newest.term}`;
        }
        if (newest === null || e.term > newest.term) newest = { term: e.term, via: e.via };
      }
      return null;
    },
  };
}

// ---- Raft (Figure 3 of the Raft paper) --------------------------------------------------------

function entryKey(entry: LogEntry): number {
  return entry.command === null ? -entry.term : entry.command.requestId;
}

/**
 * Logs of every node: the live state's, or for a crashed node what survived (durable). Written
 * into two reused lists (this runs for every new state; a list of records per state was garbage).
 */
const logEntries: Array<readonly LogEntry[]> = [];
const logStates: Array<RaftState | undefined> = [];

function raftLogs(world: World): number {
  const count = world.nodes.length;
  for (let index = 0; index < count; index++) {
    const node = world.nodes[index]!;
    const state = node.up ? (node.state as RaftState) : undefined;
    const log = state?.log ?? (node.durable as RaftState | undefined)?.log;
    logEntries[index] = log?.entries ?? [];
    logStates[index] = state;
  }
  return count;
}

/**
 * Election safety (from the ghost), log matching (two logs with an entry of the same index and
 * term are identical up to it), state machine safety (what two nodes have both committed agrees)
 * and leader completeness (a leader of term T holds every entry a node of an earlier term
 * committed).
 */
export function raftSafety(world: World): string | null {
  if (world.secondLeader !== null) return `election safety: ${world.secondLeader}`;
  const count = raftLogs(world);
  for (let a = 0; a < count; a++) {
    for (let b = a + 1; b < count; b++) {
      const x = logEntries[a]!;
      const y = logEntries[b]!;
      const shorter = Math.min(x.length, y.length);
      let matchAt = shorter;
      while (matchAt > 0 && x[matchAt - 1]!.term !== y[matchAt - 1]!.term) matchAt--;
      for (let i = 0; i < matchAt; i++) {
        const ex = x[i]!;
        const ey = y[i]!;
        if (ex.term !== ey.term || entryKey(ex) !== entryKey(ey)) {
          return `log matching: logs agree on index ${matchAt} (term ${x[matchAt - 1]!.term}) but differ at index ${i + 1}`;
        }
      }
      const xs = logStates[a];
      const ys = logStates[b];
      if (xs !== undefined && ys !== undefined) {
        const committed = Math.min(xs.commitIndex, ys.commitIndex, shorter);
        for (let i = 0; i < committed; i++) {
          if (entryKey(x[i]!) !== entryKey(y[i]!)) return `state machine safety: two nodes committed different entries at index ${i + 1}`;
        }
      }
    }
  }
  for (let l = 0; l < count; l++) {
    const leader = logStates[l];
    if (leader === undefined || leader.role !== 'leader') continue;
    const mine = logEntries[l]!;
    for (let o = 0; o < count; o++) {
      const other = logStates[o];
      if (other === undefined || other.currentTerm >= leader.currentTerm) continue;
      const theirs = logEntries[o]!;
      for (let i = 0; i < Math.min(other.commitIndex, theirs.length); i++) {
        const entry = theirs[i]!;
        const held = mine[i];
        if (held === undefined || entryKey(held) !== entryKey(entry) || held.term !== entry.term) {
          return `leader completeness: the leader of term ${leader.currentTerm} lacks entry ${i + 1} (term ${entry.term}), committed by a node in term ${other.currentTerm}`;
        }
      }
    }
  }
  return null;
}
