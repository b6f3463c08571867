// The message types each protocol puts on the wire, in its own words: the exact `type` strings
// its handlers give a `send` effect (and that the trace shows). The language checks the TYPE of
// a message fault line (`at 2s drop next AppendEntries n1 -> n2`) against this list, completion
// offers it after `next`, and the docs quote it. A protocol that gains a message adds it here.

import type { ProtocolName } from '../types/sim-config.ts';

export const MESSAGE_TYPES: Readonly<Record<ProtocolName, readonly string[]>> = {
  // §5.2 elections (and the thesis §9.6 pre-vote), §5.3 log replication.
  raft: ['RequestVote', 'RequestVoteReply', 'PreVote', 'PreVoteReply', 'AppendEntries', 'AppendEntriesReply'],
  primary_backup: ['Append', 'AppendAck', 'NewerEpoch', 'Forward', 'ForwardResult', 'SessionQuery', 'SessionToken', 'SessionSeen'],
  leaderless: ['Put', 'PutAck', 'Get', 'GetReply', 'Repair', 'Handoff', 'HandoffAck'],
  two_phase_commit: ['Prepare', 'Vote', 'Decision', 'Inquiry'],
  // A saga's requests are named after its steps and compensations (see sagaMessageTypes).
  saga: ['StepDone', 'Compensated', 'completed'],
  lease_lock: ['Acquire', 'Granted', 'Denied', 'KeepAlive', 'Renewed', 'Lost', 'StoreWrite', 'StoreResult'],
  service: ['Forward', 'Response', 'HealthCheck', 'HealthOk', 'Query', 'QueryResult', 'DbPing', 'DbPong'],
};

/**
 * A saga sends each step under the step's name and each compensation under its own
 * (`step reserve on n2 compensate release`): those words are message types too. A compensation
 * left unnamed is sent as `undo NAME`, two words, which a fault line cannot name.
 */
export function sagaMessageTypes(stepLines: ReadonlyArray<readonly string[]>): string[] {
  const types: string[] = [];
  for (const words of stepLines) {
    if (words[0] !== undefined) types.push(words[0]);
    const compensate = words.indexOf('compensate');
    if (compensate >= 0 && words[compensate + 1] !== undefined) types.push(words[compensate + 1]!);
  }
  return types;
}

/** The message types a fault line may name in a cluster running `protocol`. */
export function messageTypesOf(protocol: string, sagaSteps: ReadonlyArray<readonly string[]> = []): string[] {
  const fixed = (MESSAGE_TYPES as Record<string, readonly string[] | undefined>)[protocol] ?? [];
  return protocol === 'saga' ? [...sagaMessageTypes(sagaSteps), ...fixed] : [...fixed];
}
