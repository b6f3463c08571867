// The EDN import from bytes (core/history/edn-bytes.ts) reads plain ASCII operation maps from a
// small window over the file and hands the rest to the general reader at the first form it does
// not take. Whatever the text and wherever the window's edges fall, it must give exactly what
// importOperations gives for the decoded text: the same operations, format, reading of :fail and
// timedness, or the same error on the same line.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FAULTLINE_EDN_HEADER } from '../../../core/history/edn-history.ts';
import { HistoryBytes, importOperations, importOperationsFromBytes } from '../../../core/history/import.ts';

/** A file holding `text` as UTF-8, read at most `chunk` bytes at a time; counts text() calls. */
function fileOf(text: string, chunk = Infinity): HistoryBytes & { texts: number } {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return {
    texts: 0,
    read(into, offset, length) {
      const n = Math.min(length, chunk, bytes.length - at);
      into.set(bytes.subarray(at, at + n), offset);
      at += n;
      return n;
    },
    text() {
      this.texts++;
      return text;
    },
  };
}

const viaText = (text: string) => importOperations(text);
const viaBytes = (text: string, windowBytes?: number, chunk?: number) =>
  importOperationsFromBytes(fileOf(text, chunk), windowBytes === undefined ? {} : { windowBytes });

/** Blanks EDN allows between forms, CRLF included. */
const blank = fc.constantFrom(' ', ', ', ',', '\n', '\r\n', '  ', '\t', ' ; a comment\n', ' ; commenté\n', ',\r\n');

const keyword = fc.oneof(
  fc.constantFrom(':invoke', ':ok', ':fail', ':info', ':read', ':write', ':cas', ':nemesis', ':time-out', ':kdù', ':a-very-long-keyword', ':f', ':'),
  fc.stringMatching(/^:[a-z][a-z0-9?!*.-]{0,12}$/),
);

const scalar = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('-0', '-', '-x', '999999999999999', '1000000000000000', '9007199254740993', '1e999', '1.5', '3/4', '7N', '+5'),
  fc.constantFrom('nil', 'nilly', 'true', 'false', '"plain"', '"esc\\"aped\\n"', '"\\u00e9t\\u00e9"', '"zoë"', '"ü"', '"a\\\\b"', 'sym', '#inst "2024-01-01"', '#_ 5 6', '\\a'),
  keyword,
);

const value = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }).map((xs) => `[${xs.join(' ')}]`) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 2 }).map((xs) => `[1 [${xs.join(' ')} [nil -2]]]`) },
  { weight: 1, arbitrary: fc.tuple(keyword, scalar).map(([k, v]) => `{${k} ${v}}`) },
);

/** A well-formed pair of operations per process, so most histories import; odd values and blanks mixed in. */
const wellFormed = fc
  .tuple(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(':read', ':write', ':cas', ':add-elem'), value, blank, blank), { maxLength: 24 }),
    fc.constantFrom('lines', 'vector', 'list', 'header'),
  )
  .map(([steps, shape]) => {
    const open = new Set<number>();
    const body = steps
      .map(([p, f, v, b1, b2]) => {
        const type = open.has(p) ? ':ok' : ':invoke';
        if (open.has(p)) open.delete(p);
        else open.add(p);
        return `{:process ${p},${b1}:type ${type}, :f ${f}, :value ${v},${b2}:time ${p * 1000 + steps.length}}`;
      })
      .join('\n');
    return shape === 'vector' ? `[${body}]` : shape === 'list' ? `(${body})` : shape === 'header' ? `${FAULTLINE_EDN_HEADER}\n${body}\n` : body;
  });

/** Anything close to a history: maps with odd keys, stray forms, cut text. */
const ragged = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.tuple(fc.constantFrom(':process 0', ':process 1', ':process :nemesis', ':process "alice"', ''), fc.constantFrom(':type :invoke', ':type :ok', ':type :info', ':type "ok"', ''), fc.constantFrom(':f :write', ':f "w"', ''), value).map(([p, t, f, v]) => `{${p} ${t} ${f} :value ${v}}`) },
        { weight: 1, arbitrary: fc.constantFrom('{:process 0 :type}', '{', '}', ']', '[', '(', '5', '#_ {:x 1}', '{:process 0, :type :invoke, :f :read :value nil', '{"process" 0}', '{:process 0 :type :invoke :f :read :index 1 :value nil :time 99999999999999999}') },
      ),
      { maxLength: 10 },
    ),
    blank,
  )
  .map(([forms, b]) => forms.join(`${b}\n`));

