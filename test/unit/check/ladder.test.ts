// Each rung of the consistency ladder on a history that breaks it and one that keeps it, and
// the strongest model that held.

import assert from 'node:assert/strict';
import { checkLadder } from '../../../core/check/ladder.ts';
import { checkLinearizable } from '../../../core/check/linearizability.ts';
import { kvModel, registerModel } from '../../../core/check/models/index.ts';
import { checkSequential } from '../../../core/check/sequential.ts';
import { checkMonotonicReads } from '../../../core/check/session/monotonic-reads.ts';
import { checkMonotonicWrites } from '../../../core/check/session/monotonic-writes.ts';
import { checkReadYourWrites } from '../../../core/check/session/read-your-writes.ts';
import { versionsByKey } from '../../../core/check/session/versions.ts';
import { checkWritesFollowReads } from '../../../core/check/session/writes-follow-reads.ts';
import { findStaleReads } from '../../../core/check/stale-reads.ts';
import { toOperations } from '../../../core/history/operations.ts';
import type { History } from '../../../core/types/history.ts';
import { history, op, read, write } from './helpers/build-history.ts';

const clock = { timed: true };
const keys = (h: History) => versionsByKey(toOperations(h));

describe('linearizability verdict sentences', () => {
  it('names who read what and which completed write makes it impossible, in seconds', () => {
    const h = history([write('alice', 2, 3000, 3050), read('bob', 1, 3100, 3200), write('carol', 1, 0, 100)]);
    const r = checkLinearizable(h, registerModel);
    assert.equal(r.verdict.holds, false);
    assert.equal(r.verdict.summary, "bob read x=1 at 3.2s although alice's write x=2 had completed at 3.05s.");
    assert.equal(r.verdict.at, 3_200_000);
  });

  it('a value that came back is explained by the read that saw it before the newer write began, not by the newer write alone', () => {
    // a's write of 1 runs from 0 to 100 ms, so it could land after b's write of 2 (30–40 ms): a
    // read of 1 at 50–60 ms alone would prove nothing. r had read 1 at 10–20 ms, before b's write
    // began, so the 1 read at 60 ms came back: one write of 1 cannot come before and after 2.
    const h = history([write('a', 1, 0, 100), read('r', 1, 10, 20), write('b', 2, 30, 40), read('r', 1, 50, 60)]);
    const r = checkLinearizable(h, registerModel);
    assert.equal(r.verdict.holds, false);
    assert.equal(
      r.verdict.summary,
      "r read x=1 at 60ms although b's write x=2 had completed at 40ms, and r had read x=1 at 20ms, before that write began: the value came back, which its one write cannot do unless it took effect twice.",
    );
    // Without the earlier read the history is linearizable (1 lands after 2): nothing to explain.
    assert.equal(checkLinearizable(history([write('a', 1, 0, 100), write('b', 2, 30, 40), read('r', 1, 50, 60)]), registerModel).verdict.holds, true);
  });

  it('a read of two siblings is explained as two values at once, not as stale against a write they overlapped', () => {
    // 5 and 6 both overlap 3, so either may follow it: missing 3 proves no staleness.
    const h = history([write('w3', 3, 13, 50), write('w5', 5, 40, 79), write('w6', 6, 47, 87), read('carol', [5, 6], 56, 106)]);
    const r = checkLinearizable(h, registerModel);
    assert.equal(r.verdict.holds, false);
    assert.equal(r.verdict.summary, 'carol read x=[5,6] at 106ms: 2 values at once, kept side by side as siblings of concurrent writes. A register that behaves as one copy returns exactly one value.');
    assert.equal(registerModel.malformed!(toOperations(h)[3]!), null, 'a sibling read is judged, not refused');
  });

  it('a register read of a value nobody wrote says so instead of naming a newer write', () => {
    const h = history([write('a', 1, 0, 10), write('b', 2, 20, 30), read('c', 7, 40, 50)]);
    assert.equal(checkLinearizable(h, registerModel).verdict.summary, 'c read x=7 at 50ms, a value no operation wrote.');
  });

  it('lets an indeterminate write take effect late, or never', () => {
    const late = history([op('a', 'write', 5, null, 0, 10, { key: 'x', type: 'info' }), read('b', null, 20, 30), read('b', 5, 40, 50)]);
    assert.equal(checkLinearizable(late, registerModel).verdict.holds, true);
  });

  it('counts a failed compare-and-set as a comparison that failed', () => {
    // x is 1 for sure; a CAS from 1 that "failed" cannot have compared against 1.
    const h = history([write('a', 1, 0, 10), op('b', 'cas', [1, 2], [1, 2], 20, 30, { key: 'x', type: 'fail' }), read('c', 1, 40, 50)]);
    assert.equal(checkLinearizable(h, registerModel).verdict.holds, false);
    const ok = history([write('a', 1, 0, 10), op('b', 'cas', [3, 2], [3, 2], 20, 30, { key: 'x', type: 'fail' }), read('c', 1, 40, 50)]);
    assert.equal(checkLinearizable(ok, registerModel).verdict.holds, true);
  });

  it('drops a read that failed with a timeout: it constrains nothing', () => {
    const h = history([write('a', 1, 0, 10), op('b', 'read', null, 7, 20, 30, { key: 'x', type: 'fail', error: 'timed-out' })]);
    assert.equal(checkLinearizable(h, registerModel).verdict.holds, true);
  });

  it('reports unknown with the reason when the step budget is spent', () => {
    const ops = [];
    for (let i = 0; i < 12; i++) ops.push(write(i, i, 0, 100));
    ops.push(read('r', 99, 200, 210));
    const r = checkLinearizable(history(ops), registerModel, { budget: { maxSteps: 100 } });
    assert.equal(r.verdict.holds, null);
    assert.match(r.verdict.summary, /100 steps/);
  });
});

