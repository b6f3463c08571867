// The observed PACELC "else" class is decided by whether acknowledged writes waited for another
// replica before the reply, not by latency: one configuration must give one answer on every seed,
// and it must be the textbook one (Raft and sync replication EC, async replication EL, leaderless
// W > 1 EC and W = 1 EL).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { replyCauses } from '../../../core/check/trace/replica-waits.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const SEEDS = [1, 2, 3, 4, 5, 6];

function observedElse(sample: string, scenario: string): string[] {
  const text = readFileSync(new URL(`../../../samples/${sample}`, import.meta.url), 'utf8');
  const config = compile(text, scenario).config;
  assert.ok(config !== null, `${sample}: ${scenario} compiles`);
  return SEEDS.map((seed) => {
    const observed = runScenario({ ...config, seed }).classification!.observed;
    return `E${observed.elseLatency ?? '?'}`;
  });
}

describe('observed PACELC else-class: did acknowledged writes wait for another replica', () => {
  const cases: Array<[string, string, 'EC' | 'EL']> = [
    ['raft-log-replication.fault', 'raft: a restarted follower catches up', 'EC'],
    ['raft-leader-isolated.fault', 'raft: leader isolated', 'EC'],
    ['raft-follow-the-leader.fault', 'raft: crash whoever leads', 'EC'],
    ['primary-backup-async-failover.fault', 'primary/backup: async with automatic failover', 'EL'],
    ['primary-backup-async-failover.fault', 'primary/backup: sync with automatic failover', 'EC'],
    ['primary-backup-async-failover.fault', 'primary/backup: sync, the primary crashes after acknowledging', 'EC'],
    ['primary-backup-read-your-writes.fault', 'read your writes: primary reads', 'EL'],
    ['leaderless-quorum-overlap.fault', 'quorums: R + W > N overlap', 'EC'],
    ['leaderless-quorum-overlap.fault', 'quorums: R + W <= N reads stale data', 'EL'],
  ];
  for (const [sample, scenario, expected] of cases) {
    it(`${scenario} is observed ${expected} on seeds ${SEEDS.join(', ')}`, function () {
      this.timeout(60_000);
      assert.deepEqual(observedElse(sample, scenario), SEEDS.map(() => expected));
    });
  }

  it('states the count of writes that waited and one example in the summary', () => {
    const text = readFileSync(new URL('../../../samples/primary-backup-async-failover.fault', import.meta.url), 'utf8');
    const config = compile(text, 'primary/backup: sync with automatic failover').config!;
    const c = runScenario(config).classification!;
    const e = c.observed.elseEvidence!;
    assert.equal(e.kind, 'write');
    assert.ok(e.total > 0 && e.waited === e.total, `${e.waited} of ${e.total}`);
    assert.match(c.summary, new RegExp(`${e.waited} of ${e.total} acknowledged writes waited for another node holding the data before the reply; e\\.g\\. \\w+'s write answered by n\\d at `));
  });
});

describe('looking through relays', () => {
  it("a cache stampede's reads, relayed by the balancer and answered mostly from the instances' caches, are latency first (EL), as configured", () => {
    const text = readFileSync(new URL('../../../samples/service-cache-stampede.fault', import.meta.url), 'utf8');
    const report = runScenario(compile(text).config!);
    const c = report.classification!;
    const e = c.observed.elseEvidence!;
    assert.equal(e.kind, 'read');
    // Most reads never reached the database: it saw far fewer queries than there were reads.
    const queries = report.trace.filter((ev) => ev.kind === 'deliver' && ev.type === 'Query' && ev.to === 'db').length;
    assert.ok(queries < e.total / 2, `${queries} database queries for ${e.total} reads`);
    assert.ok(e.waited <= queries, `${e.waited} reads said to wait, ${queries} database queries`);
    assert.equal(c.observed.elseLatency, 'L');
    assert.deepEqual(c.disagreements, []);
  });
});

