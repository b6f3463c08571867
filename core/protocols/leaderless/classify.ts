// Where leaderless replication sits in CAP and PACELC. Whatever R and W are, no single node
// orders the writes to a key, so the protocol never promises one order that every reader sees.

import type { Classification } from '../../sim/protocol.ts';
import type { OptionValue } from '../../types/sim-config.ts';
import { readSettings } from './settings.ts';

export function classifyLeaderless(options: Readonly<Record<string, OptionValue>>): Classification {
  const s = readSettings(options, Number.MAX_SAFE_INTEGER);
  const overlap =
    s.r + s.w > s.n
      ? `R + W = ${s.r + s.w} > N = ${s.n}, so every read quorum shares a replica with every write quorum and a read usually sees ` +
        'the latest acknowledged write. That overlap is still not linearizability: two coordinators can take concurrent writes in ' +
        'different orders, a write that failed part-way can be seen by one read and missed by the next, and ' +
        (s.resolution === 'lww' ? "last-write-wins trusts the writers' clocks." : 'concurrent versions are merged, not ordered.')
      : `R + W = ${s.r + s.w} ≤ N = ${s.n}: a read can ask only replicas the latest write never reached, so reads may be stale even with no fault at all.`;
  const sloppy = s.sloppyQuorum
    ? ' With a sloppy quorum, stand-in nodes outside the key\'s home replicas count toward W and R, so even the overlap is lost during a partition.'
    : '';
  return {
    cap: 'AP',
    pacelc: 'PA/EL',
    reason:
      'Any replica of a key coordinates reads and writes and replicas never agree on an order, so during a partition each side ' +
      'keeps serving whatever replicas it can reach (PA), and without one a request waits only for the fastest R or W replicas, ' +
      `not for a leader or a majority vote (EL). ${overlap}${sloppy}`,
  };
}
