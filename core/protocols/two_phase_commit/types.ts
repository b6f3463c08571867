// The shapes of two-phase commit: the four messages, the coordinator's decision log, and each
// participant's prepare records and locks. Which parts are durable follows the textbook rule:
// anything a node promised to someone else must be on disk before the promise leaves it.

import type { ClientReply } from '../../sim/protocol.ts';
import type { IdempotencyTable } from '../../sim/idempotency.ts';
import type { TwoPhaseCommitSettings } from './settings.ts';

/** A transaction id names the coordinator's incarnation, so ids never repeat across restarts. */
export type TxnId = string;

/** The id of the `seq`th transaction a coordinator began in its `incarnation`th life: `t1.7`. */
export function txnId(incarnation: number, seq: number): TxnId {
  return `t${incarnation}.${seq}`;
}

/** The coordinator life that began `txn`, or null for an id not of that shape. */
export function incarnationOfTxn(txn: TxnId): number | null {
  const match = /^t(\d+)\./.exec(txn);
  return match === null ? null : Number(match[1]);
}

/** What a transaction changes: one key on every participant (each side of the transfer). */
export type TxnWrite = { opId: number; key: string; value: unknown };

export type TwoPhaseCommitMessage =
  /** Phase one: "can you commit this?" A yes vote is a promise, so it is logged before it is sent. */
  | ({ kind: 'Prepare'; txn: TxnId } & TxnWrite)
  | { kind: 'Vote'; txn: TxnId; yes: boolean }
  /** Phase two: the outcome, the same for every participant. */
  | { kind: 'Decision'; txn: TxnId; commit: boolean }
  /** A prepared participant asking the coordinator what was decided (it may not decide alone). */
  | { kind: 'Inquiry'; txn: TxnId };

export type Outcome = 'commit' | 'abort';

/** A transaction the coordinator is running: waiting for votes. Volatile: lost in a crash. */
export type ActiveTxn = {
  txn: TxnId;
  write: TxnWrite;
  /** Participants that voted yes so far. */
  yes: Set<string>;
  /** Client attempts waiting for this transaction's outcome (a keyed retry joins the first). */
  requestIds: number[];
  idempotencyKey: string | undefined;
  idempotencyTtlUs: number;
};

export type CoordinatorDurable = {
  kind: 'coordinator';
  /** Bumped at every restart; part of every transaction id. */
  incarnation: number;
  /** The decision log. With presumed abort only commits are written: no record means abort. */
  decisions: Map<TxnId, Outcome>;
  /** Without presumed abort, a "begin" record (forced before any Prepare) for every transaction. */
  begun: Set<TxnId>;
  /** Results already given per idempotency key: a keyed retry gets the first answer again. */
  idempotency: IdempotencyTable<ClientReply>;
  /** Forced log writes so far: what presumed abort saves. */
  logWrites: number;
};

export type CoordinatorState = CoordinatorDurable & {
  settings: TwoPhaseCommitSettings;
  nextSeq: number;
  active: Map<TxnId, ActiveTxn>;
  /** Keyed transactions still running, so a retry attaches to them instead of starting anew. */
  runningKeys: Map<string, TxnId>;
  /** Transaction ids of earlier incarnations this one can answer for (none without recovery). */
  remembersEarlierIncarnations: boolean;
  commits: number;
  aborts: number;
  reported: string;
};

export type PreparedTxn = TxnWrite & { txn: TxnId };

export type ParticipantDurable = {
  kind: 'participant';
  /** Committed data. */
  data: Map<string, unknown>;
  /** Prepare records: transactions this participant voted yes on and has no decision for. */
  prepared: Map<TxnId, PreparedTxn>;
  /** How each transaction ended here, so a late or duplicated Prepare is not taken as new. */
  finished: Map<TxnId, Outcome | 'voted-no'>;
};

export type ParticipantState = ParticipantDurable & {
  settings: TwoPhaseCommitSettings;
  /** key → the prepared transaction holding its lock (rebuilt from the prepare records). */
  locks: Map<string, TxnId>;
  /** Reads of a locked key wait for the lock (two-phase locking: no dirty or torn reads). */
  waitingReads: Array<{ requestId: number; key: string }>;
  lastOutcome: Outcome | 'idle';
  commits: number;
  aborts: number;
  reported: string;
};

/** A node that is neither coordinator nor participant: it only points clients at the coordinator. */
export type BystanderState = { kind: 'bystander'; settings: TwoPhaseCommitSettings; reported: string };

export type TwoPhaseCommitState = CoordinatorState | ParticipantState | BystanderState;
export type TwoPhaseCommitDurable = CoordinatorDurable | ParticipantDurable | { kind: 'bystander' };
