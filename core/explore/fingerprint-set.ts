// The set of states already seen, as 64-bit fingerprints in one open-addressed Uint32Array (two
// words per slot, linear probing, at most half full): 16 bytes per state at worst, no object per
// state. The all-zero fingerprint marks an empty slot, so a real one that is zero is nudged.

const INITIAL_CAPACITY = 1 << 12;

export class FingerprintSet {
  private words = new Uint32Array(INITIAL_CAPACITY * 2);
  private mask = INITIAL_CAPACITY - 1;
  size = 0;

  /** Adds the fingerprint; false when it was already there. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    hi >>>= 0;
    lo >>>= 0;
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const words = this.words;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const at = slot * 2;
      const h = words[at]!;
      const l = words[at + 1]!;
      if (h === 0 && l === 0) {
        words[at] = hi;
        words[at + 1] = lo;
        this.size++;
        return true;
      }
      if (h === hi && l === lo) return false;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Calls `visit` with every fingerprint in the table (as stored: unsigned words). */
  forEach(visit: (hi: number, lo: number) => void): void {
    const words = this.words;
    for (let at = 0; at < words.length; at += 2) if (words[at] !== 0 || words[at + 1] !== 0) visit(words[at]!, words[at + 1]!);
  }

  /** Bytes the table holds now. */
  get bytes(): number {
    return this.words.byteLength;
  }

  private grow(): void {
    const old = this.words;
    const capacity = (this.mask + 1) * 2;
    const words = new Uint32Array(capacity * 2);
    const mask = capacity - 1;
    // Every fingerprint here is distinct and the new table has room: each goes to the first free
    // slot from its home, with no comparison and no check for growing (add's work, minus those).
    for (let at = 0; at < old.length; at += 2) {
      const hi = old[at]!;
      const lo = old[at + 1]!;
      if (hi === 0 && lo === 0) continue;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (words[slot * 2] !== 0 || words[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
      words[slot * 2] = hi;
      words[slot * 2 + 1] = lo;
    }
    this.words = words;
    this.mask = mask;
  }
}
