// Raft's safety properties (Figure 3 of the Raft paper), checked on every node's state after every
// event of a run — not just on what the trace happened to record:
//   Election Safety      at most one leader is elected in a given term (over the whole run);
//   Log Matching         two logs holding an entry with the same index and term hold the same
//                        command there and are identical in all entries before it;
//   Leader Completeness  an entry committed in a term is in the log of every leader of a later term;
//   State Machine Safety no two servers apply different commands at the same index.
//
// The checker remembers what it has seen (leaders per term, every (index, term) pair, committed
// and applied entries) and looks only at what changed since the last event, so a check costs a
// few comparisons per node per event. It never changes the states it reads.

import { ANY_NODE, type SimView } from '../sim/observer.ts';
import type { LogEntry, RaftLog, RaftState, Role } from '../protocols/raft/types.ts';

/** The part of a node's Raft state the checks read; RaftState has it. */
export type RaftNodeView = {
  readonly role: Role;
  readonly currentTerm: number;
  readonly log: RaftLog;
  readonly commitIndex: number;
  readonly lastApplied: number;
};

export type RaftViolation = {
  property: 'election safety' | 'log matching' | 'leader completeness' | 'state machine safety';
  summary: string;
};

/** An entry's identity for comparisons: the client attempt's id, or the no-op of its term. */
function commandKey(entry: LogEntry): number {
  return entry.command === null ? -entry.term : entry.command.requestId;
}

function describe(entry: { term: number; key: number }): string {
  return entry.key < 0 ? `the no-op of term ${entry.term}` : `request ${entry.key} (term ${entry.term})`;
}

type SeenEntry = { term: number; key: number; prevTerm: number; node: string };
type Recorded = { term: number; key: number; node: string };
type Committed = Recorded & { knownInTerm: number };

/** Per node: how far its log, commit index and applied index were already checked. */
type NodeProgress = {
  state: RaftNodeView | undefined;
  log: RaftLog | undefined;
  truncations: number;
  logChecked: number;
  commitChecked: number;
  appliedChecked: number;
  /** The term in which this node was last seen as leader, and how far its completeness was checked. */
  leaderTerm: number;
  completenessChecked: number;
};

/**
 * How many leading entries of `log` are the ones the node's last check saw: all of them (Infinity)
 * unless the log was cut since — then those up to one cut (checkLogMatching's rule), none after
 * several cuts or for another log object.
 */
function intactPrefix(p: NodeProgress, log: RaftLog): number {
  if (p.log !== log) return 0;
  if (p.truncations === log.truncations) return Infinity;
  return log.truncations === p.truncations + 1 ? log.lastTruncatedTo : 0;
}

export class RaftInvariants {
  private readonly leaderOfTerm = new Map<number, string>();
  /** Every (index, term) pair seen in any log: its command and the term just before it. */
  private readonly seenAt: SeenEntry[][] = [];
  private readonly committed: Committed[] = [];
  private readonly applied: Recorded[] = [];
  private readonly progress = new Map<string, NodeProgress>();

  /** Grows whenever an entry is first seen committed: leaders must then be checked again. */
  get committedCount(): number {
    return this.committed.length;
  }

  /**
   * Checks one node after an event. Call it for every running node; a crashed node's durable
   * state does not change while it is down, so it needs no check until it restarts.
   */
  checkNode(name: string, state: RaftNodeView): RaftViolation | null {
    let p = this.progress.get(name);
    if (p === undefined) {
      p = { state: undefined, log: undefined, truncations: 0, logChecked: 0, commitChecked: 0, appliedChecked: 0, leaderTerm: -1, completenessChecked: 0 };
      this.progress.set(name, p);
    }
    // Entries this node was checked on (committed, applied, held as leader) need no second look
    // while they are still in its log: after a restart too, whose new state starts its commit and
    // apply progress over on the same durable log. Looking at them again cost a 120 s, 5-node run
    // with crashes ~800,000 look-ups, over a third of the monitor's time. From where the log was
    // cut since, they are looked at again.
    const intact = intactPrefix(p, state.log);
    p.commitChecked = Math.min(p.commitChecked, intact);
    p.appliedChecked = Math.min(p.appliedChecked, intact);
    p.completenessChecked = Math.min(p.completenessChecked, intact);
    if (p.state !== state) {
      p.state = state;
      p.leaderTerm = -1;
    }
    return (
      this.checkElectionSafety(name, state) ??
      this.checkLogMatching(name, state, p) ??
      this.checkCommitted(name, state, p) ??
      this.checkLeaderCompleteness(name, state, p) ??
      this.checkStateMachineSafety(name, state, p)
    );
  }

