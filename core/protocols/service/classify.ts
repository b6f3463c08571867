// Where the service model sits in CAP and PACELC. It has one database and no replication, so the
// interesting trade-offs are about load, not consistency; the classification says so plainly.

import type { Classification } from '../../sim/protocol.ts';
import type { OptionValue } from '../../types/sim-config.ts';

export function classifyService(options: Readonly<Record<string, OptionValue>>): Classification {
  const cache = options['cache'] === true;
  const common =
    'All data lives on one database: an instance cut off from it cannot answer from the database and returns errors instead of guessing (PC). ' +
    'Every request that reaches the database waits for the round trip (EC). ';
  return {
    cap: cache ? 'AP' : 'CP',
    pacelc: cache ? 'PA/EL' : 'PC/EC',
    reason: cache
      ? common.replace('(PC)', '(PC for what is not cached)').replace('(EC)', '(EC for misses)') +
        'With the cache on, reads are answered from the instance\'s own copy without asking the database: fast (EL) and still available when the database is unreachable (PA), but possibly as old as the cache TTL.'
      : common + 'Nothing is cached, so there is no stale copy to serve.',
  };
}