describe('sequential consistency', () => {
  it('holds for a stale read that real time forbids but program order allows', () => {
    const h = history([write('a', 1, 0, 10), read('b', null, 20, 30)]);
    assert.equal(checkLinearizable(h, registerModel).verdict.holds, false);
    assert.equal(checkSequential(h, registerModel).holds, true);
  });

  it('fails when two readers see two writes in opposite orders', () => {
    const h = history([
      write('a', 1, 0, 10),
      write('b', 2, 0, 10),
      read('c', 1, 20, 30), read('c', 2, 40, 50),
      read('d', 2, 20, 30), read('d', 1, 40, 50),
    ]);
    assert.equal(checkSequential(h, registerModel).holds, false);
  });

  it('is not local: per-key orders that cannot be merged fail across keys', () => {
    // a: write x=1 then read y=nil; b: write y=1 then read x=nil. Each key alone is fine.
    const h = history([
      write('a', 1, 0, 10, 'x'), read('a', null, 20, 30, 'y'),
      write('b', 1, 0, 10, 'y'), read('b', null, 20, 30, 'x'),
    ]);
    assert.equal(checkSequential(h, registerModel).holds, false);
  });
});

describe('session guarantees', () => {
  it('read-your-writes breaks when a process misses its own completed write', () => {
    const bad = history([write('a', 1, 0, 10), write('a', 2, 20, 30), read('a', 1, 40, 50)]);
    const r = checkReadYourWrites(keys(bad), clock);
    assert.equal(r.holds, false);
    assert.match(r.summary, /a read x=1 at 50ms although its own write of 2 had completed at 30ms/);
    const good = history([write('a', 1, 0, 10), write('b', 2, 20, 30), read('a', 1, 40, 50)]);
    assert.equal(checkReadYourWrites(keys(good), clock).holds, true);
  });

  it('monotonic reads breaks when a process reads an older value after a newer one', () => {
    const bad = history([write('w', 1, 0, 10), write('w', 2, 20, 30), read('r', 2, 40, 50), read('r', 1, 60, 70)]);
    assert.equal(checkMonotonicReads(keys(bad), clock).holds, false);
    const good = history([write('w', 1, 0, 10), write('w', 2, 20, 30), read('r', 1, 40, 50), read('r', 2, 60, 70)]);
    assert.equal(checkMonotonicReads(keys(good), clock).holds, true);
  });

  it('monotonic writes breaks when a reader sees a process’s second write, then its first', () => {
    const bad = history([write('w', 1, 0, 10), write('w', 2, 20, 30), read('r', 2, 40, 50), read('r', 1, 60, 70)]);
    const verdict = checkMonotonicWrites(keys(bad), clock);
    assert.equal(verdict.holds, false);
    // The sentence tells the order the reader saw: the second write first, then the first one.
    assert.match(verdict.summary, /r saw the second write at 50ms, then the first one at 70ms, as if it came after/);
    const good = history([write('w', 1, 0, 10), write('w', 2, 20, 30), read('r', 2, 40, 50), read('r', 2, 60, 70)]);
    assert.equal(checkMonotonicWrites(keys(good), clock).holds, true);
    // A reader that never read again after seeing the second write put nothing to the test.
    const untested = history([write('w', 1, 0, 10), write('w', 2, 20, 30), read('r', 1, 15, 18), read('r', 2, 40, 50)]);
    assert.equal(checkMonotonicWrites(keys(untested), clock).holds, null);
  });

  it('monotonic writes breaks on an append log holding the second append without the first', () => {
    const append = (p: string, v: string, s: number, e: number) => op(p, 'append', v, v, s, e, { key: 'k' });
    const get = (p: string, v: string, s: number, e: number) => op(p, 'get', null, v, s, e, { key: 'k' });
    const bad = history([append('w', 'a', 0, 10), append('w', 'b', 20, 30), get('r', 'b', 40, 50)]);
    assert.equal(checkMonotonicWrites(keys(bad), clock).holds, false);
    assert.match(checkMonotonicWrites(keys(bad), clock).summary, /saw the second write at 50ms without the first one\./);
    const swapped = history([append('w', 'a', 0, 10), append('w', 'b', 20, 30), get('r', 'ba', 40, 50)]);
    assert.match(checkMonotonicWrites(keys(swapped), clock).summary, /saw the second write at 50ms ahead of the first one\./);
    const good = history([append('w', 'a', 0, 10), append('w', 'b', 20, 30), get('r', 'ab', 40, 50)]);
    assert.equal(checkMonotonicWrites(keys(good), clock).holds, true);
  });

  it('writes-follow-reads breaks when a write lands before the value its writer had read', () => {
    // b reads 1 (alice's), then writes 2; carol sees 2, then 1 again: 2 was ordered before 1.
    const bad = history([write('alice', 1, 0, 10), read('b', 1, 20, 30), write('b', 2, 40, 50), read('carol', 2, 60, 70), read('carol', 1, 80, 90)]);
    assert.equal(checkWritesFollowReads(keys(bad), clock).holds, false);
    const good = history([write('alice', 1, 0, 10), read('b', 1, 20, 30), write('b', 2, 40, 50), read('carol', 2, 60, 70), read('carol', 2, 80, 90)]);
    assert.equal(checkWritesFollowReads(keys(good), clock).holds, true);
    // carol saw b's write last, with no read after it: nothing to judge.
    const untested = history([write('alice', 1, 0, 10), read('b', 1, 20, 30), write('b', 2, 40, 50), read('carol', 1, 15, 18), read('carol', 2, 60, 70)]);
    assert.equal(checkWritesFollowReads(keys(untested), clock).holds, null);
  });
});

