// The quorum strip judges each side of a partition on its own: who is on which side, which side
// holds a majority, who leads there and whether that leader can commit. Pure model code: runs in
// node like model.test.ts.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildQuorumStrip, quorumAt, type QuorumSegment } from '../../webview/model/quorum-strip.ts';
import { describeQuorum } from '../../webview/model/quorum-words.ts';
import { buildRunModel } from '../../webview/model/run-model.ts';
import type { ProtocolName } from '../../core/types/sim-config.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { handMadeReport } from './fixtures/hand-made-report.ts';

const state = (t: number, node: string, role: string, term: number): TraceEvent => ({ kind: 'state', t, node, local: t, state: { role, term } });

function cut(left: string[], right: string[]): Array<[string, string]> {
  return left.flatMap((a) => right.flatMap((b) => [[a, b], [b, a]] as Array<[string, string]>));
}

function strip(trace: TraceEvent[], options: { nodes?: string[]; protocol?: ProtocolName } = {}): { segments: QuorumSegment[]; words: (s: QuorumSegment) => string } {
  const report = handMadeReport({ trace, ...(options.nodes === undefined ? {} : { nodes: options.nodes }) });
  if (options.protocol !== undefined) report.config.protocol.name = options.protocol;
  const segments = buildQuorumStrip(buildRunModel(report));
  return { segments, words: (s) => describeQuorum(s, report.config.protocol.name, report.config.nodes.length).sentence };
}

