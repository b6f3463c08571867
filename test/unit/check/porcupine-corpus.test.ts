// Every history in the Porcupine corpus (test/fixtures/porcupine, copied from the shared corpus
// with its README as the provenance note) gets the verdict the README expects.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizable } from '../../../core/check/linearizability.ts';
import { chooseModel, kvModel, registerModel } from '../../../core/check/models/index.ts';
import { importHistory } from '../../../core/history/import.ts';
import { toOperations } from '../../../core/history/operations.ts';

const corpus = fileURLToPath(new URL('../../fixtures/porcupine/', import.meta.url));
const readme = readFileSync(join(corpus, 'README.md'), 'utf8');

/** Expected verdicts as the README states them: `etcd_000.log: NOT linearizable`, `c01-ok.txt: linearizable`. */
function expected(file: string): boolean {
  const m = new RegExp(`${file.replace('.', '\\.')}: (NOT )?linearizable`).exec(readme);
  if (m === null) throw new Error(`README gives no verdict for ${file}`);
  return m[1] === undefined;
}

function load(path: string) {
  const imported = importHistory(readFileSync(path, 'utf8'));
  if (!imported.ok) throw new Error(`${path}: ${imported.error.message} at line ${imported.error.line}`);
  return imported.history;
}

describe('Porcupine corpus verdicts', () => {
  const etcd = readdirSync(join(corpus, 'etcd')).filter((f) => f.endsWith('.log')).sort();
  it('has the 60 etcd logs the README lists', () => {
    assert.equal(etcd.length, 60);
  });
  for (const file of etcd) {
    const want = expected(file);
    it(`etcd ${file} is ${want ? '' : 'NOT '}linearizable as a register`, () => {
      const result = checkLinearizable(load(join(corpus, 'etcd', file)), registerModel);
      assert.equal(result.verdict.holds, want, result.verdict.summary);
    });
  }
  for (const file of ['c01-ok.txt', 'c01-bad.txt', 'c10-ok.txt', 'c10-bad.txt', 'c50-ok.txt', 'c50-bad.txt']) {
    const want = expected(file);
    it(`kv ${file} is ${want ? '' : 'NOT '}linearizable, checked per key`, () => {
      const result = checkLinearizable(load(join(corpus, 'kv', file)), kvModel);
      assert.equal(result.verdict.holds, want, result.verdict.summary);
    });
    it(`kv ${file}: the model the operations call for, unasked, is kv (as \`faultline check\` chooses it)`, () => {
      const choice = chooseModel(toOperations(load(join(corpus, 'kv', file))));
      assert.equal(choice.ok ? choice.name : choice.message, 'kv');
    });
  }
});
