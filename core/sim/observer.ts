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

/**
 * `touched` after an event that may have changed any node's state (the start, a fault: a crash, a
 * restart, a resume that replays a backlog).
 */
export const ANY_NODE = -1;

/**
 * Called after every event. `touched` is the endpoint the event was for, numbered as the engine
 * numbers them (nodes first, then every client instance): a message or timer changes the state
 * of that one node at most, and a number >= nodes.length (a client's tick, a reply reaching its
 * client) changes no node's state. ANY_NODE: look at every node. An observer that checks every
 * node after every event costs O(nodes) per event; one that reads `touched` can cost O(1).
 */
export type Observer = (view: SimView, touched: number) => void;
