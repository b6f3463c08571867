// A theorem of the sweeps: a property the textbook says a protocol has, stated with the
// preconditions under which it says so, checked on a run. Expectation theorems reuse an `expect`
// line's verdict (so the printed reproducer breaks that very line in `faultline run`); the others
// read the run's history and trace themselves.

import type { Verdict } from '../check/verdict.ts';
import type { Observer } from '../sim/observer.ts';
import type { Report } from '../types/report.ts';
import type { ExpectationKind, Micros, ProtocolName, SimConfig } from '../types/sim-config.ts';

/** One graded run as the theorems see it. */
export type TheoremRun = {
  config: SimConfig;
  /** Its trace keeps states, applies, faults and client events (no messages or timers). */
  report: Report;
  /** The verdicts of the expectations the theorems asked for, by name. */
  verdicts: ReadonlyMap<string, Verdict>;
  /** Each node's protocol state when the run ended: its live state, or what survived its last crash while it is down. */
  finalStates: ReadonlyArray<unknown>;
  /** Whether each node was running (not crashed) when the run ended. */
  upAtEnd: ReadonlyArray<boolean>;
};

/** A theorem that must watch every event (what the trace does not record), one per run. */
export type RunWatch = { observer: Observer; violation(run: TheoremRun): Violation | null };

export type Violation = { summary: string; at?: Micros };

export type Theorem = {
  /** Unique and stable: what a failure and a sweep's tally are filed under (`raft: linearizable`). */
  name: string;
  /** The protocol it speaks about, or null for every protocol. */
  protocol: ProtocolName | null;
  /** The statement with its preconditions, in words (docs/theorems.md says the same). */
  statement: string;
  /** The textbook preconditions under which the theorem holds. */
  applies(config: SimConfig): boolean;
  /** `expect` lines whose verdicts `check` reads; they go into the scenario the run uses. */
  needs: readonly ExpectationKind[];
  check(run: TheoremRun): Violation | null;
  /** When present, made fresh for each run and shown every event; its violation counts with `check`'s. */
  watch?(config: SimConfig): RunWatch;
};

/** The phrase an `expect` line uses for each verdict a theorem may need. */
export const EXPECT_TEXT: Partial<Record<ExpectationKind, string>> = {
  linearizable: 'linearizable',
  sequential: 'sequential',
  'read-your-writes': 'read your writes',
  'monotonic-reads': 'monotonic reads',
  'monotonic-writes': 'monotonic writes',
  'writes-follow-reads': 'writes follow reads',
  'no-lost-writes': 'no lost writes',
  'no-duplicate-effects': 'no duplicate effects',
  'no-stale-reads': 'no stale reads',
  'no-split-brain': 'no split brain',
  'raft-safety': 'raft safety',
};

/** A theorem that is exactly one `expect` line holding: broken when its verdict is false (undecided is not a violation). */
export function expectationTheorem(
  name: string,
  protocol: ProtocolName | null,
  kind: ExpectationKind,
  statement: string,
  applies: (config: SimConfig) => boolean,
): Theorem {
  return {
    name,
    protocol,
    statement,
    applies,
    needs: [kind],
    check(run) {
      const verdict = run.verdicts.get(kind);
      if (verdict === undefined || verdict.holds !== false) return null;
      return verdict.at === undefined ? { summary: verdict.summary } : { summary: verdict.summary, at: verdict.at };
    },
  };
}
