// The replicated state machine: a key-value store that every server applies committed commands
// to, in log order (§5.3: "apply log[lastApplied] to state machine"). Because every replica
// applies the same commands in the same order, they all reach the same state — including the
// dedupe decisions of the idempotency table, which are made here from data stored in the entry.

import { IdempotencyTable } from '../../sim/idempotency.ts';
import type { ClientReply } from '../../sim/protocol.ts';
import type { Command } from './types.ts';

/**
 * What applying one command produced: the client's answer, whether it changed the store, and
 * whether the idempotency table recognised it as a retry of a command already applied.
 */
export type ApplyResult = { reply: ClientReply; changed: boolean; written: unknown; duplicate: boolean; readKey: string | undefined };

/**
 * Stands for "ok, with the value of `readKey`" in a fresh read's result: every replica applies a
 * read that went through the log, but only the leader that proposed it answers, so only there is
 * the value looked up and the reply built (`replyOf`).
 */
const READ_OK: ClientReply = { outcome: 'ok' };

/**
 * The client's answer in an apply result, built right after the apply: nothing has changed the
 * store in between, so a read finds the value it would have found during the apply.
 */
export function replyOf(result: ApplyResult, machine: KeyValueMachine): ClientReply {
  return result.reply === READ_OK ? { outcome: 'ok', value: machine.read(result.readKey!) } : result.reply;
}

/** Replies are read-only data, so the common one is shared rather than built per entry. */
const OK: ClientReply = { outcome: 'ok' };

/** A copy of the store and its idempotency table, as saved in a snapshot (§7). */
export type MachineImage = { readonly data: ReadonlyMap<string, unknown>; readonly seen: IdempotencyTable<ApplyResult> };

export class KeyValueMachine {
  readonly data: Map<string, unknown>;
  /** Idempotency key → first result, so a retried operation takes effect once (within its TTL). */
  private readonly seen: IdempotencyTable<ApplyResult>;

  constructor(image?: MachineImage) {
    // Stored values are never mutated in place (append builds a new list), so a shallow copy is a copy.
    this.data = image === undefined ? new Map() : new Map(image.data);
    this.seen = image === undefined ? new IdempotencyTable() : image.seen.clone();
  }

  image(): MachineImage {
    return { data: new Map(this.data), seen: this.seen.clone() };
  }

  read(key: string): unknown {
    const value = this.data.get(key);
    return value === undefined ? null : value;
  }

  /**
   * The result of the command just applied. Without an idempotency key it is a scratch object
   * reused by the next `apply` (this runs for every entry on every node, so no allocation): read
   * it at once. A result the idempotency table remembers is a copy of its own.
   */
  apply(command: Command): ApplyResult {
    const key = command.idempotencyKey;
    if (key === undefined) return this.execute(command);
    // Measured on the proposing leader's clock, stored in the entry: every replica agrees.
    const ttl = command.idempotencyTtlUs ?? Number.POSITIVE_INFINITY;
    const once = this.seen.applyOnce(key, command.proposedAt, ttl, () => {
      const done = this.execute(command);
      return { reply: replyOf(done, this), changed: done.changed, written: done.written, duplicate: false, readKey: undefined };
    });
    if (!once.duplicate) return once.result;
    return { reply: once.result.reply, changed: false, written: undefined, duplicate: true, readKey: undefined };
  }

  private readonly scratch: ApplyResult = { reply: OK, changed: false, written: undefined, duplicate: false, readKey: undefined };

  private result(reply: ClientReply, changed: boolean, written: unknown): ApplyResult {
    const r = this.scratch;
    r.reply = reply;
    r.changed = changed;
    r.written = written;
    r.readKey = undefined;
    return r;
  }

  private execute(command: Command): ApplyResult {
    const { key, value } = command;
    switch (command.op) {
      case 'read': {
        const r = this.result(READ_OK, false, undefined);
        r.readKey = key;
        return r;
      }
      case 'write':
      case 'put':
        this.data.set(key, value);
        return this.result(OK, true, value);
      case 'cas': {
        const [expected, next] = Array.isArray(value) ? value : [undefined, undefined];
        const current = this.read(key);
        if (current !== expected) {
          return this.result({ outcome: 'fail', error: `cas: expected ${String(expected)}, found ${String(current)}` }, false, undefined);
        }
        this.data.set(key, next);
        return this.result(OK, true, next);
      }
      case 'append': {
        const current = this.data.get(key);
        // A fresh array: a stored list may be shared with a value a client already read.
        const list = Array.isArray(current) ? [...current, value] : [value];
        this.data.set(key, list);
        return this.result(OK, true, value);
      }
      case 'increment': {
        const current = this.data.get(key);
        const next = (typeof current === 'number' ? current : 0) + (typeof value === 'number' ? value : 1);
        this.data.set(key, next);
        return this.result({ outcome: 'ok', value: next }, true, next);
      }
      default:
        return this.result({ outcome: 'fail', error: `raft's key-value store does not support '${command.op}'` }, false, undefined);
    }
  }
}
