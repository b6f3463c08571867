// Version vectors and the three merges a leaderless replica uses: how two vectors compare, what
// a replica keeps when versions meet, and that every merge ends the same whatever the order.

import assert from 'node:assert/strict';
import { compareVectors, incrementVector, mergeVectors } from '../../../core/protocols/leaderless/version-vector.ts';
import { entryValue, mergeEntry, type Entry, type Versioned } from '../../../core/protocols/leaderless/entry.ts';
import type { ConflictResolution } from '../../../core/protocols/leaderless/settings.ts';

function version(opId: number, vv: Record<string, number>, ts: number, writer = 'n1'): Versioned {
  return { value: opId, opId, vv, ts, writer };
}

function versions(...vs: Versioned[]): Entry {
  return { kind: 'versions', versions: vs };
}

/** Merges the entries in the given order into an empty replica. */
function mergeAll(entries: Entry[], mode: ConflictResolution): Entry | undefined {
  let acc: Entry | undefined;
  for (const e of entries) acc = mergeEntry(acc, e, mode).entry;
  return acc;
}

describe('leaderless: version vectors', () => {
  it('a vector compares before, after, equal or concurrent with another', () => {
    assert.equal(compareVectors({ n1: 1 }, { n1: 2 }), 'before');
    assert.equal(compareVectors({ n1: 2, n2: 1 }, { n1: 2 }), 'after');
    assert.equal(compareVectors({ n1: 2, n2: 1 }, { n2: 1, n1: 2 }), 'equal');
    assert.equal(compareVectors({}, {}), 'equal');
    assert.equal(compareVectors({ n1: 1 }, { n2: 1 }), 'concurrent');
    assert.equal(compareVectors({ n1: 2, n2: 0 }, { n1: 1, n2: 1 }), 'concurrent');
    assert.equal(compareVectors({}, { n3: 1 }), 'before');
  });

  it('a missing entry counts as zero, so an explicit zero changes nothing', () => {
    assert.equal(compareVectors({ n1: 1, n2: 0 }, { n1: 1 }), 'equal');
  });

  it('the merge of two vectors is after (or equal to) each of them, and a new write is after its context', () => {
    const a = { n1: 3, n2: 1 };
    const b = { n2: 4, n3: 1 };
    const m = mergeVectors(a, b);
    assert.deepEqual(m, { n1: 3, n2: 4, n3: 1 });
    assert.equal(compareVectors(m, a), 'after');
    assert.equal(compareVectors(m, b), 'after');
    assert.equal(compareVectors(incrementVector(m, 'n2'), m), 'after');
  });
});

describe('leaderless: merging versions on a replica', () => {
  it('lww: of two writes one node stamped in the same instant, the one it made second wins on every replica', () => {
    // A node resuming from a pause serves its queued writes at one clock reading: operation 112
    // came first (its count 19), then 111 (count 20, having seen 112). Found by the theorem sweep
    // (stream 1, scenario 339, seed 2): the operation id let 112 win and drop 111.
    const first = version(112, { n1: 19 }, 2_909_131);
    const second = version(111, { n1: 20 }, 2_909_131);
    for (const order of [[first, second], [second, first]]) {
      const merged = mergeAll(order.map((v) => versions(v)), 'lww');
      assert.equal(entryValue(merged), 111);
    }
    assert.equal(mergeEntry(versions(first), versions(second), 'lww').causallyLaterDropped, 0);
  });

  it('siblings: two concurrent writes are both kept and a read returns both values', () => {
    const merged = mergeAll([versions(version(1, { n1: 1 }, 10)), versions(version(2, { n2: 1 }, 5, 'n2'))], 'siblings');
    assert.deepEqual(entryValue(merged), [1, 2]);
  });

  it('siblings: a write that has seen both siblings replaces them', () => {
    const a = version(1, { n1: 1 }, 10);
    const b = version(2, { n2: 1 }, 5, 'n2');
    const c = version(3, { n1: 2, n2: 1 }, 1);
    const result = mergeEntry(mergeAll([versions(a), versions(b)], 'siblings'), versions(c), 'siblings');
    assert.deepEqual(result.added, [3]);
    assert.equal(entryValue(result.entry), 3);
  });

  it('siblings: a version the replica has already superseded changes nothing', () => {
    const newer = versions(version(2, { n1: 2 }, 1));
    const result = mergeEntry(newer, versions(version(1, { n1: 1 }, 99)), 'siblings');
    assert.deepEqual(result.added, []);
    assert.equal(entryValue(result.entry), 2);
  });

  it('lww: the larger timestamp wins even when the other write had seen it, and the drop is counted', () => {
    const first = version(1, { n1: 1 }, 1_000, 'n1');
    // Written on n2 after seeing write 1 (its vector covers it), but n2's clock is behind.
    const later = version(2, { n1: 1, n2: 1 }, 800, 'n2');
    const result = mergeEntry(versions(first), versions(later), 'lww');
    assert.equal(entryValue(result.entry), 1);
    assert.deepEqual(result.added, []);
    assert.equal(result.causallyLaterDropped, 1);
  });

  it('every mode ends with the same content whatever order the versions arrive in', () => {
    const vs = [
      versions(version(1, { n1: 1 }, 10)),
      versions(version(2, { n2: 1 }, 12, 'n2')),
      versions(version(3, { n1: 2 }, 11)),
      versions(version(4, { n1: 1, n3: 1 }, 9, 'n3')),
    ];
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
    ];
    for (const mode of ['lww', 'siblings'] as const) {
      const results = orders.map((o) => JSON.stringify(entryValue(mergeAll(o.map((i) => vs[i]!), mode))));
      assert.equal(new Set(results).size, 1, `${mode}: ${results.join(' / ')}`);
    }
    const counters: Entry[] = [
      { kind: 'counter', inc: { n1: [1, 2] }, dec: {} },
      { kind: 'counter', inc: { n1: [1], n2: [5] }, dec: { n3: [7] } },
      { kind: 'counter', inc: { n2: [5, 6] }, dec: {} },
    ];
    const totals = orders.map((o) => entryValue(mergeAll(o.filter((i) => i < 3).map((i) => counters[i]!), 'crdt')));
    assert.deepEqual(new Set(totals), new Set([3]));
  });

  it('crdt: merging a counter again, or an older copy of it, adds nothing', () => {
    const c: Entry = { kind: 'counter', inc: { n1: [1, 2, 3] }, dec: {} };
    assert.deepEqual(mergeEntry(c, c, 'crdt').added, []);
    assert.deepEqual(mergeEntry(c, { kind: 'counter', inc: { n1: [1] }, dec: {} }, 'crdt').added, []);
    assert.deepEqual(mergeEntry({ kind: 'counter', inc: { n1: [1] }, dec: {} }, c, 'crdt').added, [2, 3]);
  });
});
