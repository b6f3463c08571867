// The two memo tables of the searches (linearized-cache.ts, failed-configs.ts) are open-addressed
// hash tables over fixed-width entries. The entries sit one after another in one Int32Array
// (`stride` words each, word 0 the entry's hash, word 1 non-zero), and the slots of a separate,
// small index point at them. An entry holds a bitset of every operation of the piece, so with a
// few thousand operations it is a kilobyte: kept inside the slots themselves, a table at half
// load wasted half of that and every doubling re-hashed and copied all of it (a 120 s run's
// search spent more time growing its memo than searching). Here growing copies the entries once,
// end to end, and re-hashes only the one-word slots.

import type { MemoryBudget } from './budget.ts';

/** No entry array grows past this many 32-bit words (a typed array of more cannot be allocated). */
export const MAX_TABLE_WORDS = 2 ** 28;

export class EntryTable {
  /** Per slot: entry number + 1, or 0 for an empty slot. Twice as many slots as entries fit. */
  index: Int32Array;
  /** `stride` words per entry, word 0 its hash. */
  entries: Int32Array;
  /** Entries the array holds before it grows. */
  private room: number;
  count = 0;
  /**
   * Set when the memory budget refused room to grow: the table keeps what it holds and records
   * nothing more (a search stays exact, only slower; its caller stops it soon).
   */
  full = false;

  constructor(
    readonly stride: number,
    private readonly memory: MemoryBudget | null,
  ) {
    // 1024 entries to start, or fewer when each is wide, so an empty table costs at most ~4 MB.
    let room = 1024;
    while (room > 16 && room * stride * 4 > 4 * 1024 * 1024) room >>= 1;
    this.room = room;
    memory?.reserve(this.bytes(room));
    this.entries = new Int32Array(room * stride);
    this.index = new Int32Array(room * 2);
  }

  private bytes(room: number): number {
    return room * this.stride * 4 + room * 2 * 4;
  }

  /** Gives the table's bytes back to the budget (the search is done with it). */
  release(): void {
    this.memory?.release(this.bytes(this.room));
  }

  /**
   * A new entry with hash `h` in the empty slot `slot` (found by probing): its offset in
   * `entries` (word 0 already holds the hash), or -1 when the table is full. The caller fills the
   * rest; word 1 must be non-zero.
   */
  add(slot: number, h: number): number {
    if (this.count === this.room) {
      if (!this.grow()) return -1;
      // Growing re-hashed the slots: find the empty one again.
      slot = this.emptySlot(h);
    }
    const at = this.count * this.stride;
    this.entries[at] = h;
    this.index[slot] = ++this.count;
    return at;
  }

  private emptySlot(h: number): number {
    const mask = this.index.length - 1;
    let slot = h & mask;
    while (this.index[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): boolean {
    if (this.full) return false;
    const room = this.room * 2;
    if (room * this.stride > MAX_TABLE_WORDS || (this.memory !== null && !this.memory.reserve(this.bytes(room)))) {
      if (this.memory !== null) this.memory.exhausted = true;
      this.full = true;
      return false;
    }
    this.memory?.release(this.bytes(this.room));
    const entries = new Int32Array(room * this.stride);
    entries.set(this.entries);
    this.entries = entries;
    this.room = room;
    this.index = new Int32Array(room * 2);
    const mask = this.index.length - 1;
    for (let e = 0; e < this.count; e++) {
      let slot = entries[e * this.stride]! & mask;
      while (this.index[slot] !== 0) slot = (slot + 1) & mask;
      this.index[slot] = e + 1;
    }
    return true;
  }
}
