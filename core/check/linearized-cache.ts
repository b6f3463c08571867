// The WGL memo: the set of (linearized operations, model state) configurations already explored.
// Reaching one again cannot lead anywhere new, so the search skips it. Stored flat in typed
// arrays (open addressing, each entry's hash, state and bitset side by side) so that a lookup
// allocates nothing and touches few cache lines.

import type { MemoryBudget } from './budget.ts';
import { grownWithin, initialSlots } from './open-addressing.ts';

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
  /**
   * Open addressing with the keys stored in the table itself: per slot [hash, state + 1, word0,
   * word1, ...], so a probe usually costs one memory access. state + 1 === 0 marks an empty slot.
   */
  private table: Int32Array;
  private capacity: number;
  private count = 0;
  private readonly stride: number;
  /**
   * Set when the memory budget refused a bigger table: the table keeps its size, fills to 3/4 and
   * then stops remembering (the search stays exact, only slower; its caller stops it soon).
   */
  private full = false;

  constructor(
    private readonly width: number,
    private readonly memory: MemoryBudget | null = null,
  ) {
    this.stride = width + 2;
    this.capacity = initialSlots(this.stride, memory);
    this.table = new Int32Array(this.capacity * this.stride);
  }

  /** Gives the table's bytes back to the budget (the search is done with it). */
  release(): void {
    this.memory?.release(this.table.byteLength);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds (bits ∪ {op}, state) unless present; returns true when it was new.
   * `zob` is the Zobrist hash of `bits` ∪ {op}.
   */
  addWith(bits: Uint32Array, op: number, zob: number, state: number): boolean {
    let h = (zob ^ Math.imul(state + 1, 0x85ebca6b)) | 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 13;
    const w = this.width;
    const stride = this.stride;
    const opWord = op >>> 5;
    const opBit = 1 << (op & 31);
    const t = this.table;
    const mask = this.capacity - 1;
    let slot = h & mask;
    for (;;) {
      const at = slot * stride;
      const s1 = t[at + 1]!;
      if (s1 === 0) break;
      if (t[at] === h && s1 === state + 1) {
        let k = 0;
        for (; k < w; k++) {
          const mine = k === opWord ? bits[k]! | opBit : bits[k]! | 0;
          if (t[at + 2 + k] !== mine) break;
        }
        if (k === w) return false;
      }
      slot = (slot + 1) & mask;
    }
    if (this.full && this.count * 4 >= this.capacity * 3) return true;
    const at = slot * stride;
    t[at] = h;
    t[at + 1] = state + 1;
    for (let k = 0; k < w; k++) t[at + 2 + k] = bits[k]!;
    t[at + 2 + opWord] = t[at + 2 + opWord]! | opBit;
    this.count++;
    if (this.count * 2 > this.capacity) this.grow();
    return true;
  }

  private grow(): void {
    if (this.full) return;
    const grown = grownWithin(this.table, this.stride, this.capacity, this.memory);
    if (grown === null) {
      this.full = true;
      return;
    }
    this.table = grown;
    this.capacity *= 2;
  }
}