  private checkElectionSafety(name: string, state: RaftNodeView): RaftViolation | null {
    if (state.role !== 'leader') return null;
    const earlier = this.leaderOfTerm.get(state.currentTerm);
    if (earlier === undefined) {
      this.leaderOfTerm.set(state.currentTerm, name);
      return null;
    }
    if (earlier === name) return null;
    return { property: 'election safety', summary: `two leaders in term ${state.currentTerm}: ${earlier} and ${name}` };
  }

  private checkLogMatching(name: string, state: RaftNodeView, p: NodeProgress): RaftViolation | null {
    const log = state.log;
    if (p.log !== log) {
      p.log = log;
      p.truncations = log.truncations;
      p.logChecked = 0;
    } else if (p.truncations !== log.truncations) {
      // One truncation since the last look: re-check from where it cut; several: from the start.
      p.logChecked = log.truncations === p.truncations + 1 ? Math.min(p.logChecked, log.lastTruncatedTo) : 0;
      p.truncations = log.truncations;
    }
    const entries = log.entries;
    for (let index = p.logChecked + 1; index <= entries.length; index++) {
      const entry = entries[index - 1]!;
      const key = commandKey(entry);
      const prevTerm = index === 1 ? 0 : entries[index - 2]!.term;
      let bucket = this.seenAt[index];
      if (bucket === undefined) {
        bucket = [];
        this.seenAt[index] = bucket;
      }
      const same = bucket.find((seen) => seen.term === entry.term);
      if (same === undefined) {
        bucket.push({ term: entry.term, key, prevTerm, node: name });
        continue;
      }
      if (same.key !== key) {
        return {
          property: 'log matching',
          summary: `index ${index}, term ${entry.term} holds ${describe({ term: entry.term, key })} on ${name} but ${describe(same)} on ${same.node}`,
        };
      }
      if (same.prevTerm !== prevTerm) {
        return {
          property: 'log matching',
          summary: `${name} and ${same.node} agree on index ${index} (term ${entry.term}) but not on the entry before it (term ${prevTerm} vs ${same.prevTerm})`,
        };
      }
    }
    p.logChecked = entries.length;
    return null;
  }

  /** Records newly committed entries; a different entry committed at a known index is a violation. */
  private checkCommitted(name: string, state: RaftNodeView, p: NodeProgress): RaftViolation | null {
    const upTo = Math.min(state.commitIndex, state.log.entries.length);
    for (let index = p.commitChecked + 1; index <= upTo; index++) {
      const entry = state.log.entries[index - 1]!;
      const key = commandKey(entry);
      const known = this.committed[index];
      if (known === undefined) {
        this.committed[index] = { term: entry.term, key, node: name, knownInTerm: state.currentTerm };
      } else if (known.key !== key || known.term !== entry.term) {
        return {
          property: 'state machine safety',
          summary: `index ${index} is committed as ${describe({ term: entry.term, key })} on ${name} but as ${describe(known)} on ${known.node}`,
        };
      }
    }
    if (upTo > p.commitChecked) p.commitChecked = upTo;
    return null;
  }

  private checkLeaderCompleteness(name: string, state: RaftNodeView, p: NodeProgress): RaftViolation | null {
    if (state.role !== 'leader') return null;
    if (p.leaderTerm !== state.currentTerm) {
      p.leaderTerm = state.currentTerm;
      p.completenessChecked = 0;
    }
    const entries = state.log.entries;
    for (let index = p.completenessChecked + 1; index < this.committed.length; index++) {
      const known = this.committed[index];
      // Only entries committed before this leader's term are promised to be in its log.
      if (known === undefined || known.knownInTerm >= state.currentTerm) continue;
      const mine = entries[index - 1];
      if (mine === undefined || mine.term !== known.term || commandKey(mine) !== known.key) {
        return {
          property: 'leader completeness',
          summary: `${name}, leader of term ${state.currentTerm}, lacks committed entry ${index} (${describe(known)})`,
        };
      }
    }
    p.completenessChecked = Math.max(p.completenessChecked, this.committed.length - 1);
    return null;
  }

  private checkStateMachineSafety(name: string, state: RaftNodeView, p: NodeProgress): RaftViolation | null {
    const upTo = Math.min(state.lastApplied, state.log.entries.length);
    for (let index = p.appliedChecked + 1; index <= upTo; index++) {
      const entry = state.log.entries[index - 1]!;
      const key = commandKey(entry);
      const known = this.applied[index];
      if (known === undefined) {
        this.applied[index] = { term: entry.term, key, node: name };
      } else if (known.key !== key || known.term !== entry.term) {
        return {
          property: 'state machine safety',
          summary: `${name} applied ${describe({ term: entry.term, key })} at index ${index}, but ${known.node} applied ${describe(known)} there`,
        };
      }
    }
    if (upTo > p.appliedChecked) p.appliedChecked = upTo;
    return null;
  }
}

