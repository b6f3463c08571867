// Known bugs other engineers are fixing in this session (issue 15). A theorem keeps its statement
// and leaves out exactly the case the bug covers, through one of these named predicates, so the
// lead can delete the predicate (and its uses) once the fix is merged and the sweep is clean.

import { hasCrashes, onlyOperations } from './preconditions.ts';
import type { SimConfig } from '../types/sim-config.ts';

/**
 * Issue 15 item 1 (`sim`): Raft with crashes reports acknowledged writes as lost although they are
 * committed: a node rebuilt from a snapshot, or any restarted node that has not re-applied its
 * log yet, shows none of them to the lost-write count. Seen with many writers (the case)
 * and with one: a 1-node cluster restarted 50 ms before the end (stream 2026, #456, seed 2).
 */
export const raftFalseLostWrites = (config: SimConfig) => config.protocol.name === 'raft' && hasCrashes(config);

/**
 * Issue 15 item 1 (`sim`), the same on primary/backup: a restarted replica reports none of the
 * writes it still holds on disk, so a write whose every holder restarted looks lost (sync,
 * manual failover, both nodes crashed and restarted: stream 99, #338, seed 1).
 */
export const primaryBackupRestartHidesWrites = (config: SimConfig) => config.protocol.name === 'primary_backup' && hasCrashes(config);

/**
 * Issue 15 item 8 (`sim`): primary/backup applies retried and network-duplicated requests twice,
 * idempotency keys or not.
 */
export const primaryBackupAppliesDuplicates = (config: SimConfig) => config.protocol.name === 'primary_backup';

/**
 * Issue 15 item 7 (`check`): counters (`increment`) and lists (`append`) are graded as registers,
 * so the consistency ladder judges them against the wrong model.
 */
export const countersGradedAsRegisters = (config: SimConfig) => !onlyOperations(config, ['read', 'write', 'cas']);

/** Issue 15 item 5 (`report`): a service's requests are graded as register operations. */
export const serviceGradedAsRegisters = (config: SimConfig) => config.protocol.name === 'service';
