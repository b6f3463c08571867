// What a replica stores for one key, and the three ways of merging what it has with what it is
// sent. The same merge serves every path a value can arrive by — a write, read repair, a hinted
// handoff — so a replica's content depends only on which versions reached it, never on how.

import { compareVectors, mergeVectors, EMPTY_VECTOR, type VersionVector } from './version-vector.ts';
import type { ConflictResolution } from './settings.ts';

/** One written value with its version vector and its writer's local timestamp. */
export type Versioned = {
  readonly value: unknown;
  readonly opId: number;
  readonly vv: VersionVector;
  /** The coordinator's local clock when it took the write: last-write-wins compares these. */
  readonly ts: number;
  readonly writer: string;
};

/**
 * A counter CRDT (PN-counter): per node, the operations that node coordinated, increments and
 * decrements apart. A node only ever appends to its own lists, so for any node the longer list
 * contains the shorter one: merging takes the longer list per node, in any order, any number of
 * times, and every replica ends equal.
 */
export type Counter = {
  readonly kind: 'counter';
  readonly inc: Readonly<Record<string, readonly number[]>>;
  readonly dec: Readonly<Record<string, readonly number[]>>;
};

/** Registers keep versions: one under lww, every mutually concurrent one under siblings. */
export type Entry = { readonly kind: 'versions'; readonly versions: readonly Versioned[] } | Counter;

export type MergeResult = {
  entry: Entry;
  /** Operations that took effect here with this merge (an `apply` each). */
  added: readonly number[];
  /** lww only: versions dropped although they had seen the value that beat them (clock skew). */
  causallyLaterDropped: number;
};

export const EMPTY_COUNTER: Counter = { kind: 'counter', inc: {}, dec: {} };

/** Shared by every merge that adds nothing (most of them): one allocation less per message. */
const NOTHING_ADDED: readonly number[] = Object.freeze([]);

export function mergeEntry(local: Entry | undefined, incoming: Entry, mode: ConflictResolution): MergeResult {
  if (incoming.kind === 'counter') {
    return mergeCounters(local?.kind === 'counter' ? local : EMPTY_COUNTER, incoming);
  }
  const mine = local?.kind === 'versions' ? local.versions : [];
  return mode === 'lww' ? mergeLww(local, mine, incoming.versions) : mergeSiblings(mine, incoming.versions);
}

/**
 * Larger timestamp wins; equal timestamps fall back to writer name, then to the writer's own
 * count in the vector, then operation — a total order, so every replica picks the same one. One
 * node stamps several writes with the same clock reading when it takes them in the same instant
 * (a node resuming from a pause serves its queue at once): its own count orders them as it made
 * them, where the operation id would let the earlier one win.
 */
export function lwwBeats(a: Versioned, b: Versioned): boolean {
  if (a.ts !== b.ts) return a.ts > b.ts;
  if (a.writer !== b.writer) return a.writer > b.writer;
  const ownA = a.vv[a.writer] ?? 0;
  const ownB = b.vv[b.writer] ?? 0;
  if (ownA !== ownB) return ownA > ownB;
  return a.opId > b.opId;
}

function mergeLww(current: Entry | undefined, mine: readonly Versioned[], incoming: readonly Versioned[]): MergeResult {
  let winner: Versioned | undefined = mine[0];
  const before = winner;
  let causallyLaterDropped = 0;
  for (const v of incoming) {
    if (winner === undefined || lwwBeats(v, winner)) {
      winner = v;
    } else if (v.opId !== winner.opId && compareVectors(v.vv, winner.vv) === 'after') {
      // The newcomer was written by someone who had already seen the current value, yet its
      // clock said "earlier": the write that came later in cause-and-effect order disappears.
      causallyLaterDropped++;
    }
  }
  if (winner === undefined || winner === before) {
    const entry: Entry = current?.kind === 'versions' ? current : { kind: 'versions', versions: mine };
    return { entry, added: NOTHING_ADDED, causallyLaterDropped };
  }
  return { entry: { kind: 'versions', versions: [winner] }, added: [winner.opId], causallyLaterDropped };
}

