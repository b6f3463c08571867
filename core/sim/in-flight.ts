// Messages in flight, as columns indexed by a record number. A run sends millions of messages and
// each lives only until it is delivered, so instead of an object per message (or a pool of
// objects) the engine keeps their fields in arrays and puts the record number in the event
// queue. Numbers go in typed arrays; only the body and the type name are references.
// The message id, receiver, type and send time are read only to trace the message or to let a
// message fault line find it, so they are written only when messages are traced or watched
// (`label`). What a message is (a protocol message, a client request or a reply) follows from its
// endpoints, so it is not stored; and each delivery has its own record (a duplicated message gets
// a second one), so a record is free again as soon as it is delivered.

const INITIAL_CAPACITY = 256;

export class InFlightTable {
  id = new Float64Array(INITIAL_CAPACITY);
  from = new Int32Array(INITIAL_CAPACITY);
  to = new Int32Array(INITIAL_CAPACITY);
  /** For replies: which request it answers. */
  requestId = new Float64Array(INITIAL_CAPACITY);
  /** When it was sent (global time): a `sent at` line names a message by it. */
  sentAt = new Float64Array(INITIAL_CAPACITY);
  type: string[] = new Array<string>(INITIAL_CAPACITY).fill('');
  body: unknown[] = new Array<unknown>(INITIAL_CAPACITY).fill(undefined);
  private free = new Int32Array(INITIAL_CAPACITY);
  private freeCount = INITIAL_CAPACITY;
  private capacity = INITIAL_CAPACITY;

  constructor() {
    for (let i = 0; i < INITIAL_CAPACITY; i++) this.free[i] = INITIAL_CAPACITY - 1 - i;
  }

  /** A free record filled with what delivering one message needs. */
  add(from: number, body: unknown, requestId: number): number {
    if (this.freeCount === 0) this.grow();
    const record = this.free[--this.freeCount]!;
    this.from[record] = from;
    this.body[record] = body;
    this.requestId[record] = requestId;
    return record;
  }

  /** What only a trace of the message or a message fault line reads: its id, receiver, type and send time. */
  label(record: number, id: number, to: number, type: string, sentAt: number): void {
    this.id[record] = id;
    this.to[record] = to;
    this.type[record] = type;
    this.sentAt[record] = sentAt;
  }

  /** The record's delivery is done (or void): it is free again. */
  release(record: number): void {
    this.body[record] = undefined; // do not keep a protocol message alive from a free record
    this.free[this.freeCount++] = record;
  }

  private grow(): void {
    const old = this.capacity;
    const capacity = old * 2;
    this.id = grown(new Float64Array(capacity), this.id);
    this.from = grown(new Int32Array(capacity), this.from);
    this.to = grown(new Int32Array(capacity), this.to);
    this.requestId = grown(new Float64Array(capacity), this.requestId);
    this.sentAt = grown(new Float64Array(capacity), this.sentAt);
    for (let i = old; i < capacity; i++) {
      this.type.push('');
      this.body.push(undefined);
    }
    // Every old record is in use (none was free), so the free list is exactly the new records.
    this.free = new Int32Array(capacity);
    this.freeCount = 0;
    for (let i = capacity - 1; i >= old; i--) this.free[this.freeCount++] = i;
    this.capacity = capacity;
  }
}

function grown<T extends Float64Array | Int32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
