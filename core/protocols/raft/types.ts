// The shapes Raft works with: log entries, the four RPCs (plus their pre-vote twins), and a node's
// state split the way Figure 2 of the Raft paper splits it — persistent state that survives a
// crash, volatile state every server keeps, and volatile state only a leader keeps.

import type { Effect } from '../../sim/protocol.ts';
import type { RaftSettings } from './settings.ts';
import type { KeyValueMachine, MachineImage } from './state-machine.ts';

export type Role = 'follower' | 'candidate' | 'leader';

/** A client operation as it travels through the log; identical on every replica that stores it. */
export type Command = {
  /** Unique per client attempt (assigned by the engine): the identity used by the safety checks. */
  requestId: number;
  opId: number;
  op: string;
  key: string;
  value: unknown;
  idempotencyKey: string | undefined;
  idempotencyTtlUs: number | undefined;
  /**
   * The leader's local clock when it accepted the command. Idempotency TTLs are measured against
   * it, so every replica makes the same dedupe decision however its own clock is skewed.
   */
  proposedAt: number;
};

/**
 * One log entry. `command` is null for the no-op a new leader appends (§8: it lets the leader
 * commit an entry of its own term, and with it everything before).
 * Entries are created once, by a leader, and never mutated: followers store the same objects.
 */
export type LogEntry = { readonly term: number; readonly command: Command | null };

/**
 * The log, 1-based as in the paper: entry i lives at `entries[i - 1]`, index 0 is the empty
 * prefix with term 0. `truncations` counts the times a conflicting suffix was cut off (§5.3);
 * the invariant checker uses it to know when to re-read a log it had already verified.
 */
export type RaftLog = { entries: LogEntry[]; truncations: number; lastTruncatedTo: number };

// --- Messages. `kind` doubles as the type name shown in the trace. ---

/** RequestVote (§5.2), or its pre-vote twin (thesis §9.6) when `kind` is 'PreVote'. */
export type VoteRequest = {
  kind: 'RequestVote' | 'PreVote';
  /** The candidate's term; for a pre-vote, the term it *would* stand in (currentTerm + 1). */
  term: number;
  candidate: string;
  lastLogIndex: number;
  lastLogTerm: number;
};

export type VoteReply = {
  kind: 'RequestVoteReply' | 'PreVoteReply';
  /** The voter's currentTerm (for a pre-vote reply: the term asked about when granted). */
  term: number;
  granted: boolean;
};

export type AppendEntries = {
  kind: 'AppendEntries';
  term: number;
  leader: string;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: readonly LogEntry[];
  leaderCommit: number;
  /** Heartbeat round, echoed back: a majority echoing round r confirms leadership at r (§6.4). */
  round: number;
  /** The leader's local clock at sending, echoed back: the start of a lease (§6.4.1). */
  sentAt: number;
};

export type AppendEntriesReply = {
  kind: 'AppendEntriesReply';
  term: number;
  success: boolean;
  /** On success: the last index known to match the leader's log (prevLogIndex + entries). */
  matchIndex: number;
  /** The prevLogIndex of the request answered: tells a current rejection from a stale one. */
  prevLogIndex: number;
  /**
   * On failure, the fast-backup hint (§5.3, end): the follower's term at prevLogIndex (0 when
   * its log is too short) and the first index it holds for that term (or its log length + 1).
   */
  conflictTerm: number;
  conflictIndex: number;
  round: number;
  sentAt: number;
};

export type RaftMessage = VoteRequest | VoteReply | AppendEntries | AppendEntriesReply;

/**
 * A snapshot of the state machine (§7): its state after applying entries 1..lastIncludedIndex.
 * Only committed entries are ever applied, so a snapshot holds committed state only.
 */
export type Snapshot = { readonly lastIncludedIndex: number; readonly lastIncludedTerm: number; readonly machine: MachineImage };

/**
 * Figure 2's persistent state — what a server writes to stable storage before it answers — plus
 * the latest state-machine snapshot (§7), so a restarted server re-applies only the entries after
 * it instead of its whole log. The log itself is kept whole (no compaction): simpler to inspect.
 */
