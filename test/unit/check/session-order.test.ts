// The session guarantees follow from sequential consistency, which keeps each process's order but
// may order two processes' writes against real time. So a read that returns another process's
// earlier write breaks no session guarantee by itself; a read that returns the reader's own older
// write, or nothing, after its write does. Found by the theorem sweep's coherence check
// "sequential ⇒ every session guarantee" (stream 2026, scenarios 16 and 949, seed 2).

import assert from 'node:assert/strict';
import { checkLadder } from '../../../core/check/ladder.ts';
import type { History, HistoryEvent } from '../../../core/types/history.ts';

function history(events: Array<Omit<HistoryEvent, 'index'>>): History {
  return events.map((event, index) => ({ ...event, index }));
}

const verdict = (h: History, name: string) => checkLadder(h).verdicts.find((v) => v.name === name)!;

describe('session guarantees order writes within a process, as sequential consistency does', () => {
  // bob writes 50 and is done before alice writes 55; alice then reads 50. Sequentially
  // consistent (order: alice w55, bob w50, alice r50), so read your writes holds too.
  const otherProcessEarlier = history([
    { process: 'bob', type: 'invoke', f: 'write', key: 'x', value: 50, time: 100, opId: 50 },
    { process: 'bob', type: 'ok', f: 'write', key: 'x', value: 50, time: 110, opId: 50 },
    { process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 55, time: 120, opId: 55 },
    { process: 'alice', type: 'ok', f: 'write', key: 'x', value: 55, time: 130, opId: 55 },
    { process: 'alice', type: 'invoke', f: 'read', key: 'x', value: null, time: 140, opId: 56 },
    { process: 'alice', type: 'ok', f: 'read', key: 'x', value: 50, time: 150, opId: 56 },
  ]);

  it("a read of another process's earlier write after one's own write is sequential and keeps read your writes", () => {
    assert.equal(verdict(otherProcessEarlier, 'linearizable').holds, false);
    assert.equal(verdict(otherProcessEarlier, 'sequential').holds, true);
    assert.equal(verdict(otherProcessEarlier, 'read-your-writes').holds, true);
    // alice reads once: there is no second read to go back from, so nothing is claimed.
    assert.equal(verdict(otherProcessEarlier, 'monotonic-reads').holds, null);
  });

  it("the same history is still a stale read: that judgement is by real time", () => {
    assert.equal(verdict(otherProcessEarlier, 'no-stale-reads').holds, false);
  });

  it('a read of its own older write after its newer one breaks read your writes', () => {
    const ownOlder = history([
      { process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 50, time: 100, opId: 50 },
      { process: 'alice', type: 'ok', f: 'write', key: 'x', value: 50, time: 110, opId: 50 },
      { process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 55, time: 120, opId: 55 },
      { process: 'alice', type: 'ok', f: 'write', key: 'x', value: 55, time: 130, opId: 55 },
      { process: 'alice', type: 'invoke', f: 'read', key: 'x', value: null, time: 140, opId: 56 },
      { process: 'alice', type: 'ok', f: 'read', key: 'x', value: 50, time: 150, opId: 56 },
    ]);
    assert.equal(verdict(ownOlder, 'read-your-writes').holds, false);
    assert.equal(verdict(ownOlder, 'sequential').holds, false);
  });
});
