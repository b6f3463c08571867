// Where two-phase commit sits in CAP and PACELC: it chooses consistency (atomicity) and pays
// for it with availability — the blocking problem — and with two round trips per transaction.

import type { Classification } from '../../sim/protocol.ts';
import type { OptionValue } from '../../types/sim-config.ts';

export function classifyTwoPhaseCommit(options: Readonly<Record<string, OptionValue>>): Classification {
  const recovery = options['coordinator recovery'] !== false;
  return {
    cap: 'CP',
    pacelc: 'PC/EC',
    reason:
      'Every participant must vote and the coordinator must decide: a participant cut off or crashed makes transactions abort, ' +
      'and a participant that voted yes cannot finish until it hears the decision, so while the coordinator is unreachable it blocks ' +
      'with its locks held instead of guessing (it gives up availability to keep all-or-nothing). Without a partition each ' +
      'transaction still costs two round trips and a forced log write before anyone may answer (EC). ' +
      (recovery
        ? 'With coordinator recovery the blocking ends when the coordinator is back and reads its log.'
        : 'Without coordinator recovery a participant prepared before a coordinator crash stays blocked for good.'),
  };
}
