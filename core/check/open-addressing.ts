// The two memo tables of the searches (linearized-cache.ts, failed-configs.ts) are open-addressed
// hash tables in one Int32Array: `stride` words per slot, word 0 the hash, word 1 non-zero when
// the slot is taken. Growing one is the same for both.

import type { MemoryBudget } from './budget.ts';

/** No table grows past this many 32-bit words (a typed array of more cannot be allocated). */
export const MAX_TABLE_WORDS = 2 ** 28;

/**
 * Slots a new table starts with: 1024, or fewer when each slot is wide (a search over a very
 * long piece) so an empty table does not cost more than 4 MB, and reserved from the budget.
 */
export function initialSlots(stride: number, memory: MemoryBudget | null): number {
  let slots = 1024;
  while (slots > 16 && slots * stride * 4 > 4 * 1024 * 1024) slots >>= 1;
  memory?.reserve(slots * stride * 4);
  return slots;
}

/** The table re-hashed into twice the slots (the capacity is a power of two). */
export function doubledTable(old: Int32Array, stride: number, oldCapacity: number): Int32Array {
  const capacity = oldCapacity * 2;
  const t = new Int32Array(capacity * stride);
  const mask = capacity - 1;
  for (let s = 0; s < oldCapacity; s++) {
    const from = s * stride;
    if (old[from + 1] === 0) continue;
    let slot = old[from]! & mask;
    while (t[slot * stride + 1] !== 0) slot = (slot + 1) & mask;
    const to = slot * stride;
    for (let k = 0; k < stride; k++) t[to + k] = old[from + k]!;
  }
  return t;
}

/**
 * The table doubled if the size cap and the memory budget allow it, else null (the caller marks
 * itself full and the budget exhausted, so the search ends undecided instead of throwing).
 */
export function grownWithin(old: Int32Array, stride: number, oldCapacity: number, memory: MemoryBudget | null): Int32Array | null {
  const bytes = old.byteLength * 2;
  if (bytes / 4 > MAX_TABLE_WORDS || (memory !== null && !memory.reserve(bytes))) {
    if (memory !== null) memory.exhausted = true;
    return null;
  }
  memory?.release(old.byteLength);
  return doubledTable(old, stride, oldCapacity);
}
