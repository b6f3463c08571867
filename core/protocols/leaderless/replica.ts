// The replica side: taking versions into the store (emitting an `apply` for every operation that
// takes effect and one `state` effect per change), answering reads, and keeping hints.

import type { Out } from '../../sim/protocol.ts';
import { entryValue, entryVector, mergeEntry, type Entry } from './entry.ts';
import type { LeaderlessMessage, LeaderlessState } from './types.ts';

/** Merges `incoming` into this replica's copy of `key`; returns whether anything changed. */
export function storeVersions(state: LeaderlessState, key: string, incoming: Entry, out: Out<LeaderlessMessage>): boolean {
  const before = state.store.get(key);
  const result = mergeEntry(before, incoming, state.settings.resolution);
  if (result.causallyLaterDropped > 0) {
    state.causallyLaterDropped += result.causallyLaterDropped;
    out.push({ kind: 'state', state: { 'causally later writes dropped': state.causallyLaterDropped } });
  }
  if (result.added.length === 0) return false;
  state.store.set(key, result.entry);
  let log = state.applied.get(key);
  if (log === undefined) state.applied.set(key, (log = []));
  const value = entryValue(result.entry);
  for (const opId of result.added) {
    log.push(opId);
    out.push({ kind: 'apply', opId, key, value });
  }
  out.push({ kind: 'state', state: { [stateField(state, key)]: describeEntry(result.entry) } });
  return true;
}

/** The state-effect field for a key: `key x`. */
export function stateField(state: LeaderlessState, key: string): string {
  let field = state.stateFields.get(key);
  if (field === undefined) state.stateFields.set(key, (field = `key ${key}`));
  return field;
}

/**
 * What the inspector shows for a key on one replica: its version vector (node → count; vectors
 * are never mutated, so the trace may keep this one), value and sibling count. Formatting is left
 * to the viewer (`formatVector`): this runs on every change.
 */
export function describeEntry(entry: Entry): Record<string, unknown> {
  return {
    vector: entryVector(entry),
    value: entryValue(entry),
    siblings: entry.kind === 'versions' ? entry.versions.length : 1,
  };
}

/** What this node can say about `key`: its own copy merged with any hints it keeps for others. */
export function readLocal(state: LeaderlessState, key: string): Entry | null {
  let entry = state.store.get(key);
  for (const hints of state.hints.values()) {
    const hinted = hints.items.get(key);
    if (hinted !== undefined) entry = mergeEntry(entry, hinted, state.settings.resolution).entry;
  }
  return entry ?? null;
}

export function keepHint(state: LeaderlessState, home: string, key: string, entry: Entry, out: Out<LeaderlessMessage>): void {
  let hints = state.hints.get(home);
  if (hints === undefined) state.hints.set(home, (hints = { seq: 0, items: new Map() }));
  hints.items.set(key, mergeEntry(hints.items.get(key), entry, state.settings.resolution).entry);
  hints.seq++;
  out.push({ kind: 'state', state: { hints: hintCount(state) } });
}

export function hintCount(state: LeaderlessState): number {
  let count = 0;
  for (const h of state.hints.values()) count += h.items.size;
  return count;
}
