// The WGL memo: the set of (linearized operations, model state) configurations already explored.
// Reaching one again cannot lead anywhere new, so the search skips it. Stored flat in typed
// arrays (open addressing) so that a lookup allocates nothing.

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

function mixState(h: number, state: number): number {
  let x = (h ^ Math.imul(state + 1, 0x85ebca6b)) | 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 13;
  return x;
}

export class LinearizedCache {
  private slots: Int32Array; // entry index + 1, 0 = empty
  private mask: number;
  private count = 0;
  private words: Uint32Array; // entry i's bitset at [i*width, (i+1)*width)
  private stateOf: Int32Array;
  private hashOf: Int32Array;
  private capacity: number;

  constructor(private readonly width: number) {
    this.capacity = 1024;
    this.slots = new Int32Array(2048);
    this.mask = 2047;
    this.words = new Uint32Array(this.capacity * width);
    this.stateOf = new Int32Array(this.capacity);
    this.hashOf = new Int32Array(this.capacity);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds (bits ∪ {op}, state) unless present; returns true when it was new.
   * `zob` is the Zobrist hash of `bits` ∪ {op}.
   */
  addWith(bits: Uint32Array, op: number, zob: number, state: number): boolean {
    const h = mixState(zob, state);
    const w = this.width;
    const opWord = op >>> 5;
    const opBit = 1 << (op & 31);
    let slot = h & this.mask;
    for (;;) {
      const e = this.slots[slot]!;
      if (e === 0) break;
      const i = e - 1;
      if (this.hashOf[i] === h && this.stateOf[i] === state) {
        const base = i * w;
        let same = true;
        for (let k = 0; k < w; k++) {
          const mine = k === opWord ? (bits[k]! | opBit) >>> 0 : bits[k]!;
          if (this.words[base + k] !== mine) {
            same = false;
            break;
          }
        }
        if (same) return false;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.count === this.capacity) this.growEntries();
    const i = this.count++;
    const base = i * w;
    for (let k = 0; k < w; k++) this.words[base + k] = bits[k]!;
    this.words[base + opWord] = (this.words[base + opWord]! | opBit) >>> 0;
    this.stateOf[i] = state;
    this.hashOf[i] = h;
    this.slots[slot] = i + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return true;
  }

  private growEntries(): void {
    this.capacity *= 2;
    const words = new Uint32Array(this.capacity * this.width);
    words.set(this.words);
    this.words = words;
    const s = new Int32Array(this.capacity);
    s.set(this.stateOf);
    this.stateOf = s;
    const h = new Int32Array(this.capacity);
    h.set(this.hashOf);
    this.hashOf = h;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.count; i++) {
      let slot = this.hashOf[i]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = i + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
