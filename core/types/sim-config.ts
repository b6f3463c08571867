// SimConfig: what a valid scenario compiles to, and the only input the simulator reads.
// Every time is an integer count of microseconds; every name is resolved; nothing refers back
// to the syntax tree except `line` fields, kept so results can point at the scenario text.

/** Virtual time, or a duration, in integer microseconds. */
export type Micros = number;

/** A 1-based line in the scenario file, for source links from results back to the text. */
export type SourceLine = number;

export type ProtocolName =
  | 'raft'
  | 'primary_backup'
  | 'leaderless'
  | 'two_phase_commit'
  | 'saga'
  | 'lease_lock'
  | 'service';

/** A resolved protocol option value. Durations are Micros, percentages are fractions 0..1. */
export type OptionValue = number | boolean | string | { min: number; max: number } | string[];

export type LatencyDistribution =
  | { kind: 'fixed'; us: Micros }
  | { kind: 'uniform'; minUs: Micros; maxUs: Micros }
  | { kind: 'normal'; meanUs: Micros; sdUs: Micros }
  | { kind: 'exponential'; meanUs: Micros };

/** Properties of a link; every field is optional in overrides and filled from the defaults. */
export type LinkProperties = {
  latency: LatencyDistribution;
  /** Probability 0..1 that a message is lost. */
  drop: number;
  /** Probability 0..1 that a message is delivered twice. */
  duplicate: number;
  /** Probability 0..1 that a message gets extra delay so that later ones overtake it. */
  reorder: number;
  /** Bytes per second; 0 means unlimited (no queueing). */
  bandwidthBytesPerSec: number;
};

export type LinkOverride = Partial<LinkProperties> & { from: string; to: string; line: SourceLine };

export type NetworkConfig = {
  defaults: LinkProperties;
  /** Directed overrides: `link a <-> b` compiles to two entries. Later entries win. */
  links: LinkOverride[];
  /** Free-form region per node (`region eu: n1, n2`), used by lints; empty when undeclared. */
  regions: Record<string, string>;
};

export type ClockConfig = { node: string; skewUs: Micros; driftPpm: number; line: SourceLine };

export type Operation = 'read' | 'write' | 'cas' | 'append' | 'increment' | 'transfer' | 'lock' | 'request';

/** One kind of operation a client issues: `write x, y every 100ms`. */
export type OperationSpec = {
  op: Operation;
  keys: string[];
  /** Open loop: one operation every intervalUs (drawn uniformly when a range). */
  intervalUs: { min: Micros; max: Micros };
  line: SourceLine;
};

export type Backoff = 'none' | 'constant' | 'exponential';
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

export type RetryPolicy = {
  /** Retries after the first attempt; null means unbounded. */
  maxRetries: number | null;
  backoff: Backoff;
  baseUs: Micros;
  capUs: Micros;
  jitter: Jitter;
  line: SourceLine;
};

export type ReadRouting = 'leader' | 'primary' | 'any' | 'replicas' | 'follower';

export type ClientConfig = {
  name: string;
  ops: OperationSpec[];
  /** Closed loop: the next operation waits for the previous one to complete. */
  closedLoop: boolean;
  /** A timed-out operation is indeterminate (`info`), never failed. null: waits forever. */
  timeoutUs: Micros | null;
  retry: RetryPolicy | null;
  /** Idempotency keys with the server-side table's TTL; null when the client sends none. */
  idempotencyKeyTtlUs: Micros | null;
  readFrom: ReadRouting;
  /** When this client starts and stops issuing operations. */
  startUs: Micros;
  stopUs: Micros | null;
  /** How many identical clients this declaration stands for (`client web * 100 { ... }`). */
  count: number;
  /**
   * Where the client sits (`near n1`, `in eu`); absent: outside the cluster, reaching every node
   * whatever partitions cut. A placed client's links are cut as its node's (or region's) are.
   */
  place?: ClientPlace;
  line: SourceLine;
};

export type ClientPlace = { near: string } | { region: string };

/**
 * A partition is data: the set of directed links it cuts. Symmetric, one-way, majorities ring
 * and bridge partitions all compile to this shape; `label` says in words what was declared.
 */
export type PartitionSpec = { blocked: Array<[from: string, to: string]>; label: string };

/**
 * Whichever node holds a protocol role when a fault fires (`crash leader`, `pause holder`), so
 * the fault follows the run instead of naming a node in advance. `role` is the word as written
 * (the protocol's own: leader, primary, holder, coordinator); `stateRole` is the `role` its
 * `state` effects report for the node holding it.
 */
export type RoleTarget = { role: string; stateRole: string };

/** One member of a partition group that follows the run: a node, a role, or every node not named. */
export type PartitionMember = { node: string } | { role: RoleTarget } | { rest: true };

