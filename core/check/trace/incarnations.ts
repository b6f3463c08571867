// What each node applied to its state machine, per incarnation: a restart starts a new one (the
// node rebuilds from its durable state, replaying and re-applying), so counts never mix lives.
// A node that restores a saved store instead (Raft's snapshot, primary/backup's data files) says
// so in the trace (restored-store.ts): its new life then also holds everything it applied, in
// any earlier life, at a log position the store covers. A store kept without a log (a 2PC
// participant's data, the service model's database, the lease lock's storage) says it kept them
// all: every write the node applied in any life. At the end, a node lists the log entries it
// stores unapplied: those writes are on it too.

import { restoredStoreOf, storedEntriesOf } from '../../sim/restored-store.ts';
import type { TraceEvent } from '../../types/trace.ts';

export type Applied = {
  /** opId → how many times this incarnation applied it. */
  counts: Map<number, number>;
  /** The restored store this incarnation started from covers log positions 1..restoredThrough (0: none). */
  restoredThrough: number;
  /** The restored store (one with no log) holds every write this node applied in any life. */
  restoredAll: boolean;
  /** Operations of log entries the node stored but had not applied when the run ended. */
  stored: Set<number>;
};

export type NodeApplies = {
  /** The current (last) incarnation of each node that applied anything. */
  current: Map<string, Applied>;
  /** Every incarnation, for counting duplicates. */
  all: Array<{ node: string; applied: Applied }>;
  /**
   * Per node, opId → the lowest log position at which the node applied it in any life (only for
   * apply events that carry a position), minus what the node later dropped: what a restored
   * store through a position holds.
   */
  positions: Map<string, Map<number, number>>;
  /** Per node, its incarnations in order: what a store that kept every earlier write holds. */
  lives: Map<string, Applied[]>;
  /** Per node, the operations it later dropped (a demoted primary's unreplicated writes): held by no store. */
  dropped: Map<string, Set<number>>;
  /** Nodes crashed (and not restarted) at the end of the trace. */
  downAtEnd: Set<string>;
  sawApply: boolean;
};

export function appliesByNode(trace: ReadonlyArray<TraceEvent>): NodeApplies {
  const current = new Map<string, Applied>();
  const all: Array<{ node: string; applied: Applied }> = [];
  const positions = new Map<string, Map<number, number>>();
  const downAtEnd = new Set<string>();
  const lives = new Map<string, Applied[]>();
  const dropped = new Map<string, Set<number>>();
  let sawApply = false;
  const fresh = (node: string): Applied => {
    const a: Applied = { counts: new Map(), restoredThrough: 0, restoredAll: false, stored: new Set() };
    current.set(node, a);
    all.push({ node, applied: a });
    let mine = lives.get(node);
    if (mine === undefined) lives.set(node, (mine = []));
    mine.push(a);
    return a;
  };
  for (const e of trace) {
    if (e.kind === 'crash') downAtEnd.add(e.node);
    else if (e.kind === 'restart') {
      downAtEnd.delete(e.node);
      fresh(e.node);
    } else if (e.kind === 'apply') {
      sawApply = true;
      const a = current.get(e.node) ?? fresh(e.node);
      a.counts.set(e.op, (a.counts.get(e.op) ?? 0) + 1);
      if (e.index !== undefined) {
        let mine = positions.get(e.node);
        if (mine === undefined) positions.set(e.node, (mine = new Map()));
        const known = mine.get(e.op);
        if (known === undefined || e.index < known) mine.set(e.op, e.index);
      }
    } else if (e.kind === 'state') {
      const restored = restoredStoreOf(e.state);
      if (restored !== undefined) {
        const a = current.get(e.node) ?? fresh(e.node);
        a.restoredThrough = restored.through;
        a.restoredAll = restored.allApplied === true;
      }
      const stored = storedEntriesOf(e.state);
      if (stored !== undefined) {
        const a = current.get(e.node) ?? fresh(e.node);
        for (const op of stored) a.stored.add(op);
      }
      if (Array.isArray(e.state['dropped'])) {
        // A demoted primary that rejoins throws away the writes it never replicated (it notes
        // their opIds as `dropped`): they are no longer on that node, however often it applied
        // them, and no store it restores later holds them.
        const a = current.get(e.node);
        const mine = positions.get(e.node);
        for (const op of e.state['dropped'] as unknown[]) {
          if (typeof op !== 'number') continue;
          a?.counts.delete(op);
          let gone = dropped.get(e.node);
          if (gone === undefined) dropped.set(e.node, (gone = new Set()));
          gone.add(op);
          mine?.delete(op);
        }
      }
    }
  }
  return { current, all, positions, lives, dropped, downAtEnd, sawApply };
}

/**
 * Whether `node`'s current life holds operation `opId`: applied in it, in the store it restored,
 * or stored in its log unapplied at the end.
 */
export function holdsOperation(applies: NodeApplies, node: string, opId: number): boolean {
  const a = applies.current.get(node);
  if (a === undefined) return false;
  if (a.counts.has(opId) || a.stored.has(opId)) return true;
  // A store with no log that kept everything: any life of this node that applied it.
  if (a.restoredAll) return applies.dropped.get(node)?.has(opId) !== true && (applies.lives.get(node) ?? []).some((life) => life.counts.has(opId));
  if (a.restoredThrough === 0) return false;
  const position = applies.positions.get(node)?.get(opId);
  return position !== undefined && position <= a.restoredThrough;
}
