// Two-phase commit (Gray 1978; Bernstein, Hadzilacos & Goodman ch. 7): every participant reaches
// the same decision for a transaction (atomicity), and a participant that voted yes stays blocked
// only while the coordinator cannot tell it the outcome — once the coordinator is back with its
// log and the network is whole, every prepared participant learns the decision.

import type { ParticipantDurable, TxnId } from '../protocols/two_phase_commit/types.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';
import { formatMicros } from '../sim/format-micros.ts';
import { readSettings } from '../protocols/two_phase_commit/settings.ts';
import { faultsOverAt, mayCrash, option, requestsTakeEffectOnce } from './preconditions.ts';
import { expectationTheorem, type RunWatch, type Theorem, type TheoremRun, type Violation } from './theorem.ts';

const is2pc = (config: SimConfig) => config.protocol.name === 'two_phase_commit';

/**
 * How long after the last fault a prepared participant may still wait: two inquiry rounds (one
 * may be lost) plus a second of message delays.
 */
const settleUs = (config: SimConfig): Micros => 2 * Number(option(config, 'prepare timeout') ?? 1_000_000) + 1_000_000;

/**
 * A two-phase-commit coordinator restarted without recovery reads nothing of its log, the answers
 * it gave per key included (core/protocols/two_phase_commit/index.ts): a keyed retry after such a
 * restart is a new transaction, and commits again what the lost one committed (stream 2072: a
 * transfer committed just before `crash coord`, retried after the restart, applied twice on p1).
 */
export function coordinatorMayForget(config: SimConfig): boolean {
  if (config.protocol.name !== 'two_phase_commit') return false;
  const settings = readSettings(config.protocol.options, config.nodes);
  return !settings.recovery && mayCrash(config, settings.coordinator);
}

export const TWO_PHASE_COMMIT_THEOREMS: readonly Theorem[] = [
  {
    name: '2pc: all participants decide the same',
    protocol: 'two_phase_commit',
    statement: 'No transaction is committed on one participant and aborted (or voted down) on another, whatever fails.',
    applies: is2pc,
    needs: [],
    check: participantsAgree,
  },
  {
    name: '2pc: blocked only while the coordinator is down after prepare',
    protocol: 'two_phase_commit',
    statement:
      'With coordinator recovery (its decision log survives a crash), once every fault is over and the network is reliable again, no participant stays prepared on a transaction for longer than two inquiry rounds.',
    applies: (config) => is2pc(config) && option(config, 'coordinator recovery') === true && faultsOverAt(config) + settleUs(config) < config.runForUs,
    needs: [],
    check: () => null,
    watch: watchBlocking,
  },
  expectationTheorem(
    '2pc: linearizable',
    'two_phase_commit',
    'linearizable',
    'Two-phase commit gives linearizable histories of transfers and reads when every request takes effect once (keyed retries, and keys when the network duplicates): a participant holds a key\'s lock from its yes vote until it learns the decision and reads wait for that lock, so no read sees a transaction before it commits or misses one that did. A coordinator that may restart without its log forgets the answers it gave per key, so then a retry can commit twice.',
    (config) => is2pc(config) && requestsTakeEffectOnce(config) && !coordinatorMayForget(config),
  ),
];

const participantOf = (state: unknown): ParticipantDurable | null => ((state as { kind?: string } | undefined)?.kind === 'participant' ? (state as ParticipantDurable) : null);

function participantsAgree(run: TheoremRun): Violation | null {
  const decided = new Map<TxnId, { commit?: string; abort?: string }>();
  run.finalStates.forEach((state, i) => {
    const participant = participantOf(state);
    if (participant === null) return;
    for (const [txn, outcome] of participant.finished) {
      const entry = decided.get(txn) ?? {};
      if (outcome === 'commit') entry.commit ??= run.config.nodes[i]!;
      else entry.abort ??= run.config.nodes[i]!;
      decided.set(txn, entry);
    }
  });
  for (const [txn, { commit, abort }] of decided) {
    if (commit !== undefined && abort !== undefined) return { summary: `transaction ${txn} committed on ${commit} but was aborted (or voted down) on ${abort}` };
  }
  return null;
}

/** Remembers when each transaction became prepared on each participant; at the end, none may be prepared since before the settle time. */
function watchBlocking(config: SimConfig): RunWatch {
  const since = new Map<string, Micros>();
  const participants = config.nodes.map((_, i) => i);
  return {
    observer(view) {
      for (const i of participants) {
        const participant = participantOf(view.protocolState(i) ?? view.durableState(i));
        if (participant === null) continue;
        for (const txn of participant.prepared.keys()) {
          const key = `${view.nodes[i]}\u0000${txn}`;
          if (!since.has(key)) since.set(key, view.now);
        }
      }
    },
    violation(run) {
      const limit = faultsOverAt(config);
      const endUs = run.report.stats.simulatedUs;
      for (const [i, state] of run.finalStates.entries()) {
        const participant = participantOf(state);
        if (participant === null) continue;
        for (const txn of participant.prepared.keys()) {
          const from = since.get(`${config.nodes[i]}\u0000${txn}`);
          if (from !== undefined && Math.max(from, limit) + settleUs(config) < endUs) {
            return { summary: `${config.nodes[i]} was still prepared on ${txn} at the end, blocked since ${formatMicros(from)} although every fault was over by ${formatMicros(limit)}` };
          }
        }
      }
      return null;
    },
  };
}
