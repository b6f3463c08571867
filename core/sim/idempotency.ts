// A server-side idempotency table: the first time an operation's idempotency key is applied, the
// result is remembered for a TTL; a retry carrying the same key within the TTL gets the first
// result back and does NOT apply again. That is how a client may safely retry a write whose first
// attempt timed out (indeterminate) without applying it twice. After the TTL the key is forgotten,
// so a retry that arrives later than the TTL re-applies — the duplicate effect the TTL trades
// against memory.
//
// Protocols call this from their apply step. In a replicated state machine every replica keeps its
// own table and must pass the same `nowUs` for the same entry (e.g. the time the leader proposed
// it), or replicas would disagree about what expired.

import type { Micros } from '../types/sim-config.ts';

type Entry<R> = { result: R; expiresAt: Micros };

export class IdempotencyTable<R = unknown> {
  private readonly entries = new Map<string, Entry<R>>();

  /** The remembered result of `key`, if it was applied and has not expired at `nowUs`. */
  lookup(key: string, nowUs: Micros): R | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (nowUs >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  /** Remembers `result` for `key` until nowUs + ttlUs. */
  remember(key: string, result: R, nowUs: Micros, ttlUs: Micros): void {
    // Re-inserting moves the key to the end, keeping the map roughly in expiry order for prune().
    this.entries.delete(key);
    this.entries.set(key, { result, expiresAt: nowUs + ttlUs });
  }

  /**
   * Applies an operation at most once per key within the TTL: the first call runs `apply` and
   * remembers its result; a later call with the same key before expiry returns that result with
   * `duplicate: true` and does not run `apply`.
   */
  applyOnce(key: string, nowUs: Micros, ttlUs: Micros, apply: () => R): { result: R; duplicate: boolean } {
    const entry = this.entries.get(key);
    if (entry !== undefined && nowUs < entry.expiresAt) return { result: entry.result, duplicate: true };
    const result = apply();
    this.remember(key, result, nowUs, ttlUs);
    this.prune(nowUs);
    return { result, duplicate: false };
  }

  /** Forgets expired keys from the oldest end (bounded work: stops at the first live one). */
  prune(nowUs: Micros): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > nowUs) break;
      this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** A copy for durable state or snapshots. */
  clone(): IdempotencyTable<R> {
    const copy = new IdempotencyTable<R>();
    for (const [key, entry] of this.entries) copy.entries.set(key, { ...entry });
    return copy;
  }
}
