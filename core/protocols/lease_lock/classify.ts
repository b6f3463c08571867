// Where the lease lock sits in CAP and PACELC, and what fencing changes about it.

import type { Classification } from '../../sim/protocol.ts';
import type { OptionValue } from '../../types/sim-config.ts';

export function classifyLeaseLock(options: Readonly<Record<string, OptionValue>>): Classification {
  const fencing = options['fencing tokens'] === true && options['storage checks tokens'] !== false;
  const common =
    'One lock service decides who holds the lock: a holder cut off from it cannot renew and loses the lock, and nobody else gets it until the lease runs out (PC). ' +
    'Every acquire and renewal, and every guarded write, waits for a round trip to the service or the storage (EC). ';
  return {
    cap: 'CP',
    pacelc: 'PC/EC',
    reason: fencing
      ? common + 'With fencing tokens checked by the storage, safety does not depend on timing: a holder that paused past its lease is refused by the storage once its successor has written.'
      : common + 'Without fencing, though, safety rests on timing: a holder that pauses past its lease, or whose clock runs slow, keeps writing after another node got the lock.',
  };
}
