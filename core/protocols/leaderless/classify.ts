// Where leaderless replication sits in CAP and PACELC: it follows R, W and the sloppy quorum, as
// Dynamo-style stores do when they are configured for quorum reads and writes.
//
// Partition: a side can write only if it reaches W of a key's N home replicas, and read only if it
// reaches R. When both are majorities of N (and no stand-ins count), no minority side can do
// either, so it refuses (PC); otherwise some side keeps answering (PA). Else: when R + W > N every
// read quorum overlaps every write quorum, paid for with a round trip to other replicas on reads
// or writes (EC); when R + W <= N neither waits and reads may be stale (EL).
//
// Whatever R and W are, no single node orders the writes to a key, so even the strict quorum is
// not linearizability: the reason text says so, and the run's checkers show it.

import type { Classification } from '../../sim/protocol.ts';
import type { OptionValue } from '../../types/sim-config.ts';
import { readSettings } from './settings.ts';

export function classifyLeaderless(options: Readonly<Record<string, OptionValue>>): Classification {
  const s = readSettings(options, Number.MAX_SAFE_INTEGER);
  const overlap = s.r + s.w > s.n;
  const majority = Math.floor(s.n / 2) + 1;
  const refusesOnMinority = !s.sloppyQuorum && s.r >= majority && s.w >= majority;
  const notLinearizable =
    'That overlap is still not linearizability: two coordinators can take concurrent writes in different orders, a write ' +
    'that failed part-way can be seen by one read and missed by the next, and ' +
    (s.resolution === 'lww' ? "last-write-wins trusts the writers' clocks." : 'concurrent versions are merged, not ordered.');
  const partition = refusesOnMinority
    ? `During a partition a side needs W = ${s.w} and R = ${s.r} of a key's N = ${s.n} home replicas, both majorities, so a ` +
      'minority side refuses reads and writes rather than diverge (PC); CP here means exactly that.'
    : s.sloppyQuorum
      ? "During a partition stand-in nodes outside a key's home replicas count toward W and R (sloppy quorum), so each side " +
        'keeps answering (PA), and even the quorum overlap is lost until the hints are handed back.'
      : `During a partition a side that reaches ${Math.min(s.r, s.w)} of a key's N = ${s.n} home replicas can still ` +
        `${s.w < s.r ? 'write' : s.r < s.w ? 'read' : 'read and write'}, which is not a majority, so both sides may keep answering (PA).`;
  // With R = W = 1 there is nothing to wait for even when R + W > N (a single replica per key).
  const waitsOn = [s.w > 1 ? 'writes' : null, s.r > 1 ? 'reads' : null].filter((x) => x !== null).join(' and ');
  const paysLatency = overlap && waitsOn !== '';
  const normal = overlap
    ? `R + W = ${s.r + s.w} > N = ${s.n}: every read quorum shares a replica with every write quorum, so a read usually sees the ` +
      `latest acknowledged write${paysLatency ? `, at the price of waiting for other replicas on ${waitsOn} (EC)` : ' (EL: with one replica per key nothing waits)'}. ${notLinearizable}`
    : `R + W = ${s.r + s.w} ≤ N = ${s.n}: neither reads nor writes wait for the replicas the other used, so they are fast (EL), ` +
      'and a read can ask only replicas the latest write never reached: reads may be stale even with no fault at all.';
  return {
    cap: refusesOnMinority ? 'CP' : 'AP',
    pacelc: `${refusesOnMinority ? 'PC' : 'PA'}/${paysLatency ? 'EC' : 'EL'}` as Classification['pacelc'],
    reason: `Any replica of a key coordinates its reads and writes; no leader orders them. ${partition} ${normal}`,
  };
}
