// History import (Jepsen EDN, Jepsen log lines, our JSON), export to EDN, and the line-numbered
// errors for input that cannot be read.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEdn, writeEdn, kw, EdnSet } from '../../../core/history/edn.ts';
import { historyToEdn, historyToJson } from '../../../core/history/export.ts';
import { detectHistoryFormat, importHistory } from '../../../core/history/import.ts';
import { toOperations } from '../../../core/history/operations.ts';
import type { History } from '../../../core/types/history.ts';

function ok(text: string): History {
  const r = importHistory(text);
  if (!r.ok) throw new Error(`line ${r.error.line}: ${r.error.message}`);
  return r.history;
}

describe('EDN reader', () => {
  it('reads maps, keywords, strings with escapes, integers, nil, booleans, vectors, lists and sets', () => {
    const v = parseEdn('{:a [1 -2 "x\\"y\\n"], :b (nil true false), :c #{:k 3}, :d 1.5}') as Map<unknown, unknown>;
    assert.deepEqual(v.get(kw('a')), [1, -2, 'x"y\n']);
    assert.deepEqual(v.get(kw('b')), [null, true, false]);
    assert.ok(v.get(kw('c')) instanceof EdnSet);
    assert.equal(v.get(kw('d')), 1.5);
  });
  it('reads plain strings and strings with escapes in any order (a later backslash belongs to a later string)', () => {
    assert.deepEqual(parseEdn('["a" "b\\"c" "d" "e\\\\" "f" "\\u0041"]'), ['a', 'b"c', 'd', 'e\\', 'f', 'A']);
  });
  it('treats commas as whitespace and skips comments', () => {
    assert.deepEqual(parseEdn('[1,,2 ; two\n 3]'), [1, 2, 3]);
  });
  it('round-trips values it writes', () => {
    const plain = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.string(),
        fc.array(tie('value'), { maxLength: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(plain, (v) => {
        assert.deepEqual(parseEdn(writeEdn(v)), v);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

describe('history import', () => {
  it('reads Jepsen log lines, keeping an info operation indeterminate with its invoked value', () => {
    const text = [
      'INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]',
      'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 1\t:ok\t:read\t2',
      'INFO  jepsen.util - 3\t:info\t:cas\t:timed-out',
    ].join('\n');
    assert.equal(detectHistoryFormat(text), 'jepsen-log');
    const ops = toOperations(ok(text));
    assert.equal(ops.length, 2);
    assert.deepEqual(ops[0]!.input, [1, 4]);
    assert.equal(ops[0]!.outcome, 'unknown');
    assert.equal(ops[0]!.error, 'timed-out');
    assert.equal(ops[1]!.output, 2);
    assert.equal(ops[1]!.outcome, 'ok');
  });

  it('reads one EDN map per line and a vector of maps alike, pairing completions with their process', () => {
    const lines = [
      '{:process 0, :type :invoke, :f :put, :key "k", :value "a", :time 1000}',
      '{:process 1, :type :invoke, :f :get, :key "k", :value nil, :time 2000}',
      '{:process 1, :type :ok, :f :get, :key "k", :value "a", :time 3000}',
      '{:process 0, :type :ok, :f :put, :key "k", :value "a", :time 4000}',
    ];
    const perLine = ok(lines.join('\n'));
    const vector = ok('[' + lines.join('\n') + ']');
    assert.deepEqual(vector, perLine);
    const ops = toOperations(perLine);
    assert.equal(ops[0]!.completeTime, 4);
    assert.equal(ops[1]!.output, 'a');
    assert.equal(ops[1]!.key, 'k');
  });

  it('skips nemesis events, which are not client operations', () => {
    const h = ok('{:process :nemesis, :type :info, :f :start, :value nil}\n{:process 0, :type :invoke, :f :read, :value nil}');
    assert.equal(h.length, 1);
  });

  it('names the line of an unreadable EDN map', () => {
    const r = importHistory('{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read :value [1 2}\n');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.line, 2);
      assert.match(r.error.text, /:value \[1 2\}/);
    }
  });

  it('reports absurdly deep nesting as an error instead of overflowing the stack', () => {
    const r = importHistory('{:process 0, :type :invoke, :f :read, :value nil}\n' + '['.repeat(100_000));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.line, 2);
  });

  it('names the line of a completion nobody invoked', () => {
    const r = importHistory('INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 4\t:ok\t:read\t1\n');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.line, 2);
  });

  it('names the line of a log line in the wrong shape', () => {
    const r = importHistory('INFO  jepsen.util - 0\t:invoke\t:read\tnil\nthis is not a log line\n');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.line, 2);
  });

  it('rejects a JSON event with an unknown type, naming its line', () => {
    const text = '[\n{"index":0,"process":"a","type":"invoke","f":"read","value":null,"time":0,"opId":0},\n{"index":1,"process":"a","type":"done","f":"read","value":1,"time":5,"opId":0}\n]';
    const r = importHistory(text);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.line, 3);
  });
});

describe('history export', () => {
  const history: History = [
    { index: 0, process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 2, time: 1000, opId: 0 },
    { index: 1, process: 'bob', type: 'invoke', f: 'cas', key: 'x', value: [2, 3], time: 1500, opId: 1 },
    { index: 2, process: 'alice', type: 'ok', f: 'write', key: 'x', value: 2, time: 3050000, opId: 0, node: 'n1' },
    { index: 3, process: 'bob', type: 'info', f: 'cas', key: 'x', value: [2, 3], time: 3200000, opId: 1, error: 'timeout' },
    { index: 4, process: 'carol', type: 'invoke', f: 'read', key: 'x', value: null, time: 3300000, opId: 2 },
    { index: 5, process: 'carol', type: 'fail', f: 'read', key: 'x', value: null, time: 3400000, opId: 2, error: 'not leader' },
  ];

  it('writes Jepsen EDN one map per line, with times in nanoseconds', () => {
    const edn = historyToEdn(history);
    const [header, ...lines] = edn.trim().split('\n');
    assert.match(header!, /^;; faultline history/, 'the first line says whose reading of :fail applies');
    assert.equal(lines.length, history.length);
    assert.match(lines[0]!, /^\{:process "alice", :type :invoke, :f :write, :key "x", :value 2, :time 1000000, :index 0\}$/);
  });

  it('reads back what it exports (EDN and JSON)', () => {
    assert.deepEqual(ok(historyToEdn(history)), history);
    assert.deepEqual(ok(historyToJson(history)), history);
  });

  it('round-trips random register histories through EDN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.integer({ min: 0, max: 3 }), v: fc.integer({ min: -5, max: 5 }), done: fc.boolean() }), { maxLength: 30 }),
        (steps) => {
          const open = new Map<number, number>();
          const h: History = [];
          let op = 0;
          for (const s of steps) {
            const id = open.get(s.p);
            if (id === undefined) {
              open.set(s.p, op);
              h.push({ index: h.length, process: s.p, type: 'invoke', f: 'write', value: s.v, time: h.length * 10, opId: op++ });
            } else {
              open.delete(s.p);
              h.push({ index: h.length, process: s.p, type: s.done ? 'ok' : 'info', f: 'write', value: s.v, time: h.length * 10, opId: id });
            }
          }
          // opIds are reassigned on import in invocation order, which is how they were made here.
          assert.deepEqual(ok(historyToEdn(h)), h);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
