// The future event list, ordered by (time, sequence number). The sequence number is the push
// order, so two events due at the same microsecond always come out in the order they were
// scheduled — the tie-break that makes a run replayable.
//
// Speed matters here (millions of events per second), so it is two structures behind one API:
// - a calendar wheel for the near future: buckets of BUCKET_US microseconds covering the next
//   WHEEL_SIZE buckets from the current time. Nearly every event of a run is a message arriving
//   a few milliseconds from now, and for those a push appends to a bucket's short list and a pop
//   takes the head of the first non-empty bucket (found through an occupancy bitmap): constant
//   time, where a heap pays a sift for each.
// - a 4-ary min-heap for everything else (timers, client ticks and faults further out, and any
//   event pushed into the past).
// A pop takes the smaller of the two minimums, comparing (time, sequence number), so the order is
// exactly the one a single heap would give whatever goes where. Each bucket's list is kept sorted
// by (time, sequence number); since a new push has the largest sequence number, it almost always
// goes at the tail.
//
// An event's body (kind, two integer arguments, one reference) lives in slot columns that never
// move; slots are recycled through a free list, so a steady-state run allocates nothing here.

const INITIAL_CAPACITY = 1024;

/** Width of a wheel bucket in microseconds (a power of two: division by it is exact). */
const BUCKET_US = 64;
/**
 * 1 / BUCKET_US. A bucket number is `Math.floor(time * BUCKET_SCALE)`: the same value as dividing
 * (a power of two only moves the exponent) without a division on every push and pop — the
 * bundler turns module constants into plain variables, so V8 cannot make that swap itself.
 */
const BUCKET_SCALE = 1 / BUCKET_US;
/**
 * Buckets in the wheel: the wheel covers WHEEL_SIZE · BUCKET_US ≈ 262 ms ahead of the current
 * time — far enough for client ticks and most election timeouts as well as messages, so few events
 * pay for the heap. (Measured on the engine benchmark: 1024 and 2048 buckets cost 2% more
 * instructions per event, 8192 costs 4% more, its emptier bitmap taking longer to scan.)
 */
const WHEEL_SIZE = 4096;
const WHEEL_MASK = WHEEL_SIZE - 1;
const BITMAP_WORDS = WHEEL_SIZE / 32;

export class EventQueue {
  /** Far heap order: time and sequence number of the entry at each heap position, and its slot. */
  private heapTime = new Float64Array(INITIAL_CAPACITY);
  private heapSeq = new Float64Array(INITIAL_CAPACITY);
  private heapSlot = new Int32Array(INITIAL_CAPACITY);
  private heapCount = 0;

  /** Wheel: first and last slot of each bucket's list (-1 when empty), and which are non-empty. */
  private readonly bucketHead = new Int32Array(WHEEL_SIZE).fill(-1);
  private readonly bucketTail = new Int32Array(WHEEL_SIZE).fill(-1);
  private readonly occupied = new Uint32Array(BITMAP_WORDS);
  private wheelCount = 0;
  /**
   * Absolute bucket number (time / BUCKET_US) of the latest popped time; it never moves back.
   * Every event in the wheel lies in buckets [baseBucket, baseBucket + WHEEL_SIZE), so walking
   * the wheel circularly from baseBucket meets them in time order.
   */
  private baseBucket = 0;
  /**
   * The wheel's earliest slot, or -1 when it must be looked for again (a scan of the occupancy
   * bitmap). Kept up to date where that is cheap: a push later than it leaves it standing (nearly
   * every push: the new event is due after the one about to run), and a pop that leaves its bucket
   * non-empty hands it to the bucket's next entry (the list is sorted).
   */
  private wheelMin = -1;

  private nextSeq = 0;

  /** Slot columns: read them right after `pop()` with the slot it returned. */
  kinds = new Int32Array(INITIAL_CAPACITY);
  argA = new Int32Array(INITIAL_CAPACITY);
  argB = new Float64Array(INITIAL_CAPACITY);
  payloads: unknown[] = new Array<unknown>(INITIAL_CAPACITY).fill(undefined);
  /** Time, sequence number and next slot in the bucket list, for events in the wheel. */
  private slotTime = new Float64Array(INITIAL_CAPACITY);
  private slotSeq = new Float64Array(INITIAL_CAPACITY);
  private slotNext = new Int32Array(INITIAL_CAPACITY);
  private freeSlots = new Int32Array(INITIAL_CAPACITY);
  private freeCount = INITIAL_CAPACITY;
  private capacity = INITIAL_CAPACITY;

  /** Time of the entry most recently returned by `pop()`. */
  poppedTime = 0;

  constructor() {
    for (let i = 0; i < INITIAL_CAPACITY; i++) this.freeSlots[i] = INITIAL_CAPACITY - 1 - i;
  }

  get size(): number {
    return this.heapCount + this.wheelCount;
  }

