// The typed syntax tree of a .fault file. Every node carries `kind` and the `range` of its text,
// so tools can walk it generically (see lookup.ts) and the editor can point at any piece.
// Values keep the text as written next to what it means, so messages quote the author.

import type { Range } from './range.ts';
import type { ExpectationKind } from '../types/sim-config.ts';

export type Identifier = { kind: 'Identifier'; name: string; range: Range };
export type StringLiteral = { kind: 'String'; value: string; range: Range };

// ── Values ────────────────────────────────────────────────────────────────────────────────
/** A duration in integer microseconds; may be signed (`+120ms`, `-2s`) where a skew is meant. */
export type Duration = { kind: 'Duration'; us: number; text: string; range: Range };
export type DurationRange = { kind: 'DurationRange'; min: Duration; max: Duration; range: Range };
export type DurationOrRange = Duration | DurationRange;
/** As written: `0.5%` is percent 0.5 (the compiler turns it into the fraction 0.005). */
export type Percent = { kind: 'Percent'; percent: number; text: string; range: Range };
export type IntValue = { kind: 'Int'; value: number; text: string; range: Range };
export type Ppm = { kind: 'Ppm'; ppm: number; text: string; range: Range };
/** `200/s`, `12000/m`: operations per second. */
export type Rate = { kind: 'Rate'; perSecond: number; text: string; range: Range };
/** `100mbps`: bytes per second. */
export type Bandwidth = { kind: 'Bandwidth'; bytesPerSec: number; text: string; range: Range };
export type BoolValue = { kind: 'Bool'; value: boolean; range: Range };
/** An enum choice, a list of names, or free words (`step reserve on n2 compensate release`). */
export type Words = { kind: 'Words'; words: Identifier[]; range: Range };

export type OptionValueNode = Duration | DurationRange | Percent | IntValue | Rate | BoolValue | Words;

// ── Document and scenario ─────────────────────────────────────────────────────────────────
export type Document = { kind: 'Document'; scenarios: Scenario[]; range: Range };

export type Scenario = {
  kind: 'Scenario';
  name: StringLiteral;
  extends?: StringLiteral;
  seed?: Seed;
  runFor?: RunFor;
  cluster?: Cluster;
  network?: Network;
  clocks: Clock[];
  workload?: Workload;
  faults?: Faults;
  expect?: Expect;
  range: Range;
};

export type Seed = { kind: 'Seed'; value: IntValue; range: Range };
export type RunFor = { kind: 'RunFor'; duration: Duration; range: Range };

// ── Cluster ───────────────────────────────────────────────────────────────────────────────
export type Cluster = { kind: 'Cluster'; nodes?: Nodes; protocol?: Protocol; range: Range };
/** `nodes n1, n2, n3` lists names; `nodes 5` gives a count (n1..n5) and `names` stays empty. */
export type Nodes = { kind: 'Nodes'; names: Identifier[]; count?: IntValue; range: Range };
export type Protocol = { kind: 'Protocol'; name: Identifier; options: ProtocolOption[]; range: Range };
/** One option line. `name` is the declared option name (`election timeout`), or the words as
 *  written when the protocol has no such option. */
export type ProtocolOption = {
  kind: 'Option';
  name: string;
  nameRange: Range;
  /** Missing when the value could not be read (a diagnostic says why). */
  value?: OptionValueNode;
  range: Range;
};

// ── Network ───────────────────────────────────────────────────────────────────────────────
export type Latency = {
  kind: 'Latency';
  distribution: 'fixed' | 'uniform' | 'normal' | 'exponential';
  /** fixed: the latency; uniform: the lower bound; normal and exponential: the mean. */
  first: Duration;
  /** uniform: the upper bound; normal: the standard deviation. */
  second?: Duration;
  range: Range;
};
export type LossSetting = { kind: 'Drop' | 'Duplicate' | 'Reorder'; percent: Percent; range: Range };
export type BandwidthSetting = { kind: 'BandwidthSetting'; value: Bandwidth; range: Range };
export type LinkSetting = Latency | LossSetting | BandwidthSetting;

export type Network = {
  kind: 'Network';
  settings: LinkSetting[];
  links: Link[];
  regions: Region[];
  range: Range;
};
export type Link = {
  kind: 'Link';
  from: Identifier;
  to: Identifier;
  bidirectional: boolean;
  settings: LinkSetting[];
  range: Range;
};
export type Region = { kind: 'Region'; name: Identifier; nodes: Identifier[]; range: Range };

// ── Clocks ────────────────────────────────────────────────────────────────────────────────
export type Clock = { kind: 'Clock'; node: Identifier; skew?: Duration; drift?: Ppm; range: Range };

// ── Workload ──────────────────────────────────────────────────────────────────────────────
export type Workload = { kind: 'Workload'; clients: Client[]; range: Range };

