// The shapes of a saga: the messages between the services (and the orchestrator), each
// service's local data, and the orchestrator's saga log.

import type { ClientReply } from '../../sim/protocol.ts';
import type { IdempotencyTable } from '../../sim/idempotency.ts';
import type { SagaSettings } from './settings.ts';

export type SagaId = string;

export type SagaMessage =
  /** Run step `index` of the saga (orchestrator → service, or service → next service). */
  | { kind: 'DoStep'; saga: SagaId; index: number; opId: number }
  /** The step's local transaction ran (`ok`) or failed (`!ok`: nothing changed). */
  | { kind: 'StepDone'; saga: SagaId; index: number; ok: boolean }
  /** Undo step `index`: run its compensation. */
  | { kind: 'Compensate'; saga: SagaId; index: number; opId: number; failedStep?: string }
  | { kind: 'Compensated'; saga: SagaId; index: number }
  /** Choreography: the last step succeeded; tells the entry service to answer the client. */
  | { kind: 'SagaCompleted'; saga: SagaId };

/** One service's local state: a counter per step it runs (what readers see), and which saga steps it did and undid. */
export type ServiceDurable = {
  counters: Map<string, number>;
  done: Set<string>;
  /** Undone, or undone before it was ever done (a tombstone: a late DoStep is then refused). */
  undone: Set<string>;
  stepsRun: number;
  compensationsRun: number;
};

/** The orchestrator's record of one saga: where it is, forward or backward. */
export type SagaRecord = {
  saga: SagaId;
  opId: number;
  /** Forward: the step being run; backward: the step being compensated. */
  index: number;
  direction: 'forward' | 'backward';
  failedStep: string | null;
  requestIds: number[];
  idempotencyKey: string | undefined;
  idempotencyTtlUs: number;
};

export type EntryDurable = {
  /** The saga log: sagas not yet finished (orchestrated: the orchestrator's whole view). */
  sagas: Map<SagaId, SagaRecord>;
  idempotency: IdempotencyTable<ClientReply>;
  nextSeq: number;
  completed: number;
  compensated: number;
};

export type SagaDurable = { service: ServiceDurable; entry: EntryDurable | null };

export type SagaState = SagaDurable & {
  settings: SagaSettings;
  self: string;
  /** Keyed sagas still running here, so a retry joins the first instead of starting another. */
  runningKeys: Map<string, SagaId>;
  /** The counts behind the last `state` effect: stepsRun, compensationsRun, running, completed, compensated. */
  reported: number[];
};
