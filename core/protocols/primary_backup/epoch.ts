// Epochs order primaries in time: a node obeys the newest epoch it has seen and refuses older ones.

import type { Epoch } from './types.ts';

export function isNewer(a: Epoch, b: Epoch): boolean {
  return a.n > b.n || (a.n === b.n && a.by > b.by);
}

export function sameEpoch(a: Epoch | null | undefined, b: Epoch | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a == b;
  return a.n === b.n && a.by === b.by;
}