describe('EDN import from bytes', () => {
  it('gives what importOperations gives for the decoded text, for random histories and windows', () => {
    let imported = 0;
    fc.assert(
      fc.property(fc.oneof(wellFormed, ragged), fc.constantFrom(16, 32, 61, 4096), fc.constantFrom(1, 7, Infinity), (text, windowBytes, chunk) => {
        const expected = viaText(text);
        assert.deepEqual(viaBytes(text, windowBytes, chunk), expected);
        if (expected.ok && expected.ops.length > 0) imported++;
      }),
      { numRuns: 2000, seed: 41 },
    );
    assert.ok(imported > 300, `only ${imported} of 2000 imported: the generator no longer exercises the byte reader`);
  });

  it('gives the same result for every cut of a tricky history, with the window edge at every place', () => {
    const text = [
      ';; a comment line, then a blank one',
      '',
      '{:process 0, :type :invoke, :f :write, :value -3, :time 1000}\r',
      '{:process 0,',
      '  :type :ok, :f :write,',
      '  :value -3, :time 2000}',
      '{:process 1, :type :invoke, :f :read-all, :value nil, :time 3000} ; trailing comment',
      '{:process 1, :type :ok, :f :read-all, :value [1 [2 [nil]] -4], :time 4000}',
      '{:process 2, :type :invoke, :f :write, :key "clé", :value "a \\"quoted\\" zoë\\n", :time 5000}',
      '{:process :nemesis, :type :info, :f :start-partition, :value nil}',
      '{:process 2, :type :fail, :f :write, :key "clé", :value "x", :time 6000, :error :time-out}',
      '',
    ].join('\n');
    for (let cut = 0; cut <= text.length; cut++) {
      const part = text.slice(0, cut);
      const expected = viaText(part);
      for (const windowBytes of [16, 23, 64]) assert.deepEqual(viaBytes(part, windowBytes, 5), expected, `cut at ${cut}, window ${windowBytes}: ${JSON.stringify(part)}`);
    }
  });

  it('reads a plain ASCII history from its bytes alone, never decoding the file to text', () => {
    const text = [
      '{:process 0, :type :invoke, :f :write, :value 1, :time 1000}',
      '{:process 0, :type :ok, :f :write, :value 1, :time 2000}',
      '{:process 1, :type :invoke, :f :read, :value nil, :time 3000}',
      '{:process 1, :type :ok, :f :read, :value 1, :time 4000}',
    ].join('\r\n');
    const file = fileOf(text, 10);
    const read = importOperationsFromBytes(file, { windowBytes: 80 });
    assert.deepEqual(read, viaText(text));
    assert.ok(read.ok && read.ops.length === 2 && read.ops[1]!.output === 1);
    assert.equal(file.texts, 0);
  });

  it('hands a history over to the general reader at its first non-ASCII string, keeping what it read before', () => {
    const text = [
      '{:process 0, :type :invoke, :f :write, :value 1, :time 1000}',
      '{:process 0, :type :ok, :f :write, :value 1, :time 2000}',
      '{:process 1, :type :invoke, :f :read, :key "é", :value nil, :time 3000}',
      '{:process 1, :type :ok, :f :read, :key "é", :value 1, :time 4000}',
    ].join('\n');
    const file = fileOf(text);
    const read = importOperationsFromBytes(file);
    assert.deepEqual(read, viaText(text));
    assert.ok(read.ok);
    assert.deepEqual(read.ops.map((op) => op.key), [undefined, 'é']);
    assert.equal(file.texts, 1);
  });

  it('reads strings without escapes from the bytes too (Porcupine\'s kv histories), and hands over at an escape', () => {
    const kv = [
      '{:process 9, :type :invoke, :f :append, :key "0", :value "x 9 0 y"}',
      '{:process 9, :type :ok, :f :append, :key "0", :value "x 9 0 y"}',
      '{:process 1, :type :invoke, :f :get, :key "0", :value nil}',
      '{:process 1, :type :ok, :f :get, :key "0", :value "x 9 0 y"}',
    ].join('\n');
    const plain = fileOf(kv);
    const read = importOperationsFromBytes(plain, { windowBytes: 100 });
    assert.deepEqual(read, viaText(kv));
    assert.ok(read.ok && read.ops[1]!.output === 'x 9 0 y' && read.ops[1]!.key === '0');
    assert.equal(plain.texts, 0);
    const escaped = kv.replace('"x 9 0 y"}\n{:process 1', '"x \\"9\\" y"}\n{:process 1');
    const handed = fileOf(escaped);
    assert.deepEqual(importOperationsFromBytes(handed), viaText(escaped));
    assert.equal(handed.texts, 1);
  });

  it('names the same line for an error after the bytes were read as ASCII (a number too large, nesting too deep, a bad map)', () => {
    const good = '{:process 0, :type :invoke, :f :write, :value 1, :time 1000}\n{:process 0, :type :ok, :f :write, :value 1, :time 2000}\n';
    for (const [bad, message] of [
      ['{:process 1, :type :invoke, :f :write, :value 9007199254740993}', /too large to hold exactly/],
      ['{:process 1, :type :invoke, :f :write, :value 1e999}', /out of range/],
      [`{:process 1, :type :invoke, :f :write, :value ${'['.repeat(300)}${']'.repeat(300)}}`, /nested more than 256/],
      ['{:process 1 :type}', /even number of forms/],
      ['{:process 1, :type :done, :f :write}', /:type must be/],
      ['{:process 1, :type :ok, :f :write, :value 1}', /never invoked/],
    ] as const) {
      const read = viaBytes(good + bad + '\n', 64);
      assert.deepEqual(read, viaText(good + bad + '\n'));
      assert.equal(read.ok, false);
      assert.equal(!read.ok && read.error.line, 3);
      assert.match(!read.ok ? read.error.message : '', message);
    }
  });

  it('leaves JSON, Jepsen log lines, a byte-order mark and a vector on its own line to the text reader, with the same result', () => {
    for (const text of [
      '[{"process": 0, "type": "invoke", "f": "read", "value": null, "time": 1, "index": 0, "opId": 0}]',
      'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\t1\n',
      ';;x jepsen.util - 0 :invoke :read nil\n{:process 0, :type :invoke, :f :read, :value nil}\n',
      '\ufeff{:process 0, :type :invoke, :f :read, :value nil}\n',
      '[\n{:process 0, :type :invoke, :f :read, :value nil}\n]\n',
      '{\n:process 0, :type :invoke, :f :read, :value nil}\n',
    ]) {
      const file = fileOf(text);
      assert.deepEqual(importOperationsFromBytes(file), viaText(text), JSON.stringify(text));
      assert.equal(file.texts, 1, JSON.stringify(text));
    }
  });

  it('reads a Faultline export (its header line) as Faultline reads failed operations', () => {
    const text = `${FAULTLINE_EDN_HEADER}\n{:process 0, :type :invoke, :f :cas, :value 1, :time 1000}\n{:process 0, :type :fail, :f :cas, :value 1, :time 2000}\n`;
    const read = viaBytes(text, 40);
    assert.deepEqual(read, viaText(text));
    assert.ok(read.ok && read.failReading === 'comparison');
  });

  it('stops with the deadline while reading bytes, naming the line it reached', () => {
    const line = (i: number) => `{:process 0, :type :${i % 2 === 0 ? 'invoke' : 'ok'}, :f :write, :value 1, :time ${i}}`;
    const text = Array.from({ length: 10_000 }, (_, i) => line(i)).join('\n');
    const file = fileOf(text);
    const read = importOperationsFromBytes(file, { expired: () => true });
    assert.equal(read.ok, false);
    assert.ok(!read.ok && read.timedOut === true);
    assert.equal(!read.ok && read.error.line, 4096);
  });
});
