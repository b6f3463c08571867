// Concept 14, idempotency and at-least-once: over a lossy network, a lost reply makes the client
// retry an increment that already happened, and it happens twice; an idempotency key stops it;
// a key remembered for less time than the client keeps retrying lets the duplicates back.
// Across seeds (the sample's Raft cluster), and on two-phase commit transfers.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { Report } from '../../../core/types/report.ts';

const SEEDS = [1, 2, 3, 4, 5];

function runSample(file: string, scenario: string, seed: number): Report {
  const text = readFileSync(fileURLToPath(new URL(`../../../samples/${file}`, import.meta.url)), 'utf8');
  const { config } = compile(text, scenario);
  assert.ok(config !== null, `${file}: ${scenario}`);
  return runScenario({ ...config, seed }, { analyze: false });
}

/** Operations some node applied more than once in one life (no node restarts in these samples). */
function appliedTwice(report: Report): number {
  const times = new Map<string, number>();
  for (const e of report.trace) if (e.kind === 'apply') times.set(`${e.node}:${e.op}`, (times.get(`${e.node}:${e.op}`) ?? 0) + 1);
  return [...times.values()].filter((n) => n > 1).length;
}

const PAIRS = [
  {
    file: 'idempotency-retries.fault',
    risky: 'idempotency: retries without keys',
    fixed: 'idempotency: keys',
    shortTtl: 'idempotency: keys forgotten too soon',
    what: 'Raft increments',
  },
  {
    file: 'idempotency-transfers.fault',
    risky: 'idempotency: transfers retried without keys',
    fixed: 'idempotency: transfers with keys',
    shortTtl: 'idempotency: transfer keys forgotten too soon',
    what: 'two-phase commit transfers',
  },
];

describe('concept 14: a lost reply plus a retry applies twice; an idempotency key stops it; a short key TTL does not', () => {
  for (const { file, risky, fixed, shortTtl, what } of PAIRS) {
    for (const seed of SEEDS) {
      it(`${what}, seed ${seed}: applied twice without keys, never with keys, again with keys forgotten too soon`, () => {
        assert.ok(appliedTwice(runSample(file, risky, seed)) > 0, 'without keys');
        assert.equal(appliedTwice(runSample(file, fixed, seed)), 0, 'with keys');
        assert.ok(appliedTwice(runSample(file, shortTtl, seed)) > 0, 'with a TTL shorter than the retry window');
      });
    }
  }
});
