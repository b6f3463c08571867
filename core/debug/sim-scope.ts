// The names an expression can read at the cursor (expression.ts): each node by name (its
// protocol state plus `up`, `paused`, `clock`), and a few facts about the whole run.
//   n1.role, n2.commitIndex, n3.log.length, n1.up     a node
//   leaders   running nodes that act as leader, primary or lock holder right now
//   up        running nodes          now   global time in µs          event   the cursor
//   inFlight  messages on their way  ops   history entries so far
// A node's state is read as the protocol keeps it; `term` also finds Raft's currentTerm and a
// primary's epoch, so one breakpoint reads across protocols.

import type { Engine } from '../sim/engine.ts';
import type { Scope } from './expression.ts';

/** Roles that lead: each protocol's own word for it. */
const LEADING_ROLES = new Set(['leader', 'primary', 'holder', 'coordinator']);

const ALIASES: Record<string, readonly string[]> = {
  term: ['currentTerm', 'epoch'],
  vote: ['votedFor'],
  commit: ['commitIndex'],
  commitIndex: ['commit'],
};

/** A node as expressions see it: its state's fields, with engine facts beside them. */
export function nodeView(engine: Engine, index: number): Record<string, unknown> {
  const state = engine.protocolState(index);
  const view: Record<string, unknown> = {};
  if (state !== null && typeof state === 'object') {
    for (const key of Object.keys(state)) view[key] = (state as Record<string, unknown>)[key];
  }
  for (const [alias, sources] of Object.entries(ALIASES)) {
    if (view[alias] !== undefined) continue;
    const source = sources.find((name) => view[name] !== undefined);
    if (source !== undefined) view[alias] = view[source];
  }
  view['name'] = engine.nodes[index];
  view['up'] = engine.isUp(index);
  view['paused'] = engine.isPaused(index);
  view['clock'] = engine.localTime(index);
  if (!engine.isUp(index)) view['role'] = 'down';
  return view;
}

export function leadingNodes(engine: Engine): number {
  let count = 0;
  for (let i = 0; i < engine.nodes.length; i++) {
    if (!engine.isUp(i)) continue;
    const role = (engine.protocolState(i) as { role?: unknown } | undefined)?.role;
    if (typeof role === 'string' && LEADING_ROLES.has(role)) count++;
  }
  return count;
}

export function simScope(engine: Engine): Scope {
  const facts: Record<string, () => unknown> = {
    leaders: () => leadingNodes(engine),
    up: () => engine.nodes.filter((_, i) => engine.isUp(i)).length,
    now: () => engine.now,
    event: () => engine.eventCount,
    inFlight: () => engine.messagesInFlight().length,
    ops: () => engine.history.length,
  };
  return {
    lookup(name) {
      const node = engine.nodeIndex(name);
      if (node >= 0) return nodeView(engine, node);
      return facts[name]?.();
    },
    names: () => [...engine.nodes, ...Object.keys(facts)],
  };
}
