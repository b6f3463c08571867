import assert from 'node:assert/strict';
import { backoffCeiling, backoffDelay } from '../../../core/sim/workload/backoff.ts';
import { streamFor } from '../../../core/sim/prng.ts';
import type { Jitter, RetryPolicy } from '../../../core/types/sim-config.ts';

function policy(jitter: Jitter, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { maxRetries: null, backoff: 'exponential', baseUs: 50_000, capUs: 2_000_000, jitter, line: 1, ...overrides };
}

describe('retry backoff with jitter (AWS formulas)', () => {
  it('without jitter waits exactly min(cap, base·2^attempt)', () => {
    const rng = streamFor(1, 'b');
    assert.deepEqual(
      [0, 1, 2, 3, 10, 2000].map((attempt) => backoffDelay(policy('none'), attempt, 0, rng)),
      [50_000, 100_000, 200_000, 400_000, 2_000_000, 2_000_000],
    );
  });

  it('full jitter stays within [0, min(cap, base·2^attempt)] and uses the whole range', () => {
    const rng = streamFor(2, 'b');
    for (const attempt of [0, 3, 8]) {
      const ceiling = backoffCeiling(policy('full'), attempt);
      const draws = Array.from({ length: 2000 }, () => backoffDelay(policy('full'), attempt, 0, rng));
      assert.ok(draws.every((d) => d >= 0 && d <= ceiling));
      assert.ok(Math.min(...draws) < ceiling * 0.05 && Math.max(...draws) > ceiling * 0.95);
    }
  });

  it('equal jitter stays within [t/2, t] for t = min(cap, base·2^attempt)', () => {
    const rng = streamFor(3, 'b');
    for (const attempt of [0, 2, 9]) {
      const ceiling = backoffCeiling(policy('equal'), attempt);
      for (let i = 0; i < 2000; i++) {
        const delay = backoffDelay(policy('equal'), attempt, 0, rng);
        assert.ok(delay >= ceiling / 2 && delay <= ceiling, `${delay} outside [${ceiling / 2}, ${ceiling}]`);
      }
    }
  });

  it('decorrelated jitter draws from [base, previous·3], capped', () => {
    const rng = streamFor(4, 'b');
    const p = policy('decorrelated');
    let previous = p.baseUs;
    for (let attempt = 0; attempt < 2000; attempt++) {
      const delay = backoffDelay(p, attempt, previous, rng);
      assert.ok(delay >= p.baseUs && delay <= Math.min(p.capUs, previous * 3), `${delay} with previous ${previous}`);
      previous = delay;
    }
  });

  it('constant backoff waits the base, and backoff none retries at once', () => {
    const rng = streamFor(5, 'b');
    assert.equal(backoffDelay(policy('none', { backoff: 'constant' }), 7, 0, rng), 50_000);
    assert.equal(backoffDelay(policy('full', { backoff: 'none' }), 7, 0, rng), 0);
  });
});