export type FaultAction =
  | { type: 'crash'; node: string }
  | { type: 'restart'; node: string }
  | { type: 'pause'; node: string; durationUs: Micros }
  | { type: 'partition'; partition: PartitionSpec }
  | { type: 'heal' }
  /** A window on some links: extra loss, extra delay or duplication from atUs to untilUs. */
  | {
      type: 'link-window';
      links: Array<[from: string, to: string]>;
      untilUs: Micros;
      drop?: number;
      extraLatencyUs?: Micros;
      duplicate?: number;
    }
  | { type: 'clock-jump'; node: string; deltaUs: Micros }
  /** A crash of the role's holder; a window (`from 2s to 4s crash leader`) restarts that node after restartAfterUs. */
  | { type: 'role-crash'; target: RoleTarget; restartAfterUs?: Micros }
  | { type: 'role-pause'; target: RoleTarget; durationUs: Micros }
  /** A clock jump of the role's holder; a window jumps that node's clock back after jumpBackAfterUs. */
  | { type: 'role-clock-jump'; target: RoleTarget; deltaUs: Micros; jumpBackAfterUs?: Micros }
  /**
   * A partition naming a role (`partition leader | rest`): its groups are resolved to nodes when it
   * fires. `oneWay`: two groups, messages from the first to the second are cut; `bothWays`: two
   * groups, the links between them are cut in both directions and no other. `label` is the
   * partition as written.
   */
  | { type: 'role-partition'; groups: PartitionMember[][]; oneWay: boolean; bothWays?: boolean; label: string }
  /**
   * A message fault line (`at 2s drop next AppendEntries n1 -> n2`): it picks the next message of
   * `messageType` on the link from → to (see core/sim/message-faults.ts for what "next" means)
   * and drops it, delivers it twice, delays it by `delayUs`, or delivers it at once. With
   * `sentAtUs` (`drop AppendEntries n1 -> n2 sent at 1.9s`) it picks only the one sent at that
   * microsecond and still on its way, or none.
   */
  | { type: 'message'; effect: MessageEffect; messageType: string; from: string; to: string; delayUs?: Micros; sentAtUs?: Micros };

/** What a message fault line does to the message it picks. */
export type MessageEffect = 'drop' | 'duplicate' | 'delay' | 'deliver';

/** A fault at a fixed time, or at a time drawn per seed from [atUs, atMaxUs]. */
export type ScheduledFault = FaultAction & { atUs: Micros; atMaxUs?: Micros; line: SourceLine };

/**
 * Swarm-style random faults: `every 2s..5s random crash for 1s..3s`. The simulator draws the
 * times, the victims and the durations from its fault stream, so each seed gets its own story.
 */
export type RandomFaultSpec = {
  kind: 'crash' | 'pause' | 'partition' | 'clock-jump' | 'drop';
  everyUs: { min: Micros; max: Micros };
  /** How long each fault lasts before it is undone (restart, resume, heal, end of loss window). */
  durationUs: { min: Micros; max: Micros };
  /** Candidate victims; empty means every node (unless `roles` names some). */
  nodes: string[];
  /** Candidate victims named by role (`on leader`), resolved at each occurrence; absent when none. */
  roles?: RoleTarget[];
  /** For drop: the loss probability; for clock-jump: the largest jump in microseconds. */
  magnitude: number;
  line: SourceLine;
};

export type ExpectationKind =
  | 'linearizable'
  | 'sequential'
  | 'read-your-writes'
  | 'monotonic-reads'
  | 'monotonic-writes'
  | 'writes-follow-reads'
  | 'no-lost-writes'
  | 'no-duplicate-effects'
  | 'no-stale-reads'
  | 'no-split-brain'
  | 'converges'
  | 'one-leader-per-term'
  | 'leader-within'
  | 'no-leader'
  | 'writes-commit'
  | 'no-writes-commit'
  | 'raft-safety'
  | 'custom';

export type Expectation = {
  kind: ExpectationKind;
  /** The expectation as written, for reports: `leader within 1s after heal`. */
  text: string;
  /** For leader-within: the bound; for writes-commit: the window, if any. */
  withinUs?: Micros;
  /** For leader-within: measured from this event ('start', 'heal', 'crash', ...). */
  after?: string;
  line: SourceLine;
};

export type SimConfig = {
  scenario: string;
  seed: number;
  runForUs: Micros;
  nodes: string[];
  protocol: { name: ProtocolName; options: Record<string, OptionValue>; line: SourceLine };
  network: NetworkConfig;
  clocks: ClockConfig[];
  clients: ClientConfig[];
  faults: ScheduledFault[];
  randomFaults: RandomFaultSpec[];
  expectations: Expectation[];
};
