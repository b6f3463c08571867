import assert from 'node:assert/strict';
import { IdempotencyTable } from '../../../core/sim/idempotency.ts';

describe('idempotency table', () => {
  it('applies a key once within its TTL and returns the first result to the retry', () => {
    const table = new IdempotencyTable<string>();
    let applied = 0;
    const first = table.applyOnce('alice:1', 1_000, 10_000, () => `result ${++applied}`);
    const retry = table.applyOnce('alice:1', 9_000, 10_000, () => `result ${++applied}`);
    assert.deepEqual(first, { result: 'result 1', duplicate: false });
    assert.deepEqual(retry, { result: 'result 1', duplicate: true });
    assert.equal(applied, 1);
  });

  it('applies again once the TTL has passed', () => {
    const table = new IdempotencyTable<number>();
    let applied = 0;
    table.applyOnce('k', 0, 10_000, () => ++applied);
    const late = table.applyOnce('k', 10_000, 10_000, () => ++applied);
    assert.deepEqual(late, { result: 2, duplicate: false });
    assert.equal(applied, 2);
  });

  it('keeps different keys apart and forgets expired ones', () => {
    const table = new IdempotencyTable<number>();
    table.applyOnce('a', 0, 100, () => 1);
    table.applyOnce('b', 50, 100, () => 2);
    assert.equal(table.lookup('a', 99), 1);
    assert.equal(table.lookup('b', 120), 2);
    table.prune(200);
    assert.equal(table.size, 0);
  });
});
