import assert from 'node:assert/strict';
import { decideExpectations } from '../../../core/check/expectations.ts';
import type { Timeline } from '../../../core/sim/timeline.ts';
import type { History } from '../../../core/types/history.ts';
import type { Expectation } from '../../../core/types/sim-config.ts';
import { baseConfig, MS, S } from './fixtures.ts';

const state = (t: number, node: string, role: string, term: number, leader: string | null) =>
  ({ kind: 'state', t, node, state: { role, term, leader } }) as const;

/** n1 leads term 1; at 2s it is cut off; n2 wins term 2 at 2.3s; heal at 5s and n1 steps down. */
const isolatedLeader: Timeline = [
  state(0, 'n1', 'follower', 0, null),
  state(0, 'n2', 'follower', 0, null),
  state(0, 'n3', 'follower', 0, null),
  state(200 * MS, 'n1', 'leader', 1, 'n1'),
  state(210 * MS, 'n2', 'follower', 1, 'n1'),
  state(210 * MS, 'n3', 'follower', 1, 'n1'),
  { kind: 'partition', t: 2 * S, blocked: [['n1', 'n2'], ['n2', 'n1'], ['n1', 'n3'], ['n3', 'n1']] },
  state(2250 * MS, 'n2', 'candidate', 2, null),
  state(2260 * MS, 'n3', 'follower', 2, null),
  state(2270 * MS, 'n2', 'leader', 2, 'n2'),
  state(2300 * MS, 'n3', 'follower', 2, 'n2'),
  { kind: 'heal', t: 5 * S },
  state(5010 * MS, 'n1', 'follower', 2, 'n2'),
];

function decide(expectation: Omit<Expectation, 'line'>, timeline: Timeline, history: History = [], runForUs = 10 * S) {
  const config = baseConfig({ runForUs, expectations: [{ ...expectation, line: 1 }] });
  return decideExpectations({ config, history, timeline, endUs: runForUs })[0]!;
}

describe('leader expectations', () => {
  it('an isolated old leader does not count: the new leader arrives 300ms after the partition', () => {
    const result = decide({ kind: 'leader-within', text: 'leader within 1s after partition', withinUs: 1 * S, after: 'partition' }, isolatedLeader);
    assert.equal(result.holds, true);
    assert.match(result.summary, /n2, term 2.*300ms after the partition at 2s/);
  });

  it('fails when the new leader comes later than the bound, and says when it came', () => {
    const result = decide({ kind: 'leader-within', text: 'leader within 100ms after partition', withinUs: 100 * MS, after: 'partition' }, isolatedLeader);
    assert.equal(result.holds, false);
    assert.match(result.summary, /first at 2\.3s \(n2, term 2\)/);
  });

  it('is undecided when the measured event never happened', () => {
    const result = decide({ kind: 'leader-within', text: 'leader within 1s after crash', withinUs: 1 * S, after: 'crash' }, isolatedLeader);
    assert.equal(result.holds, null);
  });

  it('one leader per term holds across terms and breaks when two nodes lead the same term', () => {
    assert.equal(decide({ kind: 'one-leader-per-term', text: 'one leader per term' }, isolatedLeader).holds, true);
    const twoInOneTerm: Timeline = [...isolatedLeader, state(6 * S, 'n3', 'leader', 2, 'n3')];
    const broken = decide({ kind: 'no-split-brain', text: 'no split brain' }, twoInOneTerm);
    assert.equal(broken.holds, false);
    assert.equal(broken.at, 6 * S);
    assert.match(broken.summary, /n2 and n3 both claimed leadership of term 2/);
  });

  it('no leader breaks on the first claim, even by an isolated node', () => {
    const result = decide({ kind: 'no-leader', text: 'no leader' }, isolatedLeader);
    assert.equal(result.holds, false);
    assert.equal(result.at, 200 * MS);
    const quiet: Timeline = [state(0, 'n1', 'candidate', 5, null), { kind: 'crash', t: 0, node: 'n2' }];
    assert.equal(decide({ kind: 'no-leader', text: 'no leader' }, quiet).holds, true);
  });

  it('writes commit counts acknowledged writes; no writes commit is its opposite', () => {
    const history: History = [
      { index: 0, process: 'a', type: 'invoke', f: 'write', key: 'x', value: 1, time: 100, opId: 1 },
      { index: 1, process: 'a', type: 'info', f: 'write', key: 'x', value: 1, time: 500, opId: 1, error: 'timeout' },
      { index: 2, process: 'a', type: 'invoke', f: 'write', key: 'x', value: 2, time: 600, opId: 2 },
      { index: 3, process: 'a', type: 'ok', f: 'write', key: 'x', value: 2, time: 700, opId: 2 },
      { index: 4, process: 'b', type: 'invoke', f: 'read', key: 'x', value: null, time: 800, opId: 3 },
      { index: 5, process: 'b', type: 'ok', f: 'read', key: 'x', value: 2, time: 900, opId: 3 },
    ];
    const commits = decide({ kind: 'writes-commit', text: 'writes commit' }, [], history);
    assert.equal(commits.holds, true);
    assert.match(commits.summary, /1 of 2 writes/);
    const none = decide({ kind: 'no-writes-commit', text: 'no writes commit' }, [], history);
    assert.equal(none.holds, false);
    assert.deepEqual(none.operations, [3]);
    assert.equal(decide({ kind: 'no-writes-commit', text: 'no writes commit' }, [], history.slice(0, 2)).holds, true);
  });

  it('writes commit within D counts only writes acknowledged by the event + D, and is undecided when the run ends before then', () => {
    // A crash at 2s; the first write after it is acknowledged 2.2 s later.
    const timeline: Timeline = [{ kind: 'crash', t: 2 * S, node: 'n1' }];
    const history: History = [
      { index: 0, process: 'a', type: 'invoke', f: 'write', key: 'x', value: 1, time: 2100 * MS, opId: 1 },
      { index: 1, process: 'a', type: 'ok', f: 'write', key: 'x', value: 1, time: 4200 * MS, opId: 1 },
    ];
    const late = decide({ kind: 'writes-commit', text: 'writes commit within 500ms after crash', withinUs: 500 * MS, after: 'crash' }, timeline, history);
    assert.equal(late.holds, false, 'acknowledged 2.2 s after the crash is not within 500ms');
    assert.match(late.summary, /0 of 1 writes invoked after 2s were acknowledged by 2\.5s/);
    const roomy = decide({ kind: 'writes-commit', text: 'writes commit within 3s after crash', withinUs: 3 * S, after: 'crash' }, timeline, history);
    assert.equal(roomy.holds, true);
    assert.equal(decide({ kind: 'no-writes-commit', text: 'no writes commit within 500ms after crash', withinUs: 500 * MS, after: 'crash' }, timeline, history).holds, true);
    const cut = decide({ kind: 'writes-commit', text: 'writes commit within 5s after crash', withinUs: 5 * S, after: 'crash' }, timeline, history.slice(0, 1), 3 * S);
    assert.equal(cut.holds, null, 'the run ended at 3s, before the 7s the line allows');
    // Counted as of the run's end, never "acknowledged by" a deadline the run did not reach.
    assert.match(cut.summary, /the run ended at 3s, before 7s, with 0 of 1 writes invoked after 2s acknowledged$/);
    assert.match(cut.summary, /run ended at 3s, before 7s/);
  });

  it('leaves the consistency expectations undecided when the run was not graded by the checkers', () => {
    const result = decide({ kind: 'linearizable', text: 'linearizable' }, []);
    assert.deepEqual([result.holds, result.summary], [null, 'not checked in this run']);
  });
});
