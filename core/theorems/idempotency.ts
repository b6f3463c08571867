// Idempotency keys (the Stripe pattern; Kleppmann, DDIA ch. 11): when every client sends a key
// and the servers remember it for longer than any client keeps retrying, a retried or duplicated
// request is recognised and answered from memory, so every operation takes effect at most once.

import type { SimConfig } from '../types/sim-config.ts';
import { primaryBackupAppliesDuplicates } from './known-bugs.ts';
import { keysOutliveRetries } from './preconditions.ts';
import { expectationTheorem, type Theorem } from './theorem.ts';

export const IDEMPOTENCY_THEOREMS: readonly Theorem[] = [
  expectationTheorem(
    'idempotency keys outlive retries: no duplicate effects',
    null,
    'no-duplicate-effects',
    'When every client sends idempotency keys remembered longer than its retry window, no operation takes effect twice on a node.',
    (config: SimConfig) => config.clients.length > 0 && keysOutliveRetries(config) && !primaryBackupAppliesDuplicates(config),
  ),
];
