// The shapes of primary/backup: log entries, messages, durable and volatile node state.

import type { IdempotencyTable } from '../../sim/idempotency.ts';
import type { ClientReply } from '../../sim/protocol.ts';
import type { PrimaryBackupSettings } from './settings.ts';

/**
 * Who appointed a primary: the epoch number and the node that took it. Two backups may promote
 * themselves at the same moment with the same number, so the node breaks the tie; a higher
 * epoch always wins, like a generation number in a real failover manager.
 */
export type Epoch = { n: number; by: string };

export type Entry = {
  epoch: Epoch;
  opId: number;
  client: string;
  op: string;
  key: string;
  value: unknown;
  /** The client's idempotency key, when it sends one (see Idempotency). */
  idempotency?: Idempotency;
};

/**
 * An idempotency key as the primary logged it: `at` is the primary's clock when it took the
 * write, so every replica measures the key's TTL from the same instant and makes the same
 * apply-or-skip decision for the entry.
 */
export type Idempotency = { key: string; ttlUs: number; at: number };

/** What applying an entry returned, remembered per idempotency key: a repeat gets the same answer. */
export type RememberedResult = ClientReply;

export type PrimaryBackupMessage =
  /**
   * Primary → backup: entries after `prevPos` (empty: a heartbeat), how far it has committed,
   * and how long its log is (so a backup can tell which of its own entries the primary lacks).
   */
  | { kind: 'Append'; epoch: Epoch; prevPos: number; prevEpoch: Epoch | null; entries: Entry[]; commit: number; length: number; sentAt: number }
  /**
   * Backup → primary: how much of the log it now holds. When its log disagrees with the
   * primary's, `runs` lists where each epoch starts in it, so the primary can find the last
   * position both logs share (Kafka's leader-epoch truncation works the same way).
   */
  | { kind: 'AppendAck'; epoch: Epoch; ok: boolean; length: number; runs: Array<[Epoch, number]> | null; heartbeatSentAt: number }
  /** Anyone → an older primary: a newer epoch exists, step down. */
  | { kind: 'NewerEpoch'; epoch: Epoch }
  /** Backup → primary: the position this client's session needs before it may read here. */
  | { kind: 'SessionQuery'; requestId: number; client: string }
  | { kind: 'SessionToken'; requestId: number; position: number }
  /** Backup → primary: this client has read up to `position` (monotonic reads). */
  | { kind: 'SessionSeen'; client: string; position: number }
  /** Sticky sessions: a backup forwards its client's write; the primary answers where it sits. */
  | { kind: 'Forward'; requestId: number; opId: number; client: string; op: string; key: string; value: unknown; idempotencyKey?: string; idempotencyTtlUs?: number }
  | { kind: 'ForwardResult'; requestId: number; reply: ClientReply; position: number };

/** What survives a crash: the log and the epoch this node last knew. */
export type PrimaryBackupDurable = {
  epoch: Epoch;
  log: Entry[];
  commit: number;
  /** The store as applied up to `applied`: a database's data files, so a restart need not replay the log. */
  kv: Map<string, unknown>;
  applied: number;
  /** Idempotency keys the applied entries carried, with their first results: part of the store. */
  seen: IdempotencyTable<RememberedResult>;
};

export type PendingRead = { requestId: number; client: string; key: string; position: number; known: boolean };

export type PrimaryBackupState = {
  settings: PrimaryBackupSettings;
  self: string;
  selfIndex: number;
  nodes: readonly string[];
  role: 'primary' | 'backup';
  epoch: Epoch;
  /** The primary this node follows (itself when primary), null when unknown. */
  primary: string | null;
  log: Entry[];
  /** Entries up to here count as acknowledged (primary) or as known acknowledged (backup). */
  commit: number;
  /** Entries up to here are in `kv`. */
  applied: number;
  kv: Map<string, unknown>;
  /** Idempotency keys applied, with their first results (entries 1..applied). */
  seen: IdempotencyTable<RememberedResult>;
  /** Positions up to here already had their apply effect in this life (a rebuild does not repeat them). */
  emittedUpTo: number;
  // Primary only.
  /**
   * With `ship every`: how much of the log has been released to the backups (the log's length at
   * the last shipment). Entries past it are on the primary alone: the replication lag window.
   */
  shipped: number;
  /** Per node: how much of our log it has (acknowledged); -1 for ourselves. */
  match: number[];
  /** Per node: where the next Append starts. */
  next: number[];
  /** Per node: the reported position we last resent from (one resend per heartbeat round). */
  resetAt: number[];
  /** Per node: local time we sent the newest heartbeat it acknowledged. */
  ackedHeartbeatAt: number[];
  /** Client requests waiting for their entry to commit, by log position. */
  waiting: Map<number, { requestId: number; forwardedBy: string | null; entry: Entry }>;
  /** Session registry: the last position each client wrote, and the highest it read. */
  lastWrite: Map<string, number>;
  lastRead: Map<string, number>;
  // Backup only.
  pendingReads: PendingRead[];
  /** Forwarded writes (sticky sessions) waiting until this node has applied them. */
  pendingForwards: Array<{ requestId: number; reply: ClientReply; position: number }>;
  /** Writes a newer primary's log replaced (lost when this node stepped down). */
  discarded: number;
  /** opIds dropped from the applied store since the last `state` effect (reported as `dropped`). */
  dropped: number[];
  /** What the last `state` effect showed, to send one only on a change. */
  reported: { role: string; epoch: Epoch | null; primary: string | null; commit: number; length: number; discarded: number };
};
