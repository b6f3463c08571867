import assert from 'node:assert/strict';
import { majorityWithoutLeader } from '../../../core/check/trace/majority-without-leader.ts';
import type { QuorumInterval } from '../../../core/check/trace/quorum-timeline.ts';
import { quorumReach } from '../../../core/explain/leaderless-reach.ts';

const interval = (from: number, to: number, majority: string[] | null): QuorumInterval => ({
  from,
  to,
  up: ['n1', 'n2', 'n3'],
  components: majority === null ? [['n1'], ['n2'], ['n3']] : [majority],
  majority,
  leaders: [],
  tolerates: 0,
  cause: '',
});

describe('stretches with a majority but no leader on it', () => {
  it('a leader cut off on the minority side leaves the majority leaderless until a new one is elected', () => {
    const timeline = [interval(0, 2_000_000, ['n1', 'n2', 'n3']), interval(2_000_000, 5_000_000, ['n2', 'n3'])];
    const leaders = [
      { node: 'n1', term: 1, from: 200_000, to: 5_000_000 },
      { node: 'n2', term: 2, from: 2_171_000, to: 5_000_000 },
    ];
    assert.deepEqual(majorityWithoutLeader(timeline, leaders), [
      { from: 0, to: 200_000 },
      { from: 2_000_000, to: 2_171_000 },
    ]);
  });

  it('no majority is not counted as leaderless (no side could commit anyway), and touching stretches merge', () => {
    const timeline = [interval(0, 1_000, ['n1', 'n2']), interval(1_000, 2_000, ['n1', 'n3']), interval(2_000, 3_000, null)];
    assert.deepEqual(majorityWithoutLeader(timeline, []), [{ from: 0, to: 2_000 }]);
  });
});

describe('what a side of a leaderless store can reach', () => {
  const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
  it('a side holding all N home replicas serves every key; an empty side none', () => {
    assert.equal(quorumReach(nodes, ['x', 'y'], nodes, { n: 3, r: 2, w: 2 }), 'writes and reads for x, y');
    assert.equal(quorumReach([], ['x'], nodes, { n: 3, r: 2, w: 2 }), 'no quorum for x');
  });

  it('with W = 3 and R = 1 one home replica serves reads only', () => {
    assert.equal(quorumReach(nodes, ['x'], nodes, { n: 3, r: 1, w: 3 }), 'writes and reads for x');
    const oneSide = ['n1'];
    const reach = quorumReach(oneSide, ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'], nodes, { n: 3, r: 1, w: 3 });
    assert.doesNotMatch(reach, /writes/, 'a single node never holds 3 homes');
    assert.match(reach, /reads for /);
  });
});
