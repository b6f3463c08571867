// Primary/backup honours idempotency keys: the primary logs every try of an operation, and every
// replica applies the first and skips the repeats, deciding from the key and the primary's clock
// stored in the entry, so a promoted backup refuses the same repeats its old primary did.
// Without keys, a retried or network-duplicated write is applied again: at-least-once delivery.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import type { PrimaryBackupState } from '../../../core/protocols/primary_backup/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { SimView } from '../../../core/sim/observer.ts';
import type { Report } from '../../../core/types/report.ts';

const SEEDS = [1, 2, 3, 4, 5];

const BASE = `
scenario "increments, retried" {
  seed 1
  run for 10s
  cluster {
    nodes 3
    protocol primary_backup {
      replication sync
    }
  }
  network {
    latency 2ms..10ms
    drop 10%
  }
  workload {
    client c * 5 {
      increment counter every 100ms
      timeout 400ms
      retry 5 backoff exponential 100ms..1s jitter full
    }
  }
}
scenario "increments, retried with keys" extends "increments, retried" {
  workload {
    client c * 5 {
      idempotency key ttl 10m
    }
  }
}
scenario "increments, duplicated by the network" extends "increments, retried" {
  network {
    drop 0%
    duplicate 5%
  }
  workload {
    client c * 5 {
      retry 0
    }
  }
}
scenario "increments, duplicated by the network, with keys" extends "increments, duplicated by the network" {
  workload {
    client c * 5 {
      idempotency key ttl 10m
    }
  }
}
scenario "increments with keys across failovers" extends "increments, retried with keys" {
  cluster {
    protocol primary_backup {
      failover automatic
      failure detection timeout 500ms
    }
  }
  network {
    duplicate 5%
  }
  faults {
    every 2s..4s random crash for 300ms..1s
  }
}`;

function runOf(scenario: string, seed: number): { report: Report; finalStates: Array<PrimaryBackupState | undefined> } {
  const result = compile(BASE, scenario);
  assert.ok(result.config !== null, result.diagnostics.map((d) => d.message).join('; '));
  let view: SimView | undefined;
  const report = runScenario({ ...result.config, seed }, { observer: (v) => (view = v) });
  const finalStates = result.config.nodes.map((_, i) => (view!.isUp(i) ? (view!.protocolState(i) as PrimaryBackupState) : undefined));
  return { report, finalStates };
}

function duplicatedOperations(report: Report): number {
  const verdict = report.verdicts!.list.find((v) => v.name === 'no-duplicate-effects')!;
  return verdict.holds === false ? (verdict.operations ?? []).length : 0;
}

describe('primary/backup: idempotency keys', () => {
  it('without keys, retries over a lossy network apply some increments twice (the risk is real)', () => {
    const total = SEEDS.reduce((sum, seed) => sum + duplicatedOperations(runOf('increments, retried', seed).report), 0);
    assert.ok(total > 0, 'some retried increment was applied twice');
  });

  it('with keys remembered for 10 minutes, no retried increment takes effect twice on any seed', () => {
    for (const seed of SEEDS) {
      const { report } = runOf('increments, retried with keys', seed);
      assert.equal(duplicatedOperations(report), 0, `seed ${seed}`);
      assert.ok(report.history.some((e) => e.type === 'ok'), `seed ${seed}: increments succeed`);
    }
  });

  it('without keys, a request the network delivers twice is applied twice: at-least-once delivery', () => {
    const total = SEEDS.reduce((sum, seed) => sum + duplicatedOperations(runOf('increments, duplicated by the network', seed).report), 0);
    assert.ok(total > 0);
  });

  it('with keys, a request the network delivers twice is applied once on every seed', () => {
    for (const seed of SEEDS) assert.equal(duplicatedOperations(runOf('increments, duplicated by the network, with keys', seed).report), 0, `seed ${seed}`);
  });

  it('across crashes and automatic failovers every replica applies each keyed increment once: its counter equals the distinct operations in its log', () => {
    for (const seed of SEEDS) {
      const { report, finalStates } = runOf('increments with keys across failovers', seed);
      assert.equal(duplicatedOperations(report), 0, `seed ${seed}`);
      let judged = 0;
      for (const state of finalStates) {
        if (state === undefined || state.applied === 0) continue;
        const distinct = new Set(state.log.slice(0, state.applied).map((entry) => entry.opId));
        assert.equal(state.kv.get('counter'), distinct.size, `seed ${seed}, ${state.self}: ${state.applied} entries applied`);
        judged++;
      }
      assert.ok(judged >= 2, `seed ${seed}: at least two replicas are up and hold the counter`);
    }
  });
});
