// One exploration shared by several threads (`faultline explore --jobs J`): one table of seen
// fingerprints in shared memory, and a barrier at the end of every breadth-first level.
//
// Why: shards that each keep their own table expand every state reachable from two shards'
// subtrees twice (in 3-node Raft with one write, 1.74 million distinct states summed over two
// shards for 0.95 million distinct). With one table a state is expanded by the one thread that
// reached it first. The barrier keeps the search breadth-first across threads: no thread starts
// level d+1 before every thread has finished level d, so a state is first reached at its
// shortest depth whichever thread reaches it, each level holds exactly the states a single
// thread's level holds, and the counts summed over threads equal one thread's counts.
//
// Portable JavaScript (SharedArrayBuffer and Atomics): the host owns the threads. Atomics.wait
// blocks, so a search with a SharedSearch must run in a worker thread (or Node's main thread).

import { ExploreLimitError } from './limit-error.ts';

/** Shared memory for one exploration, made by the host once and handed to every thread. */
export type SharedSearch = {
  /** The fingerprint table: two 32-bit words per slot, a power of two of slots. */
  readonly table: SharedArrayBuffer;
  /** Barrier and stop words (CONTROL_WORDS Int32 words). */
  readonly control: SharedArrayBuffer;
};

// Control words.
const LOCK = 0;
const ARRIVED = 1;
const GENERATION = 2;
/** Threads still searching: the barrier waits for these only. */
const ALIVE = 3;
/** Set by a thread that stopped early (budget, timeout, limit, error): the others stop too. */
const STOP = 4;
/** Per level: some thread has states for the next level / some thread found a violation. */
const MORE = 5;
const FOUND = 6;
/** Fingerprints in the table. */
const SIZE = 7;
/** The last level's answers, copied from MORE and FOUND by the thread that released the barrier. */
const LAST_MORE = 8;
const LAST_FOUND = 9;
const CONTROL_WORDS = 10;

/** Larger tables are not shared (the host then runs independent shards). */
export const MAX_SHARED_SLOTS = 1 << 26;

/** Shared memory for `threads` threads exploring up to `maxStates` distinct states together. */
export function createSharedSearch(threads: number, maxStates: number): SharedSearch | null {
  // At most half full: every thread stops at its share of maxStates, plus the common first levels.
  let slots = 1 << 12;
  while (slots < maxStates * 2 + 4096 && slots < MAX_SHARED_SLOTS) slots *= 2;
  if (slots < maxStates * 2) return null;
  const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
  new Int32Array(control)[ALIVE] = threads;
  return { table: new SharedArrayBuffer(slots * 8), control };
}

/** One thread's view of a SharedSearch. */
export class SharedSeen {
  private readonly words: Int32Array;
  private readonly control: Int32Array;
  private readonly mask: number;
  private left = false;

  constructor(shared: SharedSearch) {
    this.words = new Int32Array(shared.table);
    this.control = new Int32Array(shared.control);
    this.mask = this.words.length / 2 - 1;
  }

  /** Distinct states all threads had added, as of this thread's last new one (for --max-states). */
  total = 0;

  get bytes(): number {
    return this.words.byteLength;
  }

  /**
   * Adds the fingerprint; false when some thread added it before. A slot is claimed by writing
   * its first word (compare-and-swap from 0), then its second; a reader that finds the first word
   * equal waits for the second. Neither word is ever 0 in a claimed slot (0 marks empty), so a
   * fingerprint with a zero word is nudged to 1: two fingerprints in 2^32 then share a slot,
   * which only a collision of the other 32 bits could make matter.
   */
  add(hi: number, lo: number): boolean {
    hi |= 0;
    lo |= 0;
    if (hi === 0) hi = 1;
    if (lo === 0) lo = 1;
    const words = this.words;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (let probes = 0; probes <= this.mask; probes++) {
      const at = slot * 2;
      // A plain read first (most probes): a word goes from 0 to its value once and never changes
      // again, so a value read is final, and a 0 read is checked by the compare-and-swap.
      let h = words[at]!;
      if (h === 0) {
        h = Atomics.compareExchange(words, at, 0, hi);
        if (h === 0) {
          Atomics.store(words, at + 1, lo);
          this.total = Atomics.add(this.control, SIZE, 1) + 1;
          if (this.total * 2 > this.mask + 1) {
            throw new ExploreLimitError('the shared table of seen states is full (raise --max-states)');
          }
          return true;
        }
      }
      if (h === hi) {
        let l = words[at + 1]!;
        while (l === 0) l = Atomics.load(words, at + 1);
        if (l === lo) return false;
      }
      slot = (slot + 1) & this.mask;
    }
    throw new ExploreLimitError('the shared table of seen states is full (raise --max-states)');
  }

  /** True once any thread stopped early: the others stop at their next check. */
  get stopped(): boolean {
    return Atomics.load(this.control, STOP) !== 0;
  }

  /**
   * Waits until every thread still searching has finished this level; answers whether any thread
   * has a next level and whether any found a violation. `more`/`found`: this thread's.
   */
  endLevel(more: boolean, found: boolean): { more: boolean; found: boolean } {
    const control = this.control;
    if (more) Atomics.store(control, MORE, 1);
    if (found) Atomics.store(control, FOUND, 1);
    this.lock();
    const generation = Atomics.load(control, GENERATION);
    const arrived = Atomics.add(control, ARRIVED, 1) + 1;
    // The last to arrive records the level's answers, resets them and lets everyone go. Those
    // answers stay until every thread has arrived at the next barrier, so the waiters read them.
    if (arrived >= Atomics.load(control, ALIVE)) this.release();
    this.unlock();
    while (Atomics.load(control, GENERATION) === generation) Atomics.wait(control, GENERATION, generation, 100);
    return { more: Atomics.load(control, LAST_MORE) !== 0, found: Atomics.load(control, LAST_FOUND) !== 0 };
  }

  /**
   * This thread stops searching (finished early, or failed): the barrier no longer waits for it,
   * and the others stop too unless the search simply ran out of states.
   */
  leave(stopOthers: boolean): void {
    if (this.left) return;
    this.left = true;
    const control = this.control;
    if (stopOthers) Atomics.store(control, STOP, 1);
    this.lock();
    const alive = Atomics.sub(control, ALIVE, 1) - 1;
    if (alive > 0 && Atomics.load(control, ARRIVED) >= alive) this.release();
    this.unlock();
  }

  private release(): void {
    const control = this.control;
    Atomics.store(control, LAST_MORE, Atomics.exchange(control, MORE, 0));
    Atomics.store(control, LAST_FOUND, Atomics.exchange(control, FOUND, 0));
    Atomics.store(control, ARRIVED, 0);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
  }

  private lock(): void {
    while (Atomics.compareExchange(this.control, LOCK, 0, 1) !== 0) Atomics.wait(this.control, LOCK, 1, 1);
  }

  private unlock(): void {
    Atomics.store(this.control, LOCK, 0);
    Atomics.notify(this.control, LOCK, 1);
  }
}
