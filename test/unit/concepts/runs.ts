// Running the concept samples and measuring what they are about, for the concept tests: each
// sample's scenarios across several seeds, and the numbers that tell the risky one from its fix.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toOperations } from '../../../core/history/operations.ts';
import { compile } from '../../../core/language/index.ts';
import type { PrimaryBackupState } from '../../../core/protocols/primary_backup/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { SimView } from '../../../core/sim/observer.ts';
import type { Report } from '../../../core/types/report.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

/** Every concept is shown on these seeds, not on one lucky one. */
export const SEEDS = [1, 2, 3, 4, 5];

const samplesDir = fileURLToPath(new URL('../../../samples/', import.meta.url));

export function sampleConfig(file: string, scenario: string, seed: number): SimConfig {
  const result = compile(readFileSync(samplesDir + file, 'utf8'), scenario);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((e) => e.message), [], `${file}: "${scenario}"`);
  assert.ok(result.config !== null);
  return { ...result.config, seed };
}

export type Run = { config: SimConfig; report: Report; finalStates: unknown[] };

/** Runs a scenario and keeps every node's protocol state at the end (undefined when down). */
export function run(config: SimConfig): Run {
  let view: SimView | undefined;
  // The tests below measure what they need themselves; the full grading is not part of it.
  const report = runScenario(config, {
    analyze: false,
    observer: (v) => {
      view = v;
    },
  });
  const finalStates = config.nodes.map((_, i) => view?.protocolState(i));
  return { config, report, finalStates };
}

export function runSample(file: string, scenario: string, seed: number): Run {
  return run(sampleConfig(file, scenario, seed));
}

const WRITES = new Set(['write', 'cas', 'increment', 'append']);

/**
 * Acknowledged writes that no running node still holds in its log at the end: the client was
 * told "ok", and the write is gone (a demoted primary dropped it when it rejoined).
 */
export function lostAcknowledgedWrites(r: Run): number[] {
  const held = new Set<number>();
  for (const state of r.finalStates) {
    if (state === undefined) continue;
    for (const entry of (state as PrimaryBackupState).log) held.add(entry.opId);
  }
  return toOperations(r.report.history)
    .filter((op) => op.outcome === 'ok' && WRITES.has(op.f) && !held.has(op.opId))
    .map((op) => op.opId);
}

/** Writes acknowledged by `node` whose completion falls in [from, to). */
export function writesAcknowledgedBy(r: Run, node: string, from: number, to: number): number {
  return toOperations(r.report.history).filter(
    (op) => op.outcome === 'ok' && WRITES.has(op.f) && op.node === node && op.completeTime !== null && op.completeTime >= from && op.completeTime < to,
  ).length;
}

/** Mean time from invocation to "ok" of the writes invoked before `until`, in microseconds. */
export function meanWriteLatency(r: Run, until: number): number {
  const done = toOperations(r.report.history).filter((op) => op.outcome === 'ok' && WRITES.has(op.f) && op.invokeTime < until);
  assert.ok(done.length > 0, 'some write was acknowledged');
  return done.reduce((sum, op) => sum + (op.completeTime! - op.invokeTime), 0) / done.length;
}
