import assert from 'node:assert/strict';
import { EventQueue } from '../../../core/sim/event-queue.ts';
import { streamFor } from '../../../core/sim/prng.ts';

function drain(queue: EventQueue): Array<{ time: number; a: number }> {
  const out: Array<{ time: number; a: number }> = [];
  for (let slot = queue.pop(); slot >= 0; slot = queue.pop()) out.push({ time: queue.poppedTime, a: queue.argA[slot]! });
  return out;
}

/** Keeps `reference` sorted by (time, seq): the new entry goes after every entry with time <= its own. */
function insertStably(reference: Array<{ time: number; seq: number }>, entry: { time: number; seq: number }): void {
  let low = 0;
  let high = reference.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (reference[mid]!.time <= entry.time) low = mid + 1;
    else high = mid;
  }
  reference.splice(low, 0, entry);
}

describe('event queue', () => {
  it('pops events in time order', () => {
    const queue = new EventQueue();
    for (const time of [50, 10, 40, 20, 30]) queue.push(time, 1, time, 0, null);
    assert.deepEqual(drain(queue).map((e) => e.time), [10, 20, 30, 40, 50]);
  });

  it('breaks ties at the same microsecond by scheduling order', () => {
    const queue = new EventQueue();
    for (let i = 0; i < 100; i++) queue.push(i % 3 === 0 ? 5 : 7, 1, i, 0, null);
    const popped = drain(queue);
    const atFive = popped.filter((e) => e.time === 5).map((e) => e.a);
    const atSeven = popped.filter((e) => e.time === 7).map((e) => e.a);
    assert.deepEqual(atFive, [...atFive].sort((x, y) => x - y));
    assert.deepEqual(atSeven, [...atSeven].sort((x, y) => x - y));
    assert.equal(popped.length, 100);
  });

  it('matches a stable sort on 20,000 random pushes interleaved with pops, across growth', () => {
    const rng = streamFor(1, 'queue-test');
    const queue = new EventQueue();
    const reference: Array<{ time: number; seq: number }> = [];
    const popped: number[] = [];
    const expected: number[] = [];
    let seq = 0;
    let now = 0;
    const insert = (entry: { time: number; seq: number }) => insertStably(reference, entry);
    for (let i = 0; i < 20_000; i++) {
      const time = now + rng.int(0, 1000);
      queue.push(time, 0, seq, 0, { seq });
      insert({ time, seq });
      seq++;
      if (rng.chance(0.4)) {
        const slot = queue.pop();
        now = queue.poppedTime;
        popped.push(queue.argA[slot]!);
        expected.push(reference.shift()!.seq);
      }
    }
    assert.deepEqual(popped, expected);
    const rest = drain(queue).map((e) => e.a);
    assert.deepEqual(rest, reference.map((r) => r.seq));
  });

  it('matches a stable sort when events go far ahead, into the past, to the same instant and across the near window', () => {
    // Near events and far ones are kept apart inside the queue; the order must not show it.
    for (let round = 0; round < 40; round++) {
      const rng = streamFor(round, 'queue-mixed');
      const queue = new EventQueue();
      const reference: Array<{ time: number; seq: number }> = [];
      const insert = (entry: { time: number; seq: number }) => insertStably(reference, entry);
      let now = round % 2 === 0 ? 0 : rng.int(0, 5_000_000_000);
      const popped: number[] = [];
      const expected: number[] = [];
      for (let seq = 0; seq < 3000; seq++) {
        const r = rng.float();
        let time = now + rng.int(0, 6000); // a message a few ms ahead
        if (r < 0.1) time = now; // the same instant
        else if (r < 0.2) time = now + rng.int(0, 200_000); // a timer, a client tick
        else if (r < 0.3) time = now - rng.int(0, 3000); // the past
        else if (r < 0.4) time = now + rng.int(250_000, 275_000); // around the edge of the near window (about 262ms)
        else if (r < 0.45) time = now + Math.floor(1e10 * rng.float()); // hours ahead
        queue.push(time, 0, seq, 0, null);
        insert({ time, seq });
        for (let k = rng.int(0, 2); k > 0 && reference.length > 0; k--) {
          assert.equal(queue.peekTime(), reference[0]!.time);
          const slot = queue.pop();
          const next = reference.shift()!;
          popped.push(queue.argA[slot]!);
          expected.push(next.seq);
          now = Math.max(now, next.time);
        }
        assert.equal(queue.size, reference.length);
      }
      assert.deepEqual(popped, expected);
      assert.deepEqual(drain(queue).map((e) => e.a), reference.map((r) => r.seq));
      assert.equal(queue.pop(), -1);
      assert.equal(queue.peekTime(), Infinity);
    }
  });

  it('an event pushed after a peek, earlier than the event peeked at, comes out first', () => {
    // The queue remembers its earliest near event between calls; a push must be able to replace it,
    // in the same 64µs bucket as well as in an earlier one.
    const queue = new EventQueue();
    queue.push(1000, 1, 1, 0, null);
    queue.push(1010, 1, 2, 0, null);
    assert.equal(queue.peekTime(), 1000);
    queue.push(990, 1, 3, 0, null); // same bucket, earlier
    assert.equal(queue.peekTime(), 990);
    queue.push(500, 1, 4, 0, null); // an earlier bucket
    queue.push(500, 1, 5, 0, null); // a tie: after the one pushed before it
    assert.deepEqual(drain(queue).map((e) => e.a), [4, 5, 3, 1, 2]);
  });

  it('keeps payloads with their events', () => {
    const queue = new EventQueue();
    queue.push(2, 9, 1, 2.5, 'second');
    queue.push(1, 8, 3, 4.5, 'first');
    const slot = queue.pop();
    assert.deepEqual([queue.kinds[slot], queue.argA[slot], queue.argB[slot], queue.payloads[slot]], [8, 3, 4.5, 'first']);
    assert.equal(queue.peekTime(), 2);
  });
});
