// Configurations the search has finished exploring without success, kept so that a larger one
// can be pruned: if (L, s) failed, then (L ∪ I, s) fails too whenever I holds only indeterminate
// operations that can never be refused (their results are unknown). Any valid order from the
// larger configuration would work from the smaller one by placing I at the very end, which is
// always allowed because they never complete. Such "free" operations are tracked as a 32-bit
// mask beside the bitset of the others (the core), and an entry prunes any configuration with
// the same core and state whose free set contains the entry's.

import type { MemoryBudget } from './budget.ts';
import { grownWithin, initialSlots } from './open-addressing.ts';

export class FailedConfigs {
  /**
   * Open addressing on (core bits, state): per slot [hash, state + 1, first mask, core word 0,
   * ...]; state + 1 === 0 marks an empty slot. Each slot chains the free masks recorded for that
   * core and state, kept minimal (no mask contains another), since the smallest ones prune most.
   */
  private table: Int32Array;
  private capacity: number;
  private count = 0;
  /** The memory budget refused a bigger table: record nothing new once it is 3/4 full. */
  private full = false;
  private readonly stride: number;
  /** Mask lists as chains in flat arrays (no per-bucket JS arrays for the collector to chase). */
  private maskValue = new Int32Array(1024);
  private maskNext = new Int32Array(1024);
  private masks = 1; // entry 0 is unused: 0 ends a chain

  constructor(
    private readonly width: number,
    private readonly memory: MemoryBudget | null = null,
  ) {
    this.stride = width + 3;
    this.capacity = initialSlots(this.stride, memory);
    this.table = new Int32Array(this.capacity * this.stride);
  }

  /** Gives the table's bytes back to the budget. */
  release(): void {
    this.memory?.release(this.table.byteLength + this.maskValue.byteLength * 2);
  }

  private static hash(coreHash: number, state: number): number {
    let h = (coreHash ^ Math.imul(state + 1, 0x27d4eb2d)) | 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h;
  }

  /** The slot for (core of bits ∪ {op}, state): found (>= 0), or -(empty slot) - 1. */
  private find(bits: Uint32Array, op: number, coreMask: Uint32Array, state: number, h: number): number {
    const w = this.width;
    const stride = this.stride;
    const t = this.table;
    const mask = this.capacity - 1;
    const opWord = op >>> 5;
    const opBit = op < 0 ? 0 : 1 << (op & 31);
    let slot = h & mask;
    for (;;) {
      const at = slot * stride;
      if (t[at + 1] === 0) return -slot - 1;
      if (t[at] === h && t[at + 1] === state + 1) {
        let k = 0;
        for (; k < w; k++) {
          const mine = (k === opWord ? bits[k]! | opBit : bits[k]!) & coreMask[k]!;
          if (t[at + 3 + k] !== mine) break;
        }
        if (k === w) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Records (core bits, free mask, state) as failed. */
  add(bits: Uint32Array, coreMask: Uint32Array, free: number, state: number, coreHash: number): void {
    const h = FailedConfigs.hash(coreHash, state);
    const slot = this.find(bits, -1, coreMask, state, h);
    if (slot >= 0) {
      const head = slot * this.stride + 2;
      for (let e = this.table[head]!; e !== 0; e = this.maskNext[e]!) {
        if ((this.maskValue[e]! & ~free) === 0) return; // a smaller failure already covers it
      }
      // Unlink the masks the new one covers (their configurations are pruned by it anyway).
      let prev = 0;
      for (let e = this.table[head]!; e !== 0; e = this.maskNext[e]!) {
        if ((free & ~this.maskValue[e]!) === 0) {
          if (prev === 0) this.table[head] = this.maskNext[e]!;
          else this.maskNext[prev] = this.maskNext[e]!;
        } else prev = e;
      }
      this.table[head] = this.newMask(free, this.table[head]!);
      return;
    }
    if (this.full && this.count * 4 >= this.capacity * 3) return;
    const at = (-slot - 1) * this.stride;
    const t = this.table;
    t[at] = h;
    t[at + 1] = state + 1;
    t[at + 2] = this.newMask(free, 0);
    for (let k = 0; k < this.width; k++) t[at + 3 + k] = bits[k]! & coreMask[k]!;
    if (++this.count * 2 > this.capacity) this.grow();
  }

  /** Whether (bits ∪ {op}, free, state) is known to fail. */
  prunes(bits: Uint32Array, op: number, coreMask: Uint32Array, free: number, state: number, coreHash: number): boolean {
    const slot = this.find(bits, op, coreMask, state, FailedConfigs.hash(coreHash, state));
    if (slot < 0) return false;
    for (let e = this.table[slot * this.stride + 2]!; e !== 0; e = this.maskNext[e]!) {
      if ((this.maskValue[e]! & ~free) === 0) return true;
    }
    return false;
  }

  private newMask(value: number, next: number): number {
    if (this.masks === this.maskValue.length) {
      if (this.memory !== null && !this.memory.reserve(this.maskValue.byteLength * 2)) this.memory.exhausted = true;
      const v = new Int32Array(this.masks * 2);
      v.set(this.maskValue);
      this.maskValue = v;
      const n = new Int32Array(this.masks * 2);
      n.set(this.maskNext);
      this.maskNext = n;
    }
    const e = this.masks++;
    this.maskValue[e] = value;
    this.maskNext[e] = next;
    return e;
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
