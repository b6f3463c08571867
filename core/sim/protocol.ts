// The protocol plug-in contract. A protocol is an actor: its handlers read and update their own
// node's state and push effects into `out`; they never touch the event queue, the network, the
// clock or a random generator — the engine owns those (the Stateright habit, see STYLE.md).
// Randomness a protocol needs (a randomized election timeout) is asked for as a timer with a
// range; the engine draws it from that node's own stream, so runs stay replayable.

import type { Micros, OptionValue, ProtocolName } from '../types/sim-config.ts';

export type ClientRequest = {
  /** Unique per attempt; a retry of the same operation gets a new id but the same opId. */
  requestId: number;
  /** The history operation this attempt belongs to. */
  opId: number;
  client: string;
  op: string;
  key: string;
  /** write: the value; cas: [expected, new]; read: null. */
  value: unknown;
  /** Present when the client sends idempotency keys: the same for every retry of an operation. */
  idempotencyKey?: string;
  /** With an idempotency key: how long the server should remember it (the client's declared TTL). */
  idempotencyTtlUs?: Micros;
};

export type ClientReply =
  | { outcome: 'ok'; value?: unknown }
  /** The operation certainly did not take effect (a CAS whose comparison failed, a refused write). */
  | { outcome: 'fail'; error: string }
  /**
   * An error that leaves the outcome open: the node gave up waiting on whatever applies the
   * operation (a gateway timeout), which may still apply it. The history records it as `info`.
   */
  | { outcome: 'info'; error: string }
  /** Not the right node: try `leaderHint` (or another node when unknown). Nothing took effect. */
  | { outcome: 'redirect'; leaderHint?: string };

export type Effect<M> =
  /**
   * `heartbeat`: the message carries no news, only "I am still here" (Raft's AppendEntries with no
   * entries); the trace marks it so a person can hide the chatter. It matches fault lines as its type.
   */
  | { kind: 'send'; to: string; message: M; type: string; bytes?: number; heartbeat?: boolean }
  /** Arms (or re-arms) the named timer on this node; a range is drawn from the node's stream. */
  | { kind: 'set-timer'; name: string; delayUs: Micros | { min: Micros; max: Micros } }
  | { kind: 'cancel-timer'; name: string }
  | { kind: 'reply'; requestId: number; reply: ClientReply }
  /**
   * A visible state change (role, term, leader, commitIndex, ...) for the trace and inspector.
   * The engine keeps this object in the trace as it is: pass a fresh object, never mutate it later.
   */
  | { kind: 'state'; state: Record<string, unknown> }
  /**
   * A client operation took effect on this node's state machine (used to count duplicates).
   * `via` and `term`: the node that handed the write over as leader or lock holder, and the term
   * (or fencing token) it held, when that node is not this one (a storage taking writes from lock
   * holders). Split-brain checks see through them a write a stale holder got accepted while a
   * newer holder was in place, even when its client never heard back.
   * `index`: the log position applied, for a protocol whose restarted node restores a saved store
   * through a position instead of re-applying it (see restored-store.ts).
   */
  | { kind: 'apply'; opId: number; key: string; value: unknown; via?: string; term?: number; index?: number };

/** What a handler may read. `now` is the node's *local* clock, which may be skewed. */
export type NodeContext = {
  readonly self: string;
  readonly nodes: readonly string[];
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly now: Micros;
  /**
   * False when the run keeps no trace. Effects only the trace shows — `apply`, and a `state` whose
   * role, term and leader are unchanged — may then be left out, sparing their allocation on
   * every commit. Undefined means true; emitting them anyway is never wrong.
   */
  readonly recording?: boolean;
};

export type Out<M> = Effect<M>[];

export type Classification = {
  cap: 'CP' | 'AP' | 'CA';
  /** PACELC: on partition P then A or C, else L or E, e.g. 'PC/EC'. */
  pacelc: 'PA/EL' | 'PA/EC' | 'PC/EL' | 'PC/EC';
  reason: string;
};

export interface Protocol<State, Durable, Message> {
  readonly name: ProtocolName;
  /** A brand-new node at the start of the run. */
  init(ctx: NodeContext, out: Out<Message>): State;
  onMessage(state: State, from: string, message: Message, ctx: NodeContext, out: Out<Message>): void;
  onTimer(state: State, timer: string, ctx: NodeContext, out: Out<Message>): void;
  onClientRequest(state: State, request: ClientRequest, ctx: NodeContext, out: Out<Message>): void;
  /**
   * What survives a crash (term, vote, log for Raft). Called once when the node crashes; the
   * crashed state is discarded, so returning references into it is safe.
   */
  durable(state: State): Durable;
  /** A node coming back: rebuild from durable state only; volatile state starts empty. */
  restart(durable: Durable, ctx: NodeContext, out: Out<Message>): State;
  /**
   * The run is over (called on every running node, only when a trace is kept): push trace-only
   * effects saying what the node holds that its applies never showed — the log entries it stores
   * but has not applied yet (`storedEntriesEffect`, core/sim/restored-store.ts).
   */
  atEnd?(state: State, ctx: NodeContext, out: Out<Message>): void;
  /** The static CAP/PACELC classification of these options, with the reason in words. */
  classify(options: Readonly<Record<string, OptionValue>>): Classification;
  /**
   * The nodes that should end up holding `key`: what `converges` compares. Absent, the nodes that
   * held the key at some point (a 2PC coordinator or a saga's other services hold none of it).
   */
  replicasOf?(key: string, nodes: readonly string[], options: Readonly<Record<string, OptionValue>>): readonly string[];
  /**
   * The nodes that hold none of the data and only pass requests and answers on (the service
   * model's load balancer and instances): PACELC's evidence (replica-waits.ts) looks through them
   * to the node whose answer they carry. Absent, every node holds data.
   */
  relays?(nodes: readonly string[], options: Readonly<Record<string, OptionValue>>): readonly string[];
  /**
   * True for a value of this protocol's state that is never mutated once made (a Raft log entry):
   * time travel's checkpoints (core/sim/time-travel.ts) share it instead of copying it. Asked only
   * when a checkpoint is taken, never during a run. Absent, everything is copied.
   */
  immutable?(value: object): boolean;
}
