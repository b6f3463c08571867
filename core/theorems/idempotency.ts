// Idempotency keys (the Stripe pattern; Kleppmann, DDIA ch. 11): when every client sends a key
// and the servers remember it for longer than any client keeps retrying, a retried or duplicated
// request is recognised and answered from memory, so every operation takes effect at most once.

import type { SimConfig } from '../types/sim-config.ts';
import { keysOutliveRetries } from './preconditions.ts';
import { expectationTheorem, type Theorem } from './theorem.ts';
import { coordinatorMayForget } from './two-phase-commit.ts';

/**
 * Leaderless coordinators keep no table of keys: a keyed retry is recognised only by the
 * coordinator that took the first attempt, and only while that node still holds the version it
 * made (core/protocols/leaderless/coordinator.ts). A retry through another coordinator is a new
 * version of the same operation, so "keys remembered longer than the retry window" does not hold
 * there (docs/concepts.md, Idempotency keys).
 */
const remembersKeys = (config: SimConfig) => config.protocol.name !== 'leaderless' && !coordinatorMayForget(config);

export const IDEMPOTENCY_THEOREMS: readonly Theorem[] = [
  expectationTheorem(
    'idempotency keys outlive retries: no duplicate effects',
    null,
    'no-duplicate-effects',
    'When every client sends idempotency keys remembered longer than its retry window, no operation takes effect twice on a node.',
    (config: SimConfig) => config.clients.length > 0 && remembersKeys(config) && keysOutliveRetries(config),
  ),
];
