// Importing Jepsen histories with Jepsen's meaning: a :fail did not happen (except where the
// source says a failure is a comparison), top-level lists are read, and values a JavaScript
// number cannot hold, or nesting no history needs, are refused with the line instead of a crash.

import assert from 'node:assert/strict';
import { checkOperationsLinearizable } from '../../../core/check/linearizability.ts';
import { registerModel } from '../../../core/check/models/index.ts';
import { historyToEdn } from '../../../core/history/export.ts';
import { importHistory } from '../../../core/history/import.ts';
import { toOperations } from '../../../core/history/operations.ts';

// A write of 1, then a compare-and-set from 1 to 2 that failed without an error.
const FAILED_CAS = `{:process 0, :type :invoke, :f :write, :value 1}
{:process 0, :type :ok, :f :write, :value 1}
{:process 1, :type :invoke, :f :cas, :value [1 2]}
{:process 1, :type :fail, :f :cas, :value [1 2]}
`;

function verdict(text: string): boolean | null {
  const imported = importHistory(text);
  assert.ok(imported.ok, !imported.ok ? imported.error.message : '');
  return checkOperationsLinearizable(toOperations(imported.history), registerModel, { failReading: imported.failReading }).verdict.holds;
}

describe('Jepsen semantics on import', () => {
  it('reads a :fail in Jepsen EDN as an operation that did not happen: a failed cas from the current value is linearizable', () => {
    const imported = importHistory(FAILED_CAS);
    assert.ok(imported.ok);
    assert.equal(imported.failReading, 'did-not-happen');
    assert.equal(verdict(FAILED_CAS), true);
  });

  it("keeps the comparison reading for Faultline's own EDN export, where the same failed cas is a violation", () => {
    const imported = importHistory(FAILED_CAS);
    assert.ok(imported.ok);
    const exported = historyToEdn(imported.history);
    const again = importHistory(exported);
    assert.ok(again.ok);
    assert.equal(again.failReading, 'comparison');
    assert.equal(verdict(exported), false);
  });

  it("keeps the comparison reading for Jepsen's old log lines (Porcupine's etcd logs) and for our JSON", () => {
    const log = importHistory('INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\tnil\n');
    assert.ok(log.ok);
    assert.equal(log.failReading, 'comparison');
    const json = importHistory('[]');
    assert.ok(json.ok);
    assert.equal(json.failReading, 'comparison');
  });

  it('reads a top-level EDN list of operation maps, as Jepsen tools write it', () => {
    const imported = importHistory('(\n{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value nil}\n)\n');
    assert.ok(imported.ok, !imported.ok ? imported.error.message : '');
    assert.equal(imported.history.length, 2);
  });

  for (const [what, value, message] of [
    ['1e999', '1e999', /out of range/],
    ['a 29-digit integer', '12345678901234567890123456789', /too large to hold exactly/],
    ['a 29-digit bigint', '12345678901234567890123456789N', /too large to hold exactly/],
  ] as const) {
    it(`refuses ${what} with the line it is on`, () => {
      const imported = importHistory(`{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :write, :value ${value}}\n`);
      assert.equal(imported.ok, false);
      assert.equal(!imported.ok && imported.error.line, 2);
      assert.match(!imported.ok ? imported.error.message : '', message);
    });
  }

  it('refuses 10,000 chained #_ discards as too deep instead of overflowing the stack', () => {
    const imported = importHistory('#_ '.repeat(10_000) + '{:process 0}');
    assert.equal(imported.ok, false);
    assert.match(!imported.ok ? imported.error.message : '', /nested more than/);
  });

  it('refuses a JSON value nested 10,000 deep (the checkers would overflow comparing it)', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const imported = importHistory(`[{"process": 0, "type": "invoke", "f": "write", "value": ${deep}}]`);
    assert.equal(imported.ok, false);
    assert.match(!imported.ok ? imported.error.message : '', /nested more than 256 levels/);
  });

  it('stops reading when its time is up, saying so', () => {
    const text = '{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value nil}\n'.repeat(5000);
    const imported = importHistory(text, undefined, { expired: () => true });
    assert.equal(imported.ok, false);
    assert.equal(!imported.ok && imported.timedOut, true);
  });
});
