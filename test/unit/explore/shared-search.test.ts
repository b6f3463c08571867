// The table of seen states that `--jobs` threads share (core/explore/shared-search.ts). Real
// threads meeting at the barrier are exercised by test/cli/explore.test.ts (--jobs 2 in worker
// threads counts exactly what one search counts); here, what one thread's view promises.

import assert from 'node:assert/strict';
import { createSharedSearch, SharedSeen } from '../../../core/explore/shared-search.ts';

describe('explore: the shared table of seen states', () => {
  it('a fingerprint is new once, for whichever view of the table adds it first', () => {
    const search = createSharedSearch(2, 1000)!;
    const a = new SharedSeen(search);
    const b = new SharedSeen(search);
    assert.equal(a.add(0x12345678, 0x9abcdef0), true);
    assert.equal(b.add(0x12345678, 0x9abcdef0), false);
    // Same first word, other second word: another state (the probe goes on past the match).
    assert.equal(b.add(0x12345678, 0x0badf00d), true);
    assert.equal(a.add(0x12345678, 0x0badf00d), false);
    // Zero words are nudged, never confused with an empty slot.
    assert.equal(a.add(0, 0), true);
    assert.equal(b.add(0, 0), false);
  });

  it('a table too large to share is refused (the host then keeps shards apart)', () => {
    assert.equal(createSharedSearch(2, 100_000_000), null);
  });

  it("a level's answers are pooled at its barrier and start over for the next level", () => {
    const search = createSharedSearch(2, 1000)!;
    new SharedSeen(search).leave(false);
    const thread = new SharedSeen(search);
    assert.equal(thread.stopped, false, 'a shard that simply finished does not stop the others');
    assert.deepEqual(thread.endLevel(true, true), { more: true, found: true });
    assert.deepEqual(thread.endLevel(false, false), { more: false, found: false });
  });

  it('a thread that leaves releases the barrier for the others and can stop them', () => {
    const search = createSharedSearch(2, 1000)!;
    const leaving = new SharedSeen(search);
    const staying = new SharedSeen(search);
    leaving.leave(true);
    assert.equal(staying.stopped, true);
    // Only one thread is left searching: its barrier does not wait.
    assert.deepEqual(staying.endLevel(true, false), { more: true, found: false });
  });
});
