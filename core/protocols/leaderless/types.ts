// A leaderless node's state, what survives its crash, and the messages replicas exchange.

import type { Entry } from './entry.ts';
import type { PlacementCache } from './preference-list.ts';
import type { LeaderlessSettings } from './settings.ts';

/** Writes a stand-in holds for one unreachable home replica; `seq` grows with every change. */
export type HintsFor = { seq: number; items: Map<string, Entry> };

/** A client request this node coordinates, open until it has its quorum (or gives up). */
export type PendingRequest = {
  kind: 'write' | 'read';
  requestId: number;
  key: string;
  /** write: what was sent to the replicas (a stand-in is sent the same). */
  entry: Entry | null;
  /** Nodes that answered (write: acknowledged; read: replied). */
  answered: Set<string>;
  /** read: each answer, null for "nothing stored" (writes have none). */
  replies: Map<string, Entry | null> | null;
  /** How many nodes were asked (home replicas, then stand-ins). */
  asked: number;
  /** Ticks this request has waited, so waiting is measured without trusting the local clock. */
  ticks: number;
  standInsAsked: boolean;
  replied: boolean;
};

export type LeaderlessState = {
  settings: LeaderlessSettings;
  placements: PlacementCache;
  /** The replica's data (on disk: it survives a crash). */
  store: Map<string, Entry>;
  /** Stand-in duty: home replica → the writes kept for it (on disk too). */
  hints: Map<string, HintsFor>;
  /**
   * key → every operation that ever took effect here, superseded ones included (on disk): the
   * store keeps only the newest versions, but a restarted replica's state still reflects them all.
   */
  applied: Map<string, number[]>;
  /**
   * key → how many writes of it this node has coordinated (on disk). Its own entry of a new
   * version's vector counts from here, not from the stored version alone: under last-write-wins
   * the store may hold an older write than this node's last, and counting from it would give two
   * of this node's writes the same entry, so vectors would claim one saw a write it never saw.
   */
  coordinated: Map<string, number>;
  pending: Map<number, PendingRequest>;
  tickArmed: boolean;
  /** `key x` field names of the state effects, made once per key. */
  stateFields: Map<string, string>;
  /** lww: how many causally later versions this replica has thrown away because of timestamps. */
  causallyLaterDropped: number;
};

export type LeaderlessDurable = { store: Map<string, Entry>; hints: Map<string, HintsFor>; applied: Map<string, number[]>; coordinated: Map<string, number> };

export type LeaderlessMessage =
  /** Store this; `hintFor` names the home replica a stand-in keeps it for. */
  | { kind: 'Put'; id: number; key: string; entry: Entry; hintFor?: string }
  | { kind: 'PutAck'; id: number }
  | { kind: 'Get'; id: number; key: string }
  | { kind: 'GetReply'; id: number; entry: Entry | null }
  /** Read repair: a newer value for a replica that answered a read with an older one. */
  | { kind: 'Repair'; key: string; entry: Entry }
  /** Hinted handoff: what a stand-in kept for this node while it was unreachable. */
  | { kind: 'Handoff'; seq: number; items: Array<[string, Entry]> }
  | { kind: 'HandoffAck'; seq: number };