describe('configured EC, answered alone', () => {
  it('a one-node Raft cluster is not said to skip "another replica": there is none to wait for', () => {
    const config = compile(`scenario "alone" {
  seed 1
  run for 2s
  cluster {
    nodes n1
    protocol raft
  }
  workload {
    client c { write x every 50ms timeout 300ms }
  }
}`).config!;
    const c = runScenario(config).classification!;
    assert.equal(c.observed.elseLatency, 'L', 'every write was answered by n1 alone');
    assert.ok(c.static?.pacelc.endsWith('EC'), 'Raft is configured EC');
    assert.deepEqual(c.disagreements.filter((d) => d.includes('another node holding the data')), []);
  });
});

describe('replyCauses', () => {
  const deliver = (t: number, msg: number, from: string, to: string): TraceEvent => ({ kind: 'deliver', t, msg, from, to, type: 'm' });
  const send = (t: number, msg: number, from: string, to: string): TraceEvent => ({ kind: 'send', t, msg, from, to, type: 'm', deliverAt: t + 5 });
  const ok = (t: number, client: string, op: number): TraceEvent => ({ kind: 'client', t, client, op, phase: 'ok', node: 'n1' });

  it('a reply sent while handling a backup ack waited; one sent while handling the request did not', () => {
    const trace: TraceEvent[] = [
      deliver(10, 1, 'a', 'n1'), // a's request
      send(10, 2, 'n1', 'n2'), // replicate
      deliver(15, 3, 'b', 'n1'), // b's request, answered at once
      send(15, 4, 'n1', 'b'),
      deliver(20, 2, 'n1', 'n2'),
      send(20, 5, 'n2', 'n1'),
      deliver(20, 4, 'n1', 'b'),
      ok(20, 'b', 7),
      deliver(25, 5, 'n2', 'n1'), // the ack lets n1 answer a
      send(25, 6, 'n1', 'a'),
      deliver(30, 6, 'n1', 'a'),
      ok(30, 'a', 8),
    ];
    const causes = replyCauses(trace, ['n1', 'n2']);
    assert.deepEqual(causes.get(7), { waited: false, from: 'b' });
    assert.deepEqual(causes.get(8), { waited: true, from: 'n2' });
  });

  it("through a relay: a balancer passing on an instance's cache hit did not wait; passing on the database's answer did", () => {
    const trace: TraceEvent[] = [
      deliver(10, 1, 'a', 'lb'), // a's read reaches the balancer
      send(10, 2, 'lb', 'i1'),
      deliver(12, 2, 'lb', 'i1'), // the instance has it cached
      send(12, 3, 'i1', 'lb'),
      deliver(14, 3, 'i1', 'lb'),
      send(14, 4, 'lb', 'a'),
      deliver(16, 4, 'lb', 'a'),
      ok(16, 'a', 7),
      deliver(20, 5, 'b', 'lb'), // b's read: a cache miss
      send(20, 6, 'lb', 'i1'),
      deliver(22, 6, 'lb', 'i1'),
      send(22, 8, 'i1', 'db'),
      deliver(24, 8, 'i1', 'db'),
      send(24, 9, 'db', 'i1'),
      deliver(26, 9, 'db', 'i1'),
      send(26, 10, 'i1', 'lb'),
      deliver(28, 10, 'i1', 'lb'),
      send(28, 11, 'lb', 'b'),
      deliver(30, 11, 'lb', 'b'),
      ok(30, 'b', 12),
    ];
    const causes = replyCauses(trace, ['lb', 'i1', 'db'], new Set(['lb', 'i1']));
    assert.deepEqual(causes.get(7), { waited: false, from: 'a' });
    assert.deepEqual(causes.get(12), { waited: true, from: 'db' });
    // Without naming the relays, the balancer waited for the instance both times (the old reading).
    const naive = replyCauses(trace, ['lb', 'i1', 'db']);
    assert.deepEqual([naive.get(7)?.waited, naive.get(12)?.waited], [true, true]);
  });
});