function mergeSiblings(mine: readonly Versioned[], incoming: readonly Versioned[]): MergeResult {
  let kept: Versioned[] | null = null;
  let current = mine;
  const added: number[] = [];
  for (const v of incoming) {
    let obsolete = false;
    for (const s of current) {
      const o = compareVectors(v.vv, s.vv);
      if (o === 'before' || o === 'equal') {
        obsolete = true;
        break;
      }
    }
    if (obsolete) continue;
    // Keep every sibling the newcomer has not seen; it replaces the ones it has.
    kept = current.filter((s) => compareVectors(s.vv, v.vv) !== 'before');
    kept.push(v);
    kept.sort((a, b) => a.opId - b.opId);
    current = kept;
    added.push(v.opId);
  }
  return { entry: { kind: 'versions', versions: current }, added, causallyLaterDropped: 0 };
}

function mergeCounters(mine: Counter, theirs: Counter): MergeResult {
  const added: number[] = [];
  const inc = mergeSide(mine.inc, theirs.inc, added);
  const dec = mergeSide(mine.dec, theirs.dec, added);
  if (inc === mine.inc && dec === mine.dec) return { entry: mine, added, causallyLaterDropped: 0 };
  return { entry: { kind: 'counter', inc, dec }, added, causallyLaterDropped: 0 };
}

function mergeSide(
  mine: Readonly<Record<string, readonly number[]>>,
  theirs: Readonly<Record<string, readonly number[]>>,
  added: number[],
): Readonly<Record<string, readonly number[]>> {
  let out: Record<string, readonly number[]> | null = null;
  for (const node in theirs) {
    const t = theirs[node]!;
    const m = mine[node] ?? [];
    if (t.length <= m.length) continue;
    out ??= { ...mine };
    out[node] = t;
    for (let i = m.length; i < t.length; i++) added.push(t[i]!);
  }
  return out ?? mine;
}

/** What a client reads: absent → null; one version → its value; siblings → their values; a counter → its total. */
export function entryValue(entry: Entry | undefined): unknown {
  if (entry === undefined) return null;
  if (entry.kind === 'counter') return sideTotal(entry.inc) - sideTotal(entry.dec);
  if (entry.versions.length === 0) return null;
  if (entry.versions.length === 1) return entry.versions[0]!.value;
  return entry.versions.map((v) => v.value);
}

function sideTotal(side: Readonly<Record<string, readonly number[]>>): number {
  let total = 0;
  for (const node in side) total += side[node]!.length;
  return total;
}

/** The version vector that summarises an entry: what a new write made on top of it has seen. */
export function entryVector(entry: Entry | undefined): VersionVector {
  if (entry === undefined) return EMPTY_VECTOR;
  if (entry.kind === 'counter') {
    // A counter's per-node operation counts are themselves a version vector.
    const v: Record<string, number> = {};
    for (const node in entry.inc) v[node] = entry.inc[node]!.length;
    for (const node in entry.dec) v[node] = (v[node] ?? 0) + entry.dec[node]!.length;
    return v;
  }
  if (entry.versions.length === 1) return entry.versions[0]!.vv;
  let v: VersionVector = EMPTY_VECTOR;
  for (const s of entry.versions) v = mergeVectors(v, s.vv);
  return v;
}

/** Every operation whose effect this entry holds (used when a restarted node re-announces its data). */
export function entryOps(entry: Entry): number[] {
  if (entry.kind === 'versions') return entry.versions.map((v) => v.opId);
  const ops: number[] = [];
  // Loops, not push(...): a counter's operation list grows with the run.
  for (const node in entry.inc) for (const op of entry.inc[node]!) ops.push(op);
  for (const node in entry.dec) for (const op of entry.dec[node]!) ops.push(op);
  return ops;
}

/** Whether merging `newer` into `entry` would change it: the replica that sent `entry` is stale. */
export function isMissing(entry: Entry | undefined, newer: Entry, mode: ConflictResolution): boolean {
  return mergeEntry(entry, newer, mode).added.length > 0;
}
