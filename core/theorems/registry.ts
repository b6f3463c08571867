// Every theorem the sweeps check, protocol by protocol, then the coherence checks between checkers.

import { COHERENCE_CHECKS } from './coherence.ts';
import { IDEMPOTENCY_THEOREMS } from './idempotency.ts';
import { LEADERLESS_THEOREMS } from './leaderless.ts';
import { LEASE_LOCK_THEOREMS } from './lease-lock.ts';
import { PRIMARY_BACKUP_THEOREMS } from './primary-backup.ts';
import { RAFT_THEOREMS } from './raft.ts';
import { SAGA_THEOREMS } from './saga.ts';
import type { Theorem } from './theorem.ts';
import { TWO_PHASE_COMMIT_THEOREMS } from './two-phase-commit.ts';

export function allTheorems(): readonly Theorem[] {
  return [
    ...RAFT_THEOREMS,
    ...PRIMARY_BACKUP_THEOREMS,
    ...LEADERLESS_THEOREMS,
    ...LEASE_LOCK_THEOREMS,
    ...TWO_PHASE_COMMIT_THEOREMS,
    ...SAGA_THEOREMS,
    ...IDEMPOTENCY_THEOREMS,
    ...COHERENCE_CHECKS,
  ];
}
