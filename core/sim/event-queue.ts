// The future event list: a 4-ary min-heap ordered by (time, sequence number). The sequence number
// is the push order, so two events due at the same microsecond always come out in the order they
// were scheduled — the tie-break that makes a run replayable.
//
// Speed matters here (millions of events per second): the heap holds only the sort keys and a
// slot number in typed arrays; an event's body (kind, two integer arguments, one reference) lives
// in slot columns that never move during sifting. Slots are recycled through a free list, so a
// steady-state run allocates nothing in the queue.

const INITIAL_CAPACITY = 1024;

export class EventQueue {
  /** Heap order: time and sequence number of the entry at each heap position, and its slot. */
  private heapTime = new Float64Array(INITIAL_CAPACITY);
  private heapSeq = new Float64Array(INITIAL_CAPACITY);
  private heapSlot = new Int32Array(INITIAL_CAPACITY);
  private count = 0;
  private nextSeq = 0;

  /** Slot columns: read them right after `pop()` with the slot it returned. */
  kinds = new Int32Array(INITIAL_CAPACITY);
  argA = new Int32Array(INITIAL_CAPACITY);
  argB = new Float64Array(INITIAL_CAPACITY);
  payloads: unknown[] = new Array<unknown>(INITIAL_CAPACITY).fill(undefined);
  private freeSlots = new Int32Array(INITIAL_CAPACITY);
  private freeCount = INITIAL_CAPACITY;
  private capacity = INITIAL_CAPACITY;

  /** Time of the entry most recently returned by `pop()`. */
  poppedTime = 0;

  constructor() {
    for (let i = 0; i < INITIAL_CAPACITY; i++) this.freeSlots[i] = INITIAL_CAPACITY - 1 - i;
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest entry, or Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.heapTime[0]!;
  }

  push(time: number, kind: number, a: number, b: number, payload: unknown): void {
    if (this.count === this.capacity) this.grow();
    const slot = this.freeSlots[--this.freeCount]!;
    this.kinds[slot] = kind;
    this.argA[slot] = a;
    this.argB[slot] = b;
    this.payloads[slot] = payload;
    const seq = this.nextSeq++;

    // Sift up: move parents down until the new key's place is found.
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    let index = this.count++;
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

  /**
   * Removes the earliest entry and returns its slot (-1 when empty). The slot's columns stay valid
   * until the next `push`; `poppedTime` holds its time.
   */
  pop(): number {
    if (this.count === 0) return -1;
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const slot = heapSlot[0]!;
    this.poppedTime = heapTime[0]!;
    this.freeSlots[this.freeCount++] = slot;

    const last = --this.count;
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

  /** Drops the reference held by a consumed slot so the payload can be collected. */
  release(slot: number): void {
    this.payloads[slot] = undefined;
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
    for (let i = old; i < capacity; i++) this.payloads.push(undefined);
    // Every old slot is in use (the queue was full), so the free list is exactly the new slots.
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
