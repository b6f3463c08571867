// What a node holds that its `apply` events do not show, said in trace-only `state` effects, so
// the lost-write check judges what each node really holds:
// - A node restarted from a saved store (Raft's snapshot, a primary/backup node's data files)
//   holds writes it never re-applies in its new life. One effect at restart says the store holds
//   every write this node applied at log positions 1..`through` (the `index` of its `apply`
//   events) and, for a reader of values, the store's content. A store kept without a log (a 2PC
//   participant's committed data, the service model's database, the lease lock's storage) has
//   no positions to name: it says it kept everything (`allApplied`), and the checkers count every
//   write the node applied in any earlier life as held. One flag, not a list: a list repeated at
//   every restart would grow with restarts × writes, outside any budget.
// - At the end of the run, a node's log may hold entries it has not applied yet (a follower that
//   has not heard the commit index; a backup of a semi-sync primary). An acknowledged write there
//   is on that node, not lost: one effect from Protocol.atEnd lists their operations.
// Only the trace reads them, so they are left out when no trace is kept.

import type { Effect } from './protocol.ts';

export type RestoredStore = {
  /** The store holds what this node applied at positions 1..through, in any earlier life. */
  through: number;
  /** key → value held by the restored store. */
  values: Record<string, unknown>;
  /** The store holds every write this node applied in any earlier life: a store with no log positions (through 0). */
  allApplied?: true;
};

/** The `state` effect announcing a restored store (the trace's `state.restored`) that holds what this node applied at positions 1..through. */
export function restoredStoreEffect<M>(through: number, store: ReadonlyMap<string, unknown>): Effect<M> {
  return { kind: 'state', state: { restored: { through, values: valuesOf(store) } satisfies RestoredStore } };
}

/** The same for a store with no log that kept every write this node applied (its data is on disk). */
export function keptStoreEffect<M>(store: ReadonlyMap<string, unknown>): Effect<M> {
  return { kind: 'state', state: { restored: { through: 0, values: valuesOf(store), allApplied: true } satisfies RestoredStore } };
}

function valuesOf(store: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of store) values[key] = value;
  return values;
}

/** The restored store a trace `state` event announces, if it announces one. */
export function restoredStoreOf(state: Readonly<Record<string, unknown>>): RestoredStore | undefined {
  const restored = state['restored'];
  if (typeof restored !== 'object' || restored === null) return undefined;
  const { through, values } = restored as Partial<RestoredStore>;
  if (typeof through !== 'number' || typeof values !== 'object' || values === null) return undefined;
  return (restored as Partial<RestoredStore>).allApplied === true ? { through, values, allApplied: true } : { through, values };
}

/**
 * The `state` effect listing the operations of log entries a node stores but has not applied.
 * `shown`: the node's whole visible state (role, term, ...), repeated so that a reader taking each
 * `state` event as the node's full state still reads it right at the run's last instant.
 */
export function storedEntriesEffect<M>(shown: Readonly<Record<string, unknown>>, opIds: readonly number[]): Effect<M> {
  return { kind: 'state', state: { ...shown, stored: opIds } };
}

/** The operations a trace `state` event says the node stores unapplied, if it says so. */
export function storedEntriesOf(state: Readonly<Record<string, unknown>>): readonly number[] | undefined {
  const stored = state['stored'];
  return Array.isArray(stored) ? stored.filter((op): op is number => typeof op === 'number') : undefined;
}