export type Client = {
  kind: 'Client';
  name: Identifier;
  /** `client web * 100 { ... }` */
  count?: IntValue;
  /** `client alice near n1 { ... }`, `client bob in eu { ... }`: where the client sits in the network. */
  place?: ClientPlace;
  ops: Operation[];
  timeout?: { kind: 'Timeout'; value: Duration; range: Range };
  retry?: Retry;
  /** `idempotency key ttl 1h`; without `ttl` the compiler uses one day. */
  idempotency?: { kind: 'Idempotency'; ttl?: Duration; range: Range };
  readFrom?: { kind: 'ReadFrom'; target: Identifier; range: Range };
  closedLoop?: { kind: 'ClosedLoop'; range: Range };
  startAt?: { kind: 'StartAt'; at: Duration; range: Range };
  stopAt?: { kind: 'StopAt'; at: Duration; range: Range };
  range: Range;
};

/**
 * Where a client sits: beside a node (`near n1`), or in a region (`in eu`). Partitions and link
 * faults then cut its links as they cut its node's (see core/sim/client-placement.ts).
 */
export type ClientPlace = { kind: 'Place'; word: 'near' | 'in'; target: Identifier; range: Range };

export type Operation = {
  kind: 'Operation';
  op: Identifier;
  keys: Identifier[];
  every?: DurationOrRange;
  range: Range;
};

export type Retry = {
  kind: 'Retry';
  /** Missing means `retry forever`. */
  count?: IntValue;
  backoff?: Identifier;
  /** The first backoff delay, and the cap when written as a range (`50ms..2s`). */
  backoffDelay?: DurationOrRange;
  jitter?: Identifier;
  range: Range;
};

// ── Faults ────────────────────────────────────────────────────────────────────────────────
export type Faults = { kind: 'Faults'; items: Fault[]; range: Range };

export type FaultTiming =
  | { kind: 'At'; at: DurationOrRange; range: Range }
  | { kind: 'Window'; from: Duration; to: Duration; range: Range }
  | { kind: 'Every'; every: DurationOrRange; range: Range };

export type Fault = { kind: 'Fault'; timing: FaultTiming; action: FaultAction; range: Range };

export type PartitionShape =
  | { kind: 'Groups'; groups: Identifier[][]; range: Range }
  | { kind: 'OneWay'; from: Identifier[]; to: Identifier[]; range: Range }
  /** `n1 <-> n2`: the links between the two sides, both directions; nothing else. */
  | { kind: 'BothWays'; from: Identifier[]; to: Identifier[]; range: Range }
  | { kind: 'MajoritiesRing'; range: Range }
  | { kind: 'Bridge'; node: Identifier; range: Range };

export type FaultAction =
  | { kind: 'Crash' | 'Restart'; node: Identifier; range: Range }
  | { kind: 'Pause'; node: Identifier; duration?: Duration; range: Range }
  | { kind: 'Partition'; shape: PartitionShape; range: Range }
  | { kind: 'Heal'; range: Range }
  | {
      kind: 'LinkFault';
      effect: 'drop' | 'delay' | 'duplicate';
      amount: Percent | Duration;
      from: Identifier[];
      to: Identifier[];
      bidirectional: boolean;
      range: Range;
    }
  | { kind: 'Skew'; node: Identifier; delta: Duration; range: Range }
  | MessageFault
  | RandomFault;

/**
 * `drop next AppendEntries n1 -> n2`, `delay next Prepare c -> p1 by 200ms`: one message, picked
 * by type and link (core/sim/message-faults.ts says which one "next" is). With `sentAt`
 * (`drop AppendEntries n1 -> n2 sent at 2.301s`, no `next`) the one sent at that moment.
 */
export type MessageFault = {
  kind: 'Message';
  effect: 'drop' | 'duplicate' | 'delay' | 'deliver';
  messageType: Identifier;
  from: Identifier;
  to: Identifier;
  /** `delay` only: how much later than it would have arrived. */
  delay?: Duration;
  /** `sent at S` instead of `next`: the message sent at S, still on its way at the line's time. */
  sentAt?: Duration;
  range: Range;
};

/** `every 2s..5s random crash for 1s..3s on n1, n2` and friends. */
export type RandomFault = {
  kind: 'Random';
  what: 'crash' | 'pause' | 'partition' | 'skew' | 'drop';
  /** skew: the largest jump; drop: the loss. */
  magnitude?: Duration | Percent;
  duration?: DurationOrRange;
  nodes: Identifier[];
  range: Range;
};

// ── Expectations ──────────────────────────────────────────────────────────────────────────
export type Expect = { kind: 'Expect'; items: Expectation[]; range: Range };
export type Expectation = {
  kind: 'Expectation';
  property: ExpectationKind;
  text: string;
  within?: Duration;
  after?: Identifier;
  range: Range;
};

export type AstNode =
  | Document
  | Scenario
  | Identifier
  | StringLiteral
  | OptionValueNode
  | Ppm
  | Bandwidth
  | Seed
  | RunFor
  | Cluster
  | Nodes
  | Protocol
  | ProtocolOption
  | Network
  | LinkSetting
  | Link
  | Region
  | Clock
  | Workload
  | Client
  | ClientPlace
  | Operation
  | Retry
  | Faults
  | Fault
  | FaultAction
  | Expect
  | Expectation;
