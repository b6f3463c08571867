// Bounded exhaustive exploration (core/explore): within small bounds it finds the textbook
// failures by their shortest schedules, and proves the safe variants by exhausting every
// schedule. Fixtures in test/fixtures/explore are small models of the samples (one client, a
// short `run for`, which bounds how often timers may fire).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { explore, DEFAULT_EXPLORE_OPTIONS, type ExploreOptions, type ExploreResult } from '../../../core/explore/index.ts';
import { raft } from '../../../core/protocols/raft/index.ts';
import type { AnyProtocol } from '../../../core/sim/engine.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { Report } from '../../../core/types/report.ts';
import { runScenario } from '../../../core/run.ts';

function scenario(path: string, name: string): SimConfig {
  const { config, diagnostics } = compile(readFileSync(new URL(path, import.meta.url), 'utf8'), name);
  assert.ok(config !== null, diagnostics.map((d) => d.message).join('\n'));
  return config;
}

const fixture = (file: string, name: string) => scenario(`../../fixtures/explore/${file}`, name);
const sample = (file: string, name: string) => scenario(`../../../samples/${file}`, name);

function run(config: SimConfig, options: Partial<ExploreOptions>): ExploreResult {
  return explore(config, { ...DEFAULT_EXPLORE_OPTIONS, ...options });
}

function violation(result: ExploreResult, expectation: string) {
  const found = result.violations.find((v) => v.expectation === expectation);
  assert.ok(found !== undefined, `expected "${expectation}" to break; got ${JSON.stringify(result.violations.map((v) => v.expectation))}, stopped by ${result.stoppedBy}`);
  return found;
}

/** Raft without the election restriction (§5.4.1): a voter grants its vote whatever the candidate's log. */
const raftWithoutElectionRestriction: AnyProtocol = {
  ...raft,
  onMessage(state, from, message, ctx, out) {
    const forged = message.kind === 'RequestVote' ? { ...message, lastLogIndex: Number.MAX_SAFE_INTEGER, lastLogTerm: Number.MAX_SAFE_INTEGER } : message;
    raft.onMessage(state, from, forged, ctx, out);
  },
};

