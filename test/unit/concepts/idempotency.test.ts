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

// The same pair told with money, on two-phase commit. (Kept here rather than in samples/ until
// docs/concepts.md row 14 can point at it.)
const TRANSFERS = `
// Idempotency on transactions: a transfer committed, its reply lost, the retry charged again.
//
// The same story as idempotency-retries.fault, told with money. Each transfer is a two-phase
// commit transaction. Inside the cluster the links are reliable, but between the shop and the
// cluster one message in ten is lost, replies included. When a reply is lost the shop cannot tell
// a committed transfer from a lost request, so after 400ms it tries again. A retry without a key
// is a brand-new transaction: when the first one did commit, the customer pays twice.
//
// What to watch for:
//  - "without keys": \`no duplicate effects\` fails: some transfers are applied twice on p1 and p2.
//  - "with keys": the coordinator remembers each key's outcome in its log and answers a retry
//    with it (or joins the retry to the transaction still running). No double charge.
//  - "keys forgotten too soon": the coordinator forgets keys after 100ms, but the shop retries
//    up to 2s later: a late retry looks new and charges again.

scenario "idempotency: transfers retried without keys" {
  seed 4
  run for 8s

  cluster {
    nodes coord, p1, p2
    protocol two_phase_commit {
      prepare timeout 500ms
    }
  }

  network {
    latency 2ms..10ms
    drop 10%                     // every link, the shop's included...
    link coord <-> p1 drop 0%    // ...but the cluster's own links lose nothing
    link coord <-> p2 drop 0%
  }

  workload {
    client shop {
      transfer a, b, c, d, e, f every 100ms
      timeout 400ms
      retry 4 backoff exponential 100ms..2s jitter full
    }
  }

  expect {
    no duplicate effects
  }
}

scenario "idempotency: transfers with keys" extends "idempotency: transfers retried without keys" {
  workload {
    client shop {
      idempotency key ttl 1h
    }
  }
}

scenario "idempotency: transfer keys forgotten too soon" extends "idempotency: transfers retried without keys" {
  workload {
    client shop {
      idempotency key ttl 100ms     // shorter than the retry window
    }
  }
}
`;

function runSample(file: string, scenario: string, seed: number): Report {
  const text = file === 'transfers' ? TRANSFERS : readFileSync(fileURLToPath(new URL(`../../../samples/${file}`, import.meta.url)), 'utf8');
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
    file: 'transfers',
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
