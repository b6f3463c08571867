// Each theorem of the sweep can fail: given a run that breaks it, it says so (and with a run that
// keeps it, it does not). Runs are real where a small scenario breaks the property; where the
// protocols never do (that is the point of a theorem), the run is built by hand.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { classifyRun } from '../../../core/check/trace/cap-pacelc.ts';
import { checkTheorems } from '../../../core/theorems/check-run.ts';
import { COHERENCE_CHECKS } from '../../../core/theorems/coherence.ts';
import { componentsByClosure, LOST_WRITES_RECOUNT, QUORUM_TIMELINE_GEOMETRY } from '../../../core/theorems/coherence-run-facts.ts';
import { IDEMPOTENCY_THEOREMS } from '../../../core/theorems/idempotency.ts';
import { LEADERLESS_THEOREMS } from '../../../core/theorems/leaderless.ts';
import { LEASE_LOCK_THEOREMS } from '../../../core/theorems/lease-lock.ts';
import { duplicatesMessages, faultsOverAt, keysOutliveRetries, perfectClocks, retryWindowUs } from '../../../core/theorems/preconditions.ts';
import { RAFT_THEOREMS } from '../../../core/theorems/raft.ts';
import { allTheorems } from '../../../core/theorems/registry.ts';
import { INTERNAL_ERROR, runCase } from '../../../core/theorems/sweep.ts';
import { SAGA_THEOREMS } from '../../../core/theorems/saga.ts';
import type { Theorem, TheoremRun } from '../../../core/theorems/theorem.ts';
import { TWO_PHASE_COMMIT_THEOREMS } from '../../../core/theorems/two-phase-commit.ts';
import type { Verdict } from '../../../core/check/verdict.ts';
import type { History } from '../../../core/types/history.ts';
import type { Report } from '../../../core/types/report.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const named = (list: readonly Theorem[], name: string) => list.find((t) => t.name.startsWith(name))!;

function scenario(body: string): SimConfig {
  const { config, diagnostics } = compile(`scenario "t" {\n${body}\n}`);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return config!;
}

/** A hand-built run: only what the theorem under test reads. */
function run(config: SimConfig, parts: { trace?: TraceEvent[]; history?: History; verdicts?: Verdict[]; finalStates?: unknown[] }): TheoremRun {
  const report = { history: parts.history ?? [], trace: parts.trace ?? [], stats: { simulatedUs: config.runForUs } } as unknown as Report;
  return { config, report, verdicts: new Map((parts.verdicts ?? []).map((v) => [v.name, v])), finalStates: parts.finalStates ?? [], upAtEnd: config.nodes.map(() => true) };
}

const RAFT3 = scenario(`run for 2s
  cluster {
    nodes n1, n2, n3
    protocol raft
  }
  workload {
    client w {
      write x every 100ms
    }
  }`);

/** Raft reading each node's own copy (`read mode local`) from any node, n1 cut off from 1s to 2s. */
const CUT_OFF_LOCAL_READS = scenario(`seed 1
  run for 3s
  cluster {
    nodes n1, n2, n3
    protocol raft {
      read mode local
    }
  }
  network {
    latency 2ms
  }
  workload {
    client w {
      write x every 50ms
      timeout 200ms
    }
    client r {
      read x every 20ms
      read from any
      timeout 200ms
    }
  }
  faults {
    at 1s partition n1 | n2, n3
    at 2s heal
  }`);