describe('explore: every schedule of a small model', function () {
  this.timeout(60_000);

  it('2PC: a coordinator crash after one participant voted yes blocks it, found in 4 steps', () => {
    const result = run(sample('two-phase-commit-coordinator-crash.fault', '2pc: coordinator crashes after prepare'), { depth: 6, crashes: 1 });
    const blocked = violation(result, 'participants never block');
    assert.equal(blocked.depth, 4);
    assert.deepEqual(blocked.steps.slice(1), ['deliver ClientRequest shop -> coord', 'deliver Prepare coord -> p1', 'crash coord']);
    assert.equal(result.stoppedBy, 'violation');
  });

  it('2PC: with no crash allowed, blocking is not a question and no schedule breaks the expectations', () => {
    const result = run(sample('two-phase-commit-coordinator-crash.fault', '2pc: coordinator crashes after prepare'), { depth: 6, crashes: 0 });
    assert.deepEqual(result.violations, []);
    assert.ok(!result.properties.includes('participants never block'));
    assert.deepEqual(result.properties, ['no lost writes', 'no duplicate effects']);
  });

  it('async primary/backup with automatic failover loses an acknowledged write; the shortest schedule has 10 steps', () => {
    const config = fixture('pb.fault', 'pb async');
    const result = run(config, { depth: 12, crashes: 0 });
    const lost = violation(result, 'no lost writes');
    assert.equal(lost.depth, 10);
    assert.match(lost.summary, /acknowledged by n1, is on no running node/);
    // The backup's failure detector fires while the primary is alive: a false suspicion suffices.
    assert.ok(lost.steps.includes("n2's primary-silent timer fires"), lost.steps.join('\n'));
    // Breadth-first: nothing shorter breaks it.
    const shorter = run(config, { depth: 9, crashes: 0 });
    assert.equal(shorter.violations.length, 0);
    assert.equal(shorter.stoppedBy, 'depth');
  });

  it('sync primary/backup: no schedule of up to 10 steps loses an acknowledged write', () => {
    const config = fixture('pb.fault', 'pb async');
    const sync = { ...config, protocol: { ...config.protocol, options: { ...config.protocol.options, replication: 'sync' } } };
    const result = run(sync, { depth: 10, crashes: 0 });
    assert.deepEqual(result.violations, []);
  });

  it("lease lock without fencing: a stalled holder's write lands after the newer holder's", () => {
    const result = run(fixture('lease.fault', 'lease: no fencing'), { depth: 16, crashes: 0, opsPerClient: 2 });
    const late = violation(result, "no older holder's write lands after a newer holder's");
    assert.equal(late.depth, 13);
    assert.match(late.summary, /n2's write under lease 1 landed after n3 had written under the newer lease 2/);
    assert.equal(late.steps.at(-1), 'deliver StoreWrite n2 -> n1');
  });

  it("lease lock with fencing tokens: no schedule lets an older holder's write land after a newer holder's (exhausted)", () => {
    const config = { ...fixture('lease.fault', 'lease: fencing'), expectations: [] };
    const result = run(config, { depth: 100, crashes: 0, opsPerClient: 2 });
    assert.deepEqual(result.violations, []);
    assert.equal(result.exhausted, true);
    assert.ok(result.distinct > 1000, `a real search: ${result.distinct} states`);
  });

  it('lease lock with fencing tokens: `no split brain` holds in every schedule to depth 16 (the storage saw one holder after the other)', () => {
    // Before, the split-brain checker counted the older holder's write that the storage took
    // before any write of the newer token, and found "split brain" in 13 steps.
    const result = run(fixture('lease.fault', 'lease: fencing'), { depth: 16, crashes: 0, opsPerClient: 2 });
    assert.ok(result.properties.includes('no split brain'));
    assert.deepEqual(result.violations, []);
  });

  it('3-node Raft: election safety and log matching hold in every schedule (exhausted)', () => {
    const result = run(fixture('raft.fault', 'raft: three servers'), { depth: 100, crashes: 0, opsPerClient: 0 });
    assert.deepEqual(result.properties, ['raft safety', 'one leader per term']);
    assert.deepEqual(result.violations, []);
    assert.equal(result.exhausted, true);
    assert.ok(result.depth >= 12, `schedules of ${result.depth} steps`);
  });

  it('Raft without the election restriction is caught: a leader without a committed entry', () => {
    // Long enough for a node's election timer to fire twice (a second term) after one commit.
    const config = { ...fixture('raft.fault', 'raft: three servers'), runForUs: 350_000 };
    const result = run(config, { depth: 100, crashes: 0, opsPerClient: 0, protocol: raftWithoutElectionRestriction });
    const broken = violation(result, 'raft safety');
    assert.match(broken.summary, /^leader completeness: the leader of term 2 lacks entry 1/);
    assert.equal(broken.depth, 9);
    // The real Raft, explored to the same depth, breaks nothing: the missing restriction is the cause.
    const real = run(config, { depth: broken.depth, crashes: 0, opsPerClient: 0 });
    assert.deepEqual(real.violations, []);
  });

  it('expectations about time are reported as not checkable, never as passed', () => {
    const result = run(sample('raft-leader-isolated.fault', 'raft: leader isolated'), { depth: 2 });
    const leaderWithin = result.notCheckable.find((n) => n.text.startsWith('leader within'));
    assert.ok(leaderWithin !== undefined, JSON.stringify(result.notCheckable));
    assert.ok(!result.properties.some((p) => p.startsWith('leader within')));
  });

  it('a counterexample is a scenario that compiles, with its delivery and its crash as explicit lines', () => {
    const result = run(sample('two-phase-commit-coordinator-crash.fault', '2pc: coordinator crashes after prepare'), { depth: 6, crashes: 1 });
    const text = result.violations[0]!.scenario;
    const compiled = compile(text);
    assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(compiled.config !== null);
    assert.deepEqual(
      compiled.config.faults.map((f) => (f.type === 'message' ? `${f.effect} next ${f.messageType} ${f.from} -> ${f.to}` : f.type)),
      ['deliver next Prepare coord -> p1', 'crash'],
    );
    assert.match(text, /\/\/ at [\d.]+ms +3\. deliver Prepare coord -> p1/);
  });

  describe('the written counterexample replays in `faultline run` (runScenario)', () => {
    /** Compiles the written scenario (no errors) and runs it as `faultline run` does. */
    function replay(text: string): Report {
      const compiled = compile(text);
      assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
      assert.ok(compiled.config !== null);
      return runScenario(compiled.config);
    }

    it('2PC: the run of the written file leaves p1 blocked, holding its locks, while the coordinator is down', () => {
      const result = run(sample('two-phase-commit-coordinator-crash.fault', '2pc: coordinator crashes after prepare'), { depth: 6, crashes: 1 });
      const blocked = violation(result, 'participants never block');
      assert.equal(blocked.replays, true, blocked.replayNote);
      assert.match(blocked.scenario, /^\/\/ replays: yes, checked: faultline run of it breaks `participants never block` \(in its trace: no expectation line names this property\)\.$/m);
      const report = replay(blocked.scenario);
      const crash = report.trace.findIndex((e) => e.kind === 'crash' && e.node === 'coord');
      assert.ok(crash >= 0, 'the coordinator crashes');
      assert.ok(!report.trace.some((e, i) => i > crash && e.kind === 'restart'), 'and stays down');
      const lastState = report.trace.filter((e) => e.kind === 'state' && e.node === 'p1').at(-1);
      assert.ok(lastState?.kind === 'state' && lastState.state['blocked'] === true, JSON.stringify(lastState));
    });

    it('async primary/backup: the run of the written file loses the acknowledged write', () => {
      const lost = violation(run(fixture('pb.fault', 'pb async'), { depth: 12, crashes: 0 }), 'no lost writes');
      assert.equal(lost.replays, true, lost.replayNote);
      const report = replay(lost.scenario);
      const verdict = report.expectations.find((e) => e.text === 'no lost writes');
      assert.equal(verdict?.holds, false, JSON.stringify(verdict));
      assert.ok(report.history.some((e) => e.type === 'ok' && e.f === 'write'), 'the write was acknowledged');
    });

    it("lease lock without fencing: the run of the written file has the older holder's write land after the newer holder's", () => {
      const result = run(fixture('lease.fault', 'lease: no fencing'), { depth: 16, crashes: 0, opsPerClient: 2 });
      const late = violation(result, "no older holder's write lands after a newer holder's");
      assert.equal(late.replays, true, late.replayNote);
      const report = replay(late.scenario);
      const applied = report.trace.flatMap((e) => (e.kind === 'apply' && e.term !== undefined ? [{ term: e.term, via: e.via }] : []));
      assert.deepEqual(applied, [
        { term: 2, via: 'n3' },
        { term: 1, via: 'n2' },
      ]);
    });

    it('a schedule that only the untimed model allows says it does not replay, and why', () => {
      // "no split brain" needs n2 to keep believing in its lease past its end: in a timed run its
      // lease-end timer fires first.
      const result = run(fixture('lease.fault', 'lease: no fencing'), { depth: 16, crashes: 0, opsPerClient: 2 });
      const split = violation(result, 'no split brain');
      assert.equal(split.replays, false);
      assert.match(split.replayNote, /lease-end timer fires/);
      assert.match(split.scenario, /^\/\/ replays: no, because in a timed run also n2's lease-end timer fires/m);
      const report = replay(split.scenario);
      assert.notEqual(report.expectations.find((e) => e.text === 'no split brain')?.holds, false);
    });
  });

  it('the same scenario and bounds explore the same number of states (deterministic)', () => {
    const config = fixture('raft.fault', 'raft: three servers');
    const a = run(config, { depth: 6, crashes: 1, opsPerClient: 0 });
    const b = run(config, { depth: 6, crashes: 1, opsPerClient: 0 });
    assert.equal(a.distinct, b.distinct);
    assert.equal(a.states, b.states);
  });

  it('exact state counts are pinned: the same bounds always reach the same states (a check on every speed-up)', () => {
    // Recorded before the search remembered handler outcomes and interned slots and messages;
    // a cache that changed what a step does would change these counts. Crashes and restarts are
    // in (two crashed nodes can hold equal durable states, which must stay two nodes).
    const counts = (config: SimConfig, options: Partial<ExploreOptions>) => {
      const result = run(config, options);
      return [result.states, result.distinct, result.depth];
    };
    const raftFixture = fixture('raft.fault', 'raft: three servers');
    assert.deepEqual(counts(raftFixture, { depth: 100, crashes: 0, opsPerClient: 0 }), [16_993, 5_173, 16]);
    assert.deepEqual(counts(raftFixture, { depth: 100, crashes: 1, opsPerClient: 0 }), [213_043, 57_031, 18]);
    assert.deepEqual(counts(fixture('pb.fault', 'pb async'), { depth: 9, crashes: 0 }), [9_433, 4_253, 9]);
    assert.deepEqual(counts(sample('two-phase-commit-coordinator-crash.fault', '2pc: coordinator crashes after prepare'), { depth: 6, crashes: 1 }), [209, 133, 4]);
  });

  it('--max-states stops the search and says so', () => {
    const result = run(fixture('raft.fault', 'raft: three servers'), { depth: 100, crashes: 1, maxStates: 500 });
    assert.equal(result.stoppedBy, 'max-states');
    assert.equal(result.distinct, 500);
    assert.equal(result.exhausted, false);
  });

  it('shards split the search: two halves see states the whole search sees', () => {
    const config = fixture('raft.fault', 'raft: three servers');
    const whole = run(config, { depth: 100, crashes: 0, opsPerClient: 0 });
    const halves = [0, 1].map((index) => run(config, { depth: 100, crashes: 0, opsPerClient: 0, shard: { index, count: 2 } }));
    for (const half of halves) {
      assert.ok(half.distinct < whole.distinct, `${half.distinct} < ${whole.distinct}`);
      assert.equal(half.exhausted, true);
    }
    assert.ok(halves[0]!.distinct + halves[1]!.distinct >= whole.distinct, 'together they cover it (overlap counted twice)');
  });

  it('a model that outgrows its limits stops with the limit named, not a crash', () => {
    // A protocol whose timer floods the network: 20,000 messages from one firing.
    const flooding: AnyProtocol = {
      ...raft,
      init: (_ctx, out) => {
        out.push({ kind: 'set-timer', name: 'flood', delayUs: 1 });
        return {};
      },
      onTimer: (_state, _timer, ctx, out) => {
        for (let i = 0; i < 20_000; i++) out.push({ kind: 'send', to: ctx.nodes[1]!, type: 'Flood', message: i });
      },
    };
    const result = run({ ...fixture('raft.fault', 'raft: three servers'), expectations: [] }, { depth: 5, protocol: flooding });
    assert.equal(result.stoppedBy, 'limit');
    assert.match(result.limit ?? '', /more than 10000 messages in flight/);
    const crowd = { ...fixture('raft.fault', 'raft: three servers'), nodes: Array.from({ length: 17 }, (_, i) => `n${i + 1}`) };
    const tooMany = run(crowd, { depth: 2 });
    assert.equal(tooMany.stoppedBy, 'limit');
    assert.match(tooMany.limit ?? '', /17 nodes is too many to explore every schedule \(at most 16\)/);
  });
});
