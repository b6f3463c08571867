// The shapes of the lease lock: messages between holders and the lock service (which also runs
// the storage), and each kind of node's state.

import type { ClientReply } from '../../sim/protocol.ts';
import type { IdempotencyTable } from '../../sim/idempotency.ts';
import type { LeaseLockSettings } from './settings.ts';

export type LeaseLockMessage =
  /** Holder → service: compare-and-set "free → me", with a lease of ttl. `sentAt` is the holder's clock. */
  | { kind: 'Acquire'; sentAt: number }
  | { kind: 'Granted'; token: number; sentAt: number }
  | { kind: 'Denied'; holder: string | null }
  | { kind: 'KeepAlive'; token: number; sentAt: number }
  | { kind: 'Renewed'; token: number; sentAt: number }
  | { kind: 'Lost' }
  /** Holder → storage: a write on behalf of a client, with the fencing token when tokens are on. */
  | {
      kind: 'StoreWrite';
      requestId: number;
      opId: number;
      key: string;
      value: unknown;
      token: number | null;
      /** The lease the holder believes it has, for the trace only: the storage never acts on it (that is what `token` is for). */
      lease: number;
      /** The client's idempotency key and how long the storage should remember it, when it sends one. */
      idempotencyKey?: string;
      idempotencyTtlUs?: number;
    }
  | { kind: 'StoreResult'; requestId: number; reply: ClientReply };

export type ServiceState = {
  kind: 'service';
  settings: LeaseLockSettings;
  /** Lock: who holds it, the newest token granted, and when (service clock) the lease ends. */
  holder: string | null;
  token: number;
  expiresAt: number;
  /** Storage: the data, and the newest fencing token it has seen. */
  kv: Map<string, unknown>;
  highestToken: number;
  /** Writes applied per idempotency key: a retry, through this holder or the next, is answered without writing again. */
  applied: IdempotencyTable<ClientReply>;
  accepted: number;
  rejected: number;
  /** Writes accepted from a node whose lease had already ended: what fencing exists to stop. */
  staleAccepted: number;
  reported: string;
};

export type HolderState = {
  kind: 'holder';
  settings: LeaseLockSettings;
  self: string;
  /** What this node believes; it learns that its lease ended only from its timer or the service. */
  holding: boolean;
  token: number;
  /** Writes sent to the storage, waiting for its answer. */
  pendingWrites: Set<number>;
  reported: string;
};

/** A node that is neither the service nor a holder: it only points clients elsewhere. */
export type BystanderState = { kind: 'bystander'; settings: LeaseLockSettings; reported: string };

export type LeaseLockState = ServiceState | HolderState | BystanderState;

export type LeaseLockDurable =
  | {
      kind: 'service';
      token: number;
      holder: string | null;
      kv: Map<string, unknown>;
      highestToken: number;
      applied: IdempotencyTable<ClientReply>;
      counts: [number, number, number];
    }
  | { kind: 'holder' }
  | { kind: 'bystander' };
