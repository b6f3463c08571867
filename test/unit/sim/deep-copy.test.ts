import assert from 'node:assert/strict';
import { deepCopy } from '../../../core/sim/deep-copy.ts';

class Counter {
  count = 0;
  bump(): number {
    return ++this.count;
  }
}

describe('deep copy (time travel checkpoints)', () => {
  it('a copy keeps classes, Map and Set order, typed arrays, and shares nothing mutable with the original', () => {
    const shared = { entries: [{ term: 1 }] };
    const original = { counter: new Counter(), map: new Map([['b', 1], ['a', 2]]), set: new Set([3, 1, 2]), numbers: new Float64Array([1.5, 2.5]), log: shared.entries };
    const copy = deepCopy(original, new Set());
    assert.equal(copy.counter.bump(), 1, 'methods work on the copy');
    assert.equal(original.counter.count, 0, 'the original did not move');
    assert.deepEqual([...copy.map.keys()], ['b', 'a']);
    assert.deepEqual([...copy.set], [3, 1, 2]);
    copy.numbers[0] = 9;
    assert.equal(original.numbers[0], 1.5);
    assert.notEqual(copy.log, original.log);
  });

  it('an object reached twice stays one object in the copy (followers store their leader’s entries)', () => {
    const entry = { term: 2 };
    const original = { leader: [entry], follower: [entry] };
    const copy = deepCopy(original, new Set());
    assert.equal(copy.leader[0], copy.follower[0]);
    assert.notEqual(copy.leader[0], entry);
  });

  it('shared objects and declared immutables are kept by reference; cycles are fine', () => {
    const trace = [{ kind: 'note' }];
    const immutableEntry = { term: 1, command: null };
    const node: { trace: unknown[]; entry: unknown; self?: unknown } = { trace, entry: immutableEntry };
    node.self = node;
    const copy = deepCopy(node, new Set([trace]), (value) => value === immutableEntry);
    assert.equal(copy.trace, trace);
    assert.equal(copy.entry, immutableEntry);
    assert.equal(copy.self, copy);
  });

  it('a chain 100,000 objects long copies without overflowing the stack', () => {
    let head: { next: unknown } = { next: null };
    for (let i = 0; i < 100_000; i++) head = { next: head };
    const copy = deepCopy(head, new Set());
    let length = 0;
    for (let at: unknown = copy; at !== null; at = (at as { next: unknown }).next) length++;
    assert.equal(length, 100_001);
  });

  it('a WeakMap in the state is refused with a reason, not copied empty', () => {
    assert.throws(() => deepCopy({ cache: new WeakMap() }, new Set()), /WeakMap .* cannot be checkpointed/);
  });
});
