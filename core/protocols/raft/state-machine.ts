// The replicated state machine: a key-value store that every server applies committed commands
// to, in log order (§5.3: "apply log[lastApplied] to state machine"). Because every replica
// applies the same commands in the same order, they all reach the same state — including the
// dedupe decisions of the idempotency table, which are made here from data stored in the entry.

import { IdempotencyTable } from '../../sim/idempotency.ts';
import type { ClientReply } from '../../sim/protocol.ts';
import type { Command } from './types.ts';

/** What applying one command produced: the client's answer, and whether it changed the store. */
export type ApplyResult = { reply: ClientReply; changed: boolean; written: unknown };

export class KeyValueMachine {
  readonly data = new Map<string, unknown>();
  /** Idempotency key → first result, so a retried operation takes effect once (within its TTL). */
  private readonly seen = new IdempotencyTable<ApplyResult>();

  read(key: string): unknown {
    const value = this.data.get(key);
    return value === undefined ? null : value;
  }

  apply(command: Command): ApplyResult & { duplicate: boolean } {
    const key = command.idempotencyKey;
    if (key === undefined) return { ...this.execute(command), duplicate: false };
    // Measured on the proposing leader's clock, stored in the entry: every replica agrees.
    const ttl = command.idempotencyTtlUs ?? Number.POSITIVE_INFINITY;
    const { result, duplicate } = this.seen.applyOnce(key, command.proposedAt, ttl, () => this.execute(command));
    return { ...result, changed: result.changed && !duplicate, duplicate };
  }

  private execute(command: Command): ApplyResult {
    const { key, value } = command;
    switch (command.op) {
      case 'read':
        return { reply: { outcome: 'ok', value: this.read(key) }, changed: false, written: undefined };
      case 'write':
      case 'put':
        this.data.set(key, value);
        return { reply: { outcome: 'ok' }, changed: true, written: value };
      case 'cas': {
        const [expected, next] = Array.isArray(value) ? value : [undefined, undefined];
        const current = this.read(key);
        if (current !== expected) {
          return { reply: { outcome: 'fail', error: `cas: expected ${String(expected)}, found ${String(current)}` }, changed: false, written: undefined };
        }
        this.data.set(key, next);
        return { reply: { outcome: 'ok' }, changed: true, written: next };
      }
      case 'append': {
        const current = this.data.get(key);
        // A fresh array: a stored list may be shared with a value a client already read.
        const list = Array.isArray(current) ? [...current, value] : [value];
        this.data.set(key, list);
        return { reply: { outcome: 'ok' }, changed: true, written: value };
      }
      case 'increment': {
        const current = this.data.get(key);
        const next = (typeof current === 'number' ? current : 0) + (typeof value === 'number' ? value : 1);
        this.data.set(key, next);
        return { reply: { outcome: 'ok', value: next }, changed: true, written: next };
      }
      default:
        return { reply: { outcome: 'fail', error: `raft's key-value store does not support '${command.op}'` }, changed: false, written: undefined };
    }
  }
}
