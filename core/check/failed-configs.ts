// Configurations the search has finished exploring without success, kept so that a larger one
// can be pruned: if (L, s) failed, then (L ∪ I, s) fails too whenever I holds only indeterminate
// operations that can never be refused (their results are unknown). Any valid order from the
// larger configuration would work from the smaller one by placing I at the very end, which is
// always allowed because they never complete. Such "free" operations are tracked as a 32-bit
// mask beside the bitset of the others (the core), and an entry prunes any configuration with
// the same core and state whose free set contains the entry's.

import type { MemoryBudget } from './budget.ts';
import { EntryTable } from './open-addressing.ts';

export class FailedConfigs {
  /**
   * Open addressing on (core bits, state): per entry [hash, state + 1, first mask, core word 0,
   * ...] (open-addressing.ts). Each entry chains the free masks recorded for that core and state,
   * kept minimal (no mask contains another), since the smallest ones prune most.
   */
  private readonly table: EntryTable;
  /** Mask lists as chains in flat arrays (no per-bucket JS arrays for the collector to chase). */
  private maskValue = new Int32Array(1024);
  private maskNext = new Int32Array(1024);
  private masks = 1; // entry 0 is unused: 0 ends a chain

  constructor(
    private readonly width: number,
    private readonly memory: MemoryBudget | null = null,
  ) {
    this.table = new EntryTable(width + 3, memory);
  }

  /** Gives the table's bytes back to the budget. */
  release(): void {
    this.table.release();
    this.memory?.release(this.maskValue.byteLength * 2);
  }

  private static hash(coreHash: number, state: number): number {
    let h = (coreHash ^ Math.imul(state + 1, 0x27d4eb2d)) | 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h;
  }

  /** The entry for (core of bits ∪ {op}, state): its offset (>= 0), or -(empty slot) - 1. */
  private find(bits: Uint32Array, op: number, coreMask: Uint32Array, state: number, h: number): number {
    const w = this.width;
    const table = this.table;
    const stride = table.stride;
    const index = table.index;
    const t = table.entries;
    const mask = index.length - 1;
    const opWord = op >>> 5;
    const opBit = op < 0 ? 0 : 1 << (op & 31);
    let slot = h & mask;
    for (;;) {
      const e = index[slot]!;
      if (e === 0) return -slot - 1;
      const at = (e - 1) * stride;
      if (t[at] === h && t[at + 1] === state + 1) {
        let k = 0;
        for (; k < w; k++) {
          const mine = (k === opWord ? bits[k]! | opBit : bits[k]!) & coreMask[k]!;
          if (t[at + 3 + k] !== mine) break;
        }
        if (k === w) return at;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Records (core bits, free mask, state) as failed. */
  add(bits: Uint32Array, coreMask: Uint32Array, free: number, state: number, coreHash: number): void {
    const h = FailedConfigs.hash(coreHash, state);
    const found = this.find(bits, -1, coreMask, state, h);
    if (found >= 0) {
      const t = this.table.entries;
      const head = found + 2;
      for (let e = t[head]!; e !== 0; e = this.maskNext[e]!) {
        if ((this.maskValue[e]! & ~free) === 0) return; // a smaller failure already covers it
      }
      // Unlink the masks the new one covers (their configurations are pruned by it anyway).
      let prev = 0;
      for (let e = t[head]!; e !== 0; e = this.maskNext[e]!) {
        if ((free & ~this.maskValue[e]!) === 0) {
          if (prev === 0) t[head] = this.maskNext[e]!;
          else this.maskNext[prev] = this.maskNext[e]!;
        } else prev = e;
      }
      t[head] = this.newMask(free, t[head]!);
      return;
    }
    const at = this.table.add(-found - 1, h);
    if (at < 0) return;
    const t = this.table.entries;
    t[at + 1] = state + 1;
    t[at + 2] = this.newMask(free, 0);
    for (let k = 0; k < this.width; k++) t[at + 3 + k] = bits[k]! & coreMask[k]!;
  }

  /** Whether (bits ∪ {op}, free, state) is known to fail. */
  prunes(bits: Uint32Array, op: number, coreMask: Uint32Array, free: number, state: number, coreHash: number): boolean {
    const found = this.find(bits, op, coreMask, state, FailedConfigs.hash(coreHash, state));
    if (found < 0) return false;
    for (let e = this.table.entries[found + 2]!; e !== 0; e = this.maskNext[e]!) {
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
}