  /** Time of the earliest entry, or Infinity when empty. */
  peekTime(): number {
    const wheelSlot = this.wheelCount === 0 ? -1 : this.findWheelMin();
    if (this.heapCount === 0) return wheelSlot < 0 ? Infinity : this.slotTime[wheelSlot]!;
    const heapTime = this.heapTime[0]!;
    if (wheelSlot < 0) return heapTime;
    const wheelTime = this.slotTime[wheelSlot]!;
    return wheelTime < heapTime ? wheelTime : heapTime;
  }

  push(time: number, kind: number, a: number, b: number, payload: unknown): void {
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount]!;
    this.kinds[slot] = kind;
    this.argA[slot] = a;
    this.argB[slot] = b;
    this.payloads[slot] = payload;
    const seq = this.nextSeq++;
    const bucket = Math.floor(time * BUCKET_SCALE);
    if (bucket >= this.baseBucket && bucket - this.baseBucket < WHEEL_SIZE) this.pushWheel(slot, time, seq, bucket & WHEEL_MASK);
    else this.pushHeap(slot, time, seq);
  }

  /**
   * Removes the earliest entry and returns its slot (-1 when empty). The slot's columns stay valid
   * until the next `push`; `poppedTime` holds its time.
   */
  pop(): number {
    return this.popUntil(Infinity);
  }

  /**
   * `pop()` when the earliest entry is due at or before `limit`; otherwise -1, and the queue is
   * left as it was. One look at the two minimums instead of a `peekTime()` and a `pop()` each.
   */
  popUntil(limit: number): number {
    const wheelSlot = this.wheelCount === 0 ? -1 : this.findWheelMin();
    let slot: number;
    if (wheelSlot >= 0 && (this.heapCount === 0 || this.wheelBeforeHeap(wheelSlot))) {
      if (this.slotTime[wheelSlot]! > limit) return -1;
      slot = this.popWheel(wheelSlot);
    } else {
      if (this.heapCount === 0 || this.heapTime[0]! > limit) return -1;
      slot = this.popHeap();
    }
    const bucket = Math.floor(this.poppedTime * BUCKET_SCALE);
    if (bucket > this.baseBucket) this.baseBucket = bucket;
    this.freeSlots[this.freeCount++] = slot;
    return slot;
  }

  /** Drops the reference held by a consumed slot so the payload can be collected. */
  release(slot: number): void {
    this.payloads[slot] = undefined;
  }

  // ---- the wheel ------------------------------------------------------------------------------

  private pushWheel(slot: number, time: number, seq: number, index: number): void {
    this.slotTime[slot] = time;
    this.slotSeq[slot] = seq;
    this.wheelCount++;
    // Strictly earlier than the current minimum: the new minimum. Equal or later: the minimum
    // stands (on a tie the older entry, with the smaller sequence number, still comes first).
    const min = this.wheelMin;
    if (min >= 0 && time < this.slotTime[min]!) this.wheelMin = slot;
    const tail = this.bucketTail[index]!;
    if (tail < 0) {
      this.slotNext[slot] = -1;
      this.bucketHead[index] = slot;
      this.bucketTail[index] = slot;
      this.occupied[index >> 5] |= 1 << (index & 31);
      return;
    }
    if (this.slotTime[tail]! <= time) {
      // The usual case: nothing in the bucket is later (and this seq is the largest so far).
      this.slotNext[tail] = slot;
      this.slotNext[slot] = -1;
      this.bucketTail[index] = slot;
      return;
    }
    // Goes before the first entry that is later in time (ties keep push order).
    const slotTime = this.slotTime;
    const slotNext = this.slotNext;
    let previous = -1;
    let current = this.bucketHead[index]!;
    while (slotTime[current]! <= time) {
      previous = current;
      current = slotNext[current]!;
    }
    slotNext[slot] = current;
    if (previous < 0) this.bucketHead[index] = slot;
    else slotNext[previous] = slot;
  }

  /** The wheel's earliest slot (the wheel must not be empty). */
  private findWheelMin(): number {
    if (this.wheelMin >= 0) return this.wheelMin;
    const occupied = this.occupied;
    const start = this.baseBucket & WHEEL_MASK;
    let word = start >> 5;
    // Bits of the first word below the start belong to the far end of the window: masked off here,
    // met again after the wrap.
    let bits = occupied[word]! & (-1 << (start & 31));
    for (let step = 0; bits === 0 && step < BITMAP_WORDS; step++) {
      word = word + 1 === BITMAP_WORDS ? 0 : word + 1;
      bits = occupied[word]!;
    }
    const index = (word << 5) + (31 - Math.clz32(bits & -bits));
    this.wheelMin = this.bucketHead[index]!;
    return this.wheelMin;
  }

  /** True when the wheel's earliest entry comes before the heap's. */
  private wheelBeforeHeap(wheelSlot: number): boolean {
    const wheelTime = this.slotTime[wheelSlot]!;
    const heapTime = this.heapTime[0]!;
    return wheelTime < heapTime || (wheelTime === heapTime && this.slotSeq[wheelSlot]! < this.heapSeq[0]!);
  }

  private popWheel(slot: number): number {
    const time = this.slotTime[slot]!;
    const index = Math.floor(time * BUCKET_SCALE) & WHEEL_MASK;
    const next = this.slotNext[slot]!;
    this.bucketHead[index] = next;
    if (next < 0) {
      this.bucketTail[index] = -1;
      this.occupied[index >> 5] &= ~(1 << (index & 31));
    }
    this.wheelCount--;
    // The popped slot was the minimum whenever the cache held it; the bucket's next entry, when
    // there is one, is the next minimum (every other bucket is later).
    this.wheelMin = slot === this.wheelMin ? next : -1;
    this.poppedTime = time;
    return slot;
  }

  // ---- the far heap -----------------------------------------------------------------------------

  private pushHeap(slot: number, time: number, seq: number): void {
    // Sift up: move parents down until the new key's place is found.
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    let index = this.heapCount++;
    while (index > 0) {
      const parent = (index - 1) >> 2;
      const parentTime = heapTime[parent]!;
      if (parentTime < time || (parentTime === time && heapSeq[parent]! < seq)) break;
      heapTime[index] = parentTime;
      heapSeq[index] = heapSeq[parent]!;
      heapSlot[index] = heapSlot[parent]!;
      index = parent;
    }
    heapTime[index] = time;
    heapSeq[index] = seq;
    heapSlot[index] = slot;
  }

  private popHeap(): number {
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const slot = heapSlot[0]!;
    this.poppedTime = heapTime[0]!;

    const last = --this.heapCount;
    if (last > 0) {
      const time = heapTime[last]!;
      const seq = heapSeq[last]!;
      const movedSlot = heapSlot[last]!;
      // Sift down: pull the smallest of up to four children up until the moved key fits.
      let index = 0;
      for (;;) {
        const first = (index << 2) + 1;
        if (first >= last) break;
        let best = first;
        let bestTime = heapTime[first]!;
        let bestSeq = heapSeq[first]!;
        const end = first + 4 < last ? first + 4 : last;
        for (let child = first + 1; child < end; child++) {
          const childTime = heapTime[child]!;
          if (childTime < bestTime || (childTime === bestTime && heapSeq[child]! < bestSeq)) {
            best = child;
            bestTime = childTime;
            bestSeq = heapSeq[child]!;
          }
        }
        if (time < bestTime || (time === bestTime && seq < bestSeq)) break;
        heapTime[index] = bestTime;
        heapSeq[index] = bestSeq;
        heapSlot[index] = heapSlot[best]!;
        index = best;
      }
      heapTime[index] = time;
      heapSeq[index] = seq;
      heapSlot[index] = movedSlot;
    }
    return slot;
  }

  /**
   * Gives a queued entry another kind and payload, keeping its time and place in the order: how
   * a message fault line (message-faults.ts) voids or redirects a message already in flight,
   * since entries cannot be taken out of the middle of the queue. Never used by an ordinary run.
   */
  retag(slot: number, kind: number, payload: unknown): void {
    this.kinds[slot] = kind;
    this.payloads[slot] = payload;
  }

  /**
   * Every queued entry as (slot, time, sequence number), in no particular order: for a debugger's
   * view of what is in flight, never for the run itself. At most `size` calls.
   */
  forEachQueued(visit: (slot: number, time: number, seq: number) => void): void {
    for (let i = 0; i < this.heapCount; i++) visit(this.heapSlot[i]!, this.heapTime[i]!, this.heapSeq[i]!);
    for (let bucket = 0; bucket < WHEEL_SIZE; bucket++) {
      // A bucket's list is bounded by the slots in use; `size` bounds the walk as a whole.
      for (let slot = this.bucketHead[bucket]!; slot >= 0; slot = this.slotNext[slot]!) visit(slot, this.slotTime[slot]!, this.slotSeq[slot]!);
    }
  }

  private grow(): void {
    const old = this.capacity;
    const capacity = old * 2;
    this.heapTime = copyInto(new Float64Array(capacity), this.heapTime);
    this.heapSeq = copyInto(new Float64Array(capacity), this.heapSeq);
    this.heapSlot = copyInto(new Int32Array(capacity), this.heapSlot);
    this.kinds = copyInto(new Int32Array(capacity), this.kinds);
    this.argA = copyInto(new Int32Array(capacity), this.argA);
    this.argB = copyInto(new Float64Array(capacity), this.argB);
    this.slotTime = copyInto(new Float64Array(capacity), this.slotTime);
    this.slotSeq = copyInto(new Float64Array(capacity), this.slotSeq);
    this.slotNext = copyInto(new Int32Array(capacity), this.slotNext);
    for (let i = old; i < capacity; i++) this.payloads.push(undefined);
    // Every old slot is in use (the free list is empty), so the free list is exactly the new slots.
    this.freeSlots = new Int32Array(capacity);
    this.freeCount = 0;
    for (let i = capacity - 1; i >= old; i--) this.freeSlots[this.freeCount++] = i;
    this.capacity = capacity;
  }
}

function copyInto<T extends Float64Array | Int32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
