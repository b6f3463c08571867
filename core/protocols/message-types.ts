// The message types each protocol puts on the wire, in its own words: the exact `type` strings
// its handlers give a `send` effect (and that the trace shows). The language checks the TYPE of
// a message fault line (`at 2s drop next AppendEntries n1 -> n2`) against this list, completion
// offers it after `next`, and the docs quote it. A protocol that gains a message adds it here.

import type { OptionValue, ProtocolName } from '../types/sim-config.ts';
import { readSettings as readRaftSettings } from './raft/settings.ts';
import { readSettings as readSagaSettings } from './saga/settings.ts';

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

/**
 * Why `protocol` never sends a `type` message under these options (the compiled option record,
 * defaults included), or undefined when it may. Only what the handlers prove belongs here: Raft
 * asks for pre-votes only with `pre vote on` (raft/election.ts, onElectionTimeout), and a
 * `PreVoteReply` only answers a `PreVote`. A rule added here needs the same certainty.
 */
export function neverSentReason(protocol: string, type: string, options: Readonly<Record<string, OptionValue>>): string | undefined {
  if (protocol === 'raft' && (type === 'PreVote' || type === 'PreVoteReply') && !readRaftSettings(options).preVote) {
    const why = type === 'PreVote' ? 'a node asks for pre-votes' : 'a node answers a `PreVote`, which is sent';
    return `\`pre vote\` is off in this cluster, and ${why} only with \`pre vote on\``;
  }
  return undefined;
}

/**
 * The nodes that send messages to themselves over the network, under these options. Every
 * protocol addresses only its peers (a node handles its own share in place), except an
 * orchestrated saga: its orchestrator, the first step's node, sends itself the requests for its
 * own steps and answers them (saga/orchestrator.ts, sendCurrent). A choreographed saga handles
 * an event meant for itself in place (saga/choreography.ts, emit).
 */
export function nodesSendingToThemselves(protocol: string, options: Readonly<Record<string, OptionValue>>, nodes: readonly string[]): string[] {
  if (protocol !== 'saga') return [];
  const settings = readSagaSettings(options, nodes);
  return settings.mode === 'orchestrated' && settings.entry !== '' ? [settings.entry] : [];
}
