// The WGL memo: the set of (linearized operations, model state) configurations already explored.
// Reaching one again cannot lead anywhere new, so the search skips it. Stored flat in typed
// arrays (open addressing, each entry's hash, state and bitset side by side) so that a lookup
// allocates nothing and touches few cache lines.

import type { MemoryBudget } from './budget.ts';
import { EntryTable } from './open-addressing.ts';

/** Deterministic 32-bit hash values per operation (Zobrist hashing), from a fixed-seed generator. */
export function zobristTable(n: number): Int32Array {
  const t = new Int32Array(n);
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < n; i++) {
    // xorshift32: deterministic, no Math.random in core.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    t[i] = x;
  }
  return t;
}

export class LinearizedCache {
  /** Per entry [hash, state + 1, word0, word1, ...] (open-addressing.ts). */
  private readonly table: EntryTable;

  constructor(
    private readonly width: number,
    memory: MemoryBudget | null = null,
  ) {
    this.table = new EntryTable(width + 2, memory);
  }

  /** Gives the table's bytes back to the budget (the search is done with it). */
  release(): void {
    this.table.release();
  }

  get size(): number {
    return this.table.count;
  }

  /**
   * Adds (bits ∪ {op}, state) unless present; returns true when it was new (or could not be
   * remembered: the memory budget refused the table room). `zob` is the Zobrist hash of
   * `bits` ∪ {op}.
   */
  addWith(bits: Uint32Array, op: number, zob: number, state: number): boolean {
    let h = (zob ^ Math.imul(state + 1, 0x85ebca6b)) | 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 13;
    const w = this.width;
    const table = this.table;
    const stride = table.stride;
    const opWord = op >>> 5;
    const opBit = 1 << (op & 31);
    const index = table.index;
    const t = table.entries;
    const mask = index.length - 1;
    let slot = h & mask;
    for (;;) {
      const e = index[slot]!;
      if (e === 0) break;
      const at = (e - 1) * stride;
      if (t[at] === h && t[at + 1] === state + 1) {
        let k = 0;
        for (; k < w; k++) {
          const mine = k === opWord ? bits[k]! | opBit : bits[k]! | 0;
          if (t[at + 2 + k] !== mine) break;
        }
        if (k === w) return false;
      }
      slot = (slot + 1) & mask;
    }
    const at = table.add(slot, h);
    if (at < 0) return true;
    const entries = table.entries;
    entries[at + 1] = state + 1;
    entries.set(bits, at + 2);
    entries[at + 2 + opWord] = entries[at + 2 + opWord]! | opBit;
    return true;
  }
}
