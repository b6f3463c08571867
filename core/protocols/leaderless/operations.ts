// What a leaderless key takes under each conflict resolution: a register (lww, siblings) takes
// read and write, a CRDT counter (crdt) read and increment. The coordinator refuses anything else
// with these words, and the validator says them before the run (FL054).

import type { OptionValue } from '../../types/sim-config.ts';
import type { ConflictResolution } from './settings.ts';

export function leaderlessRefusal(op: string, mode: ConflictResolution): string | undefined {
  if (op === 'read') return undefined;
  if (mode === 'crdt') return op === 'increment' ? undefined : `a key under conflict resolution crdt is a counter: it takes increment and read, not ${op}`;
  if (op === 'write') return undefined;
  if (op === 'increment') return 'increment needs conflict resolution crdt: concurrent read-modify-write of a register loses updates';
  return `leaderless replication has no ${op}: comparing and setting needs one order of writes, which only consensus gives`;
}

/** leaderlessRefusal for compiled options (the validator's view). */
export function leaderlessRefuses(op: string, options: Readonly<Record<string, OptionValue>>): string | undefined {
  const mode = options['conflict resolution'];
  return leaderlessRefusal(op, mode === 'siblings' || mode === 'crdt' ? mode : 'lww');
}
