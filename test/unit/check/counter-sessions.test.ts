// A counter's reads are judged by their counts: increments only add, so a smaller count is an
// older one. Before, a counter key had no writes in the register sense and every read's source was
// unknown, so a leaderless CRDT reader that saw 10 and then 1 was told "No process saw a key go
// back to an older value" and the damage line counted 0 stale reads.

import assert from 'node:assert/strict';
import { checkLadder } from '../../../core/check/ladder.ts';
import { findStaleReads } from '../../../core/check/stale-reads.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { History } from '../../../core/types/history.ts';
import { history, op, read, write } from './helpers/build-history.ts';

const inc = (p: string, start: number, end: number | null, by?: number) => op(p, 'increment', by ?? null, null, start, end, { key: 'c' });
const count = (p: string, value: number | null, start: number, end: number | null) => read(p, value, start, end, 'c');
const verdict = (h: History, name: string) => checkLadder(h).verdicts.find((v) => v.name === name)!;

describe('counter reads judged by their counts', () => {
  it('a reader that saw the counter at 2 and then at 1 broke monotonic reads; 1 then 2 keeps it', () => {
    const back = history([inc('a', 0, 10), inc('b', 0, 10), count('r', 2, 20, 30), count('r', 1, 40, 50)]);
    const broke = verdict(back, 'monotonic-reads');
    assert.equal(broke.holds, false);
    assert.equal(broke.summary, 'r read c=1 at 50ms, an older value than the 2 it had read at 30ms.');
    const forward = history([inc('a', 0, 10), inc('b', 35, 45), count('r', 1, 20, 30), count('r', 2, 50, 60)]);
    assert.equal(verdict(forward, 'monotonic-reads').holds, true);
  });

  it('a read below what the increments completed before it began add up to is stale, and says by how much', () => {
    const stale = findStaleReads(history([inc('a', 0, 10), inc('b', 5, 20, 2), count('r', 1, 30, 40)]));
    assert.equal(stale.count, 1);
    assert.equal(stale.verdict.holds, false);
    // 1 + 2 = 3 had completed by 20 ms; the read began at 30 ms: 10 ms stale, counted from the
    // completion that took the sum past what it returned.
    assert.equal(stale.verdict.summary, "1 stale read; the worst: r read c=1 at 40ms although increments adding up to 3 had completed at 20ms (the last of them b's; 10ms stale).");
    // An increment still running when the read began may or may not be in it; a failed one never happened.
    const fine = findStaleReads(history([inc('a', 0, 10), inc('b', 5, 50), op('c', 'increment', null, null, 0, 5, { key: 'c', type: 'fail', error: 'timeout' }), count('r', 1, 30, 40)]));
    assert.equal(fine.count, 0, fine.verdict.summary);
  });

  it("a read below the reader's own completed increments breaks read your writes; one that counts them holds", () => {
    const missed = verdict(history([inc('p', 0, 10), inc('p', 12, 20), count('p', 1, 30, 40)]), 'read-your-writes');
    assert.equal(missed.holds, false);
    assert.equal(missed.summary, 'p read c=1 at 40ms although its own increments adding up to 2 had completed, the last at 20ms.');
    // Another process's increments do not count as its own: 1 is enough for p's one increment.
    const kept = verdict(history([inc('p', 0, 10), inc('q', 12, 20), count('p', 1, 30, 40)]), 'read-your-writes');
    assert.equal(kept.holds, true);
  });

  it('counts are versions only for a counter that grows: a write or a decrement on the key leaves them unjudged', () => {
    const withWrite = history([inc('a', 0, 10), op('w', 'write', 7, 7, 12, 14, { key: 'c' }), count('r', 2, 20, 30), count('r', 1, 40, 50)]);
    const unjudged = verdict(withWrite, 'monotonic-reads');
    assert.equal(unjudged.holds, null, 'a write may have set it back: nothing is claimed');
    assert.match(unjudged.summary, /^not graded: the session checks cannot tell what an increment does/);
    const withDecrement = history([inc('a', 0, 10), inc('b', 11, 12, -1), count('r', 1, 20, 30), count('r', 0, 40, 50)]);
    assert.equal(verdict(withDecrement, 'monotonic-reads').holds, null);
    assert.equal(findStaleReads(withDecrement).count, 0);
    // A register key beside it is judged as before.
    const register = history([write('w', 1, 0, 10), write('w', 2, 20, 30), read('r', 2, 40, 50), read('r', 1, 60, 70)]);
    assert.equal(verdict(register, 'monotonic-reads').holds, false);
  });

  it('a linearizable counter history has no stale read and keeps every session guarantee a count can show', () => {
    const h = history([inc('a', 0, 10), count('r', 1, 15, 20), inc('b', 18, 40), count('r', 1, 25, 30), count('r', 2, 45, 50), inc('r', 55, 60), count('r', 3, 65, 70)]);
    const ladder = checkLadder(h);
    // A count names no increment, so which of a process's increments a reader saw first is unknown.
    const unknowable = new Set(['monotonic-writes', 'writes-follow-reads']);
    for (const v of ladder.verdicts) assert.equal(v.holds, unknowable.has(v.name) ? null : true, `${v.name}: ${v.summary}`);
  });

  it('a leaderless CRDT counter read through one replica goes back and reads stale: both are now said', () => {
    const text = `scenario "crdt counter, weak quorums" {
      seed 4
      run for 4s
      cluster {
        nodes 3
        protocol leaderless {
          n 3
          r 1
          w 1
          conflict resolution crdt
        }
      }
      network {
        latency 1ms..40ms
      }
      workload {
        client inc * 2 {
          increment c every 20ms
          timeout 300ms
        }
        client reader {
          read c every 10ms
          timeout 300ms
        }
      }
      expect {
        monotonic reads
        no stale reads
      }
    }`;
    const compiled = compile(text);
    assert.ok(compiled.config !== null);
    const report = runScenario(compiled.config);
    const reads = report.history.filter((e) => e.process === 'reader' && e.type === 'ok').map((e) => e.value as number);
    const wentBack = reads.some((v, i) => i > 0 && v < reads[i - 1]!);
    assert.ok(wentBack, 'the reader saw the count go down (the fact the verdict must report)');
    const monotonic = report.expectations.find((e) => e.text === 'monotonic reads')!;
    assert.equal(monotonic.holds, false, monotonic.summary);
    const stale = report.expectations.find((e) => e.text === 'no stale reads')!;
    assert.equal(stale.holds, false, stale.summary);
    assert.ok(report.verdicts!.damage.staleReads.count > 0);
  });
});
