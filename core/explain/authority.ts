// Who holds authority in each protocol, in that protocol's own words. Raft has a leader and
// terms; primary/backup has a primary and epochs; a lease lock has a lock holder and fencing
// tokens. 2PC, sagas, leaderless stores and services elect nobody: their hosts must not print
// "no leader" for them as if an election had failed.
//
// Every host (CLI summary, quorum strip, hover) reads these words from here instead of
// branching on the protocol name itself.

import type { ProtocolName } from '../types/sim-config.ts';

export type AuthorityWords = {
  /** The node that holds authority: "leader", "primary", "lock holder". */
  holder: string;
  /** Its plural, for a line that lists them: "leaders", "primaries", "lock holders". */
  holders: string;
  /** The number that orders holders: "term", "epoch", "fencing token". */
  term: string;
  /** What taking authority is called: "became leader", "became primary", "took the lock". */
  took: string;
  /** The `role` a node reports in its state events while it holds authority. */
  stateRole: string;
  /**
   * Whether the holder needs a majority of the cluster to commit (Raft). A primary or a lock
   * holder answers from whichever side it is on: its sides are described, not graded by majority.
   */
  needsMajority: boolean;
};

const ELECTED: Partial<Record<ProtocolName, AuthorityWords>> = {
  raft: { holder: 'leader', holders: 'leaders', term: 'term', took: 'became leader', stateRole: 'leader', needsMajority: true },
  primary_backup: { holder: 'primary', holders: 'primaries', term: 'epoch', took: 'became primary', stateRole: 'primary', needsMajority: false },
  lease_lock: { holder: 'lock holder', holders: 'lock holders', term: 'fencing token', took: 'took the lock', stateRole: 'leader', needsMajority: false },
};

/** Why a protocol without an elected holder has none, for the line that would list them. */
const WITHOUT_HOLDER: Record<ProtocolName, string> = {
  raft: '',
  primary_backup: '',
  lease_lock: '',
  leaderless: 'none elected: any of a key’s replicas coordinates its reads and writes',
  two_phase_commit: 'none elected: the coordinator is fixed, and participants wait on it',
  saga: 'none elected: each saga is driven by its own first service or orchestrator',
  service: 'none elected: the balancer spreads requests over the instances',
};

/** The words for a protocol that elects one holder at a time, or null when it elects nobody. */
export function authorityWords(protocol: ProtocolName): AuthorityWords | null {
  return ELECTED[protocol] ?? null;
}

/** For protocols that elect nobody: why, in one clause. */
export function noHolderReason(protocol: ProtocolName): string {
  return WITHOUT_HOLDER[protocol] || 'none elected';
}

/** "n2 (term 2)", "n2 (epoch 2)", "n3 (fencing token 4)"; a holder without a number is just its name. */
export function holderWithTerm(node: string, term: number | null, words: AuthorityWords): string {
  return term === null ? node : `${node} (${words.term} ${term})`;
}
