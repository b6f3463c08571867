// What an observer sees after every event: a read-only window on the whole simulation, for
// invariant checkers (Raft's Election Safety, Log Matching, ...) that must look at every node's
// state at every step rather than only at what the trace recorded. The engine passes itself; no
// object is allocated per event. Do not mutate what these methods return.

import type { Micros } from '../types/sim-config.ts';

export interface SimView {
  /** Global virtual time of the event just processed. */
  readonly now: Micros;
  /** Events processed so far. */
  readonly eventCount: number;
  /** Node names; node indexes below refer to this list. */
  readonly nodes: readonly string[];
  isUp(node: number): boolean;
  isPaused(node: number): boolean;
  /** The live protocol state of a running node; undefined while it is crashed. */
  protocolState(node: number): unknown;
  /** What survived the last crash of a node (undefined if it never crashed). */
  durableState(node: number): unknown;
  /** The node's local clock reading now. */
  localTime(node: number): Micros;
}

export type Observer = (view: SimView) => void;