describe('stale reads', () => {
  it('counts reads that missed a write completed before they began, with the worst staleness', () => {
    const h = history([write('a', 1, 0, 10), write('a', 2, 20, 30), read('b', 1, 130, 140), read('c', 1, 530, 540), read('d', 2, 600, 610)]);
    const s = findStaleReads(h);
    assert.equal(s.count, 2);
    assert.equal(s.worst, 500_000);
    assert.equal(s.verdict.holds, false);
    assert.match(s.verdict.summary, /500ms stale/);
  });

  it('finds none when every read sees the latest completed write', () => {
    const h = history([write('a', 1, 0, 10), read('b', 1, 20, 30), write('a', 2, 40, 50), read('c', 2, 60, 70)]);
    assert.equal(findStaleReads(h).count, 0);
  });
});

describe('the ladder', () => {
  it('grades a linearizable history linearizable', () => {
    const h = history([write('a', 1, 0, 10), read('b', 1, 20, 30)]);
    assert.equal(checkLadder(h).strongest, 'linearizable');
  });

  it('grades a stale-but-ordered history sequential', () => {
    const h = history([write('a', 1, 0, 10), read('b', null, 20, 30), read('b', 1, 40, 50)]);
    const r = checkLadder(h);
    assert.equal(r.strongest, 'sequential');
    assert.equal(r.staleReads.count, 1);
  });

  it('grades a history that breaks monotonic reads below the session guarantees', () => {
    const h = history([
      write('w', 1, 0, 10), write('w', 2, 20, 30),
      read('r', 2, 40, 50), read('r', 1, 60, 70),
      read('s', 1, 40, 50), read('s', 2, 60, 70), read('s', 1, 80, 90),
    ]);
    const r = checkLadder(h);
    assert.notEqual(r.strongest, 'linearizable');
    assert.notEqual(r.strongest, 'sequential');
    assert.ok(!r.strongest.includes('monotonic-reads'), r.strongest);
  });

  it('a history of writes alone leaves linearizable and sequential undecided, not held', () => {
    const h = history([write('a', 1, 0, 10), write('b', 2, 5, 15), write('a', 3, 20, 30)]);
    const r = checkLadder(h);
    for (const name of ['linearizable', 'sequential']) {
      const v = r.verdicts.find((x) => x.name === name)!;
      assert.equal(v.holds, null, name);
      assert.match(v.summary, /Nothing to judge: no operation read the data back \(3 operations/);
    }
    assert.notEqual(r.strongest, 'linearizable');
    assert.notEqual(r.strongest, 'sequential');
  });

  it('counter increments and list appends alone are nothing to judge; one read makes them judged', () => {
    const adds = [op('a', 'add', 1, 1, 0, 10, { key: 'c' }), op('b', 'add', 2, 2, 5, 15, { key: 'c' })];
    assert.equal(checkLadder(history(adds)).verdicts.find((v) => v.name === 'linearizable')!.holds, null);
    assert.equal(checkLadder(history([...adds, op('c', 'read', null, 3, 20, 30, { key: 'c' })])).strongest, 'linearizable');
    const appends = [op('a', 'append', 1, 1, 0, 10, { key: 'l' }), op('b', 'append', 2, 2, 5, 15, { key: 'l' })];
    assert.equal(checkLadder(history(appends)).verdicts.find((v) => v.name === 'linearizable')!.holds, null);
  });

  it('a compare-and-set observes the register: writes and a cas are judged', () => {
    const h = history([write('a', 1, 0, 10), op('b', 'cas', [1, 2], [1, 2], 20, 30, { key: 'x' }), write('a', 3, 40, 50)]);
    assert.equal(checkLadder(h).strongest, 'linearizable');
  });

  it('uses the kv model for get/put/append histories', () => {
    const h = history([op('a', 'put', 'v', 'v', 0, 10, { key: 'k' }), op('b', 'get', null, 'v', 20, 30, { key: 'k' })]);
    assert.equal(checkLinearizable(h, kvModel).verdict.holds, true);
    assert.equal(checkLadder(h).strongest, 'linearizable');
  });
});
