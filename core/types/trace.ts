// The trace: every event of a run, in the order the simulator processed it. The webview draws it,
// the checkers read it (leaders, commit indexes, who acknowledged what) and tests pin it.
// `t` is global virtual time; `local` is the acting node's own clock reading at that moment.

import type { Micros } from './sim-config.ts';

export type MessageEventKind = 'send' | 'deliver' | 'drop' | 'duplicate';

export type TraceEvent =
  | {
      kind: MessageEventKind;
      t: Micros;
      /** Message id: a send, its deliver(s) and its drop share it; a duplicate delivers twice. */
      msg: number;
      from: string;
      to: string;
      /** Protocol message type, e.g. RequestVote. */
      type: string;
      /** For drop: why (loss, partition, crashed receiver, ...). */
      reason?: string;
      /** For send: when it will be delivered (absent when dropped at send). */
      deliverAt?: Micros;
      /** The message fault line (`at 2s drop next ...`) that dropped, duplicated or moved it. */
      line?: number;
      /** For send: a message with no news (an empty AppendEntries), see Effect `send`; its copies share it. */
      heartbeat?: true;
    }
  | { kind: 'timer'; t: Micros; node: string; local: Micros; name: string }
  /** `role`: the role the fault line named (`crash leader`), when it did; `node` is who held it. */
  | { kind: 'crash' | 'restart' | 'pause' | 'resume'; t: Micros; node: string; line?: number; role?: string }
  /** `declared`: the partition as written when it named a role (`leader | rest`); `label` says whom it cut. */
  | { kind: 'partition'; t: Micros; blocked: Array<[string, string]>; label: string; line?: number; declared?: string }
  | { kind: 'heal'; t: Micros; line?: number }
  | { kind: 'link-window'; t: Micros; untilUs: Micros; links: Array<[string, string]>; line?: number }
  | { kind: 'clock-jump'; t: Micros; node: string; deltaUs: Micros; line?: number; role?: string }
  /** A protocol-visible state change: role, term, leader, commit index, or anything it notes. */
  | { kind: 'state'; t: Micros; node: string; local: Micros; state: Record<string, unknown> }
  /** A client operation starts or completes; `op` is the history event's index. */
  | { kind: 'client'; t: Micros; client: string; op: number; phase: 'invoke' | 'ok' | 'fail' | 'info'; node?: string }
  /** The run stopped early (event budget) or a note worth showing on the timeline. */
  | { kind: 'note'; t: Micros; text: string; node?: string; line?: number }
  | ApplyEvent;

/**
 * A client operation took effect on a node's state machine (counted to find duplicate effects).
 * `index`: the log position applied, when the protocol numbers them (Raft, primary/backup).
 */
export type ApplyEvent = { kind: 'apply'; t: Micros; node: string; op: number; key: string; value: unknown; via?: string; term?: number; index?: number };
