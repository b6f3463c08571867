// The explorer's model of a scenario: the cluster's nodes, the messages in flight, the armed
// timers and a few clients, with every choice the simulator would make by latency, timeout or a
// random draw left open. A World is immutable once built: an action makes a new World that shares
// every node, message and client it did not change (copy on write), so the search can continue
// one state along many schedules.
//
// Time. Timers are untimed events, as TLC and Stateright treat them: any armed timer may fire
// next, whatever its deadline. The clock a handler reads (`ctx.now`) moves forward only when a
// timer fires, to that timer's deadline, so a lease that ends when its timer says so has ended
// for everyone who looks after that moment. A message is delivered at the current time.

import type { Effect, NodeContext } from '../sim/protocol.ts';
import type { AnyProtocol } from '../sim/engine.ts';
import type { HistoryEvent } from '../types/history.ts';
import type { TraceEvent } from '../types/trace.ts';

/** An armed timer of a node: its name and the time it is due. */
export type ArmedTimer = { readonly name: string; readonly due: number };

/** A node as one World sees it; never mutated once the World holding it is built. */
export type NodeSlot = {
  readonly up: boolean;
  /** The protocol's state while up; undefined while down. */
  readonly state: unknown;
  /** What survived the last crash (the protocol's `durable`); undefined while it never crashed. */
  readonly durable: unknown;
  /** Sorted by name. */
  readonly timers: readonly ArmedTimer[];
  /** The last `state` effect's record: role, term, blocked... (what properties read). */
  readonly report: Readonly<Record<string, unknown>> | undefined;
  /** The fingerprint of all of the above, computed once when the slot is built. */
  readonly hi: number;
  readonly lo: number;
  /**
   * A cache, not state: what each handler run from this slot produced (step.ts, `remember`).
   * Filled on first use; never part of the fingerprint.
   */
  outcomes: Map<unknown, unknown> | undefined;
};

/** A message in flight. Bodies are read-only data (the protocol contract), so they are shared. */
export type Message = {
  /** Endpoints: nodes first (their index), then clients (node count + client index). */
  readonly from: number;
  readonly to: number;
  readonly type: string;
  readonly body: unknown;
  /** For a request or a reply: the client attempt's id; 0 between nodes. */
  readonly requestId: number;
  readonly hi: number;
  readonly lo: number;
};

/** One client's bounded workload: the operations it will issue, one at a time. */
export type ClientPlan = {
  readonly name: string;
  readonly ops: ReadonlyArray<{ readonly f: string; readonly key: string }>;
  /** Whether the client gives up on an operation (its declared `timeout`): then it may, at any time. */
  readonly timesOut: boolean;
};

export type PendingOp = {
  readonly opId: number;
  readonly f: string;
  readonly key: string;
  readonly value: unknown;
  readonly requestId: number;
};

export type ClientSlot = {
  /** How many of its planned operations it has issued. */
  readonly issued: number;
  readonly pending: PendingOp | null;
};

/** Partition: a bit per node, set for the nodes cut off from the others; 0 when healed. */
export type World = {
  readonly now: number;
  readonly depth: number;
  readonly nodes: readonly NodeSlot[];
  readonly messages: readonly Message[];
  readonly clients: readonly ClientSlot[];
  readonly nextOpId: number;
  readonly nextAttempt: number;
  readonly crashes: number;
  readonly drops: number;
  readonly partitions: number;
  readonly isolated: number;
  /** Ghost state for the checks: the client history and the trace events they read. */
  readonly history: readonly HistoryEvent[];
  readonly trace: readonly TraceEvent[];
  /**
   * Ghost state for election safety: the node that became leader (or primary) of each term,
   * by term ('' for none), and the first time two nodes did so in one term, in words.
   */
  readonly leaders: readonly string[];
  readonly secondLeader: string | null;
};

/** Terms above this are not tracked by the election-safety ghost (a model this small never gets there). */
export const MAX_TRACKED_TERM = 10_000;

/** Everything fixed for one exploration: the protocol, the names, the workload plan. */
export type Setting = {
  readonly protocol: AnyProtocol;
  readonly nodes: readonly string[];
  readonly options: NodeContext['options'];
  readonly clients: readonly ClientPlan[];
  /** The scenario's `run for`: timers due later never fire. */
  readonly horizonUs: number;
  /** Objects shared by every state of a node (settings, prebuilt effects): never copied. */
  readonly shared: Set<unknown>;
  /** Keep the ghost history and trace (only when an expectation reads them). */
  readonly keepGhost: boolean;
  /**
   * One object per distinct node slot and per distinct message, by fingerprint (step.ts): a cache
   * for speed, bounded, and per exploration (an outcome depends on the protocol's options).
   */
  readonly slots: Map<number, NodeSlot>;
  readonly messages: Map<number, Message>;
  /** Client requests by client, node, operation and ids (step.ts, `requestMessage`). */
  readonly requests: Map<number, Message>;
  /** Lists of node slots, by their slots' fingerprints (step.ts, `internedNodes`). */
  readonly nodeLists: Map<number, readonly NodeSlot[]>;
};

/** Virtual microseconds between two steps in the ghost history and trace (the checkers need order). */
export const STEP_US = 1000;

export type Effects = Effect<unknown>[];
