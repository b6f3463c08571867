// Concept 13, vector clocks: two writes where neither writer had seen the other are concurrent,
// and version vectors say so instead of inventing an order. What happens next is the conflict
// resolution: siblings hand both values to the reader, a counter CRDT merges them so that every
// increment counts, last-write-wins keeps one. Scenarios from samples/leaderless-concurrent-writes.fault.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { checkConvergence } from '../../../core/check/trace/convergence.ts';
import { findLostWrites } from '../../../core/check/trace/lost-writes.ts';
import { Engine, type EngineResult } from '../../../core/sim/engine.ts';
import { leaderless } from '../../../core/protocols/leaderless/index.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

/** What these tests read from a run: the simulation alone (the checkers are called directly). */
type Run = EngineResult & { config: SimConfig };

function simulate(config: SimConfig): Run {
  const result = new Engine(config, leaderless, { maxEvents: 2_000_000, recordTrace: true, maxTraceEvents: 1_000_000 }).run();
  return { ...result, config };
}

const SAMPLE = fileURLToPath(new URL('../../../samples/leaderless-concurrent-writes.fault', import.meta.url));
const SEEDS = [1, 2, 3, 4, 5];

function run(scenario: string, seed: number): Run {
  const { config, diagnostics } = compile(readFileSync(SAMPLE, 'utf8'), scenario);
  assert.ok(config !== null, diagnostics.map((d) => d.message).join('\n'));
  return simulate({ ...config, seed });
}

/** Reads that returned more than one value: concurrent versions handed to the client. */
function siblingReads(report: Run): number {
  return report.history.filter((e) => e.type === 'ok' && e.f === 'read' && Array.isArray(e.value) && e.value.length > 1).length;
}

/** The most concurrent versions any replica held for a key at once (from the `state` effects). */
function mostSiblings(report: Run): number {
  let most = 0;
  for (const e of report.trace) {
    if (e.kind !== 'state') continue;
    for (const [field, v] of Object.entries(e.state)) {
      if (field.startsWith('key ') && typeof v === 'object' && v !== null) most = Math.max(most, Number((v as { siblings?: number }).siblings ?? 0));
    }
  }
  return most;
}

describe('concept 13: vector clocks', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: concurrent writes are detected and kept as siblings, never under last-write-wins`, () => {
      const siblings = run('leaderless: siblings keep concurrent writes', seed);
      const lww = run('leaderless: last write wins with a skewed clock', seed);
      assert.ok(siblingReads(siblings) > 0, 'some reads returned concurrent values');
      assert.ok(mostSiblings(siblings) >= 2, 'a replica held concurrent versions side by side');
      assert.equal(siblingReads(lww), 0);
      assert.equal(mostSiblings(lww), 1);
      // Concurrent versions do not pile up: later writes that saw them replace them, and every
      // replica ends with the same versions.
      assert.equal(checkConvergence(siblings.trace, siblings.config).verdict.holds, true);
    });

    it(`seed ${seed}: the counter CRDT counts every acknowledged increment on every replica`, () => {
      const report = run('leaderless: a counter CRDT', seed);
      const acked = report.history.filter((e) => e.type === 'ok' && e.f === 'increment').length;
      assert.ok(acked > 100);
      assert.equal(findLostWrites(report.history, report.trace, report.config).lost.length, 0);
      const convergence = checkConvergence(report.trace, report.config);
      assert.equal(convergence.verdict.holds, true, convergence.verdict.summary);
      // Every replica's total is at least what the clients were told succeeded (timed-out
      // increments may have counted too).
      const last = new Map<string, number>();
      for (const e of report.trace) if (e.kind === 'apply') last.set(e.node, e.value as number);
      assert.equal(last.size, 3);
      for (const total of last.values()) assert.ok(total >= acked, `${total} >= ${acked}`);
    });
  }
});
