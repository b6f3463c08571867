// Protocol name → implementation. Adding a protocol: its module plus one line here. A name that
// is declared (core/protocols/options-registry.ts) but has no implementation yet returns
// undefined, and runScenario reports that clearly instead of crashing.

import type { ProtocolName } from '../types/sim-config.ts';
import type { AnyProtocol } from '../sim/engine.ts';
import { raft } from './raft/index.ts';
import { primaryBackup } from './primary_backup/index.ts';
import { leaseLock } from './lease_lock/index.ts';
import { leaderless } from './leaderless/index.ts';
import { service } from './service/index.ts';
import { twoPhaseCommit } from './two_phase_commit/index.ts';
import { saga } from './saga/index.ts';

const IMPLEMENTATIONS: Partial<Record<ProtocolName, AnyProtocol>> = {
  raft,
  primary_backup: primaryBackup,
  lease_lock: leaseLock,
  leaderless,
  service,
  two_phase_commit: twoPhaseCommit,
  saga,
};

export function getProtocol(name: ProtocolName): AnyProtocol | undefined {
  return IMPLEMENTATIONS[name];
}

export function implementedProtocols(): ProtocolName[] {
  return Object.keys(IMPLEMENTATIONS) as ProtocolName[];
}
