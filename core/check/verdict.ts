// What every checker returns: a named verdict that holds, fails or is undecided (null: the
// checker ran out of budget or the history cannot say), with one plain sentence and evidence.

import type { Micros } from '../types/sim-config.ts';

export type VerdictName =
  | 'linearizable'
  | 'sequential'
  | 'read-your-writes'
  | 'monotonic-reads'
  | 'monotonic-writes'
  | 'writes-follow-reads'
  | 'no-stale-reads'
  | 'no-lost-writes'
  | 'no-duplicate-effects'
  | 'no-split-brain'
  | 'converges';

export type Verdict = {
  name: VerdictName | string;
  /** true: holds; false: broken (with evidence); null: not decided (budget spent, or nothing to judge). */
  holds: boolean | null;
  /** One plain sentence a person can act on. */
  summary: string;
  /** History indexes of the operations that show it (invocation indexes). */
  operations?: number[];
  /** Global time at which it broke, when it has one. */
  at?: Micros;
};
