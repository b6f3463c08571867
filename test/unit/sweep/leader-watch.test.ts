// The sweep's "time to a leader again after losing one": the clock that starts when the leader
// is lost (crash, pause, scheduled partition) stops when a newer term has a leader or when the
// lost leader is back in charge of its own term — not only at the next election.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { SimView } from '../../../core/sim/observer.ts';
import { createLeaderWatch } from '../../../core/sweep/leader-watch.ts';
import type { ScheduledFault, SimConfig } from '../../../core/types/sim-config.ts';

const ms = 1000;
const nodes = ['n1', 'n2', 'n3'];

function config(faults: ScheduledFault[] = []): SimConfig {
  return {
    scenario: 't', seed: 1, runForUs: 10_000 * ms, nodes,
    protocol: { name: 'raft', options: {}, line: 1 },
    network: { defaults: { latency: { kind: 'fixed', us: 1000 }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 }, links: [], regions: {} },
    clocks: [], clients: [], faults, randomFaults: [], expectations: [],
  };
}

/** A hand-driven cluster: set roles, terms, crashes and pauses, then `at(t)` shows it to the watch. */
function cluster(faults: ScheduledFault[] = []) {
  const watch = createLeaderWatch(config(faults));
  const states = nodes.map(() => ({ role: 'follower', currentTerm: 1 }));
  const up = nodes.map(() => true);
  const paused = nodes.map(() => false);
  let now = 0;
  const view: SimView = {
    get now() { return now; },
    eventCount: 0,
    nodes,
    isUp: (i) => up[i]!,
    isPaused: (i) => paused[i]!,
    protocolState: (i) => (up[i] ? states[i] : undefined),
    durableState: () => undefined,
    localTime: () => now,
  };
  return {
    watch, states, up, paused,
    at(tMs: number) {
      now = tMs * ms;
      watch.observer(view, -1);
    },
  };
}

describe('leader watch: time to a leader again', () => {
  it('a paused leader that resumes still leading its term is back when it resumes', () => {
    const c = cluster();
    c.states[0]!.role = 'leader';
    c.at(100);
    c.paused[0] = true;
    c.at(2547);
    c.paused[0] = false;
    c.at(2714);
    assert.equal(c.watch.newLeaderUs(), 167 * ms);
  });

  it('a crashed leader is replaced when a node leads a newer term', () => {
    const c = cluster();
    c.states[0]!.role = 'leader';
    c.at(100);
    c.up[0] = false;
    c.at(1000);
    c.states[1] = { role: 'leader', currentTerm: 2 };
    c.at(1250);
    assert.equal(c.watch.newLeaderUs(), 250 * ms);
  });

  it('a resumed leader whose majority moved to a newer term is not back: the clock runs to the next leader', () => {
    const c = cluster();
    c.states[0]!.role = 'leader';
    c.at(100);
    c.paused[0] = true;
    c.at(1000);
    c.states[1] = { role: 'candidate', currentTerm: 2 };
    c.states[2] = { role: 'follower', currentTerm: 2 };
    c.at(1150);
    c.paused[0] = false;
    c.at(1200);
    assert.equal(c.watch.newLeaderUs(), null);
    c.states[1] = { role: 'leader', currentTerm: 2 };
    c.at(1300);
    assert.equal(c.watch.newLeaderUs(), 300 * ms);
  });

  it('a leader cut off by a scheduled partition is back when a scheduled heal reconnects it', () => {
    const c = cluster([
      { type: 'partition', atUs: 1000 * ms, line: 1, partition: { label: 'n1 | n2, n3', blocked: [['n1', 'n2'], ['n2', 'n1'], ['n1', 'n3'], ['n3', 'n1']] } },
      { type: 'heal', atUs: 1400 * ms, line: 2 },
    ]);
    c.states[0]!.role = 'leader';
    c.at(100);
    c.at(1000);
    c.at(1200);
    assert.equal(c.watch.newLeaderUs(), null, 'still cut off: not back');
    c.at(1400);
    assert.equal(c.watch.newLeaderUs(), 400 * ms);
  });

  it('a seed reports its slowest recovery', () => {
    const c = cluster();
    c.states[0]!.role = 'leader';
    c.at(100);
    c.paused[0] = true;
    c.at(1000);
    c.paused[0] = false;
    c.at(1100);
    c.paused[0] = true;
    c.at(2000);
    c.states[1] = { role: 'leader', currentTerm: 2 };
    c.at(2300);
    assert.equal(c.watch.newLeaderUs(), 300 * ms);
  });

  describe('a swarm of random pauses on a Raft leader, seed 2', () => {
    const text = `scenario "raft swarm lease" {
  run for 6s
  cluster {
    nodes n1, n2, n3
    protocol raft {
      read mode lease
      pre vote on
    }
  }
  network { latency 2ms..10ms  }
  clock n2 drift 2000ppm
  workload {
    client alice { write x every 80ms timeout 400ms }
    client bob { read x every 30ms from leader timeout 400ms }
  }
  faults {
    every 1s..2s random partition for 300ms..1s
    every 1s..3s random pause for 100ms..600ms on leader
    every 2s..3s random skew 300ms for 1s
  }
}`;
    const seeded = { ...compile(text).config!, seed: 2 };
    const watched = (runForUs: number) => {
      const watch = createLeaderWatch({ ...seeded, runForUs });
      const report = runScenario({ ...seeded, runForUs }, { observer: watch.observer, analyze: false });
      return { figure: watch.newLeaderUs(), trace: report.trace };
    };

    it('n1 (term 1) paused at 2.547s and resumed leading term 1 at 2.714s: its cluster was without a leader for 167ms, not until the election at 5.653s', function () {
      this.timeout(20_000);
      const { figure, trace } = watched(5_000 * ms);
      const pause = trace.find((e) => e.kind === 'pause' && e.node === 'n1')!;
      const resume = trace.find((e) => e.kind === 'resume' && e.node === 'n1')!;
      assert.deepEqual([pause.t, resume.t], [2_547_195, 2_713_709]);
      assert.ok(!trace.some((e) => e.kind === 'state' && e.t < 5_000 * ms && (e.state as { currentTerm?: number }).currentTerm! > 1), 'no newer term before 5s');
      assert.equal(figure, resume.t - pause.t); // 166.514ms
    });

    it('over the whole run the slowest recovery is the second pause (5.419s) to n2 leading term 2 (5.653s)', function () {
      this.timeout(20_000);
      const { figure, trace } = watched(seeded.runForUs);
      const secondPause = trace.filter((e) => e.kind === 'pause' && e.node === 'n1')[1]!;
      const elected = trace.find((e) => e.kind === 'state' && e.node === 'n2' && (e.state as { role?: string }).role === 'leader')!;
      assert.deepEqual([secondPause.t, elected.t], [5_418_532, 5_653_356]);
      assert.equal(figure, elected.t - secondPause.t); // 234.824ms, not 3.106s
    });
  });
});