export type RaftDurable = {
  currentTerm: number;
  votedFor: string | null;
  log: RaftLog;
  snapshot: Snapshot | null;
};

/** A read waiting for the leader to confirm it is still the leader (read_index / lease). */
export type PendingRead = { requestId: number; key: string; readIndex: number; round: number };

export type RaftState = RaftDurable & {
  readonly settings: RaftSettings;
  /** Timer effects built once per node and reused (effects are read-only data for the engine). */
  readonly timers: TimerEffects;
  /** Position of this node in ctx.nodes; per-peer arrays are indexed the same way. */
  readonly selfIndex: number;
  readonly nodes: readonly string[];
  /** Votes needed to win and replicas needed to commit: a majority of the whole cluster. */
  readonly quorum: number;
  /** ctx.recording: false when no trace is kept, so trace-only effects can be left out. */
  readonly recording: boolean;

  // Volatile state on all servers (Figure 2).
  role: Role;
  leader: string | null;
  commitIndex: number;
  lastApplied: number;
  machine: KeyValueMachine;
  /** Local time of the last AppendEntries from a current leader: -Infinity when none yet. */
  heardFromLeaderAt: number;
  /** Election-timer resets (§5.2) so far, the count when the timer was last armed, and the last one's time. */
  electionResets: number;
  resetsAtArming: number;
  electionResetAt: number;

  // Elections.
  /** Votes granted to this candidate in this term (by node position); also reused by pre-vote. */
  votes: boolean[];
  voteCount: number;
  /** True while this follower is polling for a pre-vote; it has not changed its term. */
  preVoting: boolean;

  // Volatile state on leaders (Figure 2), reinitialized after each election.
  nextIndex: number[];
  matchIndex: number[];
  /** An AppendEntries carrying entries is in flight to that peer; the next batch waits for it. */
  inflight: boolean[];
  /** Heartbeat count when each peer's current batch was sent, and heartbeats sent so far. */
  sentAtHeartbeat: number[];
  heartbeats: number;
  /** Heard from that peer since the last check-quorum tick (thesis §6.2). */
  recentlyActive: boolean[];
  /** Index of this leader's no-op; reads are only safe once it is committed (§8). */
  noopIndex: number;
  /**
   * Entries this leader proposed for a client, so it can answer once they apply (the entry's
   * command carries the request id): the one proposed at log index i is at i - pendingBase.
   * An array rather than a map: a map that empties and fills on every request reallocates its
   * table each time. See apply.ts.
   */
  pendingReplies: Array<LogEntry | undefined>;
  pendingBase: number;
  /** How many slots of pendingReplies hold an entry. */
  pendingReplyCount: number;
  /**
   * The AppendEntries last built. Messages are read-only data, so peers owed the very same one
   * (same position, entries, commit index, round and send time) share it instead of a copy each.
   */
  lastAppend: AppendEntries | null;

  // Reads that confirm leadership (read_index, lease).
  round: number;
  /** Highest heartbeat round each peer has echoed; the self slot is unused. Not kept in the `log` read mode. */
  peerRound: number[];
  /** Local send time of the highest round each peer echoed (for leases). */
  peerRoundSentAt: number[];
  confirmedRound: number;
  /** Until this local time the leader may serve reads without a round trip (lease mode). */
  leaseUntil: number;
  pendingReads: PendingRead[];

  /** What the last `state` effect said, so a change is reported once and nothing else is. */
  reported: { role: Role; term: number; leader: string | null; commitIndex: number; lastLogIndex: number };
};

export type TimerEffects = {
  armElection: Effect<RaftMessage>;
  cancelElection: Effect<RaftMessage>;
  armHeartbeat: Effect<RaftMessage>;
  cancelHeartbeat: Effect<RaftMessage>;
  armCheckQuorum: Effect<RaftMessage>;
  cancelCheckQuorum: Effect<RaftMessage>;
};
