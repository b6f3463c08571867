// Coherence between checkers: implications between verdicts that must hold on every run, whatever
// the protocol, the faults or the model the history is graded against. A failure here is a
// checker bug (one of the two verdicts is wrong), never a protocol's.
//
// COHERENCE_CHECKS is the extension point: a check that relates two verdicts (or a verdict and
// a recount, a strip, a hover fact) is one more entry here, and the sweep runs it on every run.
// The runner searches `sequential` itself rather than deriving it from `linearizable`, so the
// first implication compares two independent searches.

import type { ExpectationKind, Operation } from '../types/sim-config.ts';
import { LOST_WRITES_RECOUNT, QUORUM_TIMELINE_GEOMETRY } from './coherence-run-facts.ts';
import { onlyOperations } from './preconditions.ts';
import type { Theorem, TheoremRun, Violation } from './theorem.ts';

const SESSION: readonly ExpectationKind[] = ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'];

const decided = (run: TheoremRun, name: string) => run.verdicts.get(name)?.holds;

/** `stronger` holds ⇒ `weaker` holds; undecided verdicts prove nothing either way. */
function implication(stronger: ExpectationKind, weakers: readonly ExpectationKind[], statement: string): Theorem {
  return {
    name: `coherence: ${stronger} ⇒ ${weakers.length === 1 ? weakers[0] : 'every session guarantee'}`,
    protocol: null,
    statement,
    applies: (config) => config.clients.length > 0,
    needs: [stronger, ...weakers],
    check(run): Violation | null {
      if (decided(run, stronger) !== true) return null;
      const broken = weakers.find((weaker) => decided(run, weaker) === false);
      if (broken === undefined) return null;
      const verdict = run.verdicts.get(broken)!;
      return { summary: `${stronger} holds, yet ${broken} does not: ${verdict.summary}`, ...(verdict.at === undefined ? {} : { at: verdict.at }) };
    },
  };
}

/** Operations that change data without returning any of it: writes, increments, appends, transfers. */
const BLIND_UPDATES: readonly Operation[] = ['write', 'increment', 'append', 'transfer'];

/**
 * A history no operation observes puts no model to the test: with no read and no compare-and-set,
 * every order that respects real time explains it (a write, an increment, an append or a transfer
 * never fails to apply in a model). So linearizable and sequential are neither broken nor held:
 * "broken" is a checker that does not know an operation (two-phase commit's transfers were once
 * searched as unknown register operations and called "not linearizable"); "holds" names a
 * guarantee nothing exercised, and tops the ladder as the strongest model that held.
 */
const UNOBSERVED_HISTORY: Theorem = {
  name: 'coherence: a history nobody reads is nothing to judge',
  protocol: null,
  statement: 'When every client only writes, increments, appends or transfers (no reads, no compare-and-set), nothing observed can contradict an order that respects real time, and nothing observed confirms one: linearizable and sequential are undecided, never held and never broken.',
  applies: (config) => config.clients.length > 0 && onlyOperations(config, BLIND_UPDATES),
  needs: ['linearizable', 'sequential'],
  check(run): Violation | null {
    for (const name of ['linearizable', 'sequential']) {
      const verdict = run.verdicts.get(name);
      if (verdict === undefined || verdict.holds === null) continue;
      const said = verdict.holds ? 'holds' : 'does not hold';
      return { summary: `no operation reads, yet ${name} ${said}: ${verdict.summary}`, ...(verdict.at === undefined ? {} : { at: verdict.at }) };
    }
    return null;
  },
};

export const COHERENCE_CHECKS: Theorem[] = [
  implication('linearizable', ['sequential'], 'A linearizable history is sequentially consistent: the linearization is a sequential witness.'),
  implication('sequential', SESSION, 'A sequentially consistent history keeps every session guarantee (read your writes, monotonic reads and writes, writes follow reads).'),
  implication('linearizable', ['no-stale-reads'], 'A linearizable history has no stale reads: a read ordered after a completed write sees it or a later one.'),
  UNOBSERVED_HISTORY,
  LOST_WRITES_RECOUNT,
  QUORUM_TIMELINE_GEOMETRY,
];
