// How long a client waits before retry number `attempt` (0 for the first retry). The jitter
// modes are the ones compared in the AWS Architecture Blog post "Exponential Backoff And Jitter":
//   none:          sleep = min(cap, base · 2^attempt)
//   full:          sleep = random(0, min(cap, base · 2^attempt))
//   equal:         t = min(cap, base · 2^attempt); sleep = t/2 + random(0, t/2)
//   decorrelated:  sleep = min(cap, random(base, previous · 3)), previous starting at base
// Jitter exists because clients that back off in lockstep retry in lockstep too, and hit a
// recovering server as one wave; spreading them out is what lets it recover.
// `backoff constant` uses base instead of base · 2^attempt; `backoff none` retries at once.

import type { Micros, RetryPolicy } from '../../types/sim-config.ts';
import type { Rng } from '../prng.ts';

/** The ceiling before jitter: what `none` jitter waits. */
export function backoffCeiling(policy: RetryPolicy, attempt: number): Micros {
  if (policy.backoff === 'none') return 0;
  if (policy.backoff === 'constant') return Math.min(policy.capUs, policy.baseUs);
  // 2^attempt overflows to Infinity for huge attempts; min() then returns the cap, as intended.
  return Math.min(policy.capUs, policy.baseUs * Math.pow(2, attempt));
}

/**
 * The sleep before retry `attempt`. `previousSleep` is the last sleep of this operation (only
 * decorrelated jitter uses it; pass the base for the first retry).
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, previousSleep: Micros, rng: Rng): Micros {
  if (policy.backoff === 'none') return 0;
  const ceiling = backoffCeiling(policy, attempt);
  switch (policy.jitter) {
    case 'none':
      return ceiling;
    case 'full':
      return rng.int(0, ceiling);
    case 'equal': {
      const half = Math.floor(ceiling / 2);
      return ceiling - half + rng.int(0, half);
    }
    case 'decorrelated': {
      const low = Math.min(policy.baseUs, policy.capUs);
      const high = Math.max(low, previousSleep * 3);
      return Math.min(policy.capUs, rng.int(low, high));
    }
  }
}