/** What a node's state looked like when the monitor last checked it (see `unchanged`). */
type LastChecked = {
  state: RaftState | undefined;
  role: string;
  term: number;
  log: RaftLog | undefined;
  length: number;
  truncations: number;
  commit: number;
  applied: number;
  /** How many entries were known committed then: a leader must be checked again when it grows. */
  committedCount: number;
};

/**
 * Checks the running nodes' states after each event of a run (hook it into runScenario's
 * `observer`). The first violation is kept with the global time it appeared; checking stops there.
 *
 * What it checks after an event is what a look at every node would find, without the look: a
 * node whose checked fields are as they were at its last check, while no entry was committed
 * anywhere since, passes the same checks again, so it is skipped. A message or a timer changes one
 * node's state at most (the engine says which: Observer's `touched`), and a node that is not a
 * leader is checked against nothing that grows elsewhere, so after such an event only the touched
 * node and the leaders can have something new to check. Leaders are few (one per term, and a term
 * has at most one unless the run is already broken), so an event costs O(leaders), not O(nodes):
 * a 999-node cluster is watched at the cost of a 3-node one. The start and faults (a restart, a
 * resume that replays a backlog) may touch any node: every node is looked at then, as before.
 * The nodes are visited in index order either way, so the first violation found, and the event
 * it is found at, are those a look at every node would report.
 */
export function createRaftSafetyMonitor(nodes: readonly string[]): {
  observe(view: SimView, touched?: number): void;
  firstViolation(): { at: number; summary: string; property: RaftViolation['property'] } | null;
} {
  const invariants = new RaftInvariants();
  let violation: { at: number; summary: string; property: RaftViolation['property'] } | null = null;
  const last: LastChecked[] = nodes.map(() => ({ state: undefined, role: '', term: -1, log: undefined, length: -1, truncations: -1, commit: -1, applied: -1, committedCount: -1 }));
  /** Nodes last checked as leaders, in index order (a crashed one stays until it is checked again). */
  const leaders: number[] = [];

  const unchanged = (seen: LastChecked, state: RaftState): boolean =>
    seen.state === state &&
    seen.role === state.role &&
    seen.term === state.currentTerm &&
    seen.log === state.log &&
    seen.length === state.log.entries.length &&
    seen.truncations === state.log.truncations &&
    seen.commit === state.commitIndex &&
    seen.applied === state.lastApplied &&
    seen.committedCount === invariants.committedCount;

  /** Checks node `i` if it changed since its last check; false once a violation is found. */
  const visit = (view: SimView, i: number): boolean => {
    if (!view.isUp(i)) return true;
    const state = view.protocolState(i) as RaftState | undefined;
    if (state === undefined) return true;
    const seen = last[i]!;
    if (unchanged(seen, state)) return true;
    const found = invariants.checkNode(nodes[i]!, state);
    if (found !== null) {
      violation = { at: view.now, summary: `${found.property}: ${found.summary}`, property: found.property };
      return false;
    }
    const log = state.log;
    seen.state = state;
    seen.role = state.role;
    seen.term = state.currentTerm;
    seen.log = log;
    seen.length = log.entries.length;
    seen.truncations = log.truncations;
    seen.commit = state.commitIndex;
    seen.applied = state.lastApplied;
    seen.committedCount = invariants.committedCount;
    const at = leaderPosition(i);
    const leading = state.role === 'leader';
    if (leading && (at >= leaders.length || leaders[at] !== i)) leaders.splice(at, 0, i);
    else if (!leading && at < leaders.length && leaders[at] === i) leaders.splice(at, 1);
    return true;
  };

  /** Where node `i` is, or would go, in `leaders` (binary search: a broken run may have many). */
  const leaderPosition = (i: number): number => {
    let low = 0;
    let high = leaders.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (leaders[mid]! < i) low = mid + 1;
      else high = mid;
    }
    return low;
  };

  return {
    observe(view, touched = ANY_NODE) {
      if (violation !== null) return;
      if (touched < 0) {
        for (let i = 0; i < nodes.length; i++) if (!visit(view, i)) return;
        return;
      }
      // The touched node and the leaders, in index order. A leader after the touched node is
      // looked at after it, so an entry the touched node just saw committed is checked against
      // that leader in the same event; one before it, at the next event (as a full look would).
      // A visit changes only its own node's place in `leaders`, so the next node to visit is
      // looked up afresh each time.
      let from = 0;
      for (;;) {
        const at = leaderPosition(from);
        let next = at < leaders.length ? leaders[at]! : nodes.length;
        if (touched >= from && touched < next) next = touched;
        if (next >= nodes.length) return;
        if (!visit(view, next)) return;
        from = next + 1;
      }
    },
    firstViolation: () => violation,
  };
}
