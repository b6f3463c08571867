// Fencing tokens (Kleppmann, "How to do distributed locking", 2016): every grant carries a token
// that only grows, and a storage that checks tokens refuses any write whose token is older than
// one it has already accepted. Whatever pauses, crashes or clock jumps the holders suffer, the
// tokens of the writes the storage accepts never go down.

import { formatMicros } from '../sim/format-micros.ts';
import type { SimConfig } from '../types/sim-config.ts';
import { option } from './preconditions.ts';
import type { Theorem, TheoremRun, Violation } from './theorem.ts';

const fenced = (config: SimConfig) => config.protocol.name === 'lease_lock' && option(config, 'fencing tokens') === true && option(config, 'storage checks tokens') === true;

export const LEASE_LOCK_THEOREMS: readonly Theorem[] = [
  {
    name: 'lease lock: fencing: no older token after a newer one',
    protocol: 'lease_lock',
    statement: 'With fencing tokens checked by the storage, the storage never accepts a write carrying an older token after one carrying a newer token.',
    applies: fenced,
    needs: [],
    check: tokensNeverGoDown,
  },
];

function tokensNeverGoDown(run: TheoremRun): Violation | null {
  const newest = new Map<string, { token: number; holder: string }>();
  for (const event of run.report.trace) {
    if (event.kind !== 'apply' || event.term === undefined) continue;
    const seen = newest.get(event.node);
    if (seen !== undefined && event.term < seen.token) {
      return {
        summary: `at ${formatMicros(event.t)} the storage on ${event.node} accepted ${event.via ?? 'a holder'}'s write of ${event.key} with token ${event.term}, after accepting token ${seen.token} from ${seen.holder}`,
        at: event.t,
      };
    }
    if (seen === undefined || event.term > seen.token) newest.set(event.node, { token: event.term, holder: event.via ?? '?' });
  }
  return null;
}
