// How a leaderless cluster recovers what a cut-off replica missed, run end to end on several seeds:
// read repair (a read that finds a replica behind brings it up to date) and hinted handoff (a
// stand-in that took writes for an unreachable replica hands them over after the heal).

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { checkConvergence } from '../../../core/check/trace/convergence.ts';
import { findLostWrites } from '../../../core/check/trace/lost-writes.ts';
import { placeKey } from '../../../core/protocols/leaderless/preference-list.ts';
import { Engine, type EngineResult } from '../../../core/sim/engine.ts';
import { leaderless } from '../../../core/protocols/leaderless/index.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

/** What these tests read from a run: the simulation alone (the checkers are called directly). */
type Run = EngineResult & { config: SimConfig };

function simulate(config: SimConfig): Run {
  const result = new Engine(config, leaderless, { maxEvents: 2_000_000, recordTrace: true, maxTraceEvents: 1_000_000 }).run();
  return { ...result, config };
}

const SEEDS = [1, 2, 3, 4, 5];

function run(text: string, seed: number): Run {
  const { config, diagnostics } = compile(text);
  assert.ok(config !== null, diagnostics.map((d) => d.message).join('\n'));
  return simulate({ ...config, seed });
}

function lastApplied(report: Run, node: string, key: string): unknown {
  let value: unknown = null;
  for (const e of report.trace) if (e.kind === 'apply' && e.node === node && e.key === key) value = e.value;
  return value;
}

/** n3 is cut off while writers write; after the heal only a reader touches the key. */
function readRepairScenario(readRepair: boolean): string {
  return `
scenario "read repair ${readRepair ? 'on' : 'off'}" {
  run for 5s
  cluster {
    nodes n1, n2, n3
    protocol leaderless {
      n 3
      r 2
      w 2
      read repair ${readRepair ? 'on' : 'off'}
    }
  }
  network {
    latency 2ms..10ms
  }
  workload {
    client writer * 2 {
      write x every 40ms
      timeout 300ms
      stop at 1.8s
    }
    client reader {
      read x every 100ms
      timeout 300ms
      start at 2.5s
      stop at 4.5s
    }
  }
  faults {
    at 500ms partition n3 | n1, n2
    at 2s heal
  }
}`;
}

describe('leaderless: read repair', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: reads after the heal bring the cut-off replica level; without read repair it stays behind`, () => {
      const repaired = run(readRepairScenario(true), seed);
      const unrepaired = run(readRepairScenario(false), seed);
      assert.equal(checkConvergence(repaired.trace, repaired.config).verdict.holds, true);
      assert.equal(checkConvergence(unrepaired.trace, unrepaired.config).verdict.holds, false);
      // n3 catches up only through reads: a Repair message, or its own read repairing itself.
      const caughtUp = repaired.trace.filter((e) => e.kind === 'apply' && e.node === 'n3' && e.t > 2_000_000);
      assert.ok(caughtUp.length > 0, 'n3 applied missed writes after the heal');
    });
  }
});

// Key x lives on three of five nodes; the third home replica is cut off, so with W = 3 only a
// stand-in lets writes succeed.
const { homes } = placeKey('x', ['n1', 'n2', 'n3', 'n4', 'n5'], 3);
const cutOff = homes[2]!;
const others = ['n1', 'n2', 'n3', 'n4', 'n5'].filter((n) => n !== cutOff);

function handoffScenario(handoff: boolean): string {
  return `
scenario "hinted handoff ${handoff ? 'on' : 'off'}" {
  run for 6s
  cluster {
    nodes n1, n2, n3, n4, n5
    protocol leaderless {
      n 3
      r 1
      w 3
      sloppy quorum on
      hinted handoff ${handoff ? 'on' : 'off'}
      read repair off
    }
  }
  network {
    latency 2ms..10ms
  }
  workload {
    client writer * 2 {
      write x every 50ms
      timeout 500ms
      start at 1.2s
      stop at 2.5s
    }
  }
  faults {
    at 1s partition ${cutOff} | ${others.join(', ')}
    at 3s heal
  }
}`;
}

describe('leaderless: sloppy quorum and hinted handoff', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: writes acknowledged through a stand-in reach the cut-off home replica after the heal, and only with hinted handoff`, () => {
      const withHandoff = run(handoffScenario(true), seed);
      const without = run(handoffScenario(false), seed);
      for (const report of [withHandoff, without]) {
        const acked = report.history.filter((e) => e.type === 'ok' && e.f === 'write');
        assert.ok(acked.length > 10, 'writes succeed during the partition thanks to the stand-ins');
        assert.equal(findLostWrites(report.history, report.trace, report.config).verdict.holds, true);
      }
      const appliedAfterHeal = (r: Run) => r.trace.filter((e) => e.kind === 'apply' && e.node === cutOff && e.t >= 3_000_000).length;
      assert.ok(appliedAfterHeal(withHandoff) > 0, `${cutOff} took the handed-over writes`);
      assert.equal(appliedAfterHeal(without), 0);
      // Only the home replicas hold x (the convergence checker expects every node to): compare them.
      const lastOnHomes = (r: Run) => homes.map((n) => JSON.stringify(lastApplied(r, n, 'x')));
      assert.equal(new Set(lastOnHomes(withHandoff)).size, 1, lastOnHomes(withHandoff).join(' '));
      assert.equal(new Set(lastOnHomes(without)).size, 2, lastOnHomes(without).join(' '));
    });
  }
});
