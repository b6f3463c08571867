// Open-loop clients keep several operations in flight. Two overlapping writes of one client may
// take effect in either order, so a read that sees the earlier-issued one is neither stale nor a
// step back in time — the history is linearizable, and the session checkers must agree.
import assert from 'node:assert/strict';
import { checkLadder } from '../../../core/check/ladder.ts';
import { findStaleReads } from '../../../core/check/stale-reads.ts';
import type { History, HistoryEvent } from '../../../core/types/history.ts';

function history(events: Array<Omit<HistoryEvent, 'index'>>): History {
  return events.map((event, index) => ({ ...event, index }));
}

// alice issues write 1 then write 2 while write 1 is still in flight; both complete, then bob
// reads 1 — legal if write 2 took effect first. Then bob reads 1 again (still no step back).
const overlapping = history([
  { process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 1, time: 100, opId: 1 },
  { process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 2, time: 110, opId: 2 },
  { process: 'alice', type: 'ok', f: 'write', key: 'x', value: 2, time: 150, opId: 2 },
  { process: 'alice', type: 'ok', f: 'write', key: 'x', value: 1, time: 160, opId: 1 },
  { process: 'bob', type: 'invoke', f: 'read', key: 'x', value: null, time: 200, opId: 3 },
  { process: 'bob', type: 'ok', f: 'read', key: 'x', value: 1, time: 210, opId: 3 },
  { process: 'alice', type: 'invoke', f: 'read', key: 'x', value: null, time: 220, opId: 4 },
  { process: 'alice', type: 'ok', f: 'read', key: 'x', value: 1, time: 230, opId: 4 },
]);

describe('session checkers with overlapping operations of one client', () => {
  it('a read of the earlier-issued of two overlapping writes is not stale', () => {
    assert.equal(findStaleReads(overlapping).count, 0);
  });

  it('the whole ladder holds on such a linearizable history', () => {
    const ladder = checkLadder(overlapping);
    assert.equal(ladder.strongest, 'linearizable');
    for (const verdict of ladder.verdicts) assert.notEqual(verdict.holds, false, `${verdict.name}: ${verdict.summary}`);
  });

  it('the same reads after non-overlapping writes are stale', () => {
    // Write 1 completes before write 2 starts: reading 1 afterwards misses write 2.
    const sequential = history([
      { process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 1, time: 100, opId: 1 },
      { process: 'alice', type: 'ok', f: 'write', key: 'x', value: 1, time: 105, opId: 1 },
      { process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 2, time: 110, opId: 2 },
      { process: 'alice', type: 'ok', f: 'write', key: 'x', value: 2, time: 150, opId: 2 },
      { process: 'bob', type: 'invoke', f: 'read', key: 'x', value: null, time: 200, opId: 3 },
      { process: 'bob', type: 'ok', f: 'read', key: 'x', value: 1, time: 210, opId: 3 },
    ]);
    assert.equal(findStaleReads(sequential).count, 1);
    assert.equal(checkLadder(sequential).verdicts.find((v) => v.name === 'linearizable')?.holds, false);
  });
});
