// Operations a consistency model does not describe are not searched as register operations. A
// saga's `request` runs steps on several services, and no model here says what it does to the
// keys a client reads: linearizable and sequential are undecided, with the reason. Two-phase
// commit's `transfer` sets its key to its value on every participant: the register model grades
// it as a write. Both used to fall back to a register that refused them, so every such run read
// "No order of the operations explains ..." — a broken verdict about nothing that broke.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkLadder } from '../../../core/check/ladder.ts';
import { chooseModel } from '../../../core/check/models/index.ts';
import { toOperations } from '../../../core/history/operations.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { history, op, read } from './helpers/build-history.ts';

const sample = (name: string) => readFileSync(fileURLToPath(new URL(`../../../samples/${name}`, import.meta.url)), 'utf8');

function runFirstScenario(text: string) {
  const compiled = compile(text);
  assert.ok(compiled.config !== null, compiled.diagnostics.map((d) => d.message).join('; '));
  return runScenario(compiled.config);
}

const transfer = (p: string, value: number, start: number, end: number | null, key = 'a') => op(p, 'transfer', value, value, start, end, { key });

describe('operations no consistency model describes', () => {
  it('a saga run with reads is neither linearizable nor "not linearizable": both searches are undecided and say why', () => {
    const text = sample('saga-compensation.fault').replace('  expect {\n', '  expect {\n    linearizable\n    sequential\n');
    const report = runFirstScenario(text);
    for (const name of ['linearizable', 'sequential']) {
      const verdict = report.verdicts!.list.find((v) => v.name === name)!;
      assert.equal(verdict.holds, null, `${name}: ${verdict.summary}`);
      assert.match(verdict.summary, /^not graded: no consistency model describes what a request does to the data \(process shop's, for one\)$/);
    }
    assert.ok(report.history.some((e) => e.f === 'read' && e.type === 'ok'), 'the run has reads a register search would have judged');
  });

  it('a saga run claims no session guarantee and no stale-read count: a request changes keys no read can trace', () => {
    const report = runFirstScenario(sample('saga-compensation.fault'));
    for (const name of ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'no-stale-reads']) {
      const verdict = report.verdicts!.list.find((v) => v.name === name)!;
      assert.equal(verdict.holds, null, `${name}: ${verdict.summary}`);
      assert.match(verdict.summary, /^not graded: the session checks cannot tell what a request does to the data it touches \(process shop's, for one\)$/);
    }
    // It used to read "strongest model that held: session guarantees".
    assert.equal(report.verdicts!.strongest, 'not graded');
  });

  it('the run reason never sends the reader to a --model flag a run does not have', () => {
    const choice = chooseModel(toOperations(history([op('a', 'increment', 1, 1, 0, 10, { key: 'c' }), op('b', 'write', 5, 5, 20, 30, { key: 'c' })])));
    assert.equal(choice.ok, false);
    if (choice.ok) return;
    assert.match(choice.message, /--model/);
    assert.doesNotMatch(choice.reason, /--model/);
    assert.match(choice.reason, /counter model .* does not describe a write/);
  });
});

describe('two-phase commit transfers are register writes', () => {
  it('a read that misses a completed transfer breaks linearizability; one that sees it holds', () => {
    const stale = checkLadder(history([transfer('shop', 1, 0, 10), read('auditor', null, 20, 30, 'a')]));
    const lin = (r: ReturnType<typeof checkLadder>) => r.verdicts.find((v) => v.name === 'linearizable')!;
    assert.equal(lin(stale).holds, false, lin(stale).summary);
    assert.match(lin(stale).summary, /auditor read a=nil/);
    const fresh = checkLadder(history([transfer('shop', 1, 0, 10), read('auditor', 1, 20, 30, 'a')]));
    assert.equal(lin(fresh).holds, true, lin(fresh).summary);
    // The stale-read check knows a transfer as the write a read missed.
    assert.equal(stale.staleReads.count, 1);
  });

  it('the coordinator-crash sample with an auditor reading the transferred keys is graded by the register model and holds', () => {
    const text = sample('two-phase-commit-coordinator-crash.fault')
      .replace(/(client shop \{[\s\S]*?\n {4}\})/, '$1\n    client auditor {\n      read a, b, c, d every 30ms\n      timeout 1s\n    }')
      .replace('  expect {\n', '  expect {\n    linearizable\n    no stale reads\n');
    const report = runFirstScenario(text);
    const verdict = report.verdicts!.list.find((v) => v.name === 'linearizable')!;
    assert.equal(verdict.holds, true, verdict.summary);
    assert.match(verdict.summary, /register model/);
    assert.ok(report.history.filter((e) => e.f === 'transfer' && e.type === 'ok').length > 10, 'transfers were acknowledged');
    assert.ok(report.history.filter((e) => e.f === 'read' && e.type === 'ok').length > 10, 'reads were answered');
  });
});
