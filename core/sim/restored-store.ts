// A node restarted from a saved store (Raft's snapshot, a primary/backup node's data files) holds
// writes it never re-applies in its new life, so the trace's `apply` events alone would say they
// are gone from it. The protocol says what it restored with one `state` effect at restart: the
// store holds every write this node applied at log positions 1..`through` (the `index` of its
// `apply` events) and, for a reader of values, the store's content. Only the trace reads it, so it
// is left out when no trace is kept.

import type { Effect } from './protocol.ts';

export type RestoredStore = {
  /** The store holds what this node applied at positions 1..through, in any earlier life. */
  through: number;
  /** key → value held by the restored store. */
  values: Record<string, unknown>;
};

/** The `state` effect announcing a restored store (the trace's `state.restored`). */
export function restoredStoreEffect<M>(through: number, store: ReadonlyMap<string, unknown>): Effect<M> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of store) values[key] = value;
  const restored: RestoredStore = { through, values };
  return { kind: 'state', state: { restored } };
}

/** The restored store a trace `state` event announces, if it announces one. */
export function restoredStoreOf(state: Readonly<Record<string, unknown>>): RestoredStore | undefined {
  const restored = state['restored'];
  if (typeof restored !== 'object' || restored === null) return undefined;
  const { through, values } = restored as Partial<RestoredStore>;
  if (typeof through !== 'number' || typeof values !== 'object' || values === null) return undefined;
  return { through, values };
}