describe('theorem sweep: every theorem can fail', () => {
  it('theorem names are unique', () => {
    const names = allTheorems().map((t) => t.name);
    assert.equal(new Set(names).size, names.length);
  });

  it('raft: linearizable breaks on a real run whose reads are served locally by a cut-off leader', () => {
    const config = CUT_OFF_LOCAL_READS;
    const theorem = named(RAFT_THEOREMS, 'raft: linearizable');
    assert.equal(theorem.applies(config), false, '`local` reads are outside the theorem');
    const { outcome } = checkTheorems(config, [{ ...theorem, applies: () => true }]);
    assert.equal(outcome.failures.length, 1);
    assert.equal(outcome.failures[0]!.theorem, 'raft: linearizable');
    assert.deepEqual(checkTheorems({ ...config, protocol: { ...config.protocol, options: { ...config.protocol.options, 'read mode': 'read_index' } } }, [theorem]).outcome.failures, []);
  });

  it('2pc: linearizable breaks when a coordinator restarted without its log commits a keyed retry again, and holds with recovery on (stream 2074)', () => {
    // Shrunk from stream 2074, scenario 424, seed 3: the retried transfer a=43 committed before the
    // crash and again after it, over a=117, and a read saw 43 come back.
    const config = scenario(`seed 3
      run for 1970ms
      cluster {
        nodes coord, p1
        protocol two_phase_commit {
          coordinator coord
          participants p1
          coordinator recovery off
          prepare timeout 1s
          presumed abort off
        }
      }
      network {
        latency 5ms
        drop 1%
        reorder 5%
      }
      clock coord skew -200ms drift 1000ppm
      workload {
        client c1 * 2 {
          read a every 50ms
          timeout 200ms
          idempotency key ttl 200ms
          read from any
        }
        client c2 * 2 {
          transfer a, b, c every 50ms
          timeout 1s
          retry 4 backoff none jitter equal
          idempotency key ttl 1m
          read from any
          start at 750ms
        }
      }
      faults {
        from 1450ms to 1480ms crash coordinator
      }`);
    const theorem = named(TWO_PHASE_COMMIT_THEOREMS, '2pc: linearizable');
    assert.equal(theorem.applies(config), false, 'a coordinator that may restart without its log is outside the theorem');
    const forced = checkTheorems(config, [{ ...theorem, applies: () => true }]);
    assert.equal(forced.outcome.failures.length, 1);
    assert.match(forced.outcome.failures[0]!.summary, /read a=43 .* although .*transfer a=117 had completed/);
    const recovering = { ...config, protocol: { ...config.protocol, options: { ...config.protocol.options, 'coordinator recovery': true } } };
    assert.equal(theorem.applies(recovering), true);
    const judged = checkTheorems(recovering, [theorem]);
    assert.deepEqual(judged.outcome.failures, []);
    assert.equal(judged.run!.verdicts.get('linearizable')?.holds, true);
  });

  it('idempotency keys outlive retries: not promised by a 2PC coordinator that may crash without recovery (stream 2072)', () => {
    const theorem = named(IDEMPOTENCY_THEOREMS, 'idempotency keys outlive retries');
    const config = (recovery: string, faults: string) =>
      scenario(`run for 4s
        cluster {
          nodes coord, p1
          protocol two_phase_commit {
            coordinator coord
            participants p1
            coordinator recovery ${recovery}
          }
        }
        workload {
          client c {
            transfer a every 400ms
            timeout 1s
            retry 4 backoff none jitter none
            idempotency key ttl 1m
          }
        }
        faults {
          ${faults}
        }`);
    assert.equal(theorem.applies(config('off', 'at 1778ms crash coord\n          at 1779ms restart coord')), false);
    assert.equal(theorem.applies(config('off', 'every 1s..2s random crash for 100ms..200ms')), false, 'a random crash may hit the coordinator');
    assert.equal(theorem.applies(config('off', 'at 1s crash p1\n          at 2s restart p1')), true, 'a participant crash leaves the coordinator its memory');
    assert.equal(theorem.applies(config('on', 'at 1778ms crash coord\n          at 1779ms restart coord')), true);
  });

  it('raft: a cut-off side answers no client breaks on a real run whose cut-off node serves its own copy, and holds with read_index', () => {
    // n1 is cut off from 1s to 2s while the majority side takes writes; the reader asks any node,
    // and n1 answers from its old copy: stale reads by the minority side (PA).
    const config = CUT_OFF_LOCAL_READS;
    const theorem = named(RAFT_THEOREMS, 'raft: a cut-off side answers no client');
    assert.equal(theorem.applies(config), false, '`local` reads are outside the theorem');
    const { outcome } = checkTheorems(config, [{ ...theorem, applies: () => true }]);
    assert.equal(outcome.failures.length, 1);
    assert.match(outcome.failures[0]!.summary, /cut off from n1 \(1s–2s\), that side answered stale reads? #\d+/);
    const readIndex = { ...config, protocol: { ...config.protocol, options: { ...config.protocol.options, 'read mode': 'read_index' } } };
    assert.equal(theorem.applies(readIndex), true);
    const judged = checkTheorems(readIndex, [theorem]);
    assert.deepEqual(judged.outcome.failures, []);
    // Not for want of a partition: the classifier saw the cut-off side refuse (C), not stay idle.
    const windows = classifyRun(judged.run!.report.history, judged.run!.report.trace, readIndex, null).observed.partitions;
    assert.deepEqual(windows.map((w) => [w.minority, w.behaviour]), [[['n1'], 'C']]);
  });

  it('raft: a 7-node run whose cut-off lease leader read fresh values is not PA, and the theorem holds (found by stream 2057)', () => {
    // Stream 2057, scenario 8199, seed 2, shrunk: n2 and n5 (n5 leading with a lease) cut off at
    // 5.301s; n2 relayed a write n5 had committed, then n5 answered reads, all linearizable. The
    // classifier took "another node acknowledged a write of y first" as a possibly stale read.
    const config = scenario(`seed 2
      run for 25s
      cluster {
        nodes n1, n2, n3, n4, n5, n6, n7
        protocol raft {
          election timeout 300ms..600ms
          heartbeat every 50ms
          pre vote off
          check quorum on
          read mode lease
          max entries per append 4
        }
      }
      network {
        latency exponential 5ms
        drop 0%
        duplicate 1%
        reorder 5%
      }
      clock n6 skew -200ms drift 100ppm
      workload {
        client c1 {
          cas x every 1600ms..3200ms
          read y every 200ms
          timeout 400ms
          idempotency key ttl 1m
          read from follower
        }
        client c2 {
          append l every 200ms..400ms
          write y every 50ms..200ms
          timeout 1s
          retry 3 backoff exponential 50ms..400ms jitter none
          idempotency key ttl 200ms
          read from follower
        }
      }
      faults {
        at 1272ms partition n7 | n1, n2, n3, n4, n5, n6
        at 2870ms crash n4
        at 4360ms pause n2 for 950ms
        at 5301ms partition n2, n5 | n1, n3, n4, n6, n7
      }`);
    const theorem = named(RAFT_THEOREMS, 'raft: a cut-off side answers no client');
    const judged = checkTheorems(config, [theorem]);
    assert.deepEqual(judged.outcome.failures, []);
    // The cut-off side did answer reads (so the case is not vacuous), and none was stale.
    const report = judged.run!.report;
    const answered = report.history.filter((e) => e.type === 'ok' && e.f === 'read' && e.time > 5_310_000 && (e.node === 'n2' || e.node === 'n5'));
    assert.ok(answered.length > 0);
    assert.equal(classifyRun(report.history, report.trace, config, null).observed.staleReads, 0);
  });

  it('raft: no commit while a majority is down breaks when a write invoked during the outage is acknowledged in it', () => {
    const theorem = named(RAFT_THEOREMS, 'raft: no commit while');
    const trace: TraceEvent[] = [
      { kind: 'crash', t: 100, node: 'n2' },
      { kind: 'pause', t: 200, node: 'n3' },
      { kind: 'resume', t: 900, node: 'n3' },
    ];
    const write = (invoke: number, ok: number): History => [
      { index: 0, process: 'w', type: 'invoke', f: 'write', key: 'x', value: 1, time: invoke, opId: 1 },
      { index: 1, process: 'w', type: 'ok', f: 'write', key: 'x', value: 1, time: ok, opId: 1, node: 'n1' },
    ];
    assert.match(theorem.check(run(RAFT3, { trace, history: write(300, 400) }))!.summary, /while a majority was down \(from 200ns? ?|while a majority was down/);
    assert.equal(theorem.check(run(RAFT3, { trace, history: write(300, 950) })), null, 'acknowledged after n3 resumed');
    assert.equal(theorem.check(run(RAFT3, { trace, history: write(150, 400) })), null, 'invoked before the majority went down');
  });

  it('raft: no commit while a majority is down holds when a majority stored the entry at different times (one before its pause, one after its resume)', () => {
    const theorem = named(RAFT_THEOREMS, 'raft: no commit while');
    // Only one of three nodes runs from 200 to 800, but n3 runs until 400 and n2 from 500 on.
    const trace: TraceEvent[] = [
      { kind: 'crash', t: 100, node: 'n1' },
      { kind: 'pause', t: 200, node: 'n2' },
      { kind: 'pause', t: 400, node: 'n3' },
      { kind: 'resume', t: 500, node: 'n2' },
      { kind: 'resume', t: 800, node: 'n3' },
    ];
    const write = (invoke: number, ok: number): History => [
      { index: 0, process: 'w', type: 'invoke', f: 'write', key: 'x', value: 1, time: invoke, opId: 1 },
      { index: 1, process: 'w', type: 'ok', f: 'write', key: 'x', value: 1, time: ok, opId: 1, node: 'n2' },
    ];
    assert.equal(theorem.check(run(RAFT3, { trace, history: write(300, 600) })), null, 'n3 could store it before 400, n2 after 500');
    assert.match(theorem.check(run(RAFT3, { trace, history: write(420, 480) }))!.summary, /only no node of 3 ran at any moment in between/);
    assert.match(theorem.check(run(RAFT3, { trace, history: write(520, 700) }))!.summary, /only n2 of 3 ran/);
  });

  it('raft: a 4-node run whose write n2 stored before its pause and n3 after its resume commits it, and the theorem holds (found by stream 2046)', () => {
    const config = scenario(`seed 2
      run for 1336ms
      cluster {
        nodes n1, n2, n3, n4
        protocol raft {
          election timeout 100ms..200ms
          heartbeat every 20ms
          pre vote on
          read mode lease
          max entries per append 4
        }
      }
      network {
        latency 5ms
      }
      clock n3 skew +20ms drift 0ppm
      workload {
        client c2 {
          append l
          closed loop
          timeout 1s
          idempotency key ttl 1m
        }
      }
      faults {
        at 20ms crash n1
        at 1190ms pause n3 for 135ms
        at 1272ms pause n2 for 92ms
      }`);
    const { outcome, run: judged } = checkTheorems(config, [named(RAFT_THEOREMS, 'raft: no commit while'), named(RAFT_THEOREMS, 'raft: raft safety')]);
    assert.deepEqual(outcome.failures, []);
    // The write the old statement called a violation: invoked at 1.19s (n3 paused then, n1 crashed)
    // and acknowledged at 1.335s (n2 paused then): n2 ran until 1.272s, n3 from 1.325s.
    const acked = judged!.report.history.find((e) => e.type === 'ok' && e.f === 'append' && e.time > 1_325_000);
    assert.ok(acked !== undefined, 'the append invoked during the outage is acknowledged after n3 resumed');
    const invoke = judged!.report.history.find((e) => e.type === 'invoke' && e.opId === acked.opId)!;
    assert.ok(invoke.time >= 1_190_000 && invoke.time < 1_272_000, `invoked at ${invoke.time}, while n1 was down and n3 paused`);
  });

  it('lease lock: fencing breaks when the storage accepts token 1 after token 2', () => {
    const theorem = LEASE_LOCK_THEOREMS[0]!;
    const apply = (t: number, term: number): TraceEvent => ({ kind: 'apply', t, node: 'n1', op: t, key: 'x', value: t, via: `n${term + 1}`, term });
    assert.match(theorem.check(run(RAFT3, { trace: [apply(1, 1), apply(2, 2), apply(3, 1)] }))!.summary, /token 1, after accepting token 2/);
    assert.equal(theorem.check(run(RAFT3, { trace: [apply(1, 1), apply(2, 2), apply(3, 2)] })), null);
  });

  it('2pc: agreement breaks when one participant committed what another aborted', () => {
    const theorem = named(TWO_PHASE_COMMIT_THEOREMS, '2pc: all participants');
    const participant = (outcome: string) => ({ kind: 'participant', data: new Map(), prepared: new Map(), finished: new Map([['t1', outcome]]) });
    assert.match(theorem.check(run(RAFT3, { finalStates: [{ kind: 'coordinator' }, participant('commit'), participant('abort')] }))!.summary, /t1 committed on n2 but was aborted/);
    assert.equal(theorem.check(run(RAFT3, { finalStates: [{ kind: 'coordinator' }, participant('commit'), participant('commit')] })), null);
  });

  it('saga: atomicity breaks on a finished saga with one step done and its neighbour undone', () => {
    const theorem = SAGA_THEOREMS[0]!;
    const config = scenario(`run for 1s
      cluster {
        nodes s1, s2
        protocol saga {
          step create on s1 compensate cancel
          step charge on s2 compensate refund
        }
      }`);
    const entry = { entry: { sagas: new Map() } };
    const apply = (t: number, op: number, key: string): TraceEvent => ({ kind: 'apply', t, node: 's1', op, key, value: 1 });
    const half = [apply(1, 7, 'create'), apply(2, 7, 'charge'), apply(3, -7, 'charge')];
    assert.match(theorem.check(run(config, { trace: half, finalStates: [entry] }))!.summary, /operation 7 finished half done: create done/);
    assert.equal(theorem.check(run(config, { trace: [...half, apply(4, -7, 'create')], finalStates: [entry] })), null, 'fully compensated');
    const running = { entry: { sagas: new Map([['saga-1', { opId: 7 }]]) } };
    assert.equal(theorem.check(run(config, { trace: half, finalStates: [running] })), null, 'still running: not judged');
  });

  it('leaderless: LWW breaks when a replica reports a causally later write dropped', () => {
    const theorem = named(LEADERLESS_THEOREMS, 'leaderless: LWW');
    const state: TraceEvent = { kind: 'state', t: 5, node: 'n1', local: 5, state: { 'causally later writes dropped': 1 } };
    assert.ok(theorem.check(run(RAFT3, { trace: [state] })) !== null);
    assert.equal(theorem.check(run(RAFT3, { trace: [] })), null);
  });

  it('coherence: linearizable ⇒ sequential breaks when the two searches disagree, and undecided proves nothing', () => {
    const theorem = named(COHERENCE_CHECKS, 'coherence: linearizable ⇒ sequential');
    const verdict = (name: string, holds: boolean | null): Verdict => ({ name, holds, summary: name });
    assert.ok(theorem.check(run(RAFT3, { verdicts: [verdict('linearizable', true), verdict('sequential', false)] })) !== null);
    assert.equal(theorem.check(run(RAFT3, { verdicts: [verdict('linearizable', true), verdict('sequential', null)] })), null);
    assert.equal(theorem.check(run(RAFT3, { verdicts: [verdict('linearizable', false), verdict('sequential', false)] })), null);
    const session = named(COHERENCE_CHECKS, 'coherence: sequential ⇒');
    assert.match(session.check(run(RAFT3, { verdicts: [verdict('sequential', true), verdict('monotonic-reads', false)] }))!.summary, /monotonic-reads does not/);
  });

  it('coherence: a history nobody reads is nothing to judge — two-phase commit transfers neither break nor hold linearizable', () => {
    // Transfers were searched as operations the register model does not know, so every 2PC run
    // with `linearizable` read "No order explains c1's transfer a" (stream 2070: 334 of 334 runs).
    const theorem = named(COHERENCE_CHECKS, 'coherence: a history nobody reads is nothing to judge');
    const config = scenario(`seed 1
      run for 3s
      cluster {
        nodes coord, p1, p2
        protocol two_phase_commit {
          coordinator coord
          participants p1, p2
          prepare timeout 400ms
        }
      }
      network {
        latency 1ms..10ms
      }
      workload {
        client c1 * 2 {
          transfer a, b every 60ms
          timeout 500ms
        }
      }
      faults {
        at 1s crash p2
        at 1.5s restart p2
      }`);
    assert.ok(theorem.applies(config));
    const judged = checkTheorems(config, [theorem]);
    assert.deepEqual(judged.outcome.failures, []);
    assert.equal(judged.run!.verdicts.get('linearizable')?.holds, null, judged.run!.verdicts.get('linearizable')?.summary);
    assert.match(judged.run!.verdicts.get('linearizable')!.summary, /Nothing to judge: no operation read the data back/);
    assert.equal(judged.run!.verdicts.get('sequential')?.holds, null);
    // The theorem speaks only when nobody reads, and a broken verdict breaks it.
    const withReads = scenario(`run for 1s
      cluster {
        nodes n1
        protocol raft
      }
      workload {
        client c {
          write x every 50ms
          read x every 50ms
        }
      }`);
    assert.equal(theorem.applies(withReads), false);
    const verdict = (name: string, holds: boolean | null): Verdict => ({ name, holds, summary: name });
    assert.match(theorem.check(run(config, { verdicts: [verdict('linearizable', false), verdict('sequential', null)] }))!.summary, /no operation reads, yet linearizable does not hold/);
    assert.match(theorem.check(run(config, { verdicts: [verdict('linearizable', null), verdict('sequential', true)] }))!.summary, /no operation reads, yet sequential holds/);
    assert.equal(theorem.check(run(config, { verdicts: [verdict('linearizable', null), verdict('sequential', null)] })), null);
  });

  it('primary/backup: a backup that drops a write and re-applies it from the newer primary\'s log holds it; lost writes = the recount (found by stream 2057)', () => {
    // Stream 2057, scenario 4423, seed 4, shrunk: rejoining epoch 4, n1 and n2 discarded their
    // epoch-3 suffix (holding c1's write of y=19 at position 9) and applied the new primary's
    // entries, y=19 among them at position 8, in the same handler; the state effect that says
    // `dropped` came after that apply, so the lost-write check read y=19 as gone from both.
    const config = scenario(`seed 4
      run for 3s
      cluster {
        nodes n1, n2, n3
        protocol primary_backup {
          replication semi_sync
          ship every 0ms
          failover automatic
          failure detection timeout 300ms
          heartbeat every 50ms
          reads from primary
          read your writes none
          monotonic reads off
        }
      }
      network {
        latency uniform 2ms..10ms
        drop 5%
        duplicate 5%
        reorder 0%
      }
      clock n1 skew -200ms drift 1000ppm
      clock n3 skew +20ms drift 0ppm
      workload {
        client c1 {
          read x, y
          write x, y
          closed loop
          timeout 200ms
          retry 2 backoff constant 50ms jitter full
          idempotency key ttl 200ms
          read from primary
        }
      }
      faults {
        at 560ms crash n1
        at 755ms restart n1
        at 840ms partition bridge n1
        at 1720ms heal
        at 2902ms crash n3
      }`);
    const judged = checkTheorems(config, [LOST_WRITES_RECOUNT]);
    assert.deepEqual(judged.outcome.failures, []);
    // What the trace now says, in this order: the drop, then the write applied again.
    const trace = judged.run!.report.trace;
    for (const node of ['n1', 'n2']) {
      const dropAt = trace.findIndex((e) => e.kind === 'state' && e.node === node && Array.isArray(e.state['dropped']) && (e.state['dropped'] as number[]).length > 2);
      const lastApply = trace.map((e, i) => (e.kind === 'apply' && e.node === node && e.key === 'y' && e.value === 19 ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
      assert.ok(dropAt >= 0 && lastApply > dropAt, `${node}: dropped at ${dropAt}, y=19 applied again at ${lastApply}`);
    }
  });

  it('primary/backup: discarding a retry\'s deduplicated copy of a write keeps the write; lost writes = the recount (found by stream 2062)', () => {
    // Stream 2062, scenario 7428, seed 2, shrunk: c12's write of x=15 took effect at position 15
    // on every node; its retry, logged again under the same key, changed nothing when applied.
    // Rejoining a newer primary, n2, n3 and n4 discarded that copy and reported the write as
    // dropped, though position 15 still held it: the lost-write check called it lost.
    const config = scenario(`seed 2
      run for 3s
      cluster {
        nodes n1, n2, n3, n4
        protocol primary_backup {
          replication async
          ship every 0ms
          failover automatic
          failure detection timeout 300ms
          heartbeat every 50ms
          reads from any
          read your writes none
          monotonic reads on
        }
      }
      network {
        latency uniform 1ms..5ms
        drop 1%
        duplicate 1%
        reorder 5%
      }
      clock n2 skew +20ms drift 0ppm
      workload {
        client c1 * 2 {
          write x
          closed loop
          timeout 400ms
          retry 3 backoff none jitter decorrelated
          idempotency key ttl 1m
          read from primary
          start at 750ms
        }
      }
      faults {
        at 1440ms pause n1 for 750ms
        at 2040ms partition n2 -> n1
      }`);
    const judged = checkTheorems(config, [LOST_WRITES_RECOUNT]);
    assert.deepEqual(judged.outcome.failures, []);
    // Not for want of drops: nodes did report dropped writes, just not that one.
    const trace = judged.run!.report.trace;
    const dropped = trace.flatMap((e) => (e.kind === 'state' && Array.isArray(e.state['dropped']) ? (e.state['dropped'] as number[]) : []));
    assert.ok(dropped.length > 20);
    const x15 = trace.find((e) => e.kind === 'apply' && e.key === 'x' && e.value === 15);
    assert.ok(x15 !== undefined && x15.kind === 'apply' && !dropped.includes(x15.op));
  });

  it('coherence: the lost-write verdict breaks when it names a write a running node holds, or misses one no running node holds', () => {
    const config = scenario(`seed 2
      run for 3s
      cluster {
        nodes n1, n2, n3
        protocol raft
      }
      workload {
        client w {
          write x every 100ms
        }
      }
      faults {
        from 1s to 1.5s crash n1
      }`);
    const { run: real } = checkTheorems(config, [LOST_WRITES_RECOUNT]);
    assert.ok(real !== null);
    assert.equal(LOST_WRITES_RECOUNT.check(real), null, 'the real verdict agrees with the recount');
    const acked = real.report.history.findIndex((e) => e.type === 'invoke');
    const saysLost: Verdict = { name: 'no-lost-writes', holds: false, summary: 'lost', operations: [acked] };
    assert.match(LOST_WRITES_RECOUNT.check({ ...real, verdicts: new Map([['no-lost-writes', saysLost]]) })!.summary, /held by a running node, yet called lost/);
    const allDown = { ...real, upAtEnd: config.nodes.map(() => false) };
    assert.match(LOST_WRITES_RECOUNT.check(allDown)!.summary, /on no running node, yet not called lost/);
  });

  it('coherence: sides are chains of two-way links; a one-way cut bridged by a third node joins them, a one-way cycle does not', () => {
    const cut = (pairs: Array<[string, string]>) => new Set(pairs.map(([a, b]) => `${a}\u0000${b}`));
    const nodes = ['n1', 'n2', 'n3'];
    assert.deepEqual(componentsByClosure(nodes, new Set(), cut([['n1', 'n2']])), [['n1', 'n2', 'n3']]);
    assert.deepEqual(componentsByClosure(nodes, new Set(), cut([['n1', 'n2'], ['n1', 'n3']])), [['n1'], ['n2', 'n3']]);
    assert.deepEqual(componentsByClosure(nodes, new Set(['n3']), cut([['n1', 'n2']])), [['n1'], ['n2']]);
    // Found by the 100,000-run pass (stream 2027, #19473): n3 -> n1 and n2 -> n3 cut leave a cycle
    // of one-way links n1 -> n3 -> n2 -> n1; nobody relays, so n3 is a side of its own.
    assert.deepEqual(componentsByClosure(nodes, new Set(), cut([['n3', 'n1'], ['n2', 'n3']])), [['n1', 'n2'], ['n3']]);
    const config = scenario(`seed 1
      run for 3s
      cluster {
        nodes n1, n2, n3, n4, n5
        protocol raft
      }
      faults {
        from 500ms to 1.5s partition n1, n2 -> n3, n4, n5
        from 1s to 2s crash n4
        from 2s to 2.5s partition n1 | n2 | n3, n4, n5
      }`);
    const { run: real } = checkTheorems(config, [QUORUM_TIMELINE_GEOMETRY]);
    assert.ok(real !== null);
    assert.equal(QUORUM_TIMELINE_GEOMETRY.check(real), null);
  });

  it('a run or checker that throws is filed as a failure of its scenario, and the sweep goes on', () => {
    const throwing: Theorem = { name: 'throws', protocol: null, statement: 'throws', applies: () => true, needs: [], check: () => { throw new RangeError('Set maximum size exceeded'); } };
    const result = runCase(2026, 0, [1, 2], { theorems: [throwing] });
    assert.equal(result.runs, 2);
    assert.deepEqual(result.failures.map((f) => [f.theorem, f.seed, f.summary]), [
      [INTERNAL_ERROR, 1, 'RangeError: Set maximum size exceeded'],
      [INTERNAL_ERROR, 2, 'RangeError: Set maximum size exceeded'],
    ]);
    assert.ok(result.text !== undefined, 'the scenario is kept for its reproducer');
  });

  it('a retry window is every attempt\'s timeout plus the backoff cap between them; unbounded retries have none', () => {
    const [client] = scenario(`run for 1s
      workload {
        client c {
          write x every 100ms
          timeout 200ms
          retry 3 backoff exponential 50ms..400ms jitter full
        }
      }
      cluster {
        nodes n1
        protocol raft
      }`).clients;
    assert.equal(retryWindowUs(client!), 4 * 200_000 + 3 * 400_000);
    assert.equal(retryWindowUs({ ...client!, retry: { ...client!.retry!, maxRetries: null } }), Infinity);
  });

  /** A 3-node Raft cluster with one client writing under keys that live `ttl`, and the fault lines given. */
  const withFaultLines = (ttl: string, ...lines: string[]) =>
    scenario(`run for 3s
      cluster {
        nodes n1, n2, n3
        protocol raft
      }
      workload {
        client c {
          write x every 50ms
          timeout 1s
          idempotency key ttl ${ttl}
        }
      }
      faults {
        ${lines.join('\n        ')}
      }`);

  it('keys must also outlive a late copy: a request a paused node held for 340ms outlives a 200ms key', () => {
    // Found by the 40,000-run pass (stream 32, #4871, seed 2): a service instance paused with a
    // request in hand passed it on after the key had expired, and the database applied it twice.
    assert.equal(keysOutliveRetries(withFaultLines('200ms', 'at 1s pause n2 for 340ms')), false);
    assert.equal(keysOutliveRetries(withFaultLines('1m', 'at 1s pause n2 for 340ms')), true);
  });

  it('a `duplicate next` line duplicates messages; `drop next`, `delay next` and `deliver next` do not', () => {
    assert.equal(duplicatesMessages(withFaultLines('1m', 'at 1s duplicate next AppendEntries n1 -> n2')), true);
    assert.equal(duplicatesMessages(withFaultLines('1m', 'at 1s drop next AppendEntries n1 -> n2')), false);
    assert.equal(duplicatesMessages(withFaultLines('1m', 'at 1s delay next AppendEntries n1 -> n2 by 300ms')), false);
    assert.equal(duplicatesMessages(withFaultLines('1m', 'at 1s deliver next AppendEntries n1 -> n2')), false);
  });

  it('keys must also outlive a message a `delay next` line holds back: 1.5s of delay outlives a 2s key, not a 1m one', () => {
    // Without the delay, a 2s key outlives the second a late copy of a request is given.
    assert.equal(keysOutliveRetries(withFaultLines('2s', 'at 1s crash n3', 'at 2s restart n3')), true);
    assert.equal(keysOutliveRetries(withFaultLines('2s', 'at 1s delay next AppendEntries n1 -> n2 by 1500ms')), false);
    assert.equal(keysOutliveRetries(withFaultLines('1m', 'at 1s delay next AppendEntries n1 -> n2 by 1500ms')), true);
  });

  it('a fault that follows the leader is over when its window ends; a crash of the leader with no window never is', () => {
    assert.equal(faultsOverAt(withFaultLines('1m', 'from 1s to 1.8s crash leader')), 1_800_000);
    assert.equal(faultsOverAt(withFaultLines('1m', 'at 1s crash leader')), Infinity);
    assert.equal(faultsOverAt(withFaultLines('1m', 'at 1s pause leader for 400ms')), 1_400_000);
    assert.equal(faultsOverAt(withFaultLines('1m', 'at 1s partition leader | rest')), Infinity);
    assert.equal(faultsOverAt(withFaultLines('1m', 'from 1s to 2s partition leader | rest')), 2_000_000);
  });

  it('a clock jump of the leader makes the clocks imperfect, as one of a named node does', () => {
    assert.equal(perfectClocks(withFaultLines('1m', 'at 1s pause n2 for 10ms')), true);
    assert.equal(perfectClocks(withFaultLines('1m', 'at 1s skew leader +200ms')), false);
    assert.equal(perfectClocks(withFaultLines('1m', 'at 1s skew n2 +200ms')), false);
  });

  it('a pause of the leader is a late copy keys must outlive, as a pause of a named node is', () => {
    assert.equal(keysOutliveRetries(withFaultLines('1200ms', 'at 1s pause n2 for 10ms')), true);
    assert.equal(keysOutliveRetries(withFaultLines('1200ms', 'at 1s pause leader for 340ms')), false);
  });

  it('faults are never known to be over while a message fault line may still wait for its message', () => {
    assert.equal(faultsOverAt(withFaultLines('1m', 'at 1s pause n2 for 300ms')), 1_300_000);
    assert.equal(faultsOverAt(withFaultLines('1m', 'at 1s pause n2 for 300ms', 'at 1.5s drop next AppendEntries n1 -> n2')), Infinity);
  });
});
