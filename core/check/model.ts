// The model interface: what a linearizability or sequential-consistency search needs to know
// about the object under test. Open to new models: implement this and pass it to the checkers.

import type { Operation } from '../history/operations.ts';
import type { Clock } from './describe.ts';

/** What `step` returns when the operation's observed result cannot happen in the given state. */
export const IMPOSSIBLE: unique symbol = Symbol('impossible');
export type Impossible = typeof IMPOSSIBLE;

export interface Model<S> {
  readonly name: string;
  /** The operations (`f`) the model knows; a history with any other is refused before checking. */
  readonly operations?: ReadonlyArray<string>;
  /**
   * Why an operation's value is not one the model understands (`cas "abc"`, `write {:a 1}`), or
   * null when it is fine. Checked before the search, so bad input is refused instead of judged.
   */
  malformed?(op: Operation): string | null;
  /**
   * The model that checks one piece (see `partition`), when pieces differ: a run whose clients
   * write one key, increment another and append to a third needs a model per key.
   */
  pieceModel?(piece: ReadonlyArray<Operation>): Model<unknown>;
  /** The object's state before any operation. */
  init(): S;
  /**
   * Applies `op` in `state`: the next state, or IMPOSSIBLE when the operation's observed result is
   * impossible in that state. An indeterminate operation (outcome 'unknown') has no result to
   * contradict, so it only changes state. Must be pure: the search calls it many times.
   */
  step(state: S, op: Operation): S | Impossible;
  /** Hash and equality of states: equal states must hash alike. */
  hash(state: S): string | number;
  equal(a: S, b: S): boolean;
  /**
   * Set when states are hash-consed by the model itself: equal states are the same object and
   * `hash` returns a small dense integer, so the search can index states by it directly.
   */
  readonly canonicalStates?: boolean;
  /**
   * Whether the operation constrains the object at all (a timed-out read does not; a write that
   * failed never happened). Excluded operations are dropped before the search.
   */
  includes(op: Operation): boolean;
  /**
   * True when the operation never changes the state in any state where it is possible (a read, a
   * failed compare-and-set). The search then commits to such an operation as soon as it fits:
   * any valid order can be rearranged to take it first, so trying alternatives first is wasted.
   */
  readOnly?(op: Operation): boolean;
  /**
   * True when the operation is possible in every state (an indeterminate write: its result is
   * unknown, so nothing can contradict it). Lets the search prune more (failed-configs.ts).
   */
  neverRefused?(op: Operation): boolean;
  /**
   * For a piece of history, a test that proves an operation can never take effect from a state
   * or from any state reachable from it (with only appends, a log never shrinks, so a read of a
   * value that does not extend the current one is hopeless unless a put can still reset it).
   * The test gets the operation's index in `ops` and the bitset of operations already placed.
   * Null when the model cannot tell. The search abandons such a configuration at once.
   */
  deadEnd?(ops: ReadonlyArray<Operation>): ((state: S, op: number, placed: Uint32Array) => boolean) | null;
  /**
   * Decides one piece without searching when the model can (e.g. a register whose writes all
   * write different values): a linearization already checked against the model and real time,
   * or a proven violation; null when the search must decide.
   */
  decideWithoutSearch?(ops: ReadonlyArray<Operation>): DecidedWithoutSearch | null;
  /** Independent pieces of the history (P-compositionality), e.g. one per key; absent: one piece. */
  partition?(ops: Operation[]): Operation[][];
  /** Plain words for an operation and a state, used in verdict sentences. */
  describeOp(op: Operation): string;
  describeState(state: S): string;
}

export type DecidedWithoutSearch =
  | { kind: 'ok'; order: Operation[] }
  /** Not linearizable: `operations` prove it (history order), `blocked` is the one that cannot fit. */
  | { kind: 'violation'; blocked: Operation; operations: Operation[]; explain(clock: Clock): string };

/** Formats a value for sentences: null reads as "nothing". */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(v);
}