describe('quorum strip per side of a partition', function () {
  it('a Raft leader cut off alone cannot commit, and the majority side has no leader until it elects one', function () {
    const { segments, words } = strip([
      state(10, 'n1', 'leader', 1),
      { kind: 'partition', t: 2000, blocked: cut(['n1'], ['n2', 'n3']), label: 'n1 | n2, n3' },
      state(2171, 'n2', 'leader', 2),
      { kind: 'heal', t: 5000 },
    ]);
    const cutOff = quorumAt(segments, 2100)!;
    assert.equal(cutOff.canCommit, false, 'n1 is alone on the minority side');
    assert.deepEqual(cutOff.sides.map((s) => [s.nodes, s.majority, s.holders.map((h) => h.node)]), [[['n2', 'n3'], true, []], [['n1'], false, ['n1']]]);
    assert.match(words(cutOff), /majority side n2, n3 \(2 of 3\) has no leader yet, so nothing commits on it until it elects one/);
    assert.match(words(cutOff), /n1 \(term 1\) still believes it is leader but is on a minority side: it cannot reach a majority, so no write it takes from now on can commit/);
    assert.doesNotMatch(words(cutOff), /can commit;|available/);
    const elected = quorumAt(segments, 3000)!;
    assert.equal(elected.canCommit, true);
    assert.match(words(elected), /^n2 \(term 2\) leads the majority side n2, n3 .* and can commit; it can lose 0 more/);
  });

  it('a one-way cut separates a leader from its followers as surely as a two-way one', function () {
    const { segments, words } = strip([
      state(10, 'n1', 'leader', 1),
      // n1's appends still arrive, but no acknowledgement comes back.
      { kind: 'partition', t: 100, blocked: [['n2', 'n1'], ['n3', 'n1']], label: 'n2, n3 -/-> n1' },
    ]);
    const oneWay = quorumAt(segments, 500)!;
    assert.equal(oneWay.canCommit, false);
    assert.deepEqual(oneWay.sides.map((s) => s.nodes), [['n2', 'n3'], ['n1']]);
    assert.match(words(oneWay), /n1 \(term 1\)[^.]* cannot reach a majority, so no write it takes from now on can commit/);
  });

  it('with no majority running, a Raft run is never told "nothing can commit": what the nodes now down stored before still can', function () {
    const { segments, words } = strip([
      state(10, 'n3', 'leader', 1),
      { kind: 'crash', t: 100, node: 'n1' },
      { kind: 'crash', t: 200, node: 'n2' },
    ]);
    const alone = quorumAt(segments, 300)!;
    assert.equal(alone.canCommit, false, 'n3 cannot gather a majority now');
    assert.match(words(alone), /^No side holds a majority \(largest 1 of 3, 2 needed\): no leader can gather a majority now, so a new entry commits only if nodes now out of reach stored it before/);
    assert.doesNotMatch(words(alone), /nothing can commit/);
  });

  it('a primary/backup partition is described by primaries per side, never as "NO MAJORITY"', function () {
    const { segments, words } = strip(
      [state(0, 'n1', 'primary', 1), state(0, 'n2', 'backup', 1), { kind: 'partition', t: 100, blocked: cut(['n1'], ['n2', 'n3']), label: 'n1 | n2, n3' }, state(300, 'n2', 'primary', 2)],
      { protocol: 'primary_backup' },
    );
    const both = quorumAt(segments, 400)!;
    assert.equal(both.canCommit, true);
    const text = words(both);
    assert.match(text, /primary n2 \(epoch 2\) on n2, n3; primary n1 \(epoch 1\) on n1/);
    assert.match(text, /2 nodes believe they are primary at once/);
    assert.doesNotMatch(text, /majority|leader|term/i);
  });

  it('2PC and leaderless runs are told as sides only, with why nobody leads', function () {
    const { segments, words } = strip([{ kind: 'partition', t: 100, blocked: cut(['n1'], ['n2', 'n3']), label: 'n1 | n2, n3' }], { protocol: 'two_phase_commit' });
    assert.match(words(quorumAt(segments, 500)!), /^2 sides: n2, n3 \| n1\. Leaders: none elected: the coordinator is fixed/);
  });

  it('over random partitions (one-way too), crashes and leaders, the strip agrees with the partition geometry', function () {
    const arbitrary = fc
      .integer({ min: 1, max: 7 })
      .chain((n) =>
        fc.record({
          n: fc.constant(n),
          blocked: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: n * n }),
          down: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
          leads: fc.array(fc.option(fc.integer({ min: 1, max: 5 })), { minLength: n, maxLength: n }),
        }),
      );
    fc.assert(
      fc.property(arbitrary, ({ n, blocked, down, leads }) => {
        const nodes = Array.from({ length: n }, (_, i) => `n${i + 1}`);
        const pairs = blocked.filter(([a, b]) => a !== b).map(([a, b]) => [nodes[a]!, nodes[b]!] as [string, string]);
        const trace: TraceEvent[] = [];
        nodes.forEach((node, i) => trace.push(state(10, node, leads[i] === null ? 'follower' : 'leader', leads[i] ?? 0)));
        trace.push({ kind: 'partition', t: 100, blocked: pairs, label: 'random' });
        nodes.forEach((node, i) => (down[i] ? trace.push({ kind: 'crash', t: 200, node }) : undefined));
        const { segments, words } = strip(trace, { nodes });
        const segment = quorumAt(segments, 500)!;
        const cutPair = new Set(pairs.map(([a, b]) => `${a}>${b}`));
        const talk = (a: string, b: string) => !cutPair.has(`${a}>${b}`) && !cutPair.has(`${b}>${a}`);
        const up = nodes.filter((_, i) => !down[i]);
        const need = Math.floor(n / 2) + 1;
        // The sides partition the running nodes.
        assert.deepEqual(segment.sides.flatMap((s) => s.nodes).sort(), [...up].sort());
        const sideOf = new Map(segment.sides.flatMap((s, i) => s.nodes.map((node) => [node, i] as const)));
        // No two-way link crosses between sides; every side is connected through two-way links.
        for (const a of up) for (const b of up) if (sideOf.get(a) !== sideOf.get(b)) assert.ok(!talk(a, b), `${a} and ${b} talk both ways but are on different sides`);
        for (const side of segment.sides) {
          const reached = new Set([side.nodes[0]!]);
          for (let grew = true; grew; ) {
            grew = false;
            for (const a of [...reached]) for (const b of side.nodes) if (!reached.has(b) && talk(a, b)) (reached.add(b), (grew = true));
          }
          assert.equal(reached.size, side.nodes.length, `side ${side.nodes} is connected`);
          assert.equal(side.majority, side.nodes.length >= need);
        }
        // Leaders sit on their own side; only a leader on the majority side can commit.
        const leaders = up.filter((node) => leads[nodes.indexOf(node)] !== null);
        for (const leader of leaders) assert.ok(segment.sides[sideOf.get(leader)!]!.holders.some((h) => h.node === leader));
        const committing = leaders.some((leader) => segment.sides[sideOf.get(leader)!]!.majority);
        assert.equal(segment.canCommit, committing);
        assert.equal(segment.hasMajority, segment.sides.some((s) => s.majority));
        const text = words(segment);
        for (const leader of leaders) {
          if (!segment.sides[sideOf.get(leader)!]!.majority) assert.match(text, new RegExp(`${leader} \\(term \\d\\)[^.]* cannot reach a majority`), text);
        }
        if (!committing) assert.doesNotMatch(text, /and can commit/, text);
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
