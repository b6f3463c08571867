// Raft's place in CAP and PACELC, which depends on one option: how reads are served.

import type { Classification } from '../../sim/protocol.ts';
import type { OptionValue } from '../../types/sim-config.ts';
import { readSettings } from './settings.ts';

export function classifyRaft(options: Readonly<Record<string, OptionValue>>): Classification {
  const { readMode } = readSettings(options);
  if (readMode === 'local') {
    return {
      cap: 'CP',
      pacelc: 'PC/EL',
      reason:
        'Writes still need a majority, so a minority side of a partition cannot commit (CP for writes). ' +
        'But with read mode local whoever believes it is the leader answers reads from its own state without ' +
        'asking anyone: fast, yet an old leader cut off from the majority keeps serving stale values, so reads ' +
        'are not linearizable.',
    };
  }
  const how = {
    log: 'reads are ordered through the log like writes',
    read_index: 'a leader confirms with a majority that it still leads before answering a read',
    lease: 'a leader answers reads only while a majority-acknowledged lease, shorter than the election timeout, holds (assuming clocks measure time alike)',
  }[readMode];
  return {
    cap: 'CP',
    pacelc: 'PC/EC',
    reason:
      'Every write and every leadership change needs a majority: during a partition only the majority side ' +
      'makes progress and the minority refuses or waits (PC). Without a partition each operation still waits ' +
      `for a majority round trip (EC); ${how}.`,
  };
}
