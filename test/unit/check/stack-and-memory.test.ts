// Checks never die on big inputs: no spread of an unbounded list into a call, and a search whose
// memo outgrows its memory budget stops as undecided, saying why, instead of an uncaught
// RangeError (which the CLI would have turned into exit 1, "not linearizable").

import assert from 'node:assert/strict';
import { checkLinearizable } from '../../../core/check/linearizability.ts';
import { registerModel } from '../../../core/check/models/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryBudget } from '../../../core/check/budget.ts';
import { LinearizedCache } from '../../../core/check/linearized-cache.ts';
import { importHistory } from '../../../core/history/import.ts';
import { history, write } from './helpers/build-history.ts';

const corpus = fileURLToPath(new URL('../../fixtures/porcupine/etcd/', import.meta.url));

describe('checker stack and memory safety', () => {
  it('decides a register history with 200,000 indeterminate writes nobody read without overflowing the stack', () => {
    const ops = [write('w', 'first', 0, 1)];
    for (let i = 0; i < 200_000; i++) ops.push(write(`p${i}`, i, 2 + i, null));
    const result = checkLinearizable(history(ops), registerModel);
    assert.equal(result.verdict.holds, true, result.verdict.summary);
  });

  it('stops a search whose memo outgrows its memory budget as undecided, naming the memory budget', () => {
    // etcd_002 needs about 380,000 search steps; with no room for its memo it must stop, not throw.
    const imported = importHistory(readFileSync(join(corpus, 'etcd_002.log'), 'utf8'));
    assert.ok(imported.ok);
    const result = checkLinearizable(imported.history, registerModel, { budget: { maxMemoBytes: 64 * 1024 } });
    assert.equal(result.verdict.holds, null, result.verdict.summary);
    assert.match(result.verdict.summary, /memo reached its memory budget/);
    assert.equal(result.witness.kind, 'budget');
  });

  it('keeps a full memo table usable: adding past the budget never throws and still finds what it holds', () => {
    const memory = new MemoryBudget(64 * 1024);
    const cache = new LinearizedCache(1, memory);
    const bits = new Uint32Array(1);
    let added = 0;
    for (let state = 0; state < 100_000; state++) if (cache.addWith(bits, 0, 12345, state)) added++;
    assert.equal(memory.exhausted, true);
    assert.equal(added, 100_000);
    assert.equal(cache.addWith(bits, 0, 12345, 0), false, 'an entry stored before the table filled is still found');
  });
});
